#!/usr/bin/env bash
# The event stream under a boot storm: bench/storm's generator boots NODES simulated nodes against
# a freshly started bootnode, once per entry of PLAN: "off" without watchers, "on" with WATCHERS
# clients (curl -sN) on the admin listener's GET /api/events. Checks that every watcher got every
# boot event the server recorded (the ids in the frames' data against the ids /api/timeline
# lists), and prints the storm's figures side by side with the ratios with / without watchers.
#
#   bench/events/run.sh                       PLAN="off on off on", 1,000 nodes, 50 watchers
#   PLAN="off on off on off on" bench/events/run.sh
#
# Environment: NODES (1000), WATCHERS (50), PLAN, SPREAD (5 s), KERNEL_MIB (1), INITRD_MIB (4),
# PIN (default "0 1": the generator and the watchers on CPU 0, the server on CPU 1; PIN= for
# none), CATCH_UP (s a watcher may take after the storm to show every event, 30), SKIP_BUILD=1,
# KEEP=1 (keep the work directory). Needs root (network namespaces).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
NODES=${NODES:-1000}
WATCHERS=${WATCHERS:-50}
PLAN=${PLAN:-off on off on}
SPREAD=${SPREAD:-5}
KERNEL_MIB=${KERNEL_MIB:-1}
INITRD_MIB=${INITRD_MIB:-4}
CATCH_UP=${CATCH_UP:-30}
PIN=${PIN-0 1}
read -r pin_gen pin_srv <<<"$PIN"
gen_cpu=() srv_cpu=()
if [[ -n $PIN ]]; then gen_cpu=(taskset -c "$pin_gen") srv_cpu=(taskset -c "${pin_srv:-$pin_gen}"); fi
[[ $(id -u) -eq 0 ]] || { echo "run.sh: needs root (network namespaces)" >&2; exit 1; }
command -v jq >/dev/null || { echo "run.sh: needs jq" >&2; exit 1; }
if [[ -z ${SKIP_BUILD:-} ]]; then
  ./mvnw -q -B -ntp -pl bootnode-server,bench/storm -am package -DskipTests
fi
JAR=$root/bootnode-server/target/bootnode.jar
STORM=$root/bench/storm/target/storm.jar

work=$(mktemp -d /tmp/bootnode-events.XXXXXX)
srv=evsrv$$ cli=evcli$$ vs=evs$$ vc=evc$$
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  ip netns del "$srv" 2>/dev/null || true
  ip netns del "$cli" 2>/dev/null || true
  if [[ -n ${KEEP:-} ]]; then echo "work directory kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# bench/storm's network (StormNetwork.java): the server at 10.0.0.1, the relay at 10.0.0.2, the
# nodes' half of the /16 routed to the relay and local in the generator's namespace.
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
ip -n "$cli" route add local 10.0.128.0/17 dev lo
ulimit -n "$(ulimit -Hn)"

await() { # await FILE REGEX SECONDS
  local i
  for ((i = 0; i < $3 * 10; i++)); do
    grep -qE "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "run.sh: no '$2' in $1 within $3 s:" >&2; tail -n 20 "$1" >&2; return 1
}
api() { ip netns exec "$srv" curl -sS -m 10 "http://127.0.0.1:9080$1"; }
prop() { sed -n "s/^$2=//p" "$1"; }
metric() { awk -v k="$2" '$1 == k { printf "%d", $2 }' "$1"; }
# boot_ids FILE: the Event ids of a watcher's boot frames, one a line ("event: boot" then "data: {"id":N,...")
boot_ids() { awk '/^event: boot$/ { b = 1; next } b && /^data: / { sub(/^data: \{"id":/, ""); sub(/,.*/, ""); print; b = 0 }' "$1"; }

echo "machine: $(uname -r), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), nproc $(nproc)"
echo "nodes $NODES, spread ${SPREAD}s, kernel ${KERNEL_MIB} MiB, initrd ${INITRD_MIB} MiB, watchers $WATCHERS, plan: $PLAN, pinned (generator and watchers, server): ${PIN:-no}"

