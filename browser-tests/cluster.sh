#!/usr/bin/env bash
# Starts or stops a two-node Switchboard cluster for the browser tests: a redis-server of its own,
# node A on Tomcat 10.1 (the cargo installation that server.sh's run command unpacked, with a
# CATALINA_BASE of its own) and node B on Payara Micro 6, both deploying target/switchboard.war
# with switchboard.redis.url pointing at that Redis.
#
#   cluster.sh start|stop
#   cluster.sh single          node A alone, without Redis (the benchmark's single-node baseline)
#
# Environment:
#   SWITCHBOARD_STATE_DIR       required: pid files and logs live in $SWITCHBOARD_STATE_DIR/cluster
#   SWITCHBOARD_CLUSTER_PORT    node A's HTTP port (default 18290); node B uses +1, Redis +2,
#                               Tomcat's shutdown port +3
# Prints SWITCHBOARD_CLUSTER_A=… and SWITCHBOARD_CLUSTER_B=… (the nodes' base URLs) when started.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
state=${SWITCHBOARD_STATE_DIR:?SWITCHBOARD_STATE_DIR must name a directory}/cluster
port_a=${SWITCHBOARD_CLUSTER_PORT:-18290}
port_b=$((port_a + 1))
port_redis=$((port_a + 2))
port_shutdown=$((port_a + 3))
redis_url=redis://127.0.0.1:$port_redis

die() { echo "cluster.sh: $*" >&2; exit 1; }

wait_for_health() { # url, seconds, log[, redis state]
  local deadline=$((SECONDS + $2))
  until curl -s --max-time 5 "$1/health" | grep -q "\"redis\":\"${4:-UP}\""; do
    [ "$SECONDS" -lt "$deadline" ] || { tail -n 40 "$3" >&2; die "$1 did not report redis UP within $2 s (log: $3)"; }
    sleep 1
  done
}

start_tomcat() { # redis URL or empty
  [ -f "$root/target/switchboard.war" ] || die "no target/switchboard.war"
  local install
  install=$(ls -d "$root"/target/cargo/installs/*/*/apache-tomcat-* 2>/dev/null | head -n 1 || true)
  [ -n "$install" ] || install=$(ls -d "$root"/target/cargo/installs/*/apache-tomcat-* 2>/dev/null | head -n 1 || true)
  [ -n "$install" ] || install=$(ls -d "$root"/target/tomcat/apache-tomcat-* 2>/dev/null | head -n 1 || true)
  [ -n "$install" ] || die "no Tomcat under target/cargo/installs or target/tomcat: start server.sh first"
  mkdir -p "$state"
  echo "$install" >"$state/tomcat.install"
  local opts="-Xmx512m"
  [ -z "$1" ] || opts="$opts -Dswitchboard.redis.url=$1"
  local base=$state/tomcat
  rm -rf "$base" && mkdir -p "$base"/{conf,logs,temp,webapps,work}
  cp -r "$install"/conf/* "$base/conf/"
  sed -i -e "s/port=\"8080\"/port=\"$port_a\"/" -e "s/port=\"8005\"/port=\"$port_shutdown\"/" "$base/conf/server.xml"
  cp "$root/target/switchboard.war" "$base/webapps/"
  CATALINA_BASE=$base CATALINA_PID=$state/tomcat.pid \
    CATALINA_OPTS="$opts" bash "$install/bin/catalina.sh" start >"$state/tomcat.out" 2>&1
}

single() {
  start_tomcat ""
  wait_for_health "http://127.0.0.1:$port_a/switchboard" 240 "$state/tomcat/logs/catalina.out" OFF
  echo "SWITCHBOARD_CLUSTER_A=http://127.0.0.1:$port_a/switchboard"
}

start() {
  command -v redis-server >/dev/null || die "redis-server is missing: apt-get install -y redis-server"
  mkdir -p "$state"
  redis-server --port "$port_redis" --bind 127.0.0.1 --save '' --appendonly no \
      --daemonize yes --pidfile "$state/redis.pid" --logfile "$state/redis.log"
  start_tomcat "$redis_url"

  # node B: Payara Micro
  local version jar=$root/target/payara-micro.jar
  if [ ! -f "$jar" ]; then
    version=$(sed -n 's:.*<payara.micro.version>\(.*\)</payara.micro.version>.*:\1:p' "$root/pom.xml")
    (cd "$root" && mvn -B -q dependency:copy -Dartifact="fish.payara.extras:payara-micro:$version" \
        -DoutputDirectory=target -Dmdep.stripVersion=true)
    mv "$root/target/payara-micro.jar" "$jar" 2>/dev/null || true
  fi
  (SWITCHBOARD_REDIS_URL=$redis_url exec setsid java -Xmx512m -jar "$jar" --deploy "$root/target/switchboard.war" \
      --contextroot switchboard --port "$port_b" --nocluster >"$state/payara.log" 2>&1 </dev/null) &
  echo $! >"$state/payara.pid"

  wait_for_health "http://127.0.0.1:$port_a/switchboard" 240 "$state/tomcat/logs/catalina.out"
  wait_for_health "http://127.0.0.1:$port_b/switchboard" 240 "$state/payara.log"
  echo "SWITCHBOARD_CLUSTER_A=http://127.0.0.1:$port_a/switchboard"
  echo "SWITCHBOARD_CLUSTER_B=http://127.0.0.1:$port_b/switchboard"
}

stop() {
  if [ -f "$state/tomcat.pid" ]; then
    CATALINA_BASE=$state/tomcat CATALINA_PID=$state/tomcat.pid \
      bash "$(cat "$state/tomcat.install")/bin/catalina.sh" stop 30 -force \
      >/dev/null 2>&1 || kill -KILL "$(cat "$state/tomcat.pid")" 2>/dev/null || true
    rm -f "$state/tomcat.pid"
  fi
  if [ -f "$state/payara.pid" ]; then
    kill -TERM -- "-$(cat "$state/payara.pid")" 2>/dev/null || true
    rm -f "$state/payara.pid"
  fi
  if [ -f "$state/redis.pid" ]; then
    kill "$(cat "$state/redis.pid")" 2>/dev/null || true
    rm -f "$state/redis.pid"
  fi
}

case "${1:-}" in
  start) start ;;
  single) single ;;
  stop) stop ;;
  *) die "usage: cluster.sh start|single|stop" ;;
esac
