#!/usr/bin/env bash
# bench/pg: DORA exchanges per second at zero drops, pool clients, leases in PostgreSQL with
# synchronous_commit on (PostgreSQL's default): bootnode's PostgreSQL store against Kea's
# PostgreSQL lease backend in one run, then two bootnode servers sharing the database. Prints
# each server's best rate and the ratios. See README.md.
#
# Needs root, perfdhcp (kea-admin), kea-dhcp4 (kea-dhcp4-server), postgresql, java, and the
# packaged jar (./mvnw -q -B -ntp -pl bootnode-server -am package -DskipTests).
#
#   RATES="250 500 1000 1500 2000 3000"   the steps, exchanges initiated per second
#   STEP=10                                 seconds per step
#   CLIENTS=5000                            perfdhcp's clients (MACs); the pool holds 60,000
#   SERVERS="bootnode kea kea-mt bootnode-x2"   what runs, in this order (kea-mt: Kea with
#                                           multi-threading, KEA_THREADS=8 threads)
set -euo pipefail
cd "$(dirname "$0")/../.."
RATES=${RATES:-"250 500 1000 1500 2000 3000"}
STEP=${STEP:-10}
CLIENTS=${CLIENTS:-5000}
SERVERS=${SERVERS:-"bootnode kea kea-mt bootnode-x2"}
JAR=$PWD/bootnode-server/target/bootnode.jar

for tool in perfdhcp kea-dhcp4 kea-admin java ip runuser; do
  command -v $tool >/dev/null || { echo "bench: needs $tool" >&2; exit 1; }
done
[ -f "$JAR" ] || { echo "bench: no $JAR (./mvnw -q -B -ntp -pl bootnode-server -am package -DskipTests)" >&2; exit 1; }
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$PGBIN/initdb" ] || { echo "bench: needs postgresql (initdb)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/bench-pg.XXXXXX)
chmod 755 "$WORK"
L=bpgL$$; S1=bpgA$$; S2=bpgB$$; C=bpgC$$
NET=10.77; DB=$NET.0.100; SRV1=$NET.0.1; SRV2=$NET.0.2; CLI1=$NET.0.50; CLI2=$NET.0.51
PIDS=()

cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  ip netns exec $L runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pgdata" -m immediate stop >/dev/null 2>&1 || true
  for n in $C $S1 $S2 $L; do ip netns del $n 2>/dev/null || true; done
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

# One bridge (in namespace L, which also runs PostgreSQL) joining the two servers and the clients.
ip netns add $L; ip -n $L link set lo up
ip -n $L link add br0 type bridge; ip -n $L addr add $DB/16 dev br0; ip -n $L link set br0 up
join() { # NAMESPACE ADDRESS...
  local ns=$1; shift
  ip netns add $ns; ip -n $ns link set lo up
  ip -n $L link add v$ns type veth peer name eth0 netns $ns
  ip -n $L link set v$ns master br0; ip -n $L link set v$ns up
  for a in "$@"; do ip -n $ns addr add $a/16 dev eth0; done
  ip -n $ns link set eth0 up
}
join $S1 $SRV1; join $S2 $SRV2; join $C $CLI1 $CLI2

# PostgreSQL: initdb as postgres, trust on the bridge (a bench, nothing else reaches it), the
# defaults otherwise: synchronous_commit on, fsync on.
chown postgres "$WORK"
runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pgdata" -U bootnode --auth-local=trust --auth-host=trust -E UTF8 \
  --no-instructions >/dev/null
echo "host all all $NET.0.0/16 trust" >>"$WORK/pgdata/pg_hba.conf"
ip netns exec $L runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pgdata" -l "$WORK/pg.log" -w \
  -o "-p 5432 -k $WORK -c listen_addresses=$DB -c max_connections=50" start >/dev/null
psql_() { ip netns exec $L runuser -u postgres -- "$PGBIN/psql" -X -q -A -t -h "$WORK" -p 5432 -U bootnode "$@"; }
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'): synchronous_commit $(psql_ -d postgres -c 'SHOW synchronous_commit'), fsync $(psql_ -d postgres -c 'SHOW fsync')" >&2