n=0
for mode in $PLAN; do
  n=$((n + 1))
  d=$work/run$n
  mkdir -p "$d"
  java -jar "$STORM" setup --dir "$d" --nodes "$NODES" --kernel-mib "$KERNEL_MIB" --initrd-mib "$INITRD_MIB" --interface "$vs" >/dev/null
  (cd "$d" && exec ip netns exec "$srv" "${srv_cpu[@]}" env BOOTNODE_JAR="$JAR" ${BOOTNODE_JAVA_OPTS:+BOOTNODE_JAVA_OPTS="$BOOTNODE_JAVA_OPTS"} \
    "$root/packaging/bootnode" serve --config "$d/bootnode.yaml" >>"$d/bootnode.log" 2>&1) &
  bn=$!
  pids+=("$bn")
  await "$d/bootnode.log" 'bootnode: ready' 60
  wpids=()
  if [[ $mode == on ]]; then
    # each from an address of its own, as browsers on 50 machines: the admin listener takes 16
    # connections per address (docs/admin.md), one more is closed at once
    for ((w = 1; w <= WATCHERS; w++)); do
      ip netns exec "$srv" "${gen_cpu[@]}" curl -sN --interface "127.0.0.$((w + 1))" "http://127.0.0.1:9080/api/events" >"$d/w$w.sse" 2>"$d/w$w.err" &
      wpids+=($!)
      pids+=($!)
    done
    for ((w = 1; w <= WATCHERS; w++)); do await "$d/w$w.sse" '^retry:' 20; done
  fi
  echo "--- run $n: watchers $mode, load $(cut -d' ' -f1-3 /proc/loadavg)"
  ip netns exec "$cli" "${gen_cpu[@]}" java -jar "$STORM" run --nodes "$NODES" --spread "$SPREAD" \
    --label "$mode$n" --pid "$bn" --out "$d/storm.props" --nodes-out "$d/storm.nodes" >"$d/storm.out" 2>&1 || true
  grep -E 'booted|per node|dhcp-|tftp |script|kernel|initrd|booted |server CPU [0-9.]+ s' "$d/storm.out" | grep -v 'server thread' || true
  # the server's own boot events: ids increase by one per event from 1 (docs/api.md), so the
  # newest id in /api/timeline is their number; the sum of each node's events in /api/nodes (one
  # boot each here) checks it
  events=$(api "/api/timeline?limit=1" | jq -r '.events[-1].id // 0')
  node_events=$(api /api/nodes | jq '[.nodes[].events | length] | add // 0')
  seq 1 "$events" | sort >"$d/server.sorted"
  api /metrics >"$d/metrics"
  {
    echo "mode=$mode"
    echo "server_events=$events"
    echo "node_events=$node_events"
    echo "dhcp_answers=$(( $(metric "$d/metrics" bootnode_dhcp_offers_total) + $(metric "$d/metrics" bootnode_dhcp_acks_total) ))"
    echo "http_requests=$(metric "$d/metrics" bootnode_http_requests_total)"
  } >>"$d/storm.props"
  if [[ $mode == on ]]; then
    # a watcher's frames may still be on their way: wait (bounded) until each shows every event
    t0=$(date +%s%3N) ok=0 caught=-1
    while (( $(date +%s%3N) - t0 < CATCH_UP * 1000 )); do
      ok=0
      for ((w = 1; w <= WATCHERS; w++)); do
        [[ $(grep -cx 'event: boot' "$d/w$w.sse") -ge $events ]] && ok=$((ok + 1))
      done
      if ((ok == WATCHERS)); then caught=$(( $(date +%s%3N) - t0 )); break; fi
      sleep 0.2
    done
    complete=0 alive=0 frames_min=-1 frames_max=0
    for ((w = 1; w <= WATCHERS; w++)); do
      frames=$(grep -cx 'event: boot' "$d/w$w.sse" || true)
      boot_ids "$d/w$w.sse" | sort >"$d/w$w.ids"
      missing=$(comm -23 "$d/server.sorted" "$d/w$w.ids" | wc -l)
      extra=$(comm -13 "$d/server.sorted" "$d/w$w.ids" | wc -l)
      dups=$(uniq -d "$d/w$w.ids" | wc -l)
      kill -0 "${wpids[w - 1]}" 2>/dev/null && alive=$((alive + 1))
      ((missing == 0 && extra == 0 && dups == 0 && frames == events)) && complete=$((complete + 1))
      ((missing + extra + dups > 0)) && echo "  watcher $w: $frames boot frames, $missing of the server's ids missing, $extra ids not the server's, $dups twice"
      ((frames_min < 0 || frames < frames_min)) && frames_min=$frames
      ((frames > frames_max)) && frames_max=$frames
    done
    echo "watchers: $complete of $WATCHERS got exactly the server's $events boot events (each id once), boot frames per watcher $frames_min-$frames_max, $alive still connected; the last caught up ${caught} ms after the storm's end (-1: not within ${CATCH_UP} s)"
    { echo "watchers_complete=$complete"; echo "watchers_catch_up_ms=$caught"; } >>"$d/storm.props"
    grep -h 'frames behind' "$d/bootnode.log" | head -n 3 || true
  fi
  echo "server: $events boot events (the newest id in /api/timeline; $node_events in /api/nodes), $(prop "$d/storm.props" dhcp_answers) DHCP answers, $(prop "$d/storm.props" http_requests) HTTP requests"
  kill -TERM "${wpids[@]}" 2>/dev/null || true
  kill -TERM "$bn"; wait "$bn" || true
  for p in "${wpids[@]}"; do wait "$p" 2>/dev/null || true; done
