#!/usr/bin/env bash
# Boot storm: N simulated nodes (bench/storm's generator) power on within SPREAD seconds and each
# does the whole network boot (PXE DHCP through a relay, TFTP of the iPXE program, iPXE's DHCP,
# script, kernel, initrd, booted report), first against bootnode, then against the stand-in
# (dnsmasq for DHCP + TFTP, nginx for HTTP) on the same files, each freshly started, in the same
# run. Prints each one's report and the ratios bootnode / stand-in.
#
#   bench/storm/run.sh                      1,000 nodes, 1 MiB kernel, 4 MiB initrd, spread 5 s
#   NODES=5000 TARGET=1 bench/storm/run.sh  the issue's target files: 8 MiB kernel, 32 MiB initrd
#   ROUNDS=2 bench/storm/run.sh             a second storm on each server, warm (same nodes again)
#   RESTART=3 ONLY=bootnode bench/storm/run.sh   bootnode SIGKILLed 3 s into its first storm and
#                                           started again at once: every node must still boot, no
#                                           address twice; prints the time from the new start to
#                                           the first DHCP and HTTP answer
#
# Environment: PIN (default "0 1": the generator on CPU 0, the server under test on CPU 1, as
# bench/dhcp does; PIN= for none), NODES, SPREAD (s), KERNEL_MIB, INITRD_MIB, TARGET, ROUNDS, ONLY (bootnode|standin),
# BOOTNODE_JAVA_OPTS (e.g. a JFR recording, see README.md), STORM_JAVA_OPTS (the generator's JVM
# options, default -XX:TieredStopAtLevel=1), RESTART (s), TFTP_MAX_TRANSFERS
# (bootnode's tftp.max-transfers), RPS=own (each veth's receive on its own side's pinned CPU), BOOTNODE_HTTP (keys added to bootnode's http section, ';' between), SKIP_BUILD=1, KEEP=1
# (keep the work directory), AT_END (a command run as `$AT_END PID` with bootnode's PID after its
# storms, before it stops; e.g. AT_END=bench/storm/nmt.sh with
# BOOTNODE_JAVA_OPTS=-XX:NativeMemoryTracking=summary), GEN_PERF=DIR (each storm's generator runs
# under `perf record -F 499 -g`, DIR/LABEL.ROUND.perf, with the JIT's symbols in
# /tmp/perf-PID.map: `perf report -i FILE --no-children --sort dso,sym`), STANDIN_RCVBUF (bytes,
# the receive buffer dnsmasq's sockets are created with, e.g. 8388608, bootnode's DHCP socket's
# as ss shows it; default 0, the kernel's default, with which dnsmasq does better: LOG.md 22:06),
# SYSCALLS=1 (each storm's system calls by name, the server's processes and the generator's,
# counted by perf's syscall tracepoints), TURNAROUND=S (2 s of each storm's sends and receives
# recorded from S s in, then bench/storm/turnaround.sh: where a TFTP block's round trip goes),
# STORM (another storm.jar), STORM_ARGS (more `storm run` options, e.g. "--threads 1"),
# ARCHIVE_NODES (the storm that makes a missing class archive, default 50; BOOTNODE_CDS_DIR=
# for no archive at all). Each storm also prints its TCP trouble counters (retransmissions, a
# full accept queue, resets) per namespace and the packets each CPU's backlog queue dropped.
# Needs root (network namespaces) and scripts/install-deps.sh --bench.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
NODES=${NODES:-1000}
SPREAD=${SPREAD:-5}
ROUNDS=${ROUNDS:-1}
if [[ -n ${TARGET:-} ]]; then KERNEL_MIB=${KERNEL_MIB:-8} INITRD_MIB=${INITRD_MIB:-32}; fi
KERNEL_MIB=${KERNEL_MIB:-1}
INITRD_MIB=${INITRD_MIB:-4}
ONLY=${ONLY:-}
PIN=${PIN-0 1}
# The generator runs C1 only, as `serve` does: C2 compiling its loops' code at the storm's start
# took 4 of its 10 CPU seconds at 1,000 nodes, on the CPU its loops need then (LOG.md, 21:54).
STORM_JAVA_OPTS=${STORM_JAVA_OPTS--XX:TieredStopAtLevel=1}
read -r pin_gen pin_srv <<<"$PIN"
gen_cpu=() srv_cpu=()
if [[ -n $PIN ]]; then gen_cpu=(taskset -c "$pin_gen") srv_cpu=(taskset -c "${pin_srv:-$pin_gen}"); fi
[[ $(id -u) -eq 0 ]] || { echo "run.sh: needs root (network namespaces)" >&2; exit 1; }
scripts/install-deps.sh --bench
if [[ -z ${SKIP_BUILD:-} ]]; then
  ./mvnw -q -B -ntp -pl bootnode-server,bench/storm -am package -DskipTests
