#!/usr/bin/env bash
# Cluster fan-out benchmark (issue 14): 1,000 subscribers of one channel split over two nodes that
# share one Redis, a publisher on the first node, in four configurations, one run:
#   switchboard-1   Switchboard, one Tomcat node, no Redis (the baseline: what the Redis hop costs)
#   switchboard-2   Switchboard, a Tomcat node and a Payara Micro node sharing a redis-server
#   socketio-1      socket.io 4, one Node process, in-memory adapter
#   socketio-2      socket.io 4, two Node processes sharing the redis-server via @socket.io/redis-adapter
# Reports deliveries/s, publish-to-deliver p50/p99/max (ms) and lost messages. Everything runs on
# this machine, the load generator (bench/cluster/loadgen.js, one Node process) included.
#
# Knobs: BENCH_SUBSCRIBERS (1000), BENCH_RATE (messages/s, 20), BENCH_SECONDS (10),
#        BENCH_CLUSTER_PORT (18490; uses +0..+3 for Switchboard and Redis, +5..+7 for socket.io).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
subscribers=${BENCH_SUBSCRIBERS:-1000}
rate=${BENCH_RATE:-20}
seconds=${BENCH_SECONDS:-10}
port=${BENCH_CLUSTER_PORT:-18490}
out=$root/bench/target
mkdir -p "$out"
export SWITCHBOARD_STATE_DIR=$out/cluster-state SWITCHBOARD_CLUSTER_PORT=$port
# the publisher sends far above the default per-connection and per-channel limits
export SWITCHBOARD_BROADCAST_RATE=1000000 SWITCHBOARD_BROADCAST_BURST=1000000
export SWITCHBOARD_BROADCAST_CHANNEL_RATE=1000000 SWITCHBOARD_BROADCAST_CHANNEL_BURST=1000000
cluster=$root/browser-tests/cluster.sh
pids=()
cleanup() {
  "$cluster" stop >/dev/null 2>&1 || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$out/sio-redis.pid" ] && kill "$(cat "$out/sio-redis.pid")" 2>/dev/null || true
}
trap cleanup EXIT

(cd bench/cluster && npm ci --no-audit --no-fund --loglevel=error)
echo "bench: building the WAR"
mvn -B -q package -DskipTests
ls -d target/cargo/installs/*/apache-tomcat-* target/tomcat/apache-tomcat-* >/dev/null 2>&1 \
  || mvn -B -q -Ptomcat dependency:unpack@unpack-tomcat

run() { # name, kind, url A, url B
  echo "bench: $1"
  node bench/cluster/loadgen.js "$2" "$3" "$4" "$subscribers" "$rate" "$seconds" | tee "$out/cluster-$1.json"
}

urls=$("$cluster" single)
run switchboard-1 switchboard "$(sed -n 's/^SWITCHBOARD_CLUSTER_A=//p' <<<"$urls")" ""
"$cluster" stop

urls=$("$cluster" start)
run switchboard-2 switchboard "$(sed -n 's/^SWITCHBOARD_CLUSTER_A=//p' <<<"$urls")" \
  "$(sed -n 's/^SWITCHBOARD_CLUSTER_B=//p' <<<"$urls")"
"$cluster" stop

node bench/cluster/sio-server.js $((port + 5)) >"$out/sio-1.log" 2>&1 & pids+=($!)
sleep 2
run socketio-1 socketio "http://127.0.0.1:$((port + 5))" ""
kill "${pids[-1]}"

redis-server --port $((port + 7)) --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
  --pidfile "$out/sio-redis.pid" --logfile "$out/sio-redis.log"
node bench/cluster/sio-server.js $((port + 5)) "redis://127.0.0.1:$((port + 7))" >"$out/sio-a.log" 2>&1 & pids+=($!)
node bench/cluster/sio-server.js $((port + 6)) "redis://127.0.0.1:$((port + 7))" >"$out/sio-b.log" 2>&1 & pids+=($!)
sleep 3
run socketio-2 socketio "http://127.0.0.1:$((port + 5))" "http://127.0.0.1:$((port + 6))"

{
  echo
  echo "fan-out to $subscribers subscribers, $rate messages/s for $seconds s ($(nproc) cores, everything on this machine)"
  printf '%-15s %14s %9s %9s %9s %6s\n' configuration deliveries/s p50-ms p99-ms max-ms lost
  for name in switchboard-1 switchboard-2 socketio-1 socketio-2; do
    node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      console.log([process.argv[2].padEnd(15), String(r.deliveriesPerSecond).padStart(14), String(r.p50).padStart(9),
        String(r.p99).padStart(9), String(r.max).padStart(9), String(r.lost).padStart(6)].join(" "));' \
      "$out/cluster-$name.json" "$name"
  done
} | tee "$out/cluster-table.txt"
