#!/usr/bin/env bash
# Hand-makes a tiny initramfs (GNU cpio + busybox-static) that loads the NIC modules,
# prints "BOOTNODE-MINI booted" on the console, reports to bootnode.booted=URL when the
# kernel command line has one, and powers off. A stand-in for bootnode's own images, to
# prove the kernel side of the boot lab on its own.
#
#   bench/boot/mini-initrd.sh KERNEL_DIR NIC OUTPUT      NIC: virtio-net or e1000
set -euo pipefail
kdir=$1 nic=$2 out=$3
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,proc,sys,dev,modules,etc/udhcpc,tmp}
cp /bin/busybox "$root/bin/busybox"
for a in sh ifconfig mount insmod ip udhcpc wget sed cat poweroff echo sleep; do ln -s busybox "$root/bin/$a"; done
cp "$kdir/modules/$nic/"* "$root/modules/"
cat >"$root/etc/udhcpc/default.script" <<'S'
#!/bin/sh
case $1 in
  bound|renew) echo "udhcpc: ip=$ip mask=$mask subnet=$subnet"; ifconfig "$interface" "$ip" netmask "${subnet:-255.255.255.0}" ;;
esac
S
chmod +x "$root/etc/udhcpc/default.script"
cat >"$root/init" <<'S'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in $(cat /modules/ORDER); do insmod /modules/$m; done
echo "BOOTNODE-MINI booted"
url=$(sed -n 's/.*bootnode\.booted=\([^ ]*\).*/\1/p' /proc/cmdline)
if [ -n "$url" ]; then
  ip link set eth0 up
  udhcpc -i eth0 -n -q -t 5 && wget -q -O /dev/null "$url" && echo "BOOTNODE-MINI reported"
fi
poweroff -f
S
chmod +x "$root/init"
(cd "$root" && find . | sort | cpio -o -H newc --quiet --owner=0:0) | gzip -1 >"$out"