fresh_db() { psql_ -d postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" 2>&1 | grep -v NOTICE || true; }

wait_port() { # NAMESPACE: until something listens on UDP 67
  for _ in $(seq 600); do ip netns exec $1 ss -lun 2>/dev/null | grep -q ':67 ' && return 0; sleep 0.1; done
  echo "bench: server in $1 did not start" >&2; return 1
}

start_bootnode() { # NAMESPACE ADDRESS
  local dir=$WORK/bootnode-$1
  mkdir -p "$dir"; echo kernel >"$dir/k"; echo initrd >"$dir/i"
  cat >"$dir/bootnode.yaml" <<YAML
server: { address: $2, interface: eth0, data-dir: data }
store:
  postgres: { url: "jdbc:postgresql://$DB:5432/bootnode", user: bootnode }
dhcp:
  subnet: $NET.0.0/16
  pool: $NET.1.1-$NET.240.250
  lease-time: 12h
  unknown-clients: pool
images:
  x: { kernel: k, initrd: i }
YAML
  ip netns exec $1 java ${BENCH_JAVA_OPTS:-} -jar "$JAR" serve --config "$dir/bootnode.yaml" >"$dir/serve.log" 2>&1 &
  PIDS+=($!)
  wait_port $1
}

start_kea() { # NAMESPACE ADDRESS [THREADS]
  local dir=$WORK/kea-$1 mt=
  if [ -n "${3:-}" ]; then
    # Kea 2.2's multi-threading (off by default in 2.2): THREADS packets at once, each its own
    # database connection and commit, so that commits wait for the WAL flush side by side.
    mt=$(printf '"multi-threading": { "enable-multi-threading": true, "thread-pool-size": %d, "packet-queue-size": 256 },' "$3")
  fi
  mkdir -p "$dir"
  ip netns exec $L kea-admin db-init pgsql -h $DB -P 5432 -u bootnode -n kea >"$dir/db-init.log" 2>&1 \
    || { cat "$dir/db-init.log" >&2; exit 1; }
  cat >"$dir/kea.json" <<JSON
{ "Dhcp4": {
    "interfaces-config": { "interfaces": [ "eth0" ], "dhcp-socket-type": "udp" },
    "lease-database": { "type": "postgresql", "name": "kea", "host": "$DB", "port": 5432, "user": "bootnode" },
    $mt
    "valid-lifetime": 43200,
    "subnet4": [ { "subnet": "$NET.0.0/16", "pools": [ { "pool": "$NET.1.1 - $NET.240.250" } ] } ],
    "loggers": [ { "name": "kea-dhcp4", "severity": "WARN", "output_options": [ { "output": "$dir/kea.log" } ] } ]
} }
JSON
  KEA_PIDFILE_DIR="$dir" KEA_LOCKFILE_DIR="$dir" ip netns exec $1 kea-dhcp4 -c "$dir/kea.json" >"$dir/kea.out" 2>&1 &
  PIDS+=($!)
  wait_port $1
}

stop_all() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  PIDS=()
}

# perfdhcp from LOCAL to SERVER at RATE for STEP s, clients with MAC base BASE: "acks drops"
perf() { # LOCAL SERVER RATE BASE
  local out
  out=$(ip netns exec $C perfdhcp -4 -g single -l "$1" -r "$3" -R "$CLIENTS" -p "$STEP" -W 1000000 -b "mac=$4" "$2" 2>&1 || true)
  local drops acks
  drops=$(grep '^drops:' <<<"$out" | awk '{s += $2} END {print s + 0}')
  acks=$(grep '^received packets:' <<<"$out" | sed -n 2p | awk '{print $3 + 0}')
  echo "$acks $drops"
}

best=()
for server in $SERVERS; do
  case $server in
    bootnode) fresh_db bootnode; start_bootnode $S1 $SRV1 ;;
    kea) fresh_db kea; start_kea $S1 $SRV1 ;;
    kea-mt) fresh_db kea; start_kea $S1 $SRV1 ${KEA_THREADS:-8} ;;
    bootnode-x2) fresh_db bootnode; start_bootnode $S1 $SRV1; start_bootnode $S2 $SRV2 ;;
  esac
  perf $CLI1 $SRV1 100 00:0c:01:00:00:00 >/dev/null # warm-up (the JIT, the connections)
  top=0
  for rate in $RATES; do
    if [ $server = bootnode-x2 ]; then
      # Half the rate at each server, two perfdhcp at once with clients of their own.
      half=$((rate / 2))
      perf $CLI1 $SRV1 $half 00:0a:01:00:00:00 >"$WORK/p1" & p1=$!
      perf $CLI2 $SRV2 $half 00:0b:01:00:00:00 >"$WORK/p2" & p2=$!
      wait $p1 $p2
      read -r a1 d1 <"$WORK/p1"; read -r a2 d2 <"$WORK/p2"
      acks=$((a1 + a2)); drops=$((d1 + d2))
    else
      read -r acks drops < <(perf $CLI1 $SRV1 $rate 00:0a:01:00:00:00)
    fi
    per_s=$((acks / STEP))
    echo "$server rate $rate: $per_s DORA/s, drops $drops" >&2
    [ "$drops" -eq 0 ] || break
    top=$per_s
  done
    case $server in kea*) db=kea table=lease4 ;; *) db=bootnode table=lease ;; esac
  rows=$(psql_ -d $db -c "SELECT count(*) FROM $table")
  echo "$server: $top DORA/s at zero drops ($rows lease rows)"
  best+=("$server=$top")
  stop_all
done

declare -A r
for b in "${best[@]}"; do r[${b%=*}]=${b#*=}; done
if [ -n "${r[bootnode]:-}" ] && [ -n "${r[kea]:-}" ] && [ "${r[kea]}" -gt 0 ]; then
  echo "bootnode / kea (PostgreSQL lease backend): $(awk -v a=${r[bootnode]} -v b=${r[kea]} 'BEGIN {printf "%.2f", a / b}')"
fi
if [ -n "${r[bootnode]:-}" ] && [ -n "${r[kea-mt]:-}" ] && [ "${r[kea-mt]}" -gt 0 ]; then
  echo "bootnode / kea-mt (PostgreSQL lease backend, multi-threaded): $(awk -v a=${r[bootnode]} -v b=${r[kea-mt]} 'BEGIN {printf "%.2f", a / b}')"
fi
if [ -n "${r[bootnode-x2]:-}" ] && [ -n "${r[bootnode]:-}" ] && [ "${r[bootnode]}" -gt 0 ]; then
  echo "two bootnode servers / one: $(awk -v a=${r[bootnode-x2]} -v b=${r[bootnode]} 'BEGIN {printf "%.2f", a / b}')"
fi
if [ -n "${r[bootnode-x2]:-}" ] && [ -n "${r[kea]:-}" ] && [ "${r[kea]}" -gt 0 ]; then
  echo "two bootnode servers / kea: $(awk -v a=${r[bootnode-x2]} -v b=${r[kea]} 'BEGIN {printf "%.2f", a / b}')"
fi
