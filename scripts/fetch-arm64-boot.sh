#!/usr/bin/env bash
# Fetches what an arm64 node boots through, from Debian 12's arm64 packages, on any host (amd64
# here), without installing anything or adding arm64 to dpkg's architectures, and caches it.
#
#   scripts/fetch-arm64-boot.sh [CACHE_DIR]     prints the folder on stdout
#
# The folder (CACHE_DIR/arm64-boot/VERSIONS, default CACHE_DIR /var/cache/bootnode-test) holds:
#   grubnetaa64.efi  GRUB's network image (grub-efi-arm64-bin): UEFI PXE starts it; it reads
#                    /grub/grub.cfg from the same TFTP server (its prefix is /grub)
#   Image            the kernel (linux-image-*-arm64, the package linux-image-arm64 points at):
#                    bookworm's arm64 vmlinuz is an uncompressed Image with the EFI stub, a
#                    UEFI program itself; a gzipped one (older kernels) is unpacked
#   busybox          busybox-static, for `bootnode image failsafe --busybox`
# apt runs with a private state (scripts/lib/apt-arm64.sh): dpkg's own state is not touched.
set -euo pipefail
source "$(dirname "$0")/lib/apt-arm64.sh"

cache=${1:-${BOOTNODE_CACHE:-/var/cache/bootnode-test}}
apt_arm64_init "$cache"

candidate() { apt_arm64_cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2; exit}' || true; }
kpkg=$(apt_arm64_cache depends linux-image-arm64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}' || true)
if [[ -z "$kpkg" || $(candidate grub-efi-arm64-bin) == "" || $(candidate grub-efi-arm64-bin) == "(none)" ]]; then
  apt_arm64_get update -qq >&2
  kpkg=$(apt_arm64_cache depends linux-image-arm64 | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
fi
kver=${kpkg#linux-image-}
versions="$kver grub-$(candidate grub-efi-arm64-bin) busybox-$(candidate busybox-static)"
dir=$cache/arm64-boot/${versions//[^A-Za-z0-9.+ -]/_}
dir=${dir// /_}
if [[ -f $dir/Image && -f $dir/grubnetaa64.efi && -f $dir/busybox ]]; then
  echo "$dir"
  exit 0
fi

mkdir -p "$cache/arm64-boot"
work=$(mktemp -d "$cache/arm64-boot/.fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "fetch-arm64-boot: downloading $kpkg grub-efi-arm64-bin busybox-static (arm64)" >&2
(cd "$work" && apt_arm64_get download -q "$kpkg:arm64" grub-efi-arm64-bin:arm64 busybox-static:arm64 >&2)
for deb in "$work"/*.deb; do
  dpkg -x "$deb" "$work/x"
done
mkdir -p "$work/out"
if gzip -t "$work/x/boot/vmlinuz-$kver" 2>/dev/null; then
  gzip -dc "$work/x/boot/vmlinuz-$kver" >"$work/out/Image"
else
  cp "$work/x/boot/vmlinuz-$kver" "$work/out/Image"
fi
# An arm64 Image with the EFI stub starts with "MZ" (the PE/COFF header the firmware reads).
if [[ $(head -c 2 "$work/out/Image") != MZ ]]; then
  echo "fetch-arm64-boot: $kpkg's kernel has no EFI stub (no MZ header)" >&2
  exit 1
fi
cp "$work/x/usr/lib/grub/arm64-efi/monolithic/grubnetaa64.efi" "$work/x/bin/busybox" "$work/out/"
rm -rf "$dir"
mv "$work/out" "$dir"
echo "$dir"
