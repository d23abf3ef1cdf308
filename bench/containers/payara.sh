# Payara Micro 6: the pom's payara-run profile (java -jar payara-micro.jar --deploy WAR
# --contextroot switchboard --port P --nocluster), only the ports, heap and rate limits differ:
# --nocluster still starts a Hazelcast member, which would listen on 6900 and up; --startport
# keeps it in the port block.
# Settings to try: JVM options in PAYARA_OPTS, Payara Micro options in PAYARA_ARGS
# (e.g. --postbootcommandfile FILE with asadmin set commands).

LABEL="Payara Micro $(pom_property payara.micro.version)"
PORT=21040
PAYARA_OPTS=""
PAYARA_ARGS=""

start() {
  local version jar
  version=$(pom_property payara.micro.version)
  jar=$DIST/payara-micro-$version.jar
  copy_jar "fish.payara.extras:payara-micro:$version" || return 1
  # shellcheck disable=SC2086
  java $HEAP $PAYARA_OPTS $SB_SETTINGS -jar "$jar" --deploy "$WAR" --contextroot switchboard \
    --port "$PORT" --nocluster --startport $((PORT + 1)) $PAYARA_ARGS >"$LOG" 2>&1 &
  LAUNCHED=$!
}
