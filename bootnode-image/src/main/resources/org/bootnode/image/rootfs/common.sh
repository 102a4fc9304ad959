# --- common to the bootnode images (busybox sh) ---
export PATH=/sbin:/bin:/usr/sbin:/usr/bin
umask 022
set -f

say() {
    echo "$PREFIX: $*"
}

warn() {
    echo "$PREFIX: warning: $*"
}

shell_forever() {
    # PID 1 must never exit: that would panic the kernel.
    while true; do
        if command -v cttyhack >/dev/null 2>&1; then
            setsid cttyhack sh
        else
            sh
        fi
        say "shell exited; starting another"
    done
}

rescue() {
    echo "$PREFIX: FAILED: $*"
    echo "$PREFIX: dropping to a shell"
    shell_forever
}

mount_basics() {
    mkdir -p /proc /sys /dev /tmp /run
    mount -t proc -o nosuid,nodev,noexec proc /proc || rescue "cannot mount /proc"
    mount -t sysfs -o nosuid,nodev,noexec sysfs /sys || rescue "cannot mount /sys"
    mount -t devtmpfs -o nosuid,mode=0755 devtmpfs /dev || rescue "cannot mount devtmpfs on /dev"
    say "mounted /proc, /sys and /dev"
}

read_cmdline() {
    BOOTED_URL=""
    IFACE=""
    BREAK=""
    bootnode_init=""
    kernel_init=""
    for arg in $(cat /proc/cmdline); do
        case "$arg" in
            bootnode.booted=*) BOOTED_URL="${arg#*=}" ;;
            bootnode.iface=*) IFACE="${arg#*=}" ;;
            bootnode.tmpfs=*) TMPFS_SIZE="${arg#*=}" ;;
            bootnode.init=*) bootnode_init="${arg#*=}" ;;
            init=*) kernel_init="${arg#*=}" ;;
            bootnode.break) BREAK=1 ;;
        esac
    done
    if [ -n "$bootnode_init" ]; then
        NEXT_INIT="$bootnode_init"
    elif [ -n "$kernel_init" ]; then
        NEXT_INIT="$kernel_init"
    fi
}

load_modules() {
    set +f
    for m in /lib/bootnode/modules/*.ko; do
        [ -e "$m" ] || continue
        name="${m##*/}"
        name="${name#[0-9][0-9][0-9]-}"
        if insmod "$m" 2>/dev/null; then
            say "loaded module ${name%.ko}"
        elif grep -q "^${name%.ko} " /proc/modules 2>/dev/null; then
            say "module ${name%.ko} already loaded"
        else
            warn "cannot load module ${name%.ko}"
        fi
    done
    set -f
}

first_ethernet() {
    set +f
    for d in /sys/class/net/*; do
        [ -e "$d/type" ] || continue
        # ARPHRD_ETHER is 1; loopback is 772.
        if [ "$(cat "$d/type")" = 1 ]; then
            echo "${d##*/}"
            set -f
            return 0
        fi
    done
    set -f
    return 1
}

report_booted() {
    [ -n "$BOOTED_URL" ] || return 0
    load_modules
    ip link set lo up 2>/dev/null
    iface="$IFACE"
    tries=0
    while [ -z "$iface" ] && [ "$tries" -lt 50 ]; do
        iface="$(first_ethernet)"
        [ -n "$iface" ] || sleep 0.2
        tries=$((tries + 1))
    done
    if [ -z "$iface" ]; then
        warn "no ethernet interface: boot not reported to $BOOTED_URL"
        return 0
    fi
    ip link set "$iface" up || { warn "cannot bring $iface up: boot not reported"; return 0; }
    say "network: asking DHCP for an address on $iface"
    if ! udhcpc -i "$iface" -s /usr/share/udhcpc/default.script -n -q -t 5 -T 2 >/dev/null 2>&1; then
        warn "no DHCP answer on $iface: boot not reported to $BOOTED_URL"
        return 0
    fi
    addr="$(ip -4 -o addr show dev "$iface" | awk '{print $4}' | head -n 1)"
    say "network: $iface has address $addr"
    # Not wget -T: Debian 12's busybox 1.35 wget segfaults with it; busybox timeout instead.
    if problem="$(timeout 15 wget -q -O /dev/null "$BOOTED_URL" 2>&1)"; then
        say "reported boot to $BOOTED_URL"
    else
        warn "cannot report boot to $BOOTED_URL: $(echo "$problem" | head -n 1)"
    fi
}

