#!/usr/bin/env bash
# HTTP benchmark: 64 concurrent downloads of one large initrd from bootnode and from nginx
# (sendfile on), on the same machine in the same run, over loopback; prints each one's
# throughput and the ratio bootnode / nginx. Target (issue 7): at least 0.9.
#
#   bench/http/run.sh                 # 256 MiB file, 64 clients, 3 rounds each
#   SIZE_MIB=32 CLIENTS=16 ROUNDS=1 bench/http/run.sh
#
# MODE=many: a boot storm's downloads instead. CONNECTIONS (default 2000) downloads of a
# SIZE_MIB (default 4) file at once, each from its own 127.2.x.y address, driven by one NIO
# client process (ManyClient.java); prints each server's user and system CPU per GiB served,
# the client's, and the ratios bootnode / nginx.
#
#   MODE=many CONNECTIONS=2000 SIZE_MIB=4 ROUNDS=2 bench/http/run.sh
#   BN_HTTP='send-buffer: 0' MODE=many bench/http/run.sh     # more keys for bootnode's http section
#   PIN="0 1" MODE=many bench/http/run.sh    # client on CPU 0, both servers on CPU 1, as bench/storm does
#
# Needs: java, curl, nginx (Debian: nginx-light), and the jar (./mvnw -q package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/../.."
MODE=${MODE:-curl}
CONNECTIONS=${CONNECTIONS:-2000}
if [ "$MODE" = many ]; then SIZE_MIB=${SIZE_MIB:-4}; else SIZE_MIB=${SIZE_MIB:-256}; fi
CLIENTS=${CLIENTS:-64}
ROUNDS=${ROUNDS:-3}
JAR=${JAR:-bootnode-server/target/bootnode.jar}
PIN=${PIN:-}
read -r pin_client pin_server <<<"$PIN"
client_cpu=() server_cpu=()
if [ -n "$PIN" ]; then client_cpu=(taskset -c "$pin_client") server_cpu=(taskset -c "${pin_server:-$pin_client}"); fi
BN_PORT=${BN_PORT:-18481}
NGINX_PORT=${NGINX_PORT:-18482}
[ -f "$JAR" ] || { echo "no $JAR: run ./mvnw -q package -DskipTests first" >&2; exit 1; }
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { echo "nginx missing (apt-get install nginx-light)" >&2; exit 1; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

WORK=$(mktemp -d /tmp/bootnode-bench-http.XXXXXX)
BN_PID=""
NGINX_PID=""
cleanup() {
    [ -n "$BN_PID" ] && kill "$BN_PID" 2>/dev/null && wait "$BN_PID" 2>/dev/null || true
    [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# The same file at the same path for both servers: a node's initrd, /nodes/MAC/initrd.
MAC=fc:ab:14:e8:66:01
URL_PATH=/nodes/$MAC/initrd
mkdir -p "$WORK/www/nodes/$MAC"
head -c $((SIZE_MIB * 1024 * 1024)) /dev/urandom > "$WORK/www$URL_PATH"
head -c 1024 /dev/urandom > "$WORK/vmlinuz"
# nginx's workers run as an unprivileged user: let them read the file.
chmod -R a+rX "$WORK"

cat > "$WORK/bootnode.yaml" <<YAML
server:
  address: 127.0.0.1
  data-dir: data
http:
  port: $BN_PORT
  max-connections: 16384
  max-connections-per-address: 4096
${BN_HTTP:+  $BN_HTTP}
images:
  compute: { kernel: vmlinuz, initrd: www/nodes/$MAC/initrd }
nodes:
  node-000: { mac: "$MAC", image: compute }
YAML
${server_cpu[@]+"${server_cpu[@]}"} java -XX:+UseSerialGC ${BN_JAVA_OPTS:-} -jar "$JAR" serve --config "$WORK/bootnode.yaml" > "$WORK/bootnode.log" 2>&1 &
BN_PID=$!

cat > "$WORK/nginx.conf" <<NGINX
daemon off;
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 16384; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path $WORK/nginx-body;
    proxy_temp_path $WORK/nginx-proxy;
    fastcgi_temp_path $WORK/nginx-fastcgi;
    uwsgi_temp_path $WORK/nginx-uwsgi;
    scgi_temp_path $WORK/nginx-scgi;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $WORK/www;
    }
}
NGINX
${server_cpu[@]+"${server_cpu[@]}"} "$NGINX" -c "$WORK/nginx.conf" -p "$WORK" &
NGINX_PID=$!

wait_up() {
    for _ in $(seq 1 100); do
        curl -fsS -o /dev/null -r 0-0 "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "server at $1 did not come up" >&2
    tail -n 5 "$WORK"/*.log >&2
    exit 1
}
wait_up "http://127.0.0.1:$BN_PORT$URL_PATH"
wait_up "http://127.0.0.1:$NGINX_PORT$URL_PATH"
# Warm the page cache once so both read from memory.
cat "$WORK/www$URL_PATH" > /dev/null

if [ "$MODE" = many ]; then
    javac -d "$WORK/client" bench/http/ManyClient.java
    # utime and stime (clock ticks) of a process and its children's threads: nginx's workers too.
    cpu_of() {
        local total_u=0 total_s=0 pid f
        for pid in "$@"; do
            read -r -a f <<< "$(sed 's/.*) //' "/proc/$pid/stat")"
            total_u=$((total_u + f[11]))
            total_s=$((total_s + f[12]))
        done
        echo "$total_u $total_s"
    }
    nginx_pids() { echo "$NGINX_PID" $(pgrep -P "$NGINX_PID"); }
    # One round against one server: prints "user-ms-per-GiB sys-ms-per-GiB client-user client-sys" (ms per GiB).
    many_round() {
        local name=$1 port=$2 pids before after out
        pids=$([ "$name" = bootnode ] && echo "$BN_PID" || nginx_pids)
        before=$(cpu_of $pids)
        out=$(${client_cpu[@]+"${client_cpu[@]}"} java -cp "$WORK/client" ManyClient "$port" "$CONNECTIONS" "$URL_PATH")
        after=$(cpu_of $pids)
        echo "$out" | grep -q "^served $CONNECTIONS/$CONNECTIONS " || { echo "$name: $out" >&2; exit 1; }
        echo "$before $after $out" | awk -v gib="$(echo "$CONNECTIONS * $SIZE_MIB / 1024" | bc -l)" -v name="$name" '{
            su = ($3 - $1) * 10 / gib; ss = ($4 - $2) * 10 / gib
            cu = $14 * 1000 / gib; cs = $16 * 1000 / gib
            printf "%-8s wall %5.2f s  server user %6.1f sys %6.1f ms/GiB  client user %6.1f sys %6.1f ms/GiB\n", name, $10, su, ss, cu, cs > "/dev/stderr"
            printf "%.1f %.1f %.1f %.1f\n", su, ss, cu, cs }'
    }
    echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); $CONNECTIONS downloads x $SIZE_MIB MiB at once, $ROUNDS rounds${PIN:+, pinned (client, servers): $PIN}"
    sum_bn="0 0 0 0"
    sum_ng="0 0 0 0"
    for r in $(seq 1 "$ROUNDS"); do
        if [ $((r % 2)) -eq 1 ]; then
            bn=$(many_round bootnode "$BN_PORT"); ng=$(many_round nginx "$NGINX_PORT")
        else
            ng=$(many_round nginx "$NGINX_PORT"); bn=$(many_round bootnode "$BN_PORT")
        fi
        sum_bn=$(echo "$sum_bn $bn" | awk '{ printf "%f %f %f %f", $1 + $5, $2 + $6, $3 + $7, $4 + $8 }')
        sum_ng=$(echo "$sum_ng $ng" | awk '{ printf "%f %f %f %f", $1 + $5, $2 + $6, $3 + $7, $4 + $8 }')
    done
    echo "$sum_bn $sum_ng" | awk -v r="$ROUNDS" '{
        printf "mean of %d: server sys ms/GiB bootnode %.1f nginx %.1f (ratio %.2f); server user+sys %.1f and %.1f (%.2f); server+client %.1f and %.1f (%.2f)\n",
            r, $2 / r, $6 / r, $2 / $6, ($1 + $2) / r, ($5 + $6) / r, ($1 + $2) / ($5 + $6),
            ($1 + $2 + $3 + $4) / r, ($5 + $6 + $7 + $8) / r, ($1 + $2 + $3 + $4) / ($5 + $6 + $7 + $8) }'
    echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
    exit 0
fi

# One round: CLIENTS concurrent downloads, each checked for the full size; prints bytes/s.
round() {
    local url=$1
    local start end
    start=$(date +%s.%N)
    seq 1 "$CLIENTS" | xargs -P "$CLIENTS" -I{} \
        curl -fsS -o /dev/null -w '%{size_download}\n' "$url" > "$WORK/sizes"
    end=$(date +%s.%N)
    local expected=$((SIZE_MIB * 1024 * 1024))
    if [ "$(grep -cx "$expected" "$WORK/sizes")" -ne "$CLIENTS" ]; then
        echo "incomplete downloads from $url" >&2
        exit 1
    fi
    echo "$end $start" | awk -v bytes=$((expected * CLIENTS)) '{ printf "%.0f\n", bytes / ($1 - $2) }'
}

best_bn=0
best_ng=0
for r in $(seq 1 "$ROUNDS"); do
    # Alternate which goes first so neither always gets the warmer machine.
    if [ $((r % 2)) -eq 1 ]; then
        bn=$(round "http://127.0.0.1:$BN_PORT$URL_PATH")
        ng=$(round "http://127.0.0.1:$NGINX_PORT$URL_PATH")
    else
        ng=$(round "http://127.0.0.1:$NGINX_PORT$URL_PATH")
        bn=$(round "http://127.0.0.1:$BN_PORT$URL_PATH")
    fi
    printf 'round %d: bootnode %7.1f MB/s   nginx %7.1f MB/s\n' "$r" "$(echo "$bn / 1000000" | bc -l)" "$(echo "$ng / 1000000" | bc -l)"
    [ "$bn" -gt "$best_bn" ] && best_bn=$bn
    [ "$ng" -gt "$best_ng" ] && best_ng=$ng
done
printf 'best of %d, %d MiB x %d clients: bootnode %.1f MB/s, nginx %.1f MB/s, ratio %.2f (target >= 0.90)\n' \
    "$ROUNDS" "$SIZE_MIB" "$CLIENTS" "$(echo "$best_bn / 1000000" | bc -l)" "$(echo "$best_ng / 1000000" | bc -l)" \
    "$(echo "$best_bn / $best_ng" | bc -l)"
