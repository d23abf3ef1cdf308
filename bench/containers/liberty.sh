# Open Liberty: the three features Switchboard needs (as the container tests' server.xml), a fresh
# user directory (WLP_USER_DIR) outside the unpacked runtime, the WAR in dropins/ (/switchboard),
# HTTP on 21070 and the server command port on 21071.
# Settings to try: LIBERTY_XML (more server.xml elements, e.g. <executor maxThreads="8"/> or
# <tcpOptions .../>), LIBERTY_OPTS (JVM options, written to jvm.options).

LABEL="Open Liberty $(pom_property openliberty.version)"
PORT=21070
LIBERTY_XML=""
LIBERTY_OPTS=""

start() {
  local version wlp usr option
  version=$(pom_property openliberty.version)
  wlp=$DIST/liberty-$version/wlp
  usr=$RUN/liberty-usr
  unpack "io.openliberty:openliberty-runtime:$version:zip" "$DIST/liberty-$version" || return 1
  rm -rf "$usr"
  mkdir -p "$usr/servers/bench/dropins"
  cat >"$usr/servers/bench/server.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<server description="Switchboard benchmark">
  <featureManager>
    <feature>servlet-6.0</feature>
    <feature>websocket-2.1</feature>
    <feature>cdi-4.0</feature>
  </featureManager>
  <httpEndpoint id="defaultHttpEndpoint" host="127.0.0.1" httpPort="$PORT" httpsPort="$((PORT + 3))" />
  <applicationManager autoExpand="true" />
  $LIBERTY_XML
</server>
EOF
  # the port `server stop` talks to; a random one otherwise, outside the port block
  echo "command.port=$((PORT + 1))" >"$usr/servers/bench/bootstrap.properties"
  for option in $HEAP $LIBERTY_OPTS $SB_SETTINGS; do
    echo "$option"
  done >"$usr/servers/bench/jvm.options"
  cp "$WAR" "$usr/servers/bench/dropins/switchboard.war"
  WLP_USER_DIR=$usr "$wlp/bin/server" run bench >"$LOG" 2>&1 &
  LAUNCHED=$!
}
