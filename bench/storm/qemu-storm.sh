#!/usr/bin/env bash
# The qemu storm: NODES real (emulated) nodes on one bridge, powered on together, each booting
# the compute image from bootnode through its NIC's iPXE ROM (SeaBIOS, e1000, TCG). Prints per
# node the seconds from the common power-on to its first DHCP, to its initrd fetched and to the
# image's init up (its console's marker), then bootnode's own view (GET /api/nodes: state and
# address per node) and the server's CPU seconds and peak RSS.
#
#   bench/storm/qemu-storm.sh [--nodes N] [--limit SECS] [--keep]
#
# N defaults to 4 (each VM takes 512 MiB and a share of the cores: under TCG a boot is the
# guest's CPU work, so on 2 cores N nodes take about N times as long as one). Root, Debian 12,
# the packages of `scripts/install-deps.sh --bench` (qemu-system-x86, ipxe-qemu, busybox-static,
# radvd); builds the jar when missing; the kernel comes from scripts/fetch-kernel.sh (cached).
# Exit status 0 when every node booted.
set -euo pipefail
nodes=4
limit=600
keep=
while (($#)); do
  case $1 in
    --nodes) nodes=${2:?--nodes needs a value}; shift 2 ;;
    --limit) limit=${2:?--limit needs a value}; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "qemu-storm: unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ $nodes =~ ^[0-9]+$ ]] && ((nodes >= 1 && nodes <= 64)) || { echo "qemu-storm: --nodes: 1..64" >&2; exit 2; }
[[ $(id -u) -eq 0 ]] || { echo "qemu-storm: needs root (network namespaces, taps)" >&2; exit 1; }
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../../scripts/lib/bootlab.sh
source "$root/scripts/lib/bootlab.sh"
export PATH=$PATH:/usr/sbin
marker='bootnode-demo: compute system up'

jar=$root/bootnode-server/target/bootnode.jar
[[ -f $jar ]] || (cd "$root" && ./mvnw -q -B -ntp -pl bootnode-server -am package -DskipTests)
kdir=$("$root/scripts/fetch-kernel.sh")
lab_init qs
[[ -n $keep ]] && export LAB_KEEP=1
trap 'lab_cleanup; [[ -n $keep ]] && echo "qemu-storm: kept $LAB_DIR" >&2' EXIT
modules=()
while read -r ko; do modules+=(--module "$kdir/modules/e1000/$ko"); done <"$kdir/modules/e1000/ORDER"
"$root/scripts/make-demo-rootfs.sh" "$LAB_DIR/rootfs"
java -jar "$jar" image build --rootfs "$LAB_DIR/rootfs" --busybox /bin/busybox --output "$LAB_DIR/compute.img" "${modules[@]}" >/dev/null

lab_net
if command -v radvd >/dev/null; then lab_ra; fi   # else iPXE waits ~15 s for IPv6 on each node
mkdir -p "$LAB_DIR/tftp"
cp /usr/lib/ipxe/undionly.kpxe /usr/lib/ipxe/ipxe.efi "$LAB_DIR/tftp/"
mac() { printf 'fc:ab:14:e8:67:%02x' "$(($1 + 1))"; }
{
  cat <<EOF
# bench/storm/qemu-storm.sh: $nodes nodes on one bridge
server:
  address: $LAB_HEAD_IP
  interface: $LAB_BR
  data-dir: data
dhcp:
  subnet: 10.0.0.0/24
  router: $LAB_HEAD_IP
  lease-time: 1h
tftp:
  root: tftp
http:
  port: 8080
images:
  compute: { kernel: "$kdir/vmlinuz", initrd: "$LAB_DIR/compute.img", cmdline: "console=ttyS0 panic=-1" }
nodes:
EOF
  for ((i = 0; i < nodes; i++)); do
    printf '  node-%03d: { mac: "%s", ip: 10.0.0.%d, image: compute }\n' "$i" "$(mac "$i")" $((20 + i))
  done
} >"$LAB_DIR/bootnode.yaml"

lab_bg "$LAB_DIR/serve.log" env BOOTNODE_JAR="$jar" "$root/packaging/bootnode" serve --config "$LAB_DIR/bootnode.yaml"
server=$LAB_LAST_PID
lab_ready "$server" "$LAB_DIR/serve.log" 'bootnode: ready' 60
cpu() { awk '{ printf "%.2f", ($14 + $15) / 100 }' "/proc/$1/stat"; }
cpu_before=$(cpu "$server")

echo "machine: $(uname -r), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), nproc $(nproc), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "qemu storm: $nodes TCG nodes (SeaBIOS + e1000 iPXE ROM, 512 MiB each) powered on together, limit ${limit}s"
start=$(lab_now)
vms=()
for ((i = 0; i < nodes; i++)); do
  lab_vm "node-$(printf %03d "$i")" "$(mac "$i")" ipxe-rom "$LAB_DIR/serial-$i.log"
  vms+=("$LAB_LAST_PID")
done
watchers=()
for ((i = 0; i < nodes; i++)); do
  lab_timeline "$LAB_DIR/serial-$i.log" "$start" "$marker" "$limit" "${vms[$i]}" >"$LAB_DIR/times-$i" &
  watchers+=($!)
done
booted=0
for ((i = 0; i < nodes; i++)); do
  if wait "${watchers[$i]}"; then booted=$((booted + 1)); fi
done
wall=$(lab_calc "$(lab_now) - $start")

printf '%-9s %-17s %8s %8s %8s\n' node mac dhcp initrd booted
for ((i = 0; i < nodes; i++)); do
  read -r d r b <"$LAB_DIR/times-$i"
  printf 'node-%03d  %-17s %8s %8s %8s\n' "$i" "$(mac "$i")" "$d" "$r" "$b"
done
echo "booted $booted of $nodes, the last after ${wall}s (seconds from the common power-on)"
echo "bootnode: CPU $(lab_calc "$(cpu "$server") - $cpu_before") s during the storm, peak RSS $(awk '/VmHWM/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$server/status")"
echo "bootnode's view (GET /api/nodes): state and address per node"
ip netns exec "$LAB_NS" curl -sS -m 10 "http://127.0.0.1:9080/api/nodes" \
  | tr '{' '\n' | grep -oE '"name":"[^"]*"|"ip":"[^"]*"|"state":"[^"]*"' | paste -d' ' - - - | sed 's/^/  /' || true
((booted == nodes))
