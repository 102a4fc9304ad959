#!/usr/bin/env bash
# Makes the demo's compute root file system: busybox-static and a busybox init whose first
# act prints a clear marker on the console, so that a test or the demo can tell that the
# compute image's init unpacked this tree into RAM and started this system's own init.
#
#   scripts/make-demo-rootfs.sh DIR        DIR must not exist or be empty
#
# The marker line is:  bootnode-demo: compute system up (init pid 1, root <fstype>)
set -euo pipefail
dir=$1
busybox=${BUSYBOX:-/bin/busybox}
if [[ -e $dir && -n $(ls -A "$dir") ]]; then
  echo "make-demo-rootfs: $dir is not empty" >&2
  exit 1
fi
mkdir -p "$dir"/{bin,sbin,etc/init.d,proc,sys,dev,tmp,root,run}
chmod 1777 "$dir/tmp"
cp "$busybox" "$dir/bin/busybox"
for a in $("$busybox" --list); do
  [[ $a == busybox ]] || ln -sf busybox "$dir/bin/$a"
done
ln -sf ../bin/busybox "$dir/sbin/init"
cat >"$dir/etc/inittab" <<'T'
::sysinit:/etc/init.d/rcS
ttyS0::respawn:/bin/sh
::ctrlaltdel:/bin/reboot
::shutdown:/bin/umount -a -r
T
cat >"$dir/etc/init.d/rcS" <<'T'
#!/bin/sh
# The initramfs may or may not have moved its /dev, /proc and /sys over: mount what is missing.
[ -e /proc/mounts ] || mount -t proc proc /proc
[ -d /sys/class ] || mount -t sysfs sys /sys
[ -c /dev/console ] || mount -t devtmpfs dev /dev
root=$(awk '$2 == "/" {t=$3} END {print t}' /proc/mounts)
echo "bootnode-demo: compute system up (init pid 1, root $root)"
T
chmod 755 "$dir/etc/init.d/rcS"
echo 'root:x:0:0:root:/root:/bin/sh' >"$dir/etc/passwd"
echo 'root:x:0:' >"$dir/etc/group"
echo compute >"$dir/etc/hostname"
