#!/usr/bin/env bash
# The same scenarios as bench/run.sh against the packaged WAR on every supported container, and
# Node ws, in one run, one table (a column per server). See bench/README.md "Every container".
#
#   bench/containers.sh
#   BENCH_CONTAINERS=tomcat,payara BENCH_IDLE=2000 bench/containers.sh     a quick subset
#
# Each container is started once, from the distribution the pom's container profiles resolve
# (Maven Central through ~/.m2, unpacked into bench/target/containers/dist and kept between runs),
# by its own file bench/containers/NAME.sh (its settings, in one place), with the WAR at
# /switchboard; its JVM is pinned to core BENCH_SERVER_CORE once it answers, the load generator
# runs on BENCH_CLIENT_CORE; then it is stopped and its port checked free. A container that does
# not start, or a scenario that fails on it, is shown as FAILED in the table with the reason.
# Every port used is in 21000-21999 (BENCH_NODE_PORT and the PORT of each container file).
set -euo pipefail
cd "$(dirname "$0")/.."

ALL=tomcat,tomcat11,jetty,payara,glassfish,wildfly,liberty
CONTAINERS=${BENCH_CONTAINERS:-$ALL}
NODE=${BENCH_NODE:-1}                  # 0: leave out Node ws
NODE_PORT=${BENCH_NODE_PORT:-21001}
SERVER_CORE=${BENCH_SERVER_CORE:-0}
CLIENT_CORE=${BENCH_CLIENT_CORE:-1}
IDLE=${BENCH_IDLE:-19000}              # idle connections per server; bounded by the open-file limit
WARM=${BENCH_WARM:-1}
MEASURE=${BENCH_MEASURE:-3}
START_TIMEOUT=${BENCH_START_TIMEOUT:-240}
SUITE_TIMEOUT=${BENCH_SUITE_TIMEOUT:-900}   # seconds for one server's scenarios, a hung server included
OUT=$PWD/bench/target/containers     # absolute: the containers start in directories of their own
DIST=$OUT/dist                         # unpacked distributions, kept between runs
RUN=$OUT/run                           # each container's configuration and logs, made anew per run
RESULTS=$OUT/results
CLASSES=bench/target/classes
WAR=$OUT/switchboard.war
HEAP="-Xmx2g"
# Switchboard's settings for the run: broadcast rate limits out of the way, as bench/run.sh does
SB_SETTINGS="-Dswitchboard.broadcast.rate=1000000 -Dswitchboard.broadcast.burst=1000000"
SB_SETTINGS+=" -Dswitchboard.broadcast.channelRate=1000000 -Dswitchboard.broadcast.channelBurst=1000000"

