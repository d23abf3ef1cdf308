#!/usr/bin/env bash
# Switchboard vs Node ws: one command, one table. See bench/README.md.
#
#   bench/run.sh
#
# 1. calibration: the load generator against a raw NIO echo server (its own ceiling);
# 2. Switchboard: the WAR built with Maven and run by cargo on Tomcat (the run command's container);
# 3. Node: bench/node/server.js (the npm package ws, idiomatic /echo and /broadcast/{channel});
# then one table. Servers run on core BENCH_SERVER_CORE (0), the load generator on BENCH_CLIENT_CORE (1).
# Everything listens on and connects to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."

SB_PORT=${BENCH_SB_PORT:-18380}        # Tomcat's HTTP connector (cargo.servlet.port)
SB_SHUTDOWN_PORT=${BENCH_SB_SHUTDOWN_PORT:-18385}
SB_AJP_PORT=${BENCH_SB_AJP_PORT:-18389}
NODE_PORT=${BENCH_NODE_PORT:-18381}
RAW_PORT=${BENCH_RAW_PORT:-18382}
SERVER_CORE=${BENCH_SERVER_CORE:-0}
CLIENT_CORE=${BENCH_CLIENT_CORE:-1}
IDLE=${BENCH_IDLE:-19000}              # idle connections; bounded by the per-process open-file limit
WARM=${BENCH_WARM:-1}                  # seconds of warm-up before each measurement
MEASURE=${BENCH_MEASURE:-3}            # seconds measured per scenario
JFR=${BENCH_JFR:-0}                    # 1: also profile Tomcat with JFR (echo 100 conns, broadcast 1000 subs)
SERVERS=${BENCH_SERVERS:-raw,switchboard,node}
OUT=bench/target
CLASSES=$OUT/classes
# Switchboard's settings for the run: broadcast rate limits out of the way (docs/protocol.md §5)
SB_SETTINGS="-Dswitchboard.broadcast.rate=1000000 -Dswitchboard.broadcast.burst=1000000"
SB_SETTINGS+=" -Dswitchboard.broadcast.channelRate=1000000 -Dswitchboard.broadcast.channelBurst=1000000"
SB_JVM_ARGS="-Xmx2g -Dorg.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE=512 $SB_SETTINGS"  # cargo.jvmargs replaces the pom's, so they are repeated here

log() { printf '[run.sh] %s\n' "$*"; }
need() { command -v "$1" >/dev/null 2>&1 || { echo "bench: '$1' is required" >&2; exit 1; }; }
for tool in java javac jcmd mvn node npm taskset curl ss; do need "$tool"; done
[ "$(nproc)" -ge 2 ] || { echo "bench: needs 2 cores (one for the server, one for the load generator)" >&2; exit 1; }

. bench/fd-limit.sh

