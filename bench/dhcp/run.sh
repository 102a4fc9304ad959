#!/usr/bin/env bash
# DHCP benchmark: DORA exchanges per second at no drops, measured with Kea's perfdhcp acting as a
# relay from a second network namespace, against bootnode-dhcp (lease journal, fsync before ACK),
# Kea (kea-dhcp4, memfile) and dnsmasq, on the same machine in the same run. Prints the ratios.
#
#   bench/dhcp/run.sh [SECONDS-PER-STEP] [RATES...]
#
# Needs root, perfdhcp (kea-admin), kea-dhcp4 (kea-dhcp4-server), dnsmasq (dnsmasq-base), java.
# Each server gets the same /16 with a pool of ~16k addresses; perfdhcp simulates 10000 clients.
# For each server the rate is raised step by step; the result is the highest rate whose step had
# no drops (perfdhcp's own count, after waiting 1 s for late replies), taken as the exchanges
# completed per second in that step (perfdhcp, when its core is saturated, sends fewer than
# asked). Each step also prints the server's CPU time (user+sys from /proc/PID/stat) per ACK, which depends far less on the
# machine's other load than the rate does, and the UDP receive buffer overflows in the server's
# namespace (RcvbufErrors): drops the server never saw.
#
# Environment:
#   BENCH_SERVERS="bootnode kea dnsmasq"   which servers, in this order; "bootnode-before" runs
#                                          ServerMain from BOOTNODE_BEFORE (another checkout whose
#                                          bootnode-dhcp test classes are built), to compare a
#                                          change with its base in the same run
#   BENCH_ALL_RATES=1                      go on after a step with drops (CPU per ACK at every rate)
#   BENCH_JAVA_OPTS, BENCH_VERBOSE         JVM options for bootnode; perfdhcp's own summary
#   BENCH_THREADS=1                        after each server, its threads' CPU time (top 8)
#   BENCH_WARMUP="2000 15 6000 15"         warm-up: pairs of rate and seconds, before the steps
#   BENCH_SYSCALLS=1                       the server's system calls per ACK in each step (perf stat)
#   BENCH_PERFDHCP_OPTS="-g single"        perfdhcp options (every step and the warm-up); default
#                                          "-g single" when pinned, none otherwise
#   BENCH_PERF=DIR                         perf record -g of the server in each step, DIR/SERVER-RATE.data
#                                          (run bootnode with BENCH_JAVA_OPTS="-XX:+PreserveFramePointer
#                                          -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit")
#   BENCH_SERVER_CPU=50                    cap every server at this percentage of one core (cgroup)
#   BENCH_PIN="0 1"                        CPUs for perfdhcp and for the server under test (taskset):
#                                          perfdhcp alone on one core, every server alike on the
#                                          other; BENCH_PIN=0 lets the scheduler place both
#   SUBNETS=64                             also serve N relayed subnets (2..64, a /18 each in
#                                          10.64.0.0/12, pools of ~16k): each server in
#                                          BENCH_SERVERS (default then "bootnode kea") runs twice,
#                                          as SERVER (the one /16) and SERVER@N, and the ratios
#                                          SERVER@N / SERVER and bootnode@N / kea@N are printed.
#                                          perfdhcp spreads its exchanges over the N relay addresses
#                                          (-J: a random one per exchange); see README.md
#   BENCH_RELAY=10.79.192.1                with SUBNETS: perfdhcp sends every exchange from this one
#                                          relay address instead (bound to it: no roaming, no NAT)
set -euo pipefail
cd "$(dirname "$0")/../.."
STEP=${1:-5}
shift || true
RATES=${*:-"250 500 1000 2000 3000 4000 5000 6000 7000 8000 9000 10000 12000"}
SUBNETS=${SUBNETS:-1}
case $SUBNETS in
  1) ;;
  [2-9]|[1-5][0-9]|6[0-4]) command -v nft >/dev/null || { echo "missing: nft (SUBNETS needs it)" >&2; exit 1; } ;;
  *) echo "SUBNETS=$SUBNETS (expected: 1..64)" >&2; exit 1 ;;
