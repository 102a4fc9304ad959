#!/bin/sh
# bootnode compute image init: mount a tmpfs, unpack the root file system tarball into it and
# switch to the root file system's own init. Any failure drops to a shell, never a panic.
#
# Kernel command line parameters:
#   bootnode.tmpfs=SIZE     size of the tmpfs holding the root file system (tmpfs size= syntax:
#                           bytes, k, m, g or a percentage of RAM; default @DEFAULT_TMPFS@)
#   bootnode.init=PATH      the init to switch to (default @DEFAULT_INIT@); init=PATH also works
#   bootnode.booted=URL     after unpacking, load the carried NIC modules, bring up the first
#                           ethernet interface with DHCP and GET this URL (failures only warn)
#   bootnode.iface=NAME     the interface for bootnode.booted (default: the first ethernet one)
#   bootnode.break          stop in a shell just before switch_root
PREFIX="bootnode init"
TMPFS_SIZE="@DEFAULT_TMPFS@"
NEXT_INIT="@DEFAULT_INIT@"
TARBALL="@TARBALL@"
NEWROOT=/newroot

@COMMON@

say "starting (compute image)"
mount_basics
read_cmdline

case "$TMPFS_SIZE" in
    ''|*[!0-9kKmMgG%]*) rescue "bad bootnode.tmpfs=$TMPFS_SIZE (expected e.g. 4g, 512m or 75%)" ;;
esac
case "$NEXT_INIT" in
    /*) ;;
    *) rescue "bad init=$NEXT_INIT (expected an absolute path)" ;;
esac
[ -f "$TARBALL" ] || rescue "root file system tarball $TARBALL is missing from the image"

mkdir -p "$NEWROOT"
mount -t tmpfs -o "size=$TMPFS_SIZE,mode=0755" tmpfs "$NEWROOT" \
    || rescue "cannot mount a tmpfs of size $TMPFS_SIZE on $NEWROOT"
packed=$(( $(wc -c < "$TARBALL") / 1048576 ))
say "unpacking root file system ($packed MiB compressed) into a tmpfs of size $TMPFS_SIZE"
rm -f /tmp/tar.status
{ tar -x -J -v -f "$TARBALL" -C "$NEWROOT" --numeric-owner 2>/tmp/tar.errors
  echo "$?" > /tmp/tar.status; } \
    | awk '{ n++ } n % 10000 == 0 { printf "bootnode init: unpacked %d files\n", n } END { printf "bootnode init: unpacked %d files in all\n", n }'
status="$(cat /tmp/tar.status 2>/dev/null)"
if [ "$status" != 0 ]; then
    head -n 5 /tmp/tar.errors 2>/dev/null
    rescue "unpacking $TARBALL failed (tar status ${status:-unknown}; is bootnode.tmpfs=$TMPFS_SIZE too small?)"
fi
rm -f "$TARBALL"
used="$(df -m "$NEWROOT" | awk 'NR == 2 { print $3 }')"
say "unpacked root file system ($used MiB)"

# Before the init check: an overlay may bring the init.
apply_overlay "$NEWROOT" || rescue "this node's overlay could not be applied (the line above says why)"
show_identity "$NEWROOT"

if [ ! -L "$NEWROOT$NEXT_INIT" ] && [ ! -x "$NEWROOT$NEXT_INIT" ]; then
    rescue "$NEXT_INIT is not in the root file system (set bootnode.init=PATH)"
fi

report_booted

if [ -n "$BREAK" ]; then
    say "bootnode.break: shell before switch_root (exit to continue)"
    sh
fi

for m in dev proc sys; do
    mkdir -p "$NEWROOT/$m"
    mount --move "/$m" "$NEWROOT/$m" 2>/dev/null || umount -l "/$m" 2>/dev/null
done
say "switching root to $NEXT_INIT"
exec switch_root "$NEWROOT" "$NEXT_INIT"
# reached only when switch_root could not run
mount -t proc proc /proc 2>/dev/null
rescue "switch_root to $NEXT_INIT failed"
