#!/usr/bin/env bash
# The README's first command: boot two diskless qemu nodes from bootnode.
#
#   scripts/demo.sh [--firmware ipxe-rom|uefi-pxe|uefi-http] [--limit SECS] [--keep]
#
# Run as root on a Debian 12 machine with Java 17. It installs what it needs
# (scripts/install-deps.sh), builds the jar, fetches Debian's kernel (scripts/fetch-kernel.sh,
# cached), builds the compute image (a busybox root file system, scripts/make-demo-rootfs.sh)
# and the failsafe image with `bootnode image`, writes a configuration, and starts
# `bootnode serve` in a network namespace whose bridge joins the VMs' tap devices. node-000
# (fc:ab:14:e8:66:01) boots the compute image, node-001 (fc:ab:14:e8:66:02) the failsafe
# image, under qemu with software emulation (TCG). While they boot it shows each node's
# timeline (`bootnode status`); it reports when each has booted, then cleans up the
# namespace, the VMs and the server, also when interrupted (Ctrl-C).
#
# Exit status: 0 when both nodes booted, 1 otherwise.
#   --firmware  ipxe-rom (default): SeaBIOS + the NIC's iPXE ROM; uefi-pxe: OVMF's PXE;
#               uefi-http: OVMF's HTTP boot
#   --limit     seconds to wait for both nodes (default 300)
#   --keep      keep the work folder (logs, config, images) and print its path
set -euo pipefail

firmware=ipxe-rom
limit=300
keep=
while (($#)); do
  case $1 in
    --firmware) firmware=${2:?--firmware needs a value}; shift 2 ;;
    --limit) limit=${2:?--limit needs a value}; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "demo: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
case $firmware in ipxe-rom|uefi-pxe|uefi-http) ;; *) echo "demo: unknown firmware $firmware" >&2; exit 2 ;; esac
if [[ $(id -u) -ne 0 ]]; then
  echo "demo: run as root (network namespaces, tap devices, apt-get)" >&2
  exit 1
fi

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib/bootlab.sh
source "$root/scripts/lib/bootlab.sh"
say() { printf '%s demo: %s\n' "$(date +%T)" "$*"; }

lab_init bd
[[ -n $keep ]] && LAB_KEEP=1
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n ${server_pid:-} ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
  fi
  lab_cleanup
  [[ -n $keep ]] && say "kept $LAB_DIR"
  say "cleaned up (namespace $LAB_NS, VMs, server)"
  exit "$rc"
}
trap cleanup EXIT
trap 'echo; say "interrupted"; exit 1' INT TERM

say "installing what is missing (scripts/install-deps.sh)"
"$root/scripts/install-deps.sh"
command -v java >/dev/null || { echo "demo: Java 17 or later is needed (apt-get install openjdk-17-jre-headless)" >&2; exit 1; }

say "building the jar"
(cd "$root" && ./mvnw -q -B -ntp package -DskipTests)
jar=$root/bootnode-server/target/bootnode.jar
bootnode() { java -jar "$jar" "$@"; }

say "fetching Debian's kernel (cached)"
kdir=$("$root/scripts/fetch-kernel.sh")
work=$LAB_DIR
modules=()
for nic in e1000 virtio-net; do
  while read -r ko; do modules+=(--module "$kdir/modules/$nic/$ko"); done <"$kdir/modules/$nic/ORDER"
done

say "building the compute image (busybox root file system) and the failsafe image"
"$root/scripts/make-demo-rootfs.sh" "$work/rootfs"
mkdir -p "$work/images"
bootnode image build --rootfs "$work/rootfs" --busybox /bin/busybox --output "$work/images/compute.img" "${modules[@]}"
bootnode image failsafe --busybox /bin/busybox --output "$work/images/failsafe.img" "${modules[@]}"
cp "$kdir/vmlinuz" "$work/images/vmlinuz"

say "network namespace $LAB_NS, bridge $LAB_BR at $LAB_HEAD_IP/24"
lab_net
say "radvd on $LAB_BR: answers iPXE's IPv6 router solicitation (else iPXE waits 15 s; docs/server.md)"
lab_ra
lab_bootnode_config "$work" "$work/images/vmlinuz" "$work/images/compute.img" "$work/images/failsafe.img"
bootnode config check --config "$work/bootnode.yaml"

say "starting bootnode serve in $LAB_NS"
lab_bg "$work/serve.log" java -jar "$jar" serve --config "$work/bootnode.yaml"
server_pid=$LAB_LAST_PID
lab_ready "$server_pid" "$work/serve.log" 'bootnode: ready' 60

say "booting node-000 (compute) and node-001 (failsafe) with qemu ($firmware, TCG)"
declare -A marker=(
  [node-000]='bootnode-demo: compute system up'
  [node-001]='bootnode failsafe: starting shell'
)
declare -A mac=([node-000]=fc:ab:14:e8:66:01 [node-001]=fc:ab:14:e8:66:02)
declare -A watcher=() result=()
for n in node-000 node-001; do
  start=$(lab_now)
  lab_vm "$n" "${mac[$n]}" "$firmware" "$work/$n.serial.log"
  # A watcher per node notes when its console first shows DHCP, the initrd and its marker.
  lab_timeline "$work/$n.serial.log" "$start" "${marker[$n]}" "$limit" "$LAB_LAST_PID" >"$work/$n.times" &
  watcher[$n]=$!
  LAB_PIDS+=($!)
done

status() {
  # The admin listener: loopback (127.0.0.1:9080) in the head node's namespace.
  ip netns exec "$LAB_NS" java -jar "$jar" status 2>&1 || true
}
last_status=0
while ((${#result[@]} < 2)); do
  for n in node-000 node-001; do
    [[ -n ${result[$n]:-} ]] && continue
    kill -0 "${watcher[$n]}" 2>/dev/null && continue
    wait "${watcher[$n]}" 2>/dev/null || true
    read -r t_dhcp t_initrd t_booted <"$work/$n.times" || true
    if [[ ${t_booted:--} != - ]]; then
      result[$n]="booted in $t_booted s from VM start (first DHCP at $t_dhcp s, initrd fetched at $t_initrd s; $firmware)"
      say "$n: ${result[$n]}: $(grep -a -m1 -o "${marker[$n]}.*" "$work/$n.serial.log" | tr -d '\r')"
    else
      result[$n]=failed
      say "$n: NOT booted within ${limit} s (or its VM ended)"
    fi
  done
  if ((${#result[@]} < 2 && SECONDS - last_status >= 10)); then
    last_status=$SECONDS
    echo "---- bootnode status ($(date +%T))"
    status
  fi
  sleep 0.5 # the poll interval of the watchers
done
echo "---- bootnode status (final)"
status

rc=0
for n in node-000 node-001; do
  if [[ ${result[$n]} != failed ]]; then
    say "$n: ${result[$n]}"
  else
    rc=1
    say "$n: NOT booted; last lines of its console:"
    tail -n 25 "$work/$n.serial.log" | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' | tr -d '\r'
  fi
done
if ((rc)); then
  echo "---- bootnode serve log (last lines)"
  tail -n 30 "$work/serve.log"
fi
exit "$rc"