esac
for tool in perfdhcp kea-dhcp4 dnsmasq java ip; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "run as root (network namespaces)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/bench-dhcp.XXXXXX)
S=bds$$; C=bdc$$; VS=bvs$$; VC=bvc$$
NET=10.213; SRV=$NET.0.1; CLI=$NET.0.2
POOL_FIRST=$NET.1.0; POOL_LAST=$NET.64.255
SERVER_PID=
# perfdhcp's one socket stands in for 10000 clients: with the kernel's default 208 KiB receive
# buffer it overflowed on bursts of replies (its own count of drops equalled the client
# namespace's buffer overflows) before any server was at its limit. During the run every new
# socket, the servers' and perfdhcp's alike, gets 4 MiB (net.core.rmem_default is not settable
# per namespace here); BENCH_RMEM=0 keeps the machine's default. Restored on exit.
RMEM_SAVED=$(sysctl -n net.core.rmem_default)
RMEM_MAX_SAVED=$(sysctl -n net.core.rmem_max)
if [ "${BENCH_RMEM:-4194304}" != 0 ]; then
  sysctl -qw net.core.rmem_max="$(( $(sysctl -n net.core.rmem_max) > ${BENCH_RMEM:-4194304} ? $(sysctl -n net.core.rmem_max) : ${BENCH_RMEM:-4194304} ))"
  sysctl -qw net.core.rmem_default="${BENCH_RMEM:-4194304}"
fi
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  [ -n "$CG" ] && rmdir "$CG" 2>/dev/null || true
  sysctl -qw net.core.rmem_default="$RMEM_SAVED" net.core.rmem_max="$RMEM_MAX_SAVED" || true
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  ip netns del $S 2>/dev/null || true
  ip netns del $C 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
# BENCH_SERVER_CPU=PERCENT: every server gets the same share of one core (CFS quota, cgroup v1 cpu
# controller, 10 ms period), so that the server, not perfdhcp, is what runs out: the exchanges per
# second then compare the servers at equal CPU, which this 2-core machine cannot show otherwise.
CG=
if [ -n "${BENCH_SERVER_CPU:-}" ]; then
  CG=/sys/fs/cgroup/cpu/bench-dhcp-$$
  mkdir "$CG"
  echo 10000 >"$CG/cpu.cfs_period_us"
  echo $(( BENCH_SERVER_CPU * 100 )) >"$CG/cpu.cfs_quota_us"
fi

ip netns add $S; ip netns add $C
ip -n $S link set lo up; ip -n $C link set lo up
ip -n $S link add $VS type veth peer name $VC
ip -n $S link set $VC netns $C
ip -n $S addr add $SRV/16 dev $VS; ip -n $S link set $VS up
ip -n $C addr add $CLI/16 dev $VC; ip -n $C link set $VC up

# SUBNETS=N: N relayed subnets, a /18 each from 10.64.0.0 (10.64.0.0/18, 10.64.64.0/18, ...,
# 10.79.192.0/18), the relay address (giaddr) .1 of each. The relay addresses live on perfdhcp's
# side; the server routes them back through it. perfdhcp binds its one socket to $CLI, and the
# server sends each reply to the relay address (RFC 2131 §4.1: to giaddr, port 67), so a NAT
# rule in the client namespace hands those replies to perfdhcp's socket. The rule is there for
# the one-subnet cases of the run too, so that both pay conntrack's cost alike.
if [ "$SUBNETS" != 1 ]; then
  : >"$WORK/subnets.txt"; : >"$WORK/giaddrs.txt"
  for k in $(seq 0 $((SUBNETS - 1))); do
    b2=$((64 + k / 4)); b3=$(( (k % 4) * 64 ))
    echo "10.$b2.$b3.0/18 10.$b2.$b3.1 10.$b2.$b3.10 10.$b2.$((b3 + 63)).250" >>"$WORK/subnets.txt"
    echo "10.$b2.$b3.1" >>"$WORK/giaddrs.txt"
    ip -n $C addr add "10.$b2.$b3.1/32" dev $VC
  done
  ip -n $S route add 10.64.0.0/12 via $CLI
  ip netns exec $C nft -f - <<NFT
table ip bench_relays {
  chain prerouting { type nat hook prerouting priority -100; ip daddr 10.64.0.0/12 udp dport 67 dnat to $CLI; }
}
NFT
fi