done

# side by side, and with / without (the mean of each mode's runs; min-max in brackets)
echo "--- runs side by side (rates: the server's DHCP answers and HTTP requests per second of wall time)"
keys=(booted failed wall_s node_p50_s node_p99_s dhcp_pxe_p50_s dhcp_pxe_p99_s dhcp_ipxe_p50_s dhcp_ipxe_p99_s script_p50_s script_p99_s
      kernel_p50_s kernel_p99_s initrd_p50_s initrd_p99_s booted_p50_s booted_p99_s dhcp_per_s http_per_s server_cpu_s server_cpu_ms_per_booted server_events watchers_complete)
for ((i = 1; i <= n; i++)); do
  p=$work/run$i/storm.props
  w=$(prop "$p" wall_s)
  echo "dhcp_per_s=$(awk -v a="$(prop "$p" dhcp_answers)" -v w="$w" 'BEGIN { printf "%.1f", a / w }')" >>"$p"
  echo "http_per_s=$(awk -v a="$(prop "$p" http_requests)" -v w="$w" 'BEGIN { printf "%.1f", a / w }')" >>"$p"
done
printf '%-26s' key; for ((i = 1; i <= n; i++)); do printf '%10s' "$(prop "$work/run$i/storm.props" mode)$i"; done; printf '   %s\n' "with / without (mean; min-max of each)"
for k in "${keys[@]}"; do
  printf '%-26s' "$k"
  on=() off=()
  for ((i = 1; i <= n; i++)); do
    p=$work/run$i/storm.props v=$(prop "$p" "$k")
    printf '%10s' "${v:--}"
    [[ -n $v ]] || continue
    if [[ $(prop "$p" mode) == on ]]; then on+=("$v"); else off+=("$v"); fi
  done
  awk -v a="${on[*]}" -v b="${off[*]}" 'function st(s, r,  x, i, k) { k = split(s, x, " "); r["n"] = k; r["s"] = 0; r["lo"] = x[1]; r["hi"] = x[1]
      for (i = 1; i <= k; i++) { r["s"] += x[i]; if (x[i] + 0 < r["lo"] + 0) r["lo"] = x[i]; if (x[i] + 0 > r["hi"] + 0) r["hi"] = x[i] } }
    BEGIN { st(a, A); st(b, B); if (A["n"] == 0 || B["n"] == 0) { print ""; exit }
      ma = A["s"] / A["n"]; mb = B["s"] / B["n"]
      printf "   %s (on %s-%s, off %s-%s)\n", (mb > 0 ? sprintf("%.2f", ma / mb) : "-"), A["lo"], A["hi"], B["lo"], B["hi"] }'
done
