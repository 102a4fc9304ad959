#!/usr/bin/env bash
# Server CPU per MiB served: user+sys of each server and everything it forks (tftpd-hpa forks a
# child per transfer and does not wait for it), from a cgroup v1 cpuacct group per server,
# over the same curl runs, for one or more servers in the same run. Far less sensitive to other
# load on the machine than wall-clock MiB/s. Needs root (for the cgroups).
#
#   bench/tftp/cpu.sh [CLASSES_DIR...]      (default: this tree's bootnode-tftp/target/classes)
#
# Each CLASSES_DIR is a build of bootnode-tftp's main classes (e.g. a copy of target/classes
# taken before a change); tftpd-hpa is always measured too. Cases: one 64 MiB file at blksize
# 512, 1468 and 65464, and 64 concurrent 16 MiB at 1468 (curl; `load`: one LoadClient process
# instead, see run.sh). Our servers run with the Netty settings of `bootnode serve` (leak
# detector and JFR events off). Environment: REPS (default 3), JAVA_OPTS,
# WARM_BLOCKS (default 20000: each case's warm-up, see below),
# CASES (default "512 1468 65464 concurrent load"). Run it as `flock -o /work/bench.lock ...`: with
# -o the servers do not inherit the lock, so a server left behind cannot hold it.
set -euo pipefail
cd "$(dirname "$0")/../.."
PATH="$PATH:/usr/sbin"

WORK=$(mktemp -d /tmp/bench-tftp-cpu.XXXXXX)
PIDS=()
CG=/sys/fs/cgroup/cpuacct/bench-tftp-$$
cleanup() {
    # Every server and all it forked, by cgroup ($! is only the subshell that started it).
    for g in "$CG"/s*; do
        [ -f "$g/cgroup.procs" ] && xargs -r kill < "$g/cgroup.procs" 2>/dev/null || true
    done
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    for g in "$CG"/s*; do [ -d "$g" ] && rmdir "$g" 2>/dev/null; done
    [ -d "$CG" ] && rmdir "$CG" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "building..." >&2
./mvnw -B -ntp -q -pl bootnode-tftp -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >&2
DEPS=$(cat "$WORK/cp.txt")
[ $# -gt 0 ] || set -- bootnode-tftp/target/classes

mkdir -p "$WORK/root"
head -c $((64 << 20)) /dev/urandom > "$WORK/root/f64m"
head -c $((16 << 20)) /dev/urandom > "$WORK/root/f16m"

free_port() { python3 -c 'import socket;s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
mkdir -p "$CG"
cpu_ns() { cat "$CG/s$1/cpuacct.usage"; }
# in_group N CMD...: runs CMD in cgroup s$N (and so do all its children)
in_group() { local g="$CG/s$1"; shift; mkdir -p "$g"; sh -c 'echo $$ > "$0/cgroup.procs"; exec "$@"' "$g" "$@"; }
now() { date +%s.%N; }

NAMES=(); PORTS=(); SPIDS=()
n=0
for classes in "$@"; do
    n=$((n + 1))
    port=$(free_port)
    mkfifo "$WORK/s$n.in"
    in_group "$((n - 1))" java -Dio.netty.leakDetection.level=disabled -Dio.netty.jfr.enabled=false ${JAVA_OPTS:-} -cp "$classes:bootnode-tftp/target/test-classes:$DEPS" org.bootnode.tftp.bench.BenchServer \
        "$WORK/root" "$port" < "$WORK/s$n.in" > "$WORK/s$n.log" 2>&1 &
    pid=$!; PIDS+=("$pid")
    eval "exec {fd}> \"$WORK/s$n.in\""
    for _ in $(seq 100); do grep -q '^ready' "$WORK/s$n.log" && break; sleep 0.1; done
    grep -q '^ready' "$WORK/s$n.log" || { cat "$WORK/s$n.log"; exit 1; }
    NAMES+=("$classes"); PORTS+=("$port"); SPIDS+=("$pid")
done
port=$(free_port)
in_group "$n" in.tftpd -L -s "$WORK/root" -a "127.0.0.1:$port" &
PIDS+=($!); NAMES+=("tftpd-hpa"); PORTS+=("$port"); SPIDS+=($!)
sleep 0.3

get() { curl -sS --tftp-blksize "$2" -o /dev/null "tftp://127.0.0.1:$1/$3"; }
single() { get "$1" "$2" f64m; }
concurrent() {
    local pids=()
    for _ in $(seq 64); do get "$1" 1468 f16m & pids+=($!); done
    for p in "${pids[@]}"; do wait "$p"; done
}

# 64 concurrent from one LoadClient process (its warm-up round of 8 included: 72 x 16 MiB)
load() {
    java -Dio.netty.leakDetection.level=disabled -cp "bootnode-tftp/target/classes:bootnode-tftp/target/test-classes:$DEPS" \
        org.bootnode.tftp.bench.LoadClient 127.0.0.1 "$1" f16m "$WORK/root/f16m" 64 1468 >/dev/null
}

# measure I CASE ARGS -> "MiB/s cpu-ms/MiB"
measure() {
    local i=$1 mib=$2; shift 2
    local c0 c1 t0 t1
    c0=$(cpu_ns "$i"); t0=$(now)
    "$@" "${PORTS[$i]}" "${ARGS[@]}"
    t1=$(now); sleep 0.2; c1=$(cpu_ns "$i")   # lets tftpd-hpa's last child exit
    python3 -c "print(f'{$mib / ($t1 - $t0):8.1f} MiB/s {($c1 - $c0) / 1e6 / $mib:6.2f} ms/MiB')"
}

REPS=${REPS:-3}
WARM_BLOCKS=${WARM_BLOCKS:-20000}
warm=3
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); REPS=$REPS"
for c in ${CASES:-512 1468 65464 concurrent load}; do
    case $c in concurrent) spec="concurrent 1024" ;; load) spec="load 1152" ;; *) spec="single 64 $c" ;; esac
    bs=""; read -r fn mib bs <<< "$spec"
    ARGS=(); [ -n "${bs:-}" ] && ARGS=("$bs")
    # warm-up (JIT): the first case three runs, every case at least WARM_BLOCKS blocks (C2
    # compiles a path after ~10k passes: one run at 512 or 1468, 20 at 65464)
    blocks=$(( (mib << 20) / ${bs:-1468} ))
    warm=$(( warm > (WARM_BLOCKS + blocks - 1) / blocks ? warm : (WARM_BLOCKS + blocks - 1) / blocks ))
    for i in "${!SPIDS[@]}"; do
        for _ in $(seq "$warm"); do "$fn" "${PORTS[$i]}" "${ARGS[@]}" >/dev/null; done
    done
    warm=1
    for r in $(seq "$REPS"); do
        for i in "${!SPIDS[@]}"; do
            echo "$fn ${bs:-1468} ${NAMES[$i]}: $(measure "$i" "$mib" "$fn")"
        done
    done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
