#!/usr/bin/env bash
# Fetches Debian 12's stock amd64 kernel without installing it, and caches it.
#
#   scripts/fetch-kernel.sh [CACHE_DIR]      prints the kernel folder on stdout
#
# The folder (CACHE_DIR/kernel/VERSION, default CACHE_DIR /var/cache/bootnode-test) holds:
#   vmlinuz                 the kernel
#   modules/virtio-net/     the .ko files virtio-net needs, one per line in load order in ORDER
#   modules/e1000/          the same for the e1000 NIC
# `apt-get download` of the package linux-image-amd64 depends on, unpacked with `dpkg -x`.
# Debian builds these NIC drivers as modules (uncompressed .ko, CONFIG_MODULE_COMPRESS_NONE);
# the load order below comes from each module's `depends=` modinfo field.
set -euo pipefail

cache=${1:-${BOOTNODE_CACHE:-/var/cache/bootnode-test}}

# The package the meta-package points at, e.g. linux-image-6.1.0-56-amd64.
kpkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}' || true)
if [[ -z "$kpkg" ]]; then
  apt-get update -qq >&2
  kpkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
fi
kver=${kpkg#linux-image-}
dir=$cache/kernel/$kver
if [[ -f $dir/vmlinuz && -f $dir/modules/virtio-net/ORDER && -f $dir/modules/e1000/ORDER ]]; then
  echo "$dir"
  exit 0
fi

mkdir -p "$cache/kernel"
work=$(mktemp -d "$cache/kernel/.fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "fetch-kernel: downloading $kpkg" >&2
# apt's sandbox user cannot write to a root-owned mktemp folder; download as root quietly.
(cd "$work" && apt-get download -q -o APT::Sandbox::User=root "$kpkg" >&2)
dpkg -x "$work"/"$kpkg"_*.deb "$work/x"
mods=$work/x/lib/modules/$kver/kernel

mkdir -p "$work/out/modules/virtio-net" "$work/out/modules/e1000"
cp "$work/x/boot/vmlinuz-$kver" "$work/out/vmlinuz"
copy_in_order() { # NIC, then module paths relative to kernel/ in load order
  local nic=$1; shift
  for m in "$@"; do
    cp "$mods/$m" "$work/out/modules/$nic/"
    basename "$m" >>"$work/out/modules/$nic/ORDER"
  done
}
copy_in_order virtio-net \
  drivers/virtio/virtio_ring.ko drivers/virtio/virtio.ko \
  drivers/virtio/virtio_pci_modern_dev.ko drivers/virtio/virtio_pci_legacy_dev.ko \
  drivers/virtio/virtio_pci.ko net/core/failover.ko drivers/net/net_failover.ko \
  drivers/net/virtio_net.ko
copy_in_order e1000 drivers/net/ethernet/intel/e1000/e1000.ko

rm -rf "$dir"
mv "$work/out" "$dir"
echo "$dir"