echo "building bootnode-dhcp..." >&2
./mvnw -B -ntp -q -pl bootnode-dhcp -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
CP=bootnode-dhcp/target/classes:bootnode-dhcp/target/test-classes:$(cat bootnode-dhcp/target/bench-classpath.txt)
if [ -n "${BOOTNODE_BEFORE:-}" ]; then
  (cd "$BOOTNODE_BEFORE" && ./mvnw -B -ntp -q -pl bootnode-dhcp -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2)
  CP_BEFORE=$BOOTNODE_BEFORE/bootnode-dhcp/target/classes:$BOOTNODE_BEFORE/bootnode-dhcp/target/test-classes:$(cat "$BOOTNODE_BEFORE/bootnode-dhcp/target/bench-classpath.txt")
fi
TICK=$(getconf CLK_TCK)
# perfdhcp is single-threaded and, sharing 2 cores with the server, was starved of CPU at high
# rates (its own socket overflowed). Pinned, it has one core to itself and every server the other.
PIN_CLIENT=(); PIN_SERVER=()
if [ "${BENCH_PIN:-0 1}" != 0 ]; then
  read -r pin_c pin_s <<<"${BENCH_PIN:-0 1}"
  PIN_CLIENT=(taskset -c "$pin_c"); PIN_SERVER=(taskset -c "$pin_s")
  # perfdhcp's multi-thread mode (its default on 2 cores) puts a receiver thread beside the sender
  # on the one core: its socket overflowed at 8000/s with the core not busy. One thread does better.
  PERFDHCP_OPTS=${BENCH_PERFDHCP_OPTS:--g single}
else
  PERFDHCP_OPTS=${BENCH_PERFDHCP_OPTS:-}
fi

wait_port() { # until something in the server namespace listens on UDP 67
  for _ in $(seq 300); do
    ip netns exec $S ss -lun 2>/dev/null | grep -q ':67 ' && return 0
    sleep 0.1
  done
  echo "server did not start" >&2; return 1
}

start_server() { # SERVER, or SERVER@N for the N relayed subnets
  local name=${1%@*} many=
  [ "$name" != "$1" ] && many=1
  case $name in
    bootnode|bootnode-before)
      local cp=$CP
      if [ "$name" = bootnode-before ]; then cp=${CP_BEFORE:?set BOOTNODE_BEFORE to a built checkout}; fi
      rm -rf "$WORK/$1"
      if [ -n "$many" ]; then
        # bench/dhcp/SubnetsMain.java: ServerMain's server with the relayed subnets added
        mkdir -p "$WORK/classes-$name"
        javac -d "$WORK/classes-$name" -cp "$cp" bench/dhcp/SubnetsMain.java
        ip netns exec $S "${PIN_SERVER[@]}" java ${BENCH_JAVA_OPTS:-} -cp "$WORK/classes-$name:$cp" \
          -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
          SubnetsMain $SRV $VS $NET.0.0/16 "$WORK/$1" "$WORK/subnets.txt" >"$WORK/$1.log" 2>&1 &
      else
        ip netns exec $S "${PIN_SERVER[@]}" java ${BENCH_JAVA_OPTS:-} -cp "$cp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
          org.bootnode.dhcp.server.ServerMain $SRV $VS $NET.0.0/16 $POOL_FIRST-$POOL_LAST "$WORK/$1" 67 quiet \
          >"$WORK/$1.log" 2>&1 &
      fi
      ;;
    kea)
      local dir=$WORK/$1 subnet4
      rm -rf "$dir"; mkdir -p "$dir"
      if [ -n "$many" ]; then
        # the server's own link without a pool, then one subnet4 per relayed subnet, as for bootnode
        subnet4=$(printf '{ "subnet": "%s", "option-data": [ { "name": "routers", "data": "%s" } ] }' "$NET.0.0/16" "$SRV"
          awk -v dns="$SRV" '{ printf ",\n      { \"subnet\": \"%s\", \"pools\": [ { \"pool\": \"%s - %s\" } ], \"option-data\": [ { \"name\": \"routers\", \"data\": \"%s\" }, { \"name\": \"domain-name-servers\", \"data\": \"%s\" } ] }", $1, $3, $4, $2, dns }' \
            "$WORK/subnets.txt")
      else
        subnet4=$(printf '{ "subnet": "%s", "pools": [ { "pool": "%s - %s" } ], "option-data": [ { "name": "routers", "data": "%s" } ] }' \
          "$NET.0.0/16" "$POOL_FIRST" "$POOL_LAST" "$SRV")
      fi
      cat >"$dir/kea.json" <<JSON
{ "Dhcp4": {
    "interfaces-config": { "interfaces": [ "$VS" ], "dhcp-socket-type": "udp" },
    "lease-database": { "type": "memfile", "persist": true, "name": "$dir/leases.csv", "lfc-interval": 0 },
    "valid-lifetime": 43200,
    "subnet4": [ $subnet4 ],
    "loggers": [ { "name": "kea-dhcp4", "severity": "WARN", "output_options": [ { "output": "$dir/kea.log" } ] } ]
} }
JSON
      KEA_PIDFILE_DIR="$dir" KEA_LOCKFILE_DIR="$dir" \
        ip netns exec $S "${PIN_SERVER[@]}" kea-dhcp4 -c "$dir/kea.json" >"$dir/kea.out" 2>&1 &
      ;;
    dnsmasq)
      [ -z "$many" ] || { echo "dnsmasq@N: not supported (SUBNETS runs bootnode and Kea)" >&2; exit 1; }
      # --no-ping: dnsmasq otherwise pings each new address first and perfdhcp sees drops.
      ip netns exec $S "${PIN_SERVER[@]}" dnsmasq -d -k -p 0 -i $VS --bind-interfaces --no-ping --dhcp-authoritative \
        --dhcp-range=$POOL_FIRST,$POOL_LAST,12h --dhcp-lease-max=100000 \
        --dhcp-leasefile="$WORK/dnsmasq.leases" --pid-file="$WORK/dnsmasq.pid" >"$WORK/dnsmasq.out" 2>&1 &
      ;;
  esac
  SERVER_PID=$!
  if [ -n "$CG" ]; then echo "$SERVER_PID" >"$CG/cgroup.procs"; fi
  wait_port
}

stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

cpu_ticks() { # user+sys of the server process, in clock ticks
  awk '{print $14 + $15}' "/proc/$SERVER_PID/stat" 2>/dev/null || echo 0
}

jit_ticks() { # user+sys of the JVM's JIT compiler threads (0 for other servers), in clock ticks
  cat /proc/"$SERVER_PID"/task/*/stat 2>/dev/null | awk '/\((C1|C2) CompilerThre\)/ { n = split($0, f, ") "); split(f[n], r, " "); t += r[12] + r[13] } END { print t + 0 }'
}

wait_idle() { # until the server has worked off the warm-up's backlog (CPU still for 1 s), at most 60 s
  local last now
  last=$(cpu_ticks)
  for _ in $(seq 60); do
    sleep 1
    now=$(cpu_ticks)
    [ $((now - last)) -le 2 ] && return 0
    last=$now
  done
  echo "  ($CURRENT still busy after the warm-up)" >&2
}

rcvbuf_errors() { # UDP datagrams dropped for a full receive buffer in namespace $1
  ip netns exec "$1" awk '/^Udp:/ {n++; if (n == 1) for (i = 1; i <= NF; i++) col[$i] = i; else print $col["RcvbufErrors"]}' /proc/net/snmp
}

# perfdhcp at RATE for STEP seconds; prints "completed drops cpu-microseconds-per-ack server-rcvbuf-errors
# client-rcvbuf-errors perfdhcp-cpu-percent" (perfdhcp's user+sys over its wall time, 1 s exit wait included)
run_step() {
  local out cpu0 cpu1 jit0 jit1 rb0 rb1 rc0 rc1
  local perf_pid=
  if [ -n "${BENCH_SYSCALLS:-}" ]; then
    perf stat -x, -o "$WORK/perf.txt" -p "$SERVER_PID" -e raw_syscalls:sys_enter -e syscalls:sys_enter_recvmsg \
      -e syscalls:sys_enter_recvfrom -e syscalls:sys_enter_recvmmsg -e syscalls:sys_enter_sendto \
      -e syscalls:sys_enter_sendmsg -e syscalls:sys_enter_sendmmsg -e syscalls:sys_enter_epoll_wait \
      -e syscalls:sys_enter_epoll_pwait -e syscalls:sys_enter_epoll_pwait2 -e syscalls:sys_enter_epoll_ctl \
      -e syscalls:sys_enter_timerfd_settime -e syscalls:sys_enter_read -e syscalls:sys_enter_futex -e syscalls:sys_enter_write \
      -e syscalls:sys_enter_fdatasync 2>/dev/null &
    perf_pid=$!
  fi
  local rec_pid=
  if [ -n "${BENCH_PERF:-}" ]; then
    mkdir -p "$BENCH_PERF"
    perf record -q -F 499 -g -p "$SERVER_PID" -o "$BENCH_PERF/$CURRENT-$1.data" >/dev/null 2>&1 &
    rec_pid=$!
  fi
  cpu0=$(cpu_ticks); jit0=$(jit_ticks); rb0=$(rcvbuf_errors $S); rc0=$(rcvbuf_errors $C)
  local tf pcpu
  tf=$( { TIMEFORMAT='%R %U %S'; time ip netns exec $C "${PIN_CLIENT[@]}" perfdhcp $PERFDHCP_OPTS $RELAYS -4 -r "$1" -R 10000 -p "$STEP" -W 1000000 \
    -l $LOCAL $SRV >"$WORK/perfdhcp.out" 2>&1 || true; } 2>&1 )
  out=$(cat "$WORK/perfdhcp.out")
  pcpu=$(awk '{ if ($1 > 0) printf "%.0f", ($2 + $3) * 100 / $1; else print "n/a" }' <<<"$tf")
  cpu1=$(cpu_ticks); jit1=$(jit_ticks); rb1=$(rcvbuf_errors $S); rc1=$(rcvbuf_errors $C)
  if [ -n "$rec_pid" ]; then
    kill -INT "$rec_pid" 2>/dev/null || true
    wait "$rec_pid" 2>/dev/null || true
  fi
  if [ -n "$perf_pid" ]; then
    kill -INT "$perf_pid" 2>/dev/null || true
    wait "$perf_pid" 2>/dev/null || true
  fi
  [ -n "${BENCH_VERBOSE:-}" ] && echo "$out" | grep -E 'Statistics|sent|received|drops:|delay' >&2
  local drops received
  drops=$(echo "$out" | awk '/^drops:/ {s += $2} END {print s+0}')
  received=$(echo "$out" | awk '/REQUEST-ACK/ {f=1} f && /^received packets:/ {print $3; exit}')
  if [ -n "$perf_pid" ] && [ "${received:-0}" -gt 0 ]; then
    awk -F, -v n="$received" '$1 ~ /^[0-9]+$/ { e = $3; sub(/.*sys_enter_?/, "", e); if (e == "") e = "all"; printf "%s %.2f  ", e, $1 / n }
      END { print "per ACK" }' "$WORK/perf.txt" | sed 's/^/    syscalls: /' >&2
  fi
  local us
  us=$(awk -v t=$((cpu1 - cpu0)) -v hz="$TICK" -v n="${received:-0}" 'BEGIN { if (n > 0) printf "%.0f", t * 1e6 / hz / n; else print "n/a" }')
  local jit_ms=$(( (jit1 - jit0) * 1000 / TICK ))
  echo "${received:-0} $drops $us $((rb1 - rb0)) $((rc1 - rc0)) $pcpu $jit_ms"
}

if [ "$SUBNETS" = 1 ]; then
  SERVERS=${BENCH_SERVERS:-bootnode kea dnsmasq}
else # each server with one subnet, then with N, one after the other
  SERVERS=$(for s in ${BENCH_SERVERS:-bootnode kea}; do printf '%s %s@%s ' "$s" "$s" "$SUBNETS"; done)
fi
declare -A BEST
for server in $SERVERS; do
  CURRENT=$server
  RELAYS= LOCAL=$CLI # with N subnets perfdhcp picks one of the relay addresses at random for each exchange
  if [ "${server%@*}" != "$server" ]; then
    if [ -n "${BENCH_RELAY:-}" ]; then LOCAL=$BENCH_RELAY; else RELAYS="-J $WORK/giaddrs.txt"; fi
  fi
  start_server $server
  # warm-up: the JVM's C2 compiler otherwise burns seconds of CPU inside the first steps
  # (JIT column of each step: C1+C2 compiler CPU in the step; Kea and dnsmasq show 0)
  set -- ${BENCH_WARMUP:-2000 15 6000 15}
  while [ $# -ge 2 ]; do
    ip netns exec $C "${PIN_CLIENT[@]}" perfdhcp $PERFDHCP_OPTS $RELAYS -4 -r "$1" -R 10000 -p "$2" -l $LOCAL $SRV >/dev/null 2>&1 || true
    shift 2
  done
  wait_idle
  best=0; failed=
  for rate in $RATES; do
    read -r acks drops us rcvbuf rcvbufc pcpu jit_ms < <(run_step "$rate")
    got=$((acks / STEP))
    echo "$server rate $rate/s: $acks ACKs in ${STEP}s ($got/s), drops $drops, server CPU ${us} us/ACK (JIT ${jit_ms} ms), rcvbuf overflows server $rcvbuf perfdhcp $rcvbufc, perfdhcp CPU ${pcpu}%, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    if [ "$drops" = 0 ] && [ "$acks" -gt 0 ]; then
      # perfdhcp may send fewer than asked when its own core is the limit: count what was done
      if [ -z "$failed" ] && [ "$got" -gt "$best" ]; then best=$got; fi
    else
      failed=1
      if [ -z "${BENCH_ALL_RATES:-}" ]; then break; fi
    fi
  done
  BEST[$server]=$best
  if [ -n "${BENCH_THREADS:-}" ]; then
    for t in /proc/$SERVER_PID/task/*; do
      awk -v hz="$TICK" '{ n = split($0, f, ") "); split(f[n], r, " "); name = substr($0, index($0, "(") + 1); name = substr(name, 1, length(name) - length(f[n]) - 2); printf "%8.2f s  %s\n", (r[12] + r[13]) / hz, name }' "$t/stat"
    done | sort -rn | head -8 | sed "s/^/  $server thread CPU /" >&2
  fi
  stop_server
done

printf '\nDORA exchanges per second at no drops (steps of %ss, perfdhcp as relay, receive buffers %s%s%s):\n' "$STEP" \
  "$(sysctl -n net.core.rmem_default)" "${PIN_SERVER:+, pinned: perfdhcp on CPU $pin_c, server on CPU $pin_s}" \
  "${BENCH_SERVER_CPU:+, server capped at $BENCH_SERVER_CPU% of a core}"
for server in $SERVERS; do printf '  %-12s %6s/s\n' "$server" "${BEST[$server]}"; done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
if [ "$SUBNETS" != 1 ]; then
  for s in ${BENCH_SERVERS:-bootnode kea}; do
    [ -n "${BEST[$s]:-}" ] && [ -n "${BEST[$s@$SUBNETS]:-}" ] || continue
    printf '%-22s %s%s\n' "$s@$SUBNETS / $s:" "$(ratio "${BEST[$s@$SUBNETS]}" "${BEST[$s]}")" \
      "$([ "$s" = bootnode ] && echo '  (target: >= 0.9)')"
  done
  [ -n "${BEST[bootnode@$SUBNETS]:-}" ] && [ -n "${BEST[kea@$SUBNETS]:-}" ] &&
    printf '%-22s %s  (target: > 1)\n' "bootnode@$SUBNETS / kea@$SUBNETS:" "$(ratio "${BEST[bootnode@$SUBNETS]}" "${BEST[kea@$SUBNETS]}")"
fi
[ -n "${BEST[kea]:-}" ] && [ -n "${BEST[bootnode]:-}" ] && printf 'bootnode / kea:     %s  (target: >= 2)\n' "$(ratio "${BEST[bootnode]}" "${BEST[kea]}")"
[ -n "${BEST[dnsmasq]:-}" ] && [ -n "${BEST[bootnode]:-}" ] && printf 'bootnode / dnsmasq: %s  (target: >= 1)\n' "$(ratio "${BEST[bootnode]}" "${BEST[dnsmasq]}")"
exit 0 # a ratio that cannot be printed (a server not in BENCH_SERVERS) is no failure