mkdir -p "$CLASSES"
rm -f "$OUT"/results-*.properties
javac -d "$CLASSES" bench/loadgen/*.java
if [ ! -d bench/node/node_modules/ws ]; then
  (cd bench/node && npm ci --no-audit --no-fund --loglevel=error)
fi

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

port_pid() { # the pid listening on 127.0.0.1/any:$1
  ss -ltnpH "sport = :$1" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1
}
port_free() {
  [ -z "$(ss -ltnH "sport = :$1")" ] || { echo "bench: port $1 is in use; set BENCH_*_PORT" >&2; exit 1; }
}
wait_port() { # $1 port, $2 seconds
  for _ in $(seq 1 $(($2 * 5))); do
    [ -n "$(ss -ltnH "sport = :$1")" ] && return 0
    sleep 0.2
  done
  echo "bench: nothing listens on $1 after $2 s" >&2
  return 1
}
loadgen() {
  taskset -c "$CLIENT_CORE" java -Xmx1g -XX:+UseParallelGC -cp "$CLASSES" loadgen.LoadGen "$@"
}
suite() { # $1 name, $2 base url, $3 pid, rest: options
  local name=$1 base=$2 pid=$3
  shift 3
  loadgen suite --name "$name" --base "$base" --pid "$pid" --out "$OUT/results-$name.properties" \
    --warm "$WARM" --measure "$MEASURE" --idle "$IDLE" --idle-procs "$CLIENT_PROCS" \
    --child-prefix "taskset -c $CLIENT_CORE" "$@"
}

START=$(date +%s)
log "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores; open-file limit $FD_LIMIT; servers on core $SERVER_CORE, load generator on core $CLIENT_CORE"

# --- 1. calibration: the generator against the least an echo server can do, on the same core.
# "raw1" writes each echoed message separately (as Tomcat and ws do): a ceiling for that pattern.
# "rawB" answers all the frames of one read with one write: the generator's own ceiling.
if [[ ,$SERVERS, == *,raw,* ]]; then
  for mode in raw1 rawB; do
    port_free "$RAW_PORT"
    if [ $mode = raw1 ]; then flag=""; label="raw NIO, 1 write/msg"; else flag=batched; label="raw NIO, batched"; fi
    taskset -c "$SERVER_CORE" java -Xmx256m -cp "$CLASSES" loadgen.LoadGen echo-server "$RAW_PORT" $flag >"$OUT/$mode.log" 2>&1 &
    RAW=$!
    PIDS+=("$RAW")
    wait_port "$RAW_PORT" 20
    suite $mode "ws://127.0.0.1:$RAW_PORT" "$RAW" --scenarios echo,latency --warmup 2 --label "$label"
    kill "$RAW"; wait "$RAW" 2>/dev/null || true
  done
fi

# --- 2. Switchboard on Tomcat, started by cargo as `mvn package cargo:run` does
if [[ ,$SERVERS, == *,switchboard,* ]]; then
  port_free "$SB_PORT"
  log "building the WAR"
  mvn -B -q package -DskipTests -Dswitchboard.skipUnitTests=true  # the pom's skipTests setting outranks -DskipTests
  log "starting Tomcat with cargo on port $SB_PORT (log: $OUT/cargo.log)"
  mvn -B -q cargo:run -Dcargo.servlet.port="$SB_PORT" -Dcargo.rmi.port="$SB_SHUTDOWN_PORT" \
    -Dcargo.tomcat.ajp.port="$SB_AJP_PORT" -Dcargo.jvmargs="$SB_JVM_ARGS" >"$OUT/cargo.log" 2>&1 &
  MVN=$!
  PIDS+=("$MVN")
  deployed=no
  for _ in $(seq 1 180); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$SB_PORT/switchboard/")" = 200 ] && { deployed=yes; break; }
    kill -0 "$MVN" 2>/dev/null || { tail -30 "$OUT/cargo.log" >&2; exit 1; }
    sleep 1
  done
  [ $deployed = yes ] || { echo "bench: /switchboard/ did not answer 200 within 180 s" >&2; tail -30 "$OUT/cargo.log" >&2; exit 1; }
  TOMCAT=$(port_pid "$SB_PORT")
  [ -n "$TOMCAT" ] || { echo "bench: Tomcat did not start" >&2; tail -30 "$OUT/cargo.log" >&2; exit 1; }
  taskset -a -cp "$SERVER_CORE" "$TOMCAT" >/dev/null
  grep -q -- "-Dswitchboard.broadcast.rate=1000000" "/proc/$TOMCAT/cmdline" \
    || { echo "bench: Tomcat did not get the settings from -Dcargo.jvmargs" >&2; exit 1; }
  log "Tomcat pid $TOMCAT pinned to core $SERVER_CORE; max open files $(awk '/open files/ {print $4}' "/proc/$TOMCAT/limits")"
  PROFILE=()
  [ "$JFR" = 1 ] && PROFILE=(--profile "$PWD/$OUT/switchboard" --profile-seconds 20)
  suite switchboard "ws://127.0.0.1:$SB_PORT/switchboard" "$TOMCAT" --scenarios idle,echo,latency,broadcast,broadcast-json --jvm "${PROFILE[@]}"
  kill "$MVN"; wait "$MVN" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$TOMCAT" 2>/dev/null || break; sleep 1; done
  kill -0 "$TOMCAT" 2>/dev/null && kill "$TOMCAT"
fi

# --- 3. Node ws
if [[ ,$SERVERS, == *,node,* ]]; then
  port_free "$NODE_PORT"
  taskset -c "$SERVER_CORE" node --expose-gc bench/node/server.js "$NODE_PORT" >"$OUT/node.log" 2>&1 &
  NODE=$!
  PIDS+=("$NODE")
  wait_port "$NODE_PORT" 20
  suite node "ws://127.0.0.1:$NODE_PORT" "$NODE" --scenarios idle,echo,latency,broadcast \
    --stats-url "http://127.0.0.1:$NODE_PORT/stats"
  kill "$NODE"; wait "$NODE" 2>/dev/null || true
fi

echo
echo "Switchboard (Tomcat $(sed -n 's:.*<tomcat.version>\(.*\)</tomcat.version>.*:\1:p' pom.xml), $(java -version 2>&1 | head -1)) vs Node $(node -v) ws $(node -p "require('./bench/node/node_modules/ws/package.json').version"); $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "SB/Node = Switchboard's value divided by Node's. raw NIO = calibration servers (LoadGen echo-server) on the same core."
echo "cpu% srv/gen = server / load-generator CPU in % of one core during the measurement (raw1, rawB: the calibration servers)."
echo "Idle connections: $IDLE, not 20,000: one process may hold at most $FD_LIMIT open files here (ulimit -Hn, not raisable),"
echo "so the server holds $IDLE sockets and the clients are split over $CLIENT_PROCS processes."
echo
loadgen table "$OUT/results-switchboard.properties" "$OUT/results-node.properties" "$OUT/results-raw1.properties" \
  "$OUT/results-rawB.properties" \
  | tee "$OUT/table.txt"
if [ "$JFR" = 1 ]; then
  : >"$OUT/jfr-top.txt"
  for rec in echo100 bcast1000; do
    [ -f "$OUT/switchboard-$rec.jfr" ] || continue
    echo
    echo "JFR, Tomcat during $rec ($OUT/switchboard-$rec.jfr):" | tee -a "$OUT/jfr-top.txt"
    loadgen jfr-top "$OUT/switchboard-$rec.jfr" 25 | tee -a "$OUT/jfr-top.txt"
  done
fi
log "done in $(( $(date +%s) - START )) s"
