#!/usr/bin/env bash
# Fetches Debian 12's arm64 Java runtime on any host (amd64 here), unpacked into a folder that
# qemu-user runs it from, and caches it. Nothing is installed; dpkg's state is not touched
# (scripts/lib/apt-arm64.sh).
#
#   scripts/fetch-jre-arm64.sh [CACHE_DIR]     prints the root folder on stdout
#
# The folder (CACHE_DIR/jre-arm64/VERSION, default CACHE_DIR /var/cache/bootnode-test) is a
# minimal arm64 root: openjdk-17-jre-headless and the libraries the java launcher and the JVM
# load (libc6, libgcc-s1, libstdc++6, zlib1g), each `apt-get download`ed and `dpkg -x`ed. Run:
#   qemu-aarch64-static -L ROOT ROOT/usr/lib/jvm/java-17-openjdk-arm64/bin/java -version
# (-L makes the root's /lib/ld-linux-aarch64.so.1 and /etc/java-17-openjdk the ones the
# program sees.) The JRE's other dependencies (fonts, sound, printing, NSS) serve AWT and
# crypto providers the server does not use.
set -euo pipefail
source "$(dirname "$0")/lib/apt-arm64.sh"

cache=${1:-${BOOTNODE_CACHE:-/var/cache/bootnode-test}}
apt_arm64_init "$cache"
pkgs=(openjdk-17-jre-headless libc6 libgcc-s1 libstdc++6 zlib1g)

version=$(apt_arm64_cache policy openjdk-17-jre-headless 2>/dev/null | awk '/Candidate:/ {print $2; exit}' || true)
if [[ -z "$version" || "$version" == "(none)" ]]; then
  apt_arm64_get update -qq >&2
  version=$(apt_arm64_cache policy openjdk-17-jre-headless | awk '/Candidate:/ {print $2; exit}')
fi
dir=$cache/jre-arm64/${version//[^A-Za-z0-9.+-]/_}
if [[ -x $dir/usr/lib/jvm/java-17-openjdk-arm64/bin/java ]]; then
  echo "$dir"
  exit 0
fi

mkdir -p "$cache/jre-arm64"
work=$(mktemp -d "$cache/jre-arm64/.fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "fetch-jre-arm64: downloading ${pkgs[*]} (arm64)" >&2
(cd "$work" && apt_arm64_get download -q "${pkgs[@]/%/:arm64}" >&2)
for deb in "$work"/*.deb; do
  dpkg -x "$deb" "$work/root"
done
rm -rf "$dir"
mv "$work/root" "$dir"
echo "$dir"
