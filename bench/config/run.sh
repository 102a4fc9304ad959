#!/usr/bin/env bash
# Config benchmark: `bootnode config check` on a file of 10,000 nodes in 40 racks (issue 18: under
# 2 s). Writes the file, then runs `java -jar bootnode.jar config check` on it RUNS times and
# prints, for each run and as median and range: wall time from start to exit, CPU time
# (user+sys), peak RSS (/usr/bin/time -v), and the Java heap (-Xlog:gc: the heap in use at exit
# and the most in use before any collection, and how many collections there were).
#
#   bench/config/run.sh [RUNS]          # default 7, after one run not counted (disk cache)
#
# Environment: NODES=10000 RACKS=40 (RACKS divides NODES; at most 250 racks and 1000 nodes
# each), JAR=bootnode-server/target/bootnode.jar (built with -DskipTests if missing),
# BENCH_JAVA_OPTS (more JVM options, e.g. -Xmx256m), KEEP=DIR (keep the file and the logs there).
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-7}
NODES=${NODES:-10000}
RACKS=${RACKS:-40}
JAR=${JAR:-bootnode-server/target/bootnode.jar}
PER_RACK=$((NODES / RACKS))
[ $((PER_RACK * RACKS)) = "$NODES" ] && [ "$RACKS" -le 250 ] && [ "$PER_RACK" -le 1000 ] ||
  { echo "NODES=$NODES RACKS=$RACKS (expected: RACKS divides NODES, RACKS <= 250, NODES / RACKS <= 1000)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "missing: /usr/bin/time (Debian: time)" >&2; exit 1; }
if [ ! -f "$JAR" ]; then
  echo "building $JAR..." >&2
  ./mvnw -B -ntp -q -pl bootnode-server -am package -DskipTests >&2
fi

WORK=${KEEP:-$(mktemp -d /tmp/bench-config.XXXXXX)}
mkdir -p "$WORK"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$WORK"' EXIT

# The file: the shape of ConfigScaleTest's, as an admin would write it. Rack R is 10.R.0.0/22
# behind a relay, with its router, MTU 9000 and a pool at the top; its nodes take addresses from
# .10 up. Two groups (compute and gpu, every eighth node a gpu node), and every tenth node has
# kernel arguments and an option of its own.
mkdir -p "$WORK/images"
printf 'kernel' >"$WORK/images/vmlinuz"
printf 'initrd' >"$WORK/images/compute.img"
printf 'initrd' >"$WORK/images/gpu.img"
awk -v nodes="$NODES" -v racks="$RACKS" -v per="$PER_RACK" -v dir="$WORK" 'BEGIN {
  print "server: { address: 10.255.0.1, interface: eth1, data-dir: " dir "/data }"
  print "dhcp:"
  print "  subnet: 10.255.0.0/24"
  print "  router: 10.255.0.1"
  print "  dns-servers: [10.255.0.1]"
  print "  domain: cluster.local"
  print "  options: { ntp-servers: [10.255.0.1], domain-search: [cluster.local] }"
  print "  subnets:"
  for (r = 0; r < racks; r++)
    printf "    rack%02d: { subnet: 10.%d.0.0/22, router: 10.%d.0.1, lease-time: 12h, pool: 10.%d.3.200-10.%d.3.250, options: { mtu: 9000 } }\n", r, r, r, r, r
  print "http:\n  port: 8080"
  print "boot-files: { bios: undionly.kpxe, uefi-x64: snponly.efi, uefi-arm64: snponly-arm64.efi }"
  print "images:"
  print "  compute: { kernel: " dir "/images/vmlinuz, initrd: " dir "/images/compute.img, cmdline: \"console=ttyS0\" }"
  print "  gpu:     { kernel: " dir "/images/vmlinuz, initrd: " dir "/images/gpu.img, cmdline: \"console=ttyS0\" }"
  print "groups:"
  print "  compute: { image: compute, cmdline: \"nohz_full=2-63\", options: { ntp-servers: [10.255.0.1] } }"
  print "  gpu: { image: gpu, cmdline: \"iommu=pt\", options: { static-routes: \"10.9.0.0/16 10.255.0.254, 0.0.0.0/0 10.255.0.1\" } }"
  print "nodes:"
  for (i = 0; i < nodes; i++) {
    r = int(i / per); h = 10 + i % per
    printf "  node-%05d: { mac: \"02:00:00:%02x:%02x:%02x\", ip: 10.%d.%d.%d, group: %s", i, int(i / 65536) % 256, int(i / 256) % 256, i % 256, r, int(h / 256), h % 256, (i % 8 == 7 ? "gpu" : "compute")
    if (i % 10 == 0) printf ", cmdline: \"quiet\", options: { 224: { type: string, value: node-%05d } }", i
    print " }"
  }
}' >"$WORK/nodes.yaml"
echo "file: $NODES nodes in $RACKS racks, $(wc -c <"$WORK/nodes.yaml") bytes, $(wc -l <"$WORK/nodes.yaml") lines" >&2

