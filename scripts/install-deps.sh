#!/usr/bin/env bash
# Installs the Debian 12 packages that bootnode's tests (and its demo) use, when missing.
# Idempotent and quick when everything is there: it asks dpkg first and runs apt-get only
# for what is missing.
#
#   scripts/install-deps.sh          the packages the tests need
#   scripts/install-deps.sh --bench  those and the established tools bench/ compares against
set -euo pipefail

packages=(
  # network namespaces, veth, bridges, tc netem
  iproute2 iputils-ping
  # DHCP clients: busybox udhcpc, ISC dhclient, dhcpcd; Kea's perfdhcp (in kea-admin)
  busybox-static udhcpc isc-dhcp-client dhcpcd-base kea-admin
  # ISC dhcrelay: RelayIT relays racks in other subnets to the server through a router
  isc-dhcp-relay
  # tcpdump: TwoHeadNodesIT reads what two head nodes really ACKed from a capture
  tcpdump
  # dnsmasq: FirmwareIT serves iPXE as proxyDHCP beside it, the way many sites run
  dnsmasq-base
  # TFTP clients: tftp-hpa, atftp, curl (and busybox tftp above)
  tftp-hpa atftp curl
  # openssl: AccessIT makes the admin listener's test certificates and reads them back (s_client)
  openssl
  # nftables: random or counted packet loss in a test namespace (this kernel has no netem)
  nftables
  # image tools: GNU cpio, xz, gzip, zstd
  cpio xz-utils gzip zstd
  # ssh-keygen: the overlays' generated SSH host keys are checked by OpenSSH's own reader
  openssh-client
  # the boot tests: qemu (TCG), iPXE binaries and option ROMs, UEFI firmware
  qemu-system-x86 ipxe-qemu ipxe ovmf
  # bootnode-store-postgres: its tests start a private PostgreSQL server (initdb, pg_ctl)
  postgresql
  # the arm64 boot test (Arm64IT): qemu-system-aarch64 (TCG) and Debian's arm64 UEFI firmware;
  # its arm64 kernel comes from scripts/fetch-arm64-boot.sh, not from an installed package
  qemu-system-arm qemu-efi-aarch64
  # Arm64HeadIT: the jar's serve on Debian's arm64 JVM (scripts/fetch-jre-arm64.sh) under qemu-user
  qemu-user-static
  # router advertisements in the boot lab, so that iPXE does not wait 15 s for IPv6
  radvd
  # WebPageIT: the web page in headless Chromium, driven through chromedriver by Selenium
  chromium chromium-driver
)
if [[ "${1:-}" == "--bench" ]]; then
  # the established tools: Kea (DHCP; dnsmasq is above), tftpd-hpa (TFTP), nginx (HTTP), hyperfine;
  # GNU time (peak RSS in bench/config); gcc, which builds bench/overlay's client
  packages+=(kea-dhcp4-server tftpd-hpa nginx-light hyperfine time gcc libc6-dev)
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: missing Debian packages: ${missing[*]} (run as root to install them)" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