fi
JAR=${JAR:-$root/bootnode-server/target/bootnode.jar}
STORM=${STORM:-$root/bench/storm/target/storm.jar}

work=$(mktemp -d /tmp/bootnode-storm.XXXXXX)
srv=stsrv$$ cli=stcli$$ vs=vs$$ vc=vc$$
pids=()
rmem_saved=
# restore_rmem: the host's default socket receive buffer back to what it was before dnsmasq started
restore_rmem() {
  if [[ -n $rmem_saved ]]; then
    sysctl -qw net.core.rmem_default="$rmem_saved"
    echo "stand-in: net.core.rmem_default restored to $rmem_saved"
    rmem_saved=
  fi
}
cleanup() {
  restore_rmem
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  ip netns del "$srv" 2>/dev/null || true
  ip netns del "$cli" 2>/dev/null || true
  if [[ -n ${KEEP:-} ]]; then echo "work directory kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The network of StormNetwork.java: the server at 10.0.0.1, the relay at 10.0.0.2; the nodes'
# half of the /16 is routed to the relay and is local in the storm's namespace.
ip netns add "$srv"
ip netns add "$cli"
ip -n "$srv" link set lo up
ip -n "$cli" link set lo up
ip -n "$srv" link add "$vs" type veth peer name "$vc"
ip -n "$srv" link set "$vc" netns "$cli"
ip -n "$srv" addr add 10.0.0.1/16 dev "$vs"
ip -n "$cli" addr add 10.0.0.2/16 dev "$vc"
ip -n "$srv" link set "$vs" up
ip -n "$cli" link set "$vc" up
ip -n "$srv" route add 10.0.128.0/17 via 10.0.0.2
# RPS=own (with PIN): each side's veth receives on that side's own CPU (receive packet steering),
# as two machines would, instead of in the sending CPU's context; a flow's segments then pass
# one CPU's backlog queue, so veth does not reorder them. Default off.
if [[ ${RPS:-} == own && -n $PIN ]]; then
  ip netns exec "$srv" sh -c "printf '%x' $((1 << ${pin_srv:-$pin_gen})) >/sys/class/net/$vs/queues/rx-0/rps_cpus"
  ip netns exec "$cli" sh -c "printf '%x' $((1 << pin_gen)) >/sys/class/net/$vc/queues/rx-0/rps_cpus"
  echo "receive steering: the server's veth on CPU ${pin_srv:-$pin_gen} ($(ip netns exec "$srv" cat /sys/class/net/$vs/queues/rx-0/rps_cpus)), the generator's on CPU $pin_gen ($(ip netns exec "$cli" cat /sys/class/net/$vc/queues/rx-0/rps_cpus))"
fi
ip -n "$cli" route add local 10.0.128.0/17 dev lo
# every node holds a socket at a time, a server one or two per node
ulimit -n "$(ulimit -Hn)"
(( $(ulimit -n) >= 2 * NODES + 1000 )) || echo "run.sh: open files limited to $(ulimit -n) for $NODES nodes" >&2

java -jar "$STORM" setup --dir "$work" --nodes "$NODES" --kernel-mib "$KERNEL_MIB" --initrd-mib "$INITRD_MIB" --interface "$vs"
chmod -R a+rX "$work"   # nginx's workers read as www-data
if [[ -n ${TFTP_MAX_TRANSFERS:-} ]]; then   # bootnode's tftp.max-transfers (its default otherwise)
  sed -i "s/^  root: tftp\$/  root: tftp\n  max-transfers: $TFTP_MAX_TRANSFERS/" "$work/bootnode.yaml"
fi
if [[ -n ${BOOTNODE_HTTP:-} ]]; then   # more of bootnode's http section, e.g. "unsent-limit: 0; threads: 2"
  IFS=';' read -ra http_keys <<<"$BOOTNODE_HTTP"
  for k in "${http_keys[@]}"; do
    k=$(echo "$k" | sed 's/^ *//; s/ *$//')
    sed -i "/^http:\$/a\  $k" "$work/bootnode.yaml"
  done
  echo "bootnode http: $BOOTNODE_HTTP"
fi

machine() {
  echo "machine: $(uname -r), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), nproc $(nproc)"
}
# await FILE REGEX SECONDS: until the log shows REGEX (a server's readiness line)
await() {
  local i
  for ((i = 0; i < $3 * 10; i++)); do
    grep -qE "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "run.sh: no '$2' in $1 within $3 s:" >&2; tail -n 20 "$1" >&2; return 1
}
# udp_drops NS: datagrams the namespace's sockets dropped for a full receive buffer (RcvbufErrors)
udp_drops() {
  ip netns exec "$1" awk '/^Udp:/ { if (!n++) { for (i = 1; i <= NF; i++) if ($i == "RcvbufErrors") c = i } else { print $c; exit } }' /proc/net/snmp
}
# udp_buffers: the server namespace's UDP sockets on ports 67 and 69 with their receive buffers (ss's rb)
udp_buffers() {
  ip netns exec "$srv" ss -uamnH 2>/dev/null | awk '$4 ~ /:(67|69)$/ { a = $4; getline; match($0, /rb[0-9]+/); printf "%s %s  ", a, substr($0, RSTART, RLENGTH) }'
}
# tcp_counters NS: "name value" per line, the namespace's TCP counters (/proc/net/netstat's TcpExt, /proc/net/snmp's Tcp)
tcp_counters() {
  ip netns exec "$1" awk '/^(TcpExt|Tcp):/ { if (!seen[$1]++) { for (i = 2; i <= NF; i++) n[i] = $i } else { for (i = 2; i <= NF; i++) print n[i], $i } }' /proc/net/netstat /proc/net/snmp
}
# tcp_trouble BEFORE AFTER: the counters of connection trouble (a full accept queue, SYNs sent
# again, TIME-WAIT sockets met by a new SYN, resets, retransmissions) that moved between the two
tcp_trouble() {
  awk 'NR == FNR { b[$1] = $2; next }
       $1 ~ /^(ListenOverflows|ListenDrops|TCPSynRetrans|TCPTimeouts|RetransSegs|TCPChallengeACK|TCPSYNChallenge|TWRecycled|TWKilled|PAWSActive|PAWSEstab|PAWSTimewait|TCPTimeWaitOverflow|TCPReqQFullDrop|TCPAbortOnData|TCPAbortOnClose|OutRsts|EstabResets|AttemptFails|TCPBacklogDrop)$/ && $2 - b[$1] != 0 { printf "%s %d  ", $1, $2 - b[$1] }' "$1" "$2"
}
# softnet_drops: packets each CPU's backlog queue dropped (netdev_max_backlog; on veth every packet
# sent passes the sending CPU's backlog), one number per CPU, space-separated (host-wide)
softnet_drops() {
  local processed dropped rest
  while read -r processed dropped rest; do printf '%d ' "$((16#$dropped))"; done </proc/net/softnet_stat
}
storm() { # storm LABEL ROUND PID...
  local label=$1 round=$2; shift 2
  local args=()
  for p in "$@"; do args+=(--pid "$p"); done
  echo "--- $label, storm $round: load $(cut -d' ' -f1-3 /proc/loadavg)"
  local drops_srv drops_cli prof=() jopts=()
  if [[ -n ${GEN_PERF:-} ]]; then
    mkdir -p "$GEN_PERF"
    prof=(perf record -q -F 499 -g -o "$GEN_PERF/$label.$round.perf" --)
    jopts=(-XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer)
  fi
  drops_srv=$(udp_drops "$srv") drops_cli=$(udp_drops "$cli")
  tcp_counters "$srv" >"$work/tcp.srv.before"; tcp_counters "$cli" >"$work/tcp.cli.before"
  local backlog_before; backlog_before=$(softnet_drops)
  local sc=() scpid=
  if [[ -n ${SYSCALLS:-} ]]; then
    # every system call the server's processes (nginx's workers too) and the generator make, by name
    local all=("$@") p
    for p in "$@"; do all+=($(pgrep -P "$p" || true)); done
    perf stat -x, -o "$work/$label.$round.server.syscalls" -e 'syscalls:sys_enter_*' -p "$(IFS=,; echo "${all[*]}")" 2>/dev/null &
    scpid=$!
    sc=(perf stat -x, -o "$work/$label.$round.generator.syscalls" -e 'syscalls:sys_enter_*' --)
  fi
  local tpid=
  if [[ -n ${TURNAROUND:-} ]]; then   # 2 s of the storm's sends and receives, from TURNAROUND s in
    (sleep "$TURNAROUND"; exec perf record -q -a -o "$work/$label.$round.turn" \
      -e syscalls:sys_enter_recvfrom,syscalls:sys_enter_recvmsg,syscalls:sys_enter_write,syscalls:sys_enter_sendto,syscalls:sys_enter_sendmsg \
      -- sleep 2) >/dev/null 2>&1 &
    tpid=$!
  fi
  ip netns exec "$cli" "${gen_cpu[@]}" "${prof[@]}" "${sc[@]}" java "${jopts[@]}" $STORM_JAVA_OPTS -jar "$STORM" run --nodes "$NODES" --spread "$SPREAD" \
    --label "$label" --out "$work/$label.$round.props" --nodes-out "$work/$label.$round.nodes" "${args[@]}" ${STORM_ARGS:-} || true
  if [[ -n $tpid ]]; then
    wait "$tpid" || true
    echo "$label: a TFTP block's round trip, $TURNAROUND-$((TURNAROUND + 2)) s into the storm (bench/storm/turnaround.sh):"
    bench/storm/turnaround.sh "$work/$label.$round.turn" "$1" 'http' | sed "s/^/$label:   /"
  fi
  if [[ -n $scpid ]]; then
    kill -INT "$scpid"; wait "$scpid" || true
    for f in server generator; do
      echo "$label: system calls, $f (most first): $(awk -F, '$1 + 0 > 0 { sub(/^syscalls:sys_enter_/, "", $3); print $1, $3 }' "$work/$label.$round.$f.syscalls" |
        sort -rn | head -n 14 | awk '{ printf "%s %d  ", $2, $1 }')"
    done
  fi
  echo "$label: UDP datagrams dropped on a full receive buffer: server side $(($(udp_drops "$srv") - drops_srv)), generator side $(($(udp_drops "$cli") - drops_cli))"
  tcp_counters "$srv" >"$work/tcp.srv.after"; tcp_counters "$cli" >"$work/tcp.cli.after"
  echo "$label: TCP trouble, server side: $(tcp_trouble "$work/tcp.srv.before" "$work/tcp.srv.after")"
  echo "$label: TCP trouble, generator side: $(tcp_trouble "$work/tcp.cli.before" "$work/tcp.cli.after")"
  echo "$label: packets dropped by a CPU's full backlog queue (netdev_max_backlog $(sysctl -n net.core.netdev_max_backlog)), per CPU: $(
    paste -d' ' <(echo "$backlog_before" | tr ' ' '\n') <(softnet_drops | tr ' ' '\n') | awk 'NF == 2 { printf "%d ", $2 - $1 }')"
}
start_bootnode() { # [LOG] sets bn; the subshell execs ip, which execs the launcher, which execs java: one PID all along
  local log=${1:-$work/bootnode.log}
  (cd "$work" && exec ip netns exec "$srv" "${srv_cpu[@]}" env BOOTNODE_JAR="$JAR" ${BOOTNODE_JAVA_OPTS:+BOOTNODE_JAVA_OPTS="$BOOTNODE_JAVA_OPTS"} \
    "$root/packaging/bootnode" serve --config "$work/bootnode.yaml" >>"$log" 2>&1) &
  bn=$!
  pids+=("$bn")
}
# make_class_archive: when the launcher has no class-data archive for this jar and JVM yet (the
# first serve after a build writes it as it stops), a serve that is not measured makes it: a
# storm of ARCHIVE_NODES nodes (default 50) loads the classes of the whole chain, the serve
# stops and writes the archive, its data directory goes. The measured fresh start is then a
# freshly started installed server's, with its archive, in every run.
make_class_archive() {
  local log=$work/bootnode-archive.log t0
  t0=$(date +%s%3N)
  start_bootnode "$log"
  await "$log" 'bootnode: ready' 60
  if ! jvm_options "$bn" | grep -q ArchiveClassesAtExit; then
    kill -TERM "$bn"; wait "$bn" || true
    rm -rf "$work/data"
    echo "bootnode: class archive: the launcher has one for this jar"
    return
  fi
  ip netns exec "$cli" java $STORM_JAVA_OPTS -jar "$STORM" run --nodes "${ARCHIVE_NODES:-50}" --spread 1 --label archive \
    --out "$work/archive.props" >"$work/archive.out" 2>&1 || true
  kill -TERM "$bn"; wait "$bn" || true
  rm -rf "$work/data"
  echo "bootnode: class archive: none for this jar, so a serve that is not measured ran a storm of ${ARCHIVE_NODES:-50} nodes" \
    "($(sed -n 's/^booted=//p' "$work/archive.props") booted) and wrote it as it stopped, $(($(date +%s%3N) - t0)) ms"
}
jvm_options() { # the options java runs with (the launcher's: compiler, class-data sharing)
  tr '\0' '\n' <"/proc/$1/cmdline" | grep -E '^-X' | paste -sd' '
}
# restart_storm ROUND: the storm with bootnode SIGKILLed RESTART s in and started again at once
# (no CPU figures: the process measured is gone half-way)
restart_storm() {
  local round=$1 gen killed started drops_srv drops_cli
  echo "--- bootnode, storm $round with a restart $RESTART s in: load $(cut -d' ' -f1-3 /proc/loadavg)"
  drops_srv=$(udp_drops "$srv") drops_cli=$(udp_drops "$cli")
  rm -f "$work/restart.mark"
  ip netns exec "$cli" "${gen_cpu[@]}" java $STORM_JAVA_OPTS -jar "$STORM" run --nodes "$NODES" --spread "$SPREAD" \
    --label bootnode --out "$work/bootnode.$round.props" --nodes-out "$work/bootnode.$round.nodes" \
    --restart-mark "$work/restart.mark" &
  gen=$!
  pids+=("$gen")
  sleep "$RESTART"
  kill -KILL "$bn"; wait "$bn" 2>/dev/null || true
  killed=$(date +%s%3N)
  started=$(date +%s%3N)
  start_bootnode
  printf 'killed=%s\nstarted=%s\n' "$killed" "$started" >"$work/restart.mark"
  # the nodes ask HTTP again only after their 5 s wait: a probe shows when the server could answer
  # (a connection the kernel accepts before the server reads waits for its answer)
  local probe_ms=-1 ready_ms=-1 i ready
  for ((i = 0; i < 3000; i++)); do
    if ip netns exec "$cli" curl -s -o /dev/null -m 20 "http://10.0.0.1:8080/boot.ipxe"; then
      probe_ms=$(($(date +%s%3N) - started)); break
    fi
    sleep 0.01
  done
  wait "$gen" || true
  ready=$(grep 'bootnode: ready' "$work/bootnode.log" | tail -n 1 | cut -d' ' -f1)
  [[ -n $ready ]] && ready_ms=$(($(date -d "$ready" +%s%3N) - started))
  echo "bootnode: after the restart: 'ready' logged $ready_ms ms after the start, a probe's first HTTP answer (curl every 10 ms) $probe_ms ms after the start"
  echo "bootnode: UDP datagrams dropped on a full receive buffer: server side $(($(udp_drops "$srv") - drops_srv)), generator side $(($(udp_drops "$cli") - drops_cli))"
  echo "bootnode: after the restart: $(grep -c 'bootnode: ready' "$work/bootnode.log") 'ready' lines in its log, JVM $(jvm_options "$bn")"
}

