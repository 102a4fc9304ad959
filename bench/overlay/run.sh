#!/usr/bin/env bash
# Overlay benchmark: NODES nodes (1,000) fetch their overlay at once over HTTP, each from its own
# address (127.1.x.y on loopback: 127.0.0.0/8 is all this host's), from bootnode and from nginx
# serving the same bytes as static files, in the same run. Rounds: bootnode cold (fresh server:
# every template rendered, every archive built, the JIT cold), nginx, then ROUNDS times bootnode
# cached and nginx, then bootnode rebuilt (a template touched: every archive built again, the JIT
# warm). Prints p50, p99 and max per round and the ratios bootnode / nginx. Target (issue 19):
# all served, cached p99 under 50 ms.
#
#   bench/overlay/run.sh                  # 1,000 nodes, 3 cached rounds
#   NODES=200 ROUNDS=1 bench/overlay/run.sh
#   PIN="0 1" bench/overlay/run.sh        # the client on CPU 0, each server on CPU 1 (taskset)
#   CLIENT=java bench/overlay/run.sh      # the Java client (LoadClient.java) instead of loadclient.c
#
# Each node has the overlays base (hostname and an /etc/hosts of every node, both templates,
# and a motd), slurm (a templated slurm.conf and a script) and admin (authorized_keys in a
# secret folder, so each overlay goes only to its node's own address). No ssh-host-keys: making
# 1,000 RSA keys would measure key generation, once per node in its life, not serving.
#
# Needs: java, gcc (for the client), nginx (Debian: nginx-light), and the jar (./mvnw -q package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/../.."
NODES=${NODES:-1000}
ROUNDS=${ROUNDS:-3}
WARM=${WARM:-5}
JAR=${JAR:-bootnode-server/target/bootnode.jar}
BN_PORT=${BN_PORT:-18491}
NGINX_PORT=${NGINX_PORT:-18492}
ADMIN_PORT=${ADMIN_PORT:-18495}  # not the default 9080, which tests and other servers use
HTTP_THREADS=${HTTP_THREADS:-0}  # the boot listener's event loops (http.threads; 0: the server's default)
# PIN="C S": the client on CPU C, bootnode and nginx (each in its turn) on CPU S, as bench/storm's
# PIN does; default none, the two sharing both cores as on a head node.
PIN=${PIN:-}
client_cpu=() server_cpu=()
if [ -n "$PIN" ]; then
    read -r pin_client pin_server <<<"$PIN"
    client_cpu=(taskset -c "$pin_client") server_cpu=(taskset -c "${pin_server:-$pin_client}")
