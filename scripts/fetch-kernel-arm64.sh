#!/usr/bin/env bash
# Fetches Debian 12's stock arm64 kernel on any host (amd64 here) without installing it or
# adding arm64 to dpkg's architectures, and caches it.
#
#   scripts/fetch-kernel-arm64.sh [CACHE_DIR]     prints the kernel folder on stdout
#
# The folder (CACHE_DIR/kernel-arm64/VERSION, default CACHE_DIR /var/cache/bootnode-test) holds:
#   Image     the kernel as a PE/COFF image (the kernel's EFI stub) that arm64 UEFI firmware
#             starts as a network boot program, as it would start GRUB or iPXE
# Bookworm's arm64 vmlinuz is that Image as it is; were it gzipped (as older Debian kernels
# were), the firmware could not start it, so a gzipped one is unpacked.
#
# apt runs with a private state (scripts/lib/apt-arm64.sh): dpkg's own state is not touched.
set -euo pipefail
source "$(dirname "$0")/lib/apt-arm64.sh"

cache=${1:-${BOOTNODE_CACHE:-/var/cache/bootnode-test}}
apt_arm64_init "$cache"

kpkg=$(apt_arm64_cache depends linux-image-arm64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}' || true)
if [[ -z "$kpkg" ]]; then
  apt_arm64_get update -qq >&2
  kpkg=$(apt_arm64_cache depends linux-image-arm64 | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
fi
kver=${kpkg#linux-image-}
dir=$cache/kernel-arm64/$kver
if [[ -f $dir/Image ]]; then
  echo "$dir"
  exit 0
fi

mkdir -p "$cache/kernel-arm64"
work=$(mktemp -d "$cache/kernel-arm64/.fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "fetch-kernel-arm64: downloading $kpkg" >&2
(cd "$work" && apt_arm64_get download -q "$kpkg:arm64" >&2)
dpkg -x "$work"/"$kpkg"_*_arm64.deb "$work/x"
mkdir -p "$work/out"
if gzip -t "$work/x/boot/vmlinuz-$kver" 2>/dev/null; then
  gzip -dc "$work/x/boot/vmlinuz-$kver" >"$work/out/Image"
else
  cp "$work/x/boot/vmlinuz-$kver" "$work/out/Image"
fi
# An arm64 Image with the EFI stub starts with "MZ" (the PE/COFF header the firmware reads).
if [[ $(head -c 2 "$work/out/Image") != MZ ]]; then
  echo "fetch-kernel-arm64: $kpkg's kernel has no EFI stub (no MZ header)" >&2
  exit 1
fi
rm -rf "$dir"
mv "$work/out" "$dir"
echo "$dir"