# The node's overlay (bootnode's docs/overlays.md): a second archive after the image, which the
# kernel unpacks over the first, holds the node's files under /overlay and its hooks under
# /overlay-init.d. apply_overlay ROOT copies the files into ROOT with the modes and owners the
# archive gave them: a folder is made only where ROOT has none (an existing /etc or /root keeps
# its own mode), but one listed in /overlay-folders (its overlay declared its owner or mode)
# takes the archive's mode and owner even where ROOT has it; a file replaces what is there, a
# link included (never written through it), and cp -p keeps its mode and owner.
# Then it runs each hook, in name order, with ROOT as $1 (a failing hook only warns). When the
# server could not build the overlay, the archive holds only /overlay-failed with the reason:
# apply_overlay prints it and fails, and nothing of the overlay lands.
apply_overlay() {
    root="$1"
    src="${OVERLAY_SRC:-/overlay}"
    hooks="${OVERLAY_HOOKS:-/overlay-init.d}"
    failed="${OVERLAY_FAILED:-/overlay-failed}"
    declared="${OVERLAY_FOLDERS:-/overlay-folders}"
    errors="${TMPDIR:-/tmp}/overlay.errors"
    if [ -f "$failed" ]; then
        echo "$PREFIX: overlay: FAILED: $(head -n 1 "$failed")"
        return 1
    fi
    [ -d "$src" ] || return 0
    ( cd "$src" && find . -mindepth 1 -type d ) | while IFS= read -r d; do
        if [ ! -d "$root/$d" ]; then
            mkdir -p "$root/$d" && chmod "$(stat -c %a "$src/$d")" "$root/$d" \
                && chown "$(stat -c %u:%g "$src/$d")" "$root/$d" || echo "failed: $d"
        fi
    done > "$errors"
    if [ -f "$declared" ]; then
        while IFS= read -r d; do
            [ -n "$d" ] || continue
            if [ -L "$root/$d" ] || [ ! -d "$root/$d" ] || [ ! -d "$src/$d" ]; then
                echo "failed: $d is not a folder"
            else
                # chown first: it may clear a set-id bit that chmod then sets.
                chown "$(stat -c %u:%g "$src/$d")" "$root/$d" && chmod "$(stat -c %a "$src/$d")" "$root/$d" \
                    || echo "failed: $d"
            fi
        done < "$declared" >> "$errors"
    fi
    ( cd "$src" && find . ! -type d ) | while IFS= read -r f; do
        rm -f "$root/$f" && cp -p "$src/$f" "$root/$f" || echo "failed: $f"
    done >> "$errors"
    if [ -s "$errors" ]; then
        head -n 5 "$errors"
        return 1
    fi
    say "overlay: copied $( cd "$src" && find . ! -type d | wc -l ) files into ${root:-/}"
    set +f
    for hook in "$hooks"/*; do
        [ -f "$hook" ] || continue
        say "overlay: running hook ${hook##*/}"
        sh "$hook" "$root" || warn "overlay hook ${hook##*/} failed (status $?)"
    done
    set -f
    return 0
}

# show_identity ROOT: sets the host name from ROOT/etc/hostname and prints the public lines of
# ROOT's SSH host keys, so that the console says who this node is (compare a fingerprint with
# ssh-keygen -lf before trusting the key the first time).
show_identity() {
    root="$1"
    if [ -s "$root/etc/hostname" ]; then
        hostname "$(head -n 1 "$root/etc/hostname")" && say "hostname $(hostname)"
    fi
    set +f
    for key in "$root"/etc/ssh/ssh_host_*_key.pub; do
        [ -f "$key" ] && say "ssh host key $(cat "$key")"
    done
    set -f
}
