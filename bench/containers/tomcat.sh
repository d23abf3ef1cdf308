# Tomcat 10.1: the run command's container, configured as the run command configures it (the pom's
# cargo <configuration>: maxConnections 20000, maxThreads 8, acceptCount 1024, 512-byte socket and
# WebSocket buffers).
# Sourced by bench/containers.sh; tomcat11.sh reuses tomcat_start with its own version and ports.
# Settings to try go in TOMCAT_CONNECTOR (server.xml's <Connector> attributes) and TOMCAT_OPTS.

LABEL="Tomcat $(pom_property tomcat.version)"
PORT=21010
TOMCAT_CONNECTOR='maxConnections="20000" maxThreads="8" acceptCount="1024" socket.appReadBufSize="512" socket.appWriteBufSize="512"'
TOMCAT_OPTS="-Dorg.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE=512"

# $1 version, $2 HTTP port, $3 shutdown port: CATALINA_HOME is the unpacked zip (left as it is),
# CATALINA_BASE a fresh directory with the stock conf/, this server.xml and only our WAR.
tomcat_start() {
  local version=$1 port=$2 shutdown=$3
  local home=$DIST/tomcat-$version/apache-tomcat-$version base=$RUN/tomcat-$version
  unpack "org.apache.tomcat:tomcat:$version:zip" "$DIST/tomcat-$version" || return 1
  rm -rf "$base"
  mkdir -p "$base"/{conf,logs,temp,webapps,work}
  cp "$home"/conf/* "$base/conf/"
  cat >"$base/conf/server.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<Server port="$shutdown" address="127.0.0.1" shutdown="SHUTDOWN">
  <Listener className="org.apache.catalina.startup.VersionLoggerListener" />
  <Listener className="org.apache.catalina.core.JreMemoryLeakPreventionListener" />
  <Listener className="org.apache.catalina.core.ThreadLocalLeakPreventionListener" />
  <Service name="Catalina">
    <Connector port="$port" address="127.0.0.1" protocol="HTTP/1.1" connectionTimeout="20000" $TOMCAT_CONNECTOR />
    <Engine name="Catalina" defaultHost="localhost">
      <Host name="localhost" appBase="webapps" unpackWARs="true" autoDeploy="false" />
    </Engine>
  </Service>
</Server>
EOF
  cp "$WAR" "$base/webapps/switchboard.war"
  # catalina.sh run execs java: the pid started here is Tomcat's (bash: the zip keeps no x bits)
  CATALINA_HOME=$home CATALINA_BASE=$base CATALINA_OPTS="$HEAP $TOMCAT_OPTS $SB_SETTINGS" \
    bash "$home/bin/catalina.sh" run >"$LOG" 2>&1 &
  LAUNCHED=$!
}

start() {
  tomcat_start "$(pom_property tomcat.version)" "$PORT" $((PORT + 5))
}
