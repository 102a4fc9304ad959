# shellcheck shell=bash
# A boot lab: a head-node network namespace whose bridge joins the taps of qemu VMs.
# Sourced by scripts/demo.sh and bench/boot/*.sh. Needs root (network namespaces).
#
#   lab_init PREFIX              names: namespace, bridge, taps (unique per process)
#   lab_net                      create the namespace, bridge (10.0.0.1/24) and loopback
#   lab_vm NAME MAC PATH LOG     start a diskless VM on the bridge; PATH is one of
#                                  ipxe-rom   SeaBIOS + the NIC's iPXE ROM (e1000)
#                                  uefi-pxe   OVMF's own PXE client (virtio-net, no ROM)
#                                  uefi-http  OVMF's HTTP boot (PXE turned off)
#   lab_wait LOG PATTERN SECS    poll LOG until an extended regex matches; 1 on timeout
#   lab_cleanup                  kill what was started (by pid), delete the namespace
#
# Everything the lab starts is recorded in LAB_PIDS and killed by lab_cleanup, which the
# caller runs from an EXIT trap. Nothing here touches the host's own network.

LAB_PIDS=()
LAB_TAPS=()
LAB_NS=
LAB_BR=
LAB_DIR=
LAB_HEAD_IP=10.0.0.1

lab_init() {
  local prefix=${1:-bn}
  local sfx
  sfx=$(printf '%x%04x' $$ $((RANDOM)) | tail -c 6)
  LAB_NS=${prefix}ns$sfx
  LAB_BR=${prefix}br$sfx
  LAB_SFX=$sfx
  LAB_PREFIX=$prefix
  LAB_DIR=$(mktemp -d "${TMPDIR:-/tmp}/bootlab.XXXXXX")
  # Servers that drop privileges (dnsmasq runs as nobody) must read their files here.
  chmod 755 "$LAB_DIR"
}

lab_net() {
  ip netns add "$LAB_NS"
  ip -n "$LAB_NS" link set lo up
  ip -n "$LAB_NS" link add "$LAB_BR" type bridge
  # No STP and no forwarding delay: the firmware's first DHCP must not be eaten by the
  # bridge's learning state.
  ip -n "$LAB_NS" link set "$LAB_BR" type bridge stp_state 0 forward_delay 0
  ip -n "$LAB_NS" addr add "$LAB_HEAD_IP/24" dev "$LAB_BR"
  ip -n "$LAB_NS" link set "$LAB_BR" up
}

# Answers the VMs' IPv6 router solicitations with radvd, router lifetime 0 (no route, no
# address), so that iPXE's "Configuring" step does not wait ~15 s for an IPv6 router
# (docs/server.md). radvd runs only with IPv6 forwarding on: set in the namespace alone.
lab_ra() {
  if [[ ! -d /proc/sys/net/ipv6 ]]; then
    echo "lab: this kernel has no IPv6; no radvd (iPXE waits its 15 s)" >&2
    return 0
  fi
  printf 'interface %s {\n  AdvSendAdvert on;\n  AdvDefaultLifetime 0;\n};\n' "$LAB_BR" >"$LAB_DIR/radvd.conf"
  ip netns exec "$LAB_NS" sysctl -q -w net.ipv6.conf.all.forwarding=1
  lab_bg "$LAB_DIR/radvd.log" radvd -n -m stderr -C "$LAB_DIR/radvd.conf" -p "$LAB_DIR/radvd.pid"
}

# Runs a command inside the head-node namespace in the background; records its pid.
lab_bg() { # LOG CMD...
  local log=$1; shift
  ip netns exec "$LAB_NS" "$@" >"$log" 2>&1 &
  LAB_PIDS+=($!)
  LAB_LAST_PID=$!
}

lab_vm() { # NAME MAC PATH LOG
  local name=$1 mac=$2 path=$3 log=$4
  local tap=${LAB_PREFIX}t${#LAB_TAPS[@]}$LAB_SFX
  ip -n "$LAB_NS" tuntap add dev "$tap" mode tap
  ip -n "$LAB_NS" link set "$tap" master "$LAB_BR"
  ip -n "$LAB_NS" link set "$tap" up
  LAB_TAPS+=("$tap")
  local args=(
    qemu-system-x86_64 -name "$name" -accel tcg -m 512 -smp 1
    -nodefaults -no-user-config -nographic -monitor none
    -serial "file:$log" -no-reboot
    -netdev "tap,id=n0,ifname=$tap,script=no,downscript=no"
  )
  case $path in
    ipxe-rom)
      # -nographic makes SeaBIOS (and the iPXE ROM through it) write to the serial port.
      args+=(-device "e1000,netdev=n0,mac=$mac,bootindex=0")
      ;;
    uefi-pxe|uefi-http)
      local vars=$LAB_DIR/$name.vars.fd
      cp /usr/share/OVMF/OVMF_VARS_4M.fd "$vars"
      args+=(
        -machine q35 -device "virtio-net-pci,netdev=n0,mac=$mac,romfile=,bootindex=0"
        -drive "if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd"
        -drive "if=pflash,format=raw,unit=1,file=$vars"
      )
      if [[ $path == uefi-http ]]; then
        args+=(-fw_cfg name=opt/org.tianocore/IPv4PXESupport,string=n
               -fw_cfg name=opt/org.tianocore/IPv6PXESupport,string=n)
      fi
      ;;
    *) echo "lab_vm: unknown firmware path $path" >&2; return 2 ;;
  esac
  : >"$log"
  ip netns exec "$LAB_NS" "${args[@]}" </dev/null >"$log.qemu" 2>&1 &
  LAB_PIDS+=($!)
  LAB_LAST_PID=$!
}

