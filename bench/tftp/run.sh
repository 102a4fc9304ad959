#!/usr/bin/env bash
# TFTP throughput: bootnode-tftp against tftpd-hpa (in.tftpd) on loopback, same client.
#   - one 64 MiB transfer with curl at blksize 512, 1468 and 65464
#   - 64 concurrent 16 MiB transfers at blksize 1468: 64 curl processes, and one LoadClient
#     process (bootnode-tftp's test sources: one event loop, cheap per block, verifies bytes)
#   - bootnode with atftp at windowsize 16 against windowsize 1 (tftpd-hpa has no windowsize)
# Each case is warmed up per server (not timed) with at least WARM_BLOCKS blocks (default 20000:
# C2 compiles a path after ~10k passes; one transfer at 512 or 1468, 20 at 65464) and, before a
# single-transfer case, WARM_TRANSFERS transfers of a 1 MiB file at its blksize (default 60: code
# that runs once per transfer, sockets and negotiation, compiles per transfer, not per block;
# after 3 warm-up transfers C2 still compiled during the timed ones and took the CPU from the
# transfer for milliseconds at a time, after 60 it did not, see LOG.md, tftp7), then run REPS
# times (default 5; the concurrent case (REPS+1)/2 times), alternating which server goes first;
# prints medians with (min..max) and the ratio of the medians. Targets (issue 5): single transfer >= 1x tftpd-hpa,
# 64 concurrent >= 2x, windowsize 16 >= 3x windowsize 1.
# Our server runs with the Netty settings that `bootnode serve` gives itself (SERVE_OPTS: leak
# detector and JFR events off; bootnode-server's Main).
# Environment: REPS, JAVA_OPTS (extra JVM flags for our server; none by default), OURS_CLASSES
# (another build of bootnode-tftp's main classes, e.g. a copy of target/classes from before a
# change), PIN=1 (both servers on CPU 0, every client on CPU 1, with taskset: the clients of a
# boot storm run on other machines, and on a 2-core machine an unpinned client takes the
# server's CPU; each server gets the same one core). Run it as
# `flock -o /work/bench.lock bench/tftp/run.sh`.
# Needs curl, atftp, tftpd-hpa (in.tftpd). Runs as any user (ports above 1024).
set -euo pipefail
cd "$(dirname "$0")/../.."