fi
[ -f "$JAR" ] || { echo "no $JAR: run ./mvnw -q package -DskipTests first" >&2; exit 1; }
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { echo "nginx missing (apt-get install nginx-light)" >&2; exit 1; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
((NODES <= 62500)) || { echo "NODES: at most 62500" >&2; exit 1; }

WORK=$(mktemp -d /tmp/bootnode-bench-overlay.XXXXXX)
BN_PID=""
NGINX_PID=""
cleanup() {
    [ -n "$BN_PID" ] && kill "$BN_PID" 2>/dev/null && wait "$BN_PID" 2>/dev/null || true
    [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null || true
    if [ -n "${KEEP:-}" ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# The client: loadclient.c, built here with gcc (CLIENT=c, the default), or LoadClient.java, the
# client before it, with the same semantics and output (CLIENT=java), compiled once (java File.java
# would compile at every round). It shares the two cores with the server it measures: the C one
# uses a third of the Java one's CPU a round (LOG.md, 2026-12-08 02:45).
CLIENT=${CLIENT:-c}
# Two threads, one a core: with one, the client's own connects and reads were the floor of both
# servers' latencies.
CLIENT_THREADS=${CLIENT_THREADS:-2}
# The Java client's JVM: C1 and the serial collector, as a fresh JVM each round would otherwise
# have its C2 and G1 threads take the servers' cores in the middle of the round (README).
CLIENT_JAVA_OPTS=${CLIENT_JAVA_OPTS--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}
mkdir -p "$WORK/client"
case "$CLIENT" in
    c)
        command -v gcc >/dev/null || { echo "gcc missing (apt-get install gcc libc6-dev), or CLIENT=java" >&2; exit 1; }
        gcc -O2 -pthread -o "$WORK/client/loadclient" bench/overlay/loadclient.c
        client() { "${client_cpu[@]}" "$WORK/client/loadclient" "$1" "$2" "${3:-}" "$CLIENT_THREADS"; }
        ;;
    java)
        javac -d "$WORK/client" bench/overlay/LoadClient.java
        # shellcheck disable=SC2086 # word splitting of the options is intended
        client() { "${client_cpu[@]}" java $CLIENT_JAVA_OPTS -cp "$WORK/client" LoadClient "$1" "$2" "${3:-}" "$CLIENT_THREADS"; }
        ;;
    *) echo "CLIENT: c or java, not $CLIENT" >&2; exit 1 ;;
esac
# The kernel's count of connections dropped at a full accept or SYN queue (a dropped SYN costs the
# client a 1 s retransmit): printed after each round that had any.
drops() { awk '/^TcpExt:/ { if (!h) { for (i = 1; i <= NF; i++) n[i] = $i; h = 1 } else for (i = 1; i <= NF; i++)
    if (n[i] == "ListenOverflows" || n[i] == "ListenDrops" || n[i] == "TCPReqQFullDrop") s = s n[i] "=" $i " " } END { print s }' /proc/net/netstat; }

o=$WORK/overlays
mkdir -p "$o/base/etc" "$o/slurm/etc/slurm" "$o/slurm/usr/local/bin" "$o/admin/root/.ssh"
printf '{{name}}\n' > "$o/base/etc/hostname.mustache"
printf '127.0.0.1 localhost\n{{#nodes}}{{#ip}}{{ip}} {{name}}\n{{/ip}}{{/nodes}}' > "$o/base/etc/hosts.mustache"
printf 'Welcome to {{vars.cluster}}.\n' > "$o/base/etc/motd.mustache"
printf 'ClusterName={{vars.cluster}}\nSlurmctldHost={{server}}\nNodeName={{name}} NodeAddr={{ip}}\n' \
    > "$o/slurm/etc/slurm/slurm.conf.mustache"
printf '#!/bin/sh\nexec scontrol ping\n' > "$o/slurm/usr/local/bin/slurm-ping"
chmod 755 "$o/slurm/usr/local/bin/slurm-ping"
echo "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBenchBenchBenchBenchBenchBenchBenchBench admin" > "$o/admin/root/.ssh/authorized_keys"
: > "$o/admin/root/.ssh/.bootnode-secret"
head -c 1024 /dev/zero > "$WORK/vmlinuz"

{
    cat <<YAML
server: { address: 127.0.0.1, data-dir: data }
http: { port: $BN_PORT, max-connections: 8192, max-connections-per-address: 64, threads: $HTTP_THREADS }
admin: { listen: ["127.0.0.1:$ADMIN_PORT"] }
images:
  compute: { kernel: vmlinuz, initrd: vmlinuz }
overlays: { root: overlays, all-nodes: [base], vars: { cluster: bench } }
groups:
  compute: { image: compute, overlays: [slurm, admin] }
nodes:
YAML
    for ((i = 0; i < NODES; i++)); do
        printf '  node-%04d: { mac: "fc:ab:00:00:%02x:%02x", ip: 127.1.%d.%d, group: compute }\n' \
            "$i" $((i >> 8)) $((i & 255)) $((i / 250)) $((i % 250 + 1))
    done
} > "$WORK/bootnode.yaml"
java -jar "$JAR" config check --config "$WORK/bootnode.yaml"

# The JVM options of packaging/bootnode's serve (C1 only: C2 compiling for many rounds costs more
# CPU than it saves on a 2-core head node); BN_JAVA_OPTS replaces them.
BN_JAVA_OPTS=${BN_JAVA_OPTS:--XX:+UseSerialGC -Xms64m -Xmx512m -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.1}
# shellcheck disable=SC2086 # word splitting of the options is intended
"${server_cpu[@]}" java $BN_JAVA_OPTS -jar "$JAR" serve --config "$WORK/bootnode.yaml" > "$WORK/bootnode.log" 2>&1 &
BN_PID=$!

mkdir -p "$WORK/www" "$WORK/nginx-tmp"
cat > "$WORK/nginx.conf" <<NGINX
daemon off;
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path $WORK/nginx-tmp;
    proxy_temp_path $WORK/nginx-tmp;
    fastcgi_temp_path $WORK/nginx-tmp;
    uwsgi_temp_path $WORK/nginx-tmp;
    scgi_temp_path $WORK/nginx-tmp;
    types { application/x-cpio overlay; }
    server {
        listen 127.0.0.1:$NGINX_PORT backlog=4096;
        root $WORK/www;
    }
}
NGINX

for _ in $(seq 1 200); do
    grep -q "bootnode: ready" "$WORK/bootnode.log" 2>/dev/null && break
    kill -0 "$BN_PID" 2>/dev/null || { cat "$WORK/bootnode.log" >&2; exit 1; }
    sleep 0.1
done