# Polls LOG for an extended regular expression until a deadline (no fixed sleeps as
# synchronisation: the poll interval only bounds the reaction time).
lab_wait() { # LOG PATTERN SECS [PID]  (gives up early when PID, e.g. the VM, has ended)
  local log=$1 pattern=$2 deadline=$((SECONDS + $3)) pid=${4:-}
  while ((SECONDS < deadline)); do
    if [[ -f $log ]] && grep -aqE "$pattern" "$log"; then
      return 0
    fi
    if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then
      grep -aqE "$pattern" "$log"
      return
    fi
    sleep 0.2
  done
  return 1
}

# Fails unless PID is still running shortly after its start (a server that could not
# bind exits at once): polls for up to SECS for the LOG to show READY_REGEX.
lab_ready() { # PID LOG READY_REGEX SECS
  local pid=$1 log=$2 ready=$3 deadline=$((SECONDS + $4))
  while ((SECONDS < deadline)); do
    kill -0 "$pid" 2>/dev/null || { echo "lab: process $pid ended:" >&2; tail -n 20 "$log" >&2; return 1; }
    grep -aqE "$ready" "$log" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "lab: process $pid not ready within $4 s:" >&2; tail -n 20 "$log" >&2
  return 1
}

# Watches a VM's serial log and prints when three things first appeared, in seconds since
# START (an epoch time from lab_now): the first DHCP (OVMF's ">>Start PXE/HTTP Boot over
# IPv4" or iPXE's "Configuring (net0"), the initrd fetched (iPXE's "...initrd... ok"), and
# MARKER. Polls every 100 ms, so each time is late by at most that. Prints
# "DHCP INITRD BOOTED" (a "-" for what never came) and returns 1 unless MARKER came.
lab_timeline() { # LOG START MARKER SECS [PID]
  local log=$1 start=$2 marker=$3 deadline=$((SECONDS + $4)) pid=${5:-}
  local t_dhcp=- t_initrd=- t_booted=- now
  while ((SECONDS < deadline)); do
    now=$(lab_now)
    if [[ $t_dhcp == - ]] && grep -aqE 'Configuring \(net0|>>Start (PXE|HTTP Boot) over IPv4' "$log"; then
      t_dhcp=$(lab_calc "$now - $start")
    fi
    if [[ $t_initrd == - ]] && grep -aqE 'initrd[^ ]*\.\.\. ok' "$log"; then
      t_initrd=$(lab_calc "$now - $start")
    fi
    if grep -aqE "$marker" "$log"; then
      t_booted=$(lab_calc "$now - $start")
      break
    fi
    if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then
      break
    fi
    sleep 0.1
  done
  printf '%s %s %s\n' "$(lab_fmt "$t_dhcp")" "$(lab_fmt "$t_initrd")" "$(lab_fmt "$t_booted")"
  [[ $t_booted != - ]]
}

lab_fmt() { if [[ $1 == - ]]; then echo -; else printf '%.2f' "$1"; fi; }

# Writes the demo's bootnode configuration (the format of examples/bootnode.yaml) into FOLDER/bootnode.yaml:
# node-000 boots the compute image, node-001 the failsafe image; FOLDER/tftp gets iPXE.
lab_bootnode_config() { # FOLDER KERNEL COMPUTE_IMG FAILSAFE_IMG
  local dir=$1 kernel=$2 compute=$3 failsafe=$4
  mkdir -p "$dir/tftp"
  cp /usr/lib/ipxe/undionly.kpxe /usr/lib/ipxe/ipxe.efi /usr/lib/ipxe/snponly.efi "$dir/tftp/"
  cat >"$dir/bootnode.yaml" <<EOF
# The demo's head node (scripts/lib/bootlab.sh)
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
  compute:  { kernel: "$kernel", initrd: "$compute",  cmdline: "console=ttyS0 panic=-1" }
  failsafe: { kernel: "$kernel", initrd: "$failsafe", cmdline: "console=ttyS0 panic=-1" }
nodes:
  node-000: { mac: "fc:ab:14:e8:66:01", ip: 10.0.0.10, image: compute }
  node-001: { mac: "fc:ab:14:e8:66:02", ip: 10.0.0.11, image: failsafe }
EOF
}

# Arithmetic on decimals (awk: bc is not on a fresh Debian).
lab_calc() { awk "BEGIN { printf \"%.3f\", $1 }"; }

# Seconds (with a fraction) since the epoch; for timings.
lab_now() { date +%s.%N; }

lab_cleanup() {
  local pid
  for pid in "${LAB_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${LAB_PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  LAB_PIDS=()
  if [[ -n $LAB_NS ]] && ip netns list | grep -qw "$LAB_NS"; then
    ip netns delete "$LAB_NS"
  fi
  if [[ -n $LAB_DIR && -d $LAB_DIR && -z ${LAB_KEEP:-} ]]; then
    rm -rf "$LAB_DIR"
  fi
}