WORK=$(mktemp -d /tmp/bench-tftp.XXXXXX)
OURS_PID=""; HPA_PID=""
cleanup() {
    [ -n "$OURS_PID" ] && kill "$OURS_PID" 2>/dev/null || true
    [ -n "$HPA_PID" ] && kill "$HPA_PID" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

for tool in curl atftp in.tftpd; do
    command -v "$tool" >/dev/null || PATH="$PATH:/usr/sbin" command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done
PATH="$PATH:/usr/sbin"

echo "building..." >&2
./mvnw -B -ntp -q -pl bootnode-tftp -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >&2
CP="${OURS_CLASSES:-bootnode-tftp/target/classes}:bootnode-tftp/target/test-classes:$(cat "$WORK/cp.txt")"

mkdir -p "$WORK/root"
head -c $((64 << 20)) /dev/urandom > "$WORK/root/f64m"
head -c $((16 << 20)) /dev/urandom > "$WORK/root/f16m"
head -c $((1 << 20)) /dev/urandom > "$WORK/root/f1m"

free_port() { python3 -c 'import socket;s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

OURS_PORT=$(free_port)
SERVE_OPTS="-Dio.netty.leakDetection.level=disabled -Dio.netty.jfr.enabled=false"
mkfifo "$WORK/ours.in"
SERVER_CPU=(); CLIENT_CPU=()
if [ "${PIN:-0}" = 1 ]; then SERVER_CPU=(taskset -c 0); CLIENT_CPU=(taskset -c 1); fi
"${SERVER_CPU[@]}" java $SERVE_OPTS ${JAVA_OPTS:-} -cp "$CP" org.bootnode.tftp.bench.BenchServer "$WORK/root" "$OURS_PORT" < "$WORK/ours.in" > "$WORK/ours.log" 2>&1 &
OURS_PID=$!
exec 7> "$WORK/ours.in"   # keeps the server's stdin open until this script exits
for _ in $(seq 100); do grep -q '^ready' "$WORK/ours.log" && break; sleep 0.1; done
grep -q '^ready' "$WORK/ours.log" || { cat "$WORK/ours.log"; exit 1; }

HPA_PORT=$(free_port)
"${SERVER_CPU[@]}" in.tftpd -L -s "$WORK/root" -a "127.0.0.1:$HPA_PORT" &
HPA_PID=$!
sleep 0.3

now() { date +%s.%N; }
mibps() { python3 -c "print(f'{$1 / ($3 - $2) / 1048576:.1f}')"; }

# curl_get PORT BLKSIZE FILE
curl_get() { "${CLIENT_CPU[@]}" curl -sS --tftp-blksize "$2" -o /dev/null "tftp://127.0.0.1:$1/$3"; }

single() { # PORT BLKSIZE -> MiB/s
    local t0 t1; t0=$(now); curl_get "$1" "$2" f64m; t1=$(now); mibps $((64 << 20)) "$t0" "$t1"
}

concurrent() { # PORT -> MiB/s total
    local t0 t1 pids=(); t0=$(now)
    for _ in $(seq 64); do curl_get "$1" 1468 f16m & pids+=($!); done
    for p in "${pids[@]}"; do wait "$p"; done
    t1=$(now); mibps $((64 * (16 << 20))) "$t0" "$t1"
}

# 64 concurrent reads from one cheap client process (LoadClient: one event loop, connected
# sockets, every transfer's bytes verified): clients of a boot storm run on other machines, so
# the client's CPU per block should take as little of this machine as it can, for both servers.
concurrent_load() { # PORT -> MiB/s total (LoadClient times its own round, after a warm-up round)
    "${CLIENT_CPU[@]}" java -Dio.netty.leakDetection.level=disabled -cp "$CP" org.bootnode.tftp.bench.LoadClient \
        127.0.0.1 "$1" f16m "$WORK/root/f16m" 64 1468
}

window() { # PORT WINDOW -> MiB/s
    local t0 t1; t0=$(now)
    # atftp prints each negotiated option on stderr: shown only when it fails
    if ! "${CLIENT_CPU[@]}" atftp --get -r f64m -l /dev/null --option "blksize 1468" --option "windowsize $2" \
            127.0.0.1 "$1" >/dev/null 2>"$WORK/atftp.err"; then
        cat "$WORK/atftp.err" >&2; return 1
    fi
    t1=$(now); mibps $((64 << 20)) "$t0" "$t1"
}

# stats V... -> "median (min..max)"
stats() { python3 -c "import statistics as s,sys; v=[float(x) for x in sys.argv[1:]]; print(f'{s.median(v):.1f} ({min(v):.1f}..{max(v):.1f})')" "$@"; }
median() { python3 -c "import statistics as s,sys; print(s.median(float(x) for x in sys.argv[1:]))" "$@"; }
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }

# warm BLOCKS_PER_RUN -> runs of a case that make at least WARM_BLOCKS blocks (at least one)
warm() { echo $(( (${WARM_BLOCKS:-20000} + $1 - 1) / $1 )); }

# compare LABEL WARM REPS CMD_A ARGS_A -- CMD_B ARGS_B: warms both up WARM times each (JIT, page
# cache; not timed, the same for both), then runs them REPS times, alternating which goes first so that load from other jobs
# on the machine hits both alike; prints medians with (min..max) and the ratio of medians.
compare() {
    local label=$1 nwarm=$2 reps=$3 a b; shift 3
    local -a ca=() cb=() va=() vb=()
    while [ "$1" != -- ]; do ca+=("$1"); shift; done; shift; cb=("$@")
    for _ in $(seq "$nwarm"); do "${ca[@]}" >/dev/null; "${cb[@]}" >/dev/null; done
    for r in $(seq "$reps"); do
        if (( r % 2 )); then a=$("${ca[@]}"); b=$("${cb[@]}"); else b=$("${cb[@]}"); a=$("${ca[@]}"); fi
        va+=("$a"); vb+=("$b")
    done
    printf '%-38s %22s %22s %7sx\n' "$label" "$(stats "${va[@]}")" "$(stats "${vb[@]}")" \
        "$(ratio "$(median "${va[@]}")" "$(median "${vb[@]}")")"
}

REPS=${REPS:-5}
# Ratios differ from machine to machine (the same build ran 0.93-1.05x at 65464 on one, 1.38-1.70x on
# another): say which machine measured them.
echo "machine: kernel $(uname -r), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) CPUs"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(grep '^ready' "$WORK/ours.log"); $REPS runs per case (concurrent: $(( (REPS + 1) / 2 ))), warm-up ${WARM_BLOCKS:-20000} blocks and ${WARM_TRANSFERS:-60} transfers of 1 MiB; pinned: ${PIN:-0}"
printf '%-38s %22s %22s %8s\n' "case (MiB/s: median (min..max))" "bootnode" "tftpd-hpa" "ratio"
for bs in 512 1468 65464; do
    for _ in $(seq "${WARM_TRANSFERS:-60}"); do curl_get "$OURS_PORT" "$bs" f1m; curl_get "$HPA_PORT" "$bs" f1m; done
    compare "64 MiB, curl, blksize $bs" "$(warm $(( (64 << 20) / bs )))" "$REPS" single "$OURS_PORT" "$bs" -- single "$HPA_PORT" "$bs"
done
compare "64 x 16 MiB, curl, blksize 1468" 1 $(( (REPS + 1) / 2 )) concurrent "$OURS_PORT" -- concurrent "$HPA_PORT"
compare "64 x 16 MiB, LoadClient, blksize 1468" 1 $(( (REPS + 1) / 2 )) concurrent_load "$OURS_PORT" -- concurrent_load "$HPA_PORT"
printf '%-38s %22s %22s %8s\n' "" "window 16" "window 1" ""
compare "bootnode, atftp, window 16 vs 1" "$(warm $(( (64 << 20) / 1468 )))" "$REPS" window "$OURS_PORT" 16 -- window "$OURS_PORT" 1
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
