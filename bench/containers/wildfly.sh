# WildFly 38 (Undertow): stock standalone.xml in a fresh server base directory (a copy of the
# distribution's standalone/), the WAR in its deployments/, every listener on 127.0.0.1 and in the
# port block (HTTP 21050, HTTPS 21053, management 21060/21063). JAVA_OPTS replaces standalone.conf's
# defaults (-Xmx512m), so it carries the heap and the rate limits.
# Settings to try: WILDFLY_OPTS (JVM), WILDFLY_ARGS (standalone.sh arguments, e.g. -c standalone-...xml).

LABEL="WildFly $(pom_property wildfly.version | sed 's/\.Final$//')"
PORT=21050
WILDFLY_OPTS=""
WILDFLY_ARGS=""

start() {
  local version home base
  version=$(pom_property wildfly.version)
  home=$DIST/wildfly-$version/wildfly-$version
  base=$RUN/wildfly-standalone
  unpack "org.wildfly:wildfly-dist:$version:tar.gz" "$DIST/wildfly-$version" || return 1
  rm -rf "$base"
  cp -r "$home/standalone" "$base"
  rm -rf "$base"/{data,log,tmp}
  cp "$WAR" "$base/deployments/switchboard.war"
  # shellcheck disable=SC2086
  JAVA_OPTS="$HEAP $WILDFLY_OPTS $SB_SETTINGS -Djava.net.preferIPv4Stack=true" "$home/bin/standalone.sh" \
    -Djboss.server.base.dir="$base" -b 127.0.0.1 -bmanagement 127.0.0.1 \
    -Djboss.http.port="$PORT" -Djboss.https.port=$((PORT + 3)) \
    -Djboss.management.http.port=$((PORT + 10)) -Djboss.management.https.port=$((PORT + 13)) \
    $WILDFLY_ARGS >"$LOG" 2>&1 &
  LAUNCHED=$!
}
