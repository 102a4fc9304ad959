#!/usr/bin/env bash
# Boot time of one qemu node from bootnode against the same node booted from dnsmasq (DHCP +
# TFTP) plus busybox httpd (HTTP) serving the same files, in the same run, one after the
# other (never at once: they would share the 2 CPUs). Prints each boot's times and the ratio
# bootnode / stand-in of the medians of
#   DHCP to initrd fetched   (the part the boot service does: DHCP, TFTP, script, HTTP)
#   VM start to booted       (the compute root file system's own init has started)
# A ratio under 1 means bootnode is faster. Under TCG, most of a boot is the guest's CPU
# work, which neither server changes: read the first ratio for the servers themselves.
#
#   bench/boot/bench.sh [--firmware ipxe-rom|uefi-pxe|uefi-http] [--rounds N] [--no-ra]
#
# Both sides get radvd on the lab bridge (router lifetime 0): without an answer to its router
# solicitation iPXE waits ~15 s for IPv6 before it uses its DHCP answer, with either server,
# and that wait would be most of "DHCP to initrd fetched" (docs/server.md). --no-ra leaves it
# out.
#
# Root, Debian 12, the packages of `scripts/install-deps.sh --bench` (radvd and dnsmasq-base
# among them); builds the jar when missing and the images with it.
set -euo pipefail
firmware=ipxe-rom
rounds=3
ra=1
limit=240
while (($#)); do
  case $1 in
    --firmware) firmware=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --no-ra) ra= ; shift ;;
    *) echo "bench: unknown argument $1" >&2; exit 2 ;;
  esac
done
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../../scripts/lib/bootlab.sh
source "$root/scripts/lib/bootlab.sh"
marker='bootnode-demo: compute system up'
command -v dnsmasq >/dev/null || { echo "bench: needs dnsmasq (apt-get install dnsmasq-base)" >&2; exit 1; }
[[ -z $ra ]] || command -v radvd >/dev/null || PATH=$PATH:/usr/sbin command -v radvd >/dev/null \
  || { echo "bench: needs radvd (apt-get install radvd), or --no-ra" >&2; exit 1; }
export PATH=$PATH:/usr/sbin LAB_RA=$ra

jar=$root/bootnode-server/target/bootnode.jar
[[ -f $jar ]] || (cd "$root" && ./mvnw -q -B -ntp package -DskipTests)
kdir=$("$root/scripts/fetch-kernel.sh")
assets=$(mktemp -d /tmp/bootbench.XXXXXX)
chmod 755 "$assets"
trap 'rm -rf "$assets"' EXIT
modules=()
for nic in e1000 virtio-net; do
  while read -r ko; do modules+=(--module "$kdir/modules/$nic/$ko"); done <"$kdir/modules/$nic/ORDER"
done
"$root/scripts/make-demo-rootfs.sh" "$assets/rootfs"
java -jar "$jar" image build --rootfs "$assets/rootfs" --busybox /bin/busybox --output "$assets/compute.img" "${modules[@]}" >/dev/null
java -jar "$jar" image failsafe --busybox /bin/busybox --output "$assets/failsafe.img" "${modules[@]}" >/dev/null

# One boot of node-000 from bootnode serve; prints "DHCP INITRD BOOTED" seconds.
bootnode_boot() (
  lab_init bb
  trap lab_cleanup EXIT
  lab_net
  [[ -n $LAB_RA ]] && lab_ra
  lab_bootnode_config "$LAB_DIR" "$kdir/vmlinuz" "$assets/compute.img" "$assets/failsafe.img"
  lab_bg "$LAB_DIR/serve.log" java -jar "$jar" serve --config "$LAB_DIR/bootnode.yaml"
  lab_ready "$LAB_LAST_PID" "$LAB_DIR/serve.log" 'bootnode: ready' 60 >&2
  local start
  start=$(lab_now)
  lab_vm node-000 fc:ab:14:e8:66:01 "$firmware" "$LAB_DIR/serial.log"
  lab_timeline "$LAB_DIR/serial.log" "$start" "$marker" "$limit" "$LAB_LAST_PID"
)

standin_boot() {
  # The same kernel command line as bootnode's script, so the guest does the same work.
  "$root/bench/boot/standin-boot.sh" "$firmware" "$kdir/vmlinuz" "$assets/compute.img" "$marker" "$limit" \
    "console=ttyS0 panic=-1 bootnode.booted=http://10.0.0.1:8080/nodes/fc:ab:14:e8:66:01/booted" \
    | awk '{print $4, $6, $8}'
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else if (NR % 2) print a[(NR+1)/2]; else printf "%.2f\n", (a[NR/2]+a[NR/2+1])/2}'; }

declare -a bn_serve bn_boot sa_serve sa_boot
printf '%-9s %-5s %8s %8s %8s\n' server round dhcp initrd booted
for ((r = 1; r <= rounds; r++)); do
  for who in bootnode standin; do
    if [[ $who == bootnode ]]; then t=$(bootnode_boot) || true; else t=$(standin_boot) || true; fi
    read -r d i b <<<"${t:-- - -}"
    printf '%-9s %-5s %8s %8s %8s\n' "$who" "$r" "$d" "$i" "$b"
    if [[ $d != - && $i != - && $b != - ]]; then
      s=$(lab_calc "$i - $d")
      if [[ $who == bootnode ]]; then bn_serve+=("$s"); bn_boot+=("$b"); else sa_serve+=("$s"); sa_boot+=("$b"); fi
    fi
  done
done
if ((${#bn_boot[@]} == 0 || ${#sa_boot[@]} == 0)); then
  echo "bench: a side never booted; no ratio" >&2
  exit 1
fi
bs=$(printf '%s\n' "${bn_serve[@]}" | median); ss=$(printf '%s\n' "${sa_serve[@]}" | median)
bb=$(printf '%s\n' "${bn_boot[@]}" | median); sb=$(printf '%s\n' "${sa_boot[@]}" | median)
echo
printf 'firmware %s, router advertisements %s, medians of %d rounds (seconds):\n' "$firmware" "$([[ -n $ra ]] && echo on || echo off)" "$rounds"
printf '  DHCP to initrd fetched: bootnode %.2f  dnsmasq+httpd %.2f  ratio %.2f\n' "$bs" "$ss" "$(lab_calc "$bs / $ss")"
printf '  VM start to booted:     bootnode %.2f  dnsmasq+httpd %.2f  ratio %.2f\n' "$bb" "$sb" "$(lab_calc "$bb / $sb")"