# One run: wall s, CPU s, peak RSS MB, heap used at exit MB, most heap in use MB, GCs, heap committed at exit MB
run_once() {
  local n=$1 log=$WORK/gc-$1.log
  /usr/bin/time -v -o "$WORK/time-$n.txt" java ${BENCH_JAVA_OPTS:-} "-Xlog:gc,gc+heap+exit:file=$log" \
    -jar "$JAR" config check --config "$WORK/nodes.yaml" >"$WORK/out-$n.txt" 2>&1 ||
    { echo "config check failed:" >&2; head -20 "$WORK/out-$n.txt" >&2; exit 1; }
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); wall = (n == 3) ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2] }
    /User time/ { cpu += $2 } /System time/ { cpu += $2 }
    /Maximum resident set size/ { rss = $2 / 1024 }
    END { printf "%.2f %.2f %.0f ", wall, cpu, rss }' "$WORK/time-$n.txt"
  # "GC(3) Pause Young (Normal) (G1 Evacuation Pause) 24M->5M(256M) 3.1ms" and, at exit,
  # " garbage-first heap   total 262144K, used 61234K [...]"
  awk '
    /Pause|Concurrent Cycle|Full/ && match($0, /[0-9]+M->[0-9]+M/) { split(substr($0, RSTART, RLENGTH), m, "M->"); if (m[1] + 0 > peak) peak = m[1] + 0; gcs++ }
    /garbage-first heap|def new generation|heap +total/ && match($0, /used [0-9]+K/) { used = substr($0, RSTART + 5, RLENGTH - 6) / 1024
      if (match($0, /total [0-9]+K/)) total = substr($0, RSTART + 6, RLENGTH - 7) / 1024 }
    END { if (used > peak) peak = used; printf "%.0f %.0f %d %.0f\n", used, peak, gcs, total }' "$log"
}

run_once warm >/dev/null
printf '%-4s %7s %7s %9s %12s %12s %4s %14s\n' run "wall s" "CPU s" "RSS MB" "heap@exit MB" "heap max MB" GCs "committed MB" >&2
: >"$WORK/results.txt"
for i in $(seq "$RUNS"); do
  r=$(run_once "$i")
  echo "$r" >>"$WORK/results.txt"
  read -r wall cpu rss used peak gcs total <<<"$r"
  printf '%-4s %7s %7s %9s %12s %12s %4s %14s\n' "$i" "$wall" "$cpu" "$rss" "$used" "$peak" "$gcs" "$total" >&2
done
# median (the middle value; of an even count, the lower middle) and range of each column
stat() { sort -n -k"$1","$1" "$WORK/results.txt" | awk -v c="$1" '{ v[NR] = $c } END { printf "%s (%s-%s)", v[int((NR + 1) / 2)], v[1], v[NR] }'; }
heap_max=$(java ${BENCH_JAVA_OPTS:-} -XX:+PrintFlagsFinal -version 2>/dev/null | awk '$2 == "MaxHeapSize" { printf "%.0f", $4 / 1048576 }')
printf '\nbootnode config check, %d nodes in %d racks (%d bytes), %d runs, median (range); max heap %s MB, %s:\n' \
  "$NODES" "$RACKS" "$(wc -c <"$WORK/nodes.yaml")" "$RUNS" "$heap_max" "$(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '  wall time     %s s   (target: < 2 s)\n' "$(stat 1)"
printf '  CPU time      %s s\n' "$(stat 2)"
printf '  peak RSS      %s MB\n' "$(stat 3)"
printf '  heap at exit  %s MB\n' "$(stat 4)"
printf '  heap max      %s MB   (the most in use: before a collection, or at exit)\n' "$(stat 5)"
printf '  collections   %s\n' "$(stat 6)"
printf '  heap committed at exit %s MB (grown by G1, mostly never touched: see peak RSS)\n' "$(stat 7)"
