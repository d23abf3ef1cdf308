# Payara Micro 6: the pom's payara-run profile (java -jar payara-micro.jar --deploy WAR
# --contextroot switchboard --port P --nocluster), only the ports, heap and rate limits differ:
# --nocluster still starts a Hazelcast member, which would listen on 6900 and up (--startport is
# ignored with --nocluster): a pre-boot command moves it into the port block. As in payara-run, the
# post-boot commands of docker/payara/post-boot-commands.asadmin (README "Payara and GlassFish: the
# setting that matters") are applied; PAYARA_ARGS="" measures the stock container.
# Settings to try: JVM options in PAYARA_OPTS, Payara Micro options in PAYARA_ARGS, asadmin
# commands run before the boot in PAYARA_PREBOOT (one a line, e.g. "set configs.config.server-config.…").

LABEL="Payara Micro $(pom_property payara.micro.version)"
PORT=21040
PAYARA_OPTS=""
PAYARA_ARGS="--postbootcommandfile docker/payara/post-boot-commands.asadmin"
PAYARA_PREBOOT=""

start() {
  local version jar
  version=$(pom_property payara.micro.version)
  jar=$DIST/payara-micro-$version.jar
  copy_jar "fish.payara.extras:payara-micro:$version" || return 1
  printf 'set hazelcast-runtime-configuration.start-port=%s\n%s\n' $((PORT + 1)) "$PAYARA_PREBOOT" >"$RUN/payara-preboot.txt"
  # shellcheck disable=SC2086
  java $HEAP $PAYARA_OPTS $SB_SETTINGS -jar "$jar" --deploy "$WAR" --contextroot switchboard \
    --port "$PORT" --nocluster \
    --prebootcommandfile "$RUN/payara-preboot.txt" $PAYARA_ARGS >"$LOG" 2>&1 &
  LAUNCHED=$!
}