log() { printf '[containers.sh] %s\n' "$*"; }
need() { command -v "$1" >/dev/null 2>&1 || { echo "bench: '$1' is required" >&2; exit 1; }; }
for tool in java javac jcmd mvn node npm taskset curl ss timeout; do need "$tool"; done
[ "$(nproc)" -ge 2 ] || { echo "bench: needs 2 cores (one for the server, one for the load generator)" >&2; exit 1; }
for c in ${CONTAINERS//,/ }; do
  [ -f "bench/containers/$c.sh" ] || { echo "bench: no bench/containers/$c.sh (known: $ALL)" >&2; exit 2; }
done

. bench/fd-limit.sh

# --- helpers for the container files
pom_property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" pom.xml | head -1; }
unpack() { # $1 groupId:artifactId:version:type from ~/.m2 (Maven Central), $2 directory; once
  [ -d "$2" ] && return 0
  log "unpacking $1 into $2"
  rm -rf "$2.part"
  # overWriteReleases: else the plugin skips an artifact its markers in target/ say it unpacked before
  mvn -B -q dependency:unpack -Dartifact="$1" -DoutputDirectory="$2.part" -Dmdep.overWriteReleases=true >&2
  [ -n "$(ls -A "$2.part" 2>/dev/null)" ] && mv "$2.part" "$2"
}
copy_jar() { # $1 groupId:artifactId:version from ~/.m2 into $DIST as artifactId-version.jar; once
  local file
  file=$DIST/$(echo "$1" | cut -d: -f2)-$(echo "$1" | cut -d: -f3).jar
  [ -f "$file" ] && return 0
  log "copying $1 into $DIST"
  mvn -B -q dependency:copy -Dartifact="$1" -DoutputDirectory="$DIST" >&2
  [ -f "$file" ]
}
descendants() { # every process under $1, deepest first
  local child
  for child in $(pgrep -P "$1"); do
    descendants "$child"
    echo "$child"
  done
}
port_pid() { ss -ltnpH "sport = :$1" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1; }
port_busy() { [ -n "$(ss -ltnH "sport = :$1")" ]; }
pid_ports() { ss -ltnpH | grep "pid=$1," | awk '{print $4}' | sed 's/.*://' | sort -n | uniq | tr '\n' ' '; }
loadgen() { taskset -c "$CLIENT_CORE" java -Xmx1g -XX:+UseParallelGC -cp "$CLASSES" loadgen.LoadGen "$@"; }
suite() { # $1 name, $2 label, $3 base url, $4 pid, rest: options
  local name=$1 label=$2 base=$3 pid=$4
  shift 4
  timeout "$SUITE_TIMEOUT" taskset -c "$CLIENT_CORE" java -Xmx1g -XX:+UseParallelGC -cp "$CLASSES" loadgen.LoadGen \
    suite --name "$name" --label "$label" --base "$base" --pid "$pid" --out "$RESULTS/$name.properties" \
    --warm "$WARM" --measure "$MEASURE" --idle "$IDLE" --idle-procs "$CLIENT_PROCS" \
    --child-prefix "taskset -c $CLIENT_CORE" --keep-going "$@"
}
failed() { # $1 name, $2 label, $3 why: a result that says the server did not run
  printf 'name=%s\nlabel=%s\nerror=%s\n' "$1" "$2" "$3" >"$RESULTS/$1.properties"
  log "$2: FAILED: $3"
}

LAUNCHED=
SERVER=
cleanup() {
  if declare -F stop >/dev/null && [ -n "$LAUNCHED" ]; then stop || true; fi
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
  [ -n "$LAUNCHED" ] && kill "$LAUNCHED" 2>/dev/null || true
}
trap cleanup EXIT

START=$(date +%s)
mkdir -p "$CLASSES" "$DIST" "$RUN" "$RESULTS"
rm -f "$RESULTS"/*.properties
LOAD_START=$(uptime | sed 's/.*load average: //')
log "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores; load average $LOAD_START; open-file limit $FD_LIMIT; servers on core $SERVER_CORE, load generator on core $CLIENT_CORE; containers $CONTAINERS; $IDLE idle connections each"
javac -d "$CLASSES" bench/loadgen/*.java
if [ ! -d bench/node/node_modules/ws ]; then
  (cd bench/node && npm ci --no-audit --no-fund --loglevel=error)
fi
log "building the WAR"
mvn -B -q package -DskipTests -Dswitchboard.skipUnitTests=true
cp target/switchboard.war "$WAR"

# --- Node ws, the peer every column is compared with
FILES=()
if [ "$NODE" = 1 ]; then
  FILES+=("$RESULTS/node.properties")
  if port_busy "$NODE_PORT"; then
    failed node "Node ws" "port $NODE_PORT in use"
  else
    taskset -c "$SERVER_CORE" node --expose-gc bench/node/server.js "$NODE_PORT" >"$RUN/node.log" 2>&1 &
    SERVER=$!
    for _ in $(seq 1 100); do port_busy "$NODE_PORT" && break; sleep 0.2; done
    suite node "Node ws $(node -p "require('./bench/node/node_modules/ws/package.json').version")" \
      "ws://127.0.0.1:$NODE_PORT" "$SERVER" --scenarios idle,echo,latency,broadcast \
      --stats-url "http://127.0.0.1:$NODE_PORT/stats" || log "Node ws: the suite exited with $?"
    kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
    SERVER=
  fi
fi

# --- each container: start, pin, measure, stop, check its port is free
for name in ${CONTAINERS//,/ }; do
  FILES+=("$RESULTS/$name.properties")
  unset -f start stop
  stop() { # the default: SIGTERM to the server JVM (a graceful stop) and to whatever start launched
    local pids
    pids="$SERVER $(descendants "$LAUNCHED") $LAUNCHED" # the JVM may be a launcher script's child
    # shellcheck disable=SC2086
    kill $pids 2>/dev/null || true
    for _ in $(seq 1 60); do
      # shellcheck disable=SC2086
      kill -0 $pids 2>/dev/null || break
      sleep 1
    done
  }
  LABEL=$name PORT=
  LOG=$RUN/$name.log
  # shellcheck source=/dev/null
  source "bench/containers/$name.sh"
  if port_busy "$PORT"; then
    failed "$name" "$LABEL" "port $PORT in use before the start"
    continue
  fi
  log "$LABEL: starting on port $PORT (log: $LOG)"
  t0=$(date +%s)
  LAUNCHED= SERVER=
  if ! start; then
    failed "$name" "$LABEL" "its start command failed, see $LOG"
    stop || true; LAUNCHED=
    continue
  fi
  up=no
  for _ in $(seq 1 "$START_TIMEOUT"); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/switchboard/health")" = 200 ] && { up=yes; break; }
    [ -n "$LAUNCHED" ] && ! kill -0 "$LAUNCHED" 2>/dev/null && break
    sleep 1
  done
  SERVER=$(port_pid "$PORT")
  if [ $up != yes ] || [ -z "$SERVER" ]; then
    failed "$name" "$LABEL" "/switchboard/health did not answer 200 within $START_TIMEOUT s, see $LOG"
    tail -20 "$LOG" >&2 || true
    stop || true
    port_busy "$PORT" && log "$LABEL: WARNING: port $PORT still in use after the stop"
    LAUNCHED= SERVER=
    continue
  fi
  started=$(( $(date +%s) - t0 ))
  taskset -a -cp "$SERVER_CORE" "$SERVER" >/dev/null
  grep -q -- "-Dswitchboard.broadcast.rate=1000000" "/proc/$SERVER/cmdline" \
    || log "$LABEL: WARNING: the server's command line lacks the rate-limit settings"
  ports=$(pid_ports "$SERVER")
  log "$LABEL: pid $SERVER up in $started s, pinned to core $SERVER_CORE; listening on $ports"
  for p in $ports; do
    [ "$p" -ge 21000 ] && [ "$p" -le 21999 ] || log "$LABEL: WARNING: port $p is outside 21000-21999"
  done
  status=0
  suite "$name" "$LABEL" "ws://127.0.0.1:$PORT/switchboard" "$SERVER" \
    --scenarios idle,echo,latency,broadcast,broadcast-json --jvm || status=$?
  printf 'startSeconds=%s\nports=%s\n' "$started" "$ports" >>"$RESULTS/$name.properties"
  if [ $status != 0 ]; then # the scenarios it did not reach show as "-"; the table says why
    log "$LABEL: the suite exited with $status"
    echo "suite.error=the load generator exited with $status (124: not done within $SUITE_TIMEOUT s)" \
      >>"$RESULTS/$name.properties"
  fi
  stop || true
  for _ in $(seq 1 60); do kill -0 "$SERVER" 2>/dev/null || break; sleep 1; done
  if kill -0 "$SERVER" 2>/dev/null; then
    log "$LABEL: still running 60 s after the stop: killed"
    kill -9 "$SERVER" 2>/dev/null || true
    echo "stop.error=did not stop within 60 s of SIGTERM; killed" >>"$RESULTS/$name.properties"
  fi
  wait "$LAUNCHED" 2>/dev/null || true
  for p in $ports; do
    port_busy "$p" && { log "$LABEL: WARNING: port $p still in use after the stop"; \
      echo "stop.error=port $p still in use after the stop" >>"$RESULTS/$name.properties"; }
  done
  LAUNCHED= SERVER=
done

LOAD_END=$(uptime | sed 's/.*load average: //')
{
  echo "Switchboard $(git rev-parse --short HEAD) on each container vs Node $(node -v) ws; $(java -version 2>&1 | head -1);"
  echo "$(nproc) cores, servers on core $SERVER_CORE, load generator on core $CLIENT_CORE; $(date -u '+%Y-%m-%d %H:%M UTC');"
  echo "load average (1/5/15 min) $LOAD_START at the start, $LOAD_END at the end; $IDLE idle connections per server;"
  echo "$(( $(date +%s) - START )) s in all. Each container's settings: bench/containers/NAME.sh."
  echo
  loadgen container-table "${FILES[@]}"
} | tee "$OUT/table.md"
log "done in $(( $(date +%s) - START )) s"