# CPU time (ms) of the processes given and their children (nginx's workers), from /proc: user
# and system, in the kernel's ticks (10 ms at CLK_TCK 100).
cpu() {
    local user=0 sys=0 p t
    for p in "$@" $(for q in "$@"; do pgrep -P "$q" || true; done); do
        t=$(awk '{ print $14, $15 }' "/proc/$p/stat" 2>/dev/null || echo 0 0)
        user=$((user + ${t% *})) sys=$((sys + ${t#* }))
    done
    echo $((user * 1000 / $(getconf CLK_TCK))) $((sys * 1000 / $(getconf CLK_TCK)))
}

# round LABEL PORT SAVE_DIR PID: one round, printed with the server's CPU time in it (user and
# system added to USER_MS and SYS_MS for the summary).
USER_MS=0 SYS_MS=0
round() {
    local u0 s0 u1 s1 line
    read -r u0 s0 <<<"$(cpu "$4")"
    line=$(client "$2" "$NODES" "$3")
    read -r u1 s1 <<<"$(cpu "$4")"
    USER_MS=$((u1 - u0)) SYS_MS=$((s1 - s0))
    printf '%-34s %s, server CPU %d ms (user %d, system %d)\n' "$1" "$line" $((USER_MS + SYS_MS)) "$USER_MS" "$SYS_MS"
    echo "$line" | awk '{ print $4, $6 }' > "$WORK/last"
    now=$(drops)
    [ "$now" = "$DROPS" ] || printf '%-34s kernel: before %s, after %s\n' "" "$DROPS" "$now"
    DROPS=$now
}
DROPS=$(drops)

round "bootnode cold (built, JIT cold)" "$BN_PORT" "$WORK/www" "$BN_PID"
read -r bn_cold50 bn_cold99 < "$WORK/last"
chmod -R a+rX "$WORK"
"${server_cpu[@]}" "$NGINX" -c "$WORK/nginx.conf" -p "$WORK" &
NGINX_PID=$!
for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "http://127.0.0.1:$NGINX_PORT/nodes/fc:ab:00:00:00:00/overlay" 2>/dev/null && break
    sleep 0.1
done
round "nginx (first)" "$NGINX_PORT" "" "$NGINX_PID"
# Unreported rounds, the same number for each server: a long-running server's JIT is warm.
for _ in $(seq 1 "$WARM"); do
    client "$BN_PORT" "$NODES" > /dev/null
    client "$NGINX_PORT" "$NODES" > /dev/null
done
DROPS=$(drops)

best() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a < b) ? a : b }'; }
bn50=""; bn99=""; ng50=""; ng99=""
bn_user=0 bn_sys=0 ng_user=0 ng_sys=0
for r in $(seq 1 "$ROUNDS"); do
    round "bootnode cached, round $r" "$BN_PORT" "" "$BN_PID"
    read -r a b < "$WORK/last"; bn50=$(best "$a" "$bn50"); bn99=$(best "$b" "$bn99")
    bn_user=$((bn_user + USER_MS)) bn_sys=$((bn_sys + SYS_MS))
    round "nginx, round $r" "$NGINX_PORT" "" "$NGINX_PID"
    read -r a b < "$WORK/last"; ng50=$(best "$a" "$ng50"); ng99=$(best "$b" "$ng99")
    ng_user=$((ng_user + USER_MS)) ng_sys=$((ng_sys + SYS_MS))
done
touch "$o/base/etc/hosts.mustache"
sleep 1.5  # the server rescans a folder at most once a second (OverlayService.DEFAULT_RESCAN)
round "bootnode rebuilt (JIT warm)" "$BN_PORT" "" "$BN_PID"
read -r re50 re99 < "$WORK/last"

size=$(stat -c %s "$WORK/www/nodes/fc:ab:00:00:00:00/overlay")
printf '\n%d nodes, overlay of %d bytes each; best of %d cached rounds after %d unreported; load average %s\n' \
    "$NODES" "$size" "$ROUNDS" "$WARM" "$(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$CLIENT" = java ]; then client_is="LoadClient.java, $CLIENT_THREADS threads, $CLIENT_JAVA_OPTS"; else client_is="loadclient.c, $CLIENT_THREADS threads"; fi
echo "bootnode's JVM options: $BN_JAVA_OPTS; http.threads: $HTTP_THREADS; client: $client_is"
awk -v r="$ROUNDS" -v n="$NODES" -v bu="$bn_user" -v bs="$bn_sys" -v nu="$ng_user" -v ns="$ng_sys" 'BEGIN {
    f = 1000 / (r * n)
    printf "server CPU per 1,000 cached answers (user + system, ticks of 10 ms): bootnode %.0f + %.0f ms, nginx %.0f + %.0f ms\n", bu * f, bs * f, nu * f, ns * f
}'
echo "pinned (client, servers): ${PIN:-no}; nginx workers: $(pgrep -c -P "$NGINX_PID" || true)"
awk -v b50="$bn50" -v b99="$bn99" -v n50="$ng50" -v n99="$ng99" -v c50="$bn_cold50" -v c99="$bn_cold99" \
    -v r50="$re50" -v r99="$re99" 'BEGIN {
    printf "cached:  bootnode p50 %.1f ms p99 %.1f ms, nginx p50 %.1f ms p99 %.1f ms: ratio p50 %.2f, p99 %.2f (target p99 < 50 ms)\n", b50, b99, n50, n99, b50 / n50, b99 / n99
    printf "cold:    bootnode p50 %.1f ms p99 %.1f ms: %.2f and %.2f x nginx\n", c50, c99, c50 / n50, c99 / n99
    printf "rebuilt: bootnode p50 %.1f ms p99 %.1f ms: %.2f and %.2f x nginx\n", r50, r99, r50 / n50, r99 / n99
}'
grep -c " overlay " "$WORK/bootnode.log" | xargs printf 'timeline: %s overlay events logged\n'
