#!/usr/bin/env bash
# Starts, stops or restarts the packaged WAR on the cargo-managed Tomcat 10.1 (the README's run
# command) for the browser tests. The restart test calls it too, so it keeps its state in files.
#
#   server.sh start|stop|restart
#
# Environment:
#   SWITCHBOARD_STATE_DIR      required: the pid file and server.log live there
#   SWITCHBOARD_PORT           HTTP port (default 18280); the shutdown port is PORT+1
#   SWITCHBOARD_PUBLISH_TOKEN  the publish API's bearer token (default: the API stays off)
#   SWITCHBOARD_START_SECONDS  how long a start may take (default 240)
#
# It expects target/switchboard.war to be built already: a restart must not rebuild.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
port=${SWITCHBOARD_PORT:-18280}
state=${SWITCHBOARD_STATE_DIR:?SWITCHBOARD_STATE_DIR must name a directory for the pid file and log}
pidfile=$state/server.pid
log=$state/server.log
url=http://127.0.0.1:$port/switchboard/
start_seconds=${SWITCHBOARD_START_SECONDS:-240}

die() { echo "server.sh: $*" >&2; exit 1; }

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  [ -f "$root/target/switchboard.war" ] || die "no $root/target/switchboard.war: run 'mvn -B -q package -DskipTests' first"
  [ ! -f "$pidfile" ] || die "already started (pid $(cat "$pidfile")); stop it first"
  listening "$port" && die "port $port is already in use"
  mkdir -p "$state"
  local jvmargs="-Xmx512m"
  [ -n "${SWITCHBOARD_PUBLISH_TOKEN:-}" ] && jvmargs="$jvmargs -Dswitchboard.publishToken=$SWITCHBOARD_PUBLISH_TOKEN"
  echo "=== $(date +%T) starting on port $port" >>"$log"
  # setsid: Maven and the Tomcat it forks form one process group, stopped together below.
  # -Dcargo.* on the command line override the pom's cargo properties (8080, -Xmx2g).
  (cd "$root" && exec setsid mvn -B -q cargo:run \
      -Dcargo.servlet.port="$port" -Dcargo.rmi.port="$((port + 1))" -Dcargo.tomcat.ajp.port="$((port + 2))" \
      -Dcargo.jvmargs="$jvmargs" \
      >>"$log" 2>&1 </dev/null) &
  echo $! >"$pidfile"
  local pid deadline=$((SECONDS + start_seconds))
  pid=$(cat "$pidfile")
  until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url" || true)" = 200 ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$pidfile"
      tail -n 40 "$log" >&2
      die "the server exited while starting (log: $log)"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 40 "$log" >&2
      stop
      die "the server did not answer $url within ${start_seconds}s (log: $log)"
    fi
    sleep 1
  done
  echo "server.sh: serving $url (pid $pid)"
}

stop() {
  [ -f "$pidfile" ] || return 0
  local pid
  pid=$(cat "$pidfile")
  # SIGTERM lets Tomcat undeploy the WAR, which closes every session with 1001 going away.
  kill -TERM -- "-$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 60))
  while kill -0 -- "-$pid" 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "server.sh: process group $pid did not stop within 60s; killing it" >&2
      kill -KILL -- "-$pid" 2>/dev/null || true
      break
    fi
    sleep 0.5
  done
  rm -f "$pidfile"
  deadline=$((SECONDS + 30))
  while listening "$port"; do
    [ "$SECONDS" -lt "$deadline" ] || die "port $port still in use after stopping"
    sleep 0.5
  done
  echo "=== $(date +%T) stopped" >>"$log"
  echo "server.sh: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  *) die "usage: server.sh start|stop|restart" ;;
esac
