# Jetty 12.1: stock jetty-home, a fresh jetty.base with the modules the container tests use, the
# WAR in its webapps/ (context path /switchboard from the file name). Jetty has no connection cap
# unless the connectionlimit module is added; its thread pool is the stock one (200 max).
# Settings to try: more modules in JETTY_MODULES, start properties in JETTY_PROPERTIES
# (e.g. jetty.threadPool.maxThreads=8 with the threadpool module), JVM options in JETTY_OPTS.

LABEL="Jetty $(pom_property jetty.version)"
PORT=21030
JETTY_MODULES="http,ee10-deploy,ee10-websocket-jakarta"
JETTY_PROPERTIES=""
JETTY_OPTS=""

start() {
  local version home base
  version=$(pom_property jetty.version)
  home=$DIST/jetty-$version/jetty-home-$version
  base=$RUN/jetty-base
  unpack "org.eclipse.jetty:jetty-home:$version:tar.gz" "$DIST/jetty-$version" || return 1
  rm -rf "$base"
  mkdir -p "$base"
  (cd "$base" && java -jar "$home/start.jar" --add-modules="$JETTY_MODULES") >"$LOG" 2>&1 || return 1
  cp "$WAR" "$base/webapps/switchboard.war"
  # JVM options on java's own command line: start.jar then runs Jetty in this JVM (no fork)
  # shellcheck disable=SC2086
  (cd "$base" && exec java $HEAP $JETTY_OPTS $SB_SETTINGS -jar "$home/start.jar" \
    jetty.http.host=127.0.0.1 jetty.http.port="$PORT" $JETTY_PROPERTIES) >>"$LOG" 2>&1 &
  LAUNCHED=$!
}
