#!/usr/bin/env bash
# Soak: N minutes of churn against the packaged WAR on one container, sampled and judged by
# bench/soak/Soak.java (see its Javadoc and README "Soak"). Not a timed test: it fails (exit 1) on
# memory or threads that keep growing, sessions that do not return to the baseline, or any close
# code the churn did not ask for.
#
#   bench/soak.sh                                   2 minutes on Tomcat 10.1 (the run command's cargo)
#   SOAK_CONTAINER=payara SOAK_MINUTES=20 bench/soak.sh
#
# Uses target/switchboard.war when it exists (./test.sh has just built it), else packages it.
# Samples and summary: bench/target/soak-CONTAINER/{samples.csv,summary.txt,server.log}.
set -euo pipefail
cd "$(dirname "$0")/.."

CONTAINER=${SOAK_CONTAINER:-tomcat}
MINUTES=${SOAK_MINUTES:-2}
PORT=${SOAK_PORT:-18480}                  # HTTP; Tomcat's shutdown and AJP ports are PORT+5 and PORT+9
OUT=bench/target/soak-$CONTAINER
# short heartbeat and idle timeout, so that reset and stalled clients are let go within the run
SETTINGS="-Dswitchboard.heartbeatSeconds=5 -Dswitchboard.idleTimeoutSeconds=15"

log() { printf '[soak.sh] %s\n' "$*"; }
need() { command -v "$1" >/dev/null 2>&1 || { echo "soak: '$1' is required" >&2; exit 1; }; }
for tool in java jcmd mvn curl ss; do need "$tool"; done

mkdir -p "$OUT"
[ -f target/switchboard.war ] || mvn -B -q package -DskipTests

SERVER=
cleanup() {
  if [ -n "$SERVER" ]; then
    kill "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
  fi
}
trap cleanup EXIT

case "$CONTAINER" in
  tomcat)
    log "starting Tomcat 10.1 with cargo on port $PORT (log: $OUT/server.log)"
    mvn -B -q cargo:run -Dcargo.servlet.port="$PORT" -Dcargo.rmi.port=$((PORT + 5)) \
      -Dcargo.tomcat.ajp.port=$((PORT + 9)) \
      -Dcargo.jvmargs="-Xmx1g -Dorg.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE=512 $SETTINGS" >"$OUT/server.log" 2>&1 &
    SERVER=$!
    ;;
  payara)
    if [ ! -f target/payara-micro.jar ]; then
      version=$(sed -n 's:.*<payara.micro.version>\(.*\)</payara.micro.version>.*:\1:p' pom.xml)
      mvn -B -q dependency:copy -Dartifact="fish.payara.extras:payara-micro:$version" \
        -DoutputDirectory=target -Dmdep.stripVersion=true
    fi
    log "starting Payara Micro on port $PORT (log: $OUT/server.log)"
    # shellcheck disable=SC2086
    java -Xmx1g $SETTINGS -jar target/payara-micro.jar --deploy target/switchboard.war --contextroot switchboard \
      --port "$PORT" --nocluster >"$OUT/server.log" 2>&1 &
    SERVER=$!
    ;;
  *) echo "soak: SOAK_CONTAINER must be tomcat or payara" >&2; exit 2 ;;
esac

for _ in $(seq 1 240); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/switchboard/health")" = 200 ] && break
  kill -0 "$SERVER" 2>/dev/null || { tail -30 "$OUT/server.log" >&2; exit 1; }
  sleep 1
done
PID=$(ss -ltnpH "sport = :$PORT" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1)
[ -n "$PID" ] || { echo "soak: nothing listens on $PORT" >&2; tail -30 "$OUT/server.log" >&2; exit 1; }
log "server pid $PID; churning for $MINUTES minutes"

status=0
java bench/soak/Soak.java --base "http://127.0.0.1:$PORT/switchboard" --pid "$PID" --minutes "$MINUTES" --out "$OUT" \
  || status=$?
if grep -E 'failed to stop it|Exception' "$OUT/server.log" | grep -v -E 'IOException|EOFException|ClosedChannel|Broken pipe|Connection reset' | head -5; then
  log "the server logged the exceptions above"
fi
exit "$status"