machine
echo "nodes $NODES, spread ${SPREAD}s, kernel ${KERNEL_MIB} MiB, initrd ${INITRD_MIB} MiB, rounds $ROUNDS, pinned (generator, server): ${PIN:-no}${TFTP_MAX_TRANSFERS:+, tftp.max-transfers $TFTP_MAX_TRANSFERS}"
echo "generator JVM: ${STORM_JAVA_OPTS:-(defaults)}"

if [[ $ONLY != standin ]]; then
  [[ ${BOOTNODE_CDS_DIR-unset} == "" ]] || make_class_archive
  start_bootnode
  await "$work/bootnode.log" 'bootnode: ready' 60
  echo "bootnode JVM: $(jvm_options "$bn")"
  echo "bootnode: its UDP sockets (receive buffer rb): $(udp_buffers)"
  for ((r = 1; r <= ROUNDS; r++)); do
    if ((r == 1)) && [[ -n ${RESTART:-} ]]; then restart_storm "$r"; else storm bootnode "$r" "$bn"; fi
  done
  [[ -n ${AT_END:-} ]] && $AT_END "$bn"
  # bootnode's own counters: TFTP bytes sent against the file bytes the nodes got tells resends
  # /metrics is on the admin listener: loopback in the server's namespace
  ip netns exec "$srv" curl -sS -m 10 http://127.0.0.1:9080/metrics >"$work/bootnode.metrics" || true
  echo "bootnode metrics after $ROUNDS storm(s), file bytes the nodes got over TFTP: $(
    cat "$work"/bootnode.*.props | sed -n 's/^tftp_file_bytes=//p' | paste -sd+ | bc)"
  grep -E '^bootnode_(tftp_sent_bytes_total|tftp_errors_total|tftp_transfers_total|dhcp_received_total|dhcp_ignored_total|dhcp_offers_total|dhcp_acks_total|http_connections_rejected_total|http_errors_total)' \
    "$work/bootnode.metrics" | sed 's/^/  /' || true
  kill -TERM "$bn"; wait "$bn" || true
