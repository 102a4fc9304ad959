#!/usr/bin/env bash
# Boots one diskless qemu node from a stand-in boot service: dnsmasq (DHCP + TFTP) and
# busybox httpd (HTTP), serving the same kind of files bootnode serves. Proves the boot lab
# (namespace, bridge, taps, firmware, kernel, initrd) with everything but bootnode, and is
# the baseline of bench/boot/bench.sh.
#
#   bench/boot/standin-boot.sh PATH KERNEL INITRD MARKER [SECS] [CMDLINE]
#     PATH     ipxe-rom | uefi-pxe | uefi-http (see scripts/lib/bootlab.sh)
#     MARKER   extended regex on the serial console meaning "booted"
#
# Prints one line: "standin PATH dhcp T initrd T booted T", seconds from VM start to the
# first DHCP, the initrd fetched and the marker (see lab_timeline); or fails (exit 1) and
# prints the tail of the serial log.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../scripts/lib/bootlab.sh
source "$here/../../scripts/lib/bootlab.sh"

path=$1 kernel=$2 initrd=$3 marker=$4 limit=${5:-240}
cmdline=${6:-console=ttyS0 panic=-1}
mac=fc:ab:14:e8:66:01
port=8080

lab_init bs
trap lab_cleanup EXIT
trap 'exit 130' INT TERM
lab_net
[[ -n ${LAB_RA:-} ]] && lab_ra

www=$LAB_DIR/www tftp=$LAB_DIR/tftp
mkdir -p "$www" "$tftp"
cp /usr/lib/ipxe/undionly.kpxe /usr/lib/ipxe/ipxe.efi /usr/lib/ipxe/snponly.efi "$tftp/"
cp /usr/lib/ipxe/snponly.efi "$www/"
ln -s "$(readlink -f "$kernel")" "$www/vmlinuz"
ln -s "$(readlink -f "$initrd")" "$www/initrd.img"
# initrd= names the initrd for the 2019 iPXE on EFI (docs/protocol-notes.md, "iPXE").
echo ok >"$www/booted"
cat >"$www/boot.ipxe" <<EOF
#!ipxe
kernel http://$LAB_HEAD_IP:$port/vmlinuz initrd=initrd.img $cmdline
initrd --name initrd.img http://$LAB_HEAD_IP:$port/initrd.img
boot
EOF

cat >"$LAB_DIR/dnsmasq.conf" <<EOF
port=0
interface=$LAB_BR
bind-interfaces
no-ping
dhcp-leasefile=$LAB_DIR/leases
dhcp-range=10.0.0.100,10.0.0.199,255.255.255.0,1h
dhcp-host=fc:ab:14:e8:66:01,10.0.0.10
dhcp-host=fc:ab:14:e8:66:02,10.0.0.11
dhcp-match=set:ipxe,175
dhcp-match=set:efi64,option:client-arch,7
dhcp-match=set:efi64,option:client-arch,9
dhcp-vendorclass=set:httpc,HTTPClient
dhcp-option=tag:ipxe,encap:175,176,1b
dhcp-boot=tag:!ipxe,tag:!efi64,tag:!httpc,undionly.kpxe,,$LAB_HEAD_IP
dhcp-boot=tag:!ipxe,tag:efi64,snponly.efi,,$LAB_HEAD_IP
dhcp-option-force=tag:httpc,60,HTTPClient
dhcp-boot=tag:httpc,http://$LAB_HEAD_IP:$port/snponly.efi
dhcp-boot=tag:ipxe,http://$LAB_HEAD_IP:$port/boot.ipxe
enable-tftp=$LAB_BR
tftp-root=$tftp
log-dhcp
log-facility=-
EOF
lab_bg "$LAB_DIR/dnsmasq.log" dnsmasq -k -C "$LAB_DIR/dnsmasq.conf"
lab_ready "$LAB_LAST_PID" "$LAB_DIR/dnsmasq.log" 'TFTP root is' 10
lab_bg "$LAB_DIR/httpd.log" busybox httpd -f -vv -p "$LAB_HEAD_IP:$port" -h "$www"

log=$LAB_DIR/serial.log
start=$(lab_now)
lab_vm node-000 "$mac" "$path" "$log"
if times=$(lab_timeline "$log" "$start" "$marker" "$limit" "$LAB_LAST_PID"); then
  read -r t_dhcp t_initrd t_booted <<<"$times"
  echo "standin $path dhcp $t_dhcp initrd $t_initrd booted $t_booted"
  [[ -n ${STANDIN_SHOW:-} ]] && { cat "$log"; cat "$LAB_DIR/httpd.log"; } >&2
  exit 0
fi
echo "standin $path: no '$marker' within ${limit}s ($times); serial log tail:" >&2
tail -c 3000 "$log" >&2
echo "--- dnsmasq" >&2; tail -n 30 "$LAB_DIR/dnsmasq.log" >&2
echo "--- httpd" >&2; tail -n 10 "$LAB_DIR/httpd.log" >&2
echo "--- qemu" >&2; cat "$log.qemu" >&2
exit 1