fi

if [[ $ONLY != bootnode ]]; then
  # dnsmasq has no option for its sockets' receive buffer. bootnode's DHCP socket asks for 4 MiB
  # (DhcpServerConfig.receiveBufferBytes), which the kernel doubles for its bookkeeping: ss shows
  # rb8388608. With STANDIN_RCVBUF the kernel's default (taken as it is, not doubled) is raised
  # while dnsmasq creates its DHCP and TFTP sockets, and restored once it logged its start.
  # net.core.rmem_default is the host's (not per namespace on this kernel): anything else
  # creating a socket in that second gets the bigger buffer too. Off by default: with bootnode's
  # buffer dnsmasq answered every queued copy of the nodes' resent requests and booted fewer
  # nodes at 5,000 (2,614 and 1,605 against 3,381 and 3,585; LOG.md 22:06-22:20).
  STANDIN_RCVBUF=${STANDIN_RCVBUF:-0}
  if [[ $STANDIN_RCVBUF != 0 ]]; then
    rmem_saved=$(sysctl -n net.core.rmem_default)
    sysctl -qw net.core.rmem_default="$STANDIN_RCVBUF"
    echo "stand-in: net.core.rmem_default raised from $rmem_saved to $STANDIN_RCVBUF while dnsmasq starts"
  fi
  ip netns exec "$srv" "${srv_cpu[@]}" dnsmasq -k -C "$work/standin/dnsmasq.conf" 2>"$work/standin/dnsmasq.err" &
  dm=$!
  pids+=("$dm")
  await "$work/standin/dnsmasq.log" 'TFTP root is' 20
  restore_rmem
  ip netns exec "$srv" "${srv_cpu[@]}" nginx -c "$work/standin/nginx.conf" 2>"$work/standin/nginx.err" &
  ngx=$!
  pids+=("$ngx")
  echo "stand-in: dnsmasq's UDP sockets (receive buffer rb): $(udp_buffers)"
  for ((i = 0; i < 100; i++)); do [[ -s $work/standin/nginx.pid ]] && break; sleep 0.1; done
  for ((r = 1; r <= ROUNDS; r++)); do storm standin "$r" "$dm" "$ngx"; done
  kill -TERM "$dm" "$ngx"; wait "$dm" "$ngx" || true
fi

# ratios bootnode / stand-in, round by round
prop() { sed -n "s/^$2=//p" "$1"; }
for ((r = 1; r <= ROUNDS; r++)); do
  a=$work/bootnode.$r.props b=$work/standin.$r.props
  [[ -f $a && -f $b ]] || continue
  state=warm
  ((r == 1)) && state=fresh
  echo "--- ratios bootnode / stand-in, storm $r ($state servers)"
  for k in booted failed wall_s node_p50_s node_p99_s node_max_s dhcp_pxe_p99_s tftp_p99_s tftp_last_attempt_p99_s dhcp_ipxe_p99_s script_p99_s \
           kernel_p99_s initrd_p99_s booted_p99_s server_cpu_s server_cpu_ms_per_booted server_cpu_total_s server_peak_rss_mib server_sum_peak_rss_mib; do
    awk -v k="$k" -v x="$(prop "$a" "$k")" -v y="$(prop "$b" "$k")" \
      'BEGIN { printf "%-24s %10s %10s   %s\n", k, x, y, (y + 0 > 0 ? sprintf("%.2f", x / y) : "-") }'
  done
done
