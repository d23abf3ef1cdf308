# GlassFish 7: a fresh domain (asadmin create-domain --portbase 21100: admin 21148, HTTP 21180, the
# other listeners in between, JMS 21190) outside the unpacked distribution, the WAR deployed with asadmin.
# The server JVM's options are domain.xml's <jvm-options>: the stock -Xmx512m becomes the heap
# and the rate limits every container gets, written before the first start (what
# `asadmin create-jvm-options` would write, without a restart).
# Settings to try: GLASSFISH_OPTS (more JVM options), GLASSFISH_SET (asadmin set NAME=VALUE
# arguments, applied before the deployment, e.g.
# configs.config.server-config.thread-pools.thread-pool.http-thread-pool.max-thread-pool-size=200;
# the stock pool has 5 threads).

LABEL="GlassFish $(pom_property glassfish.version)"
PORT_BASE=21100
PORT=$((PORT_BASE + 80))
GLASSFISH_OPTS=""
GLASSFISH_SET=${GLASSFISH_SET:-} # also from the environment, for one-off trials
# the README's "Payara and GlassFish: the setting that matters", as the glassfish test profile applies
# it; GLASSFISH_COMMANDS="" measures the stock container
GLASSFISH_COMMANDS=docker/payara/post-boot-commands.asadmin

glassfish_home() { echo "$DIST/glassfish-$(pom_property glassfish.version)/glassfish7"; }

start() {
  local version home domains option options
  version=$(pom_property glassfish.version)
  unpack "org.glassfish.main.distributions:glassfish:$version:zip" "$DIST/glassfish-$version" || return 1
  home=$(glassfish_home)
  domains=$RUN/glassfish-domains
  rm -rf "$domains"
  "$home/bin/asadmin" create-domain --domaindir "$domains" --portbase "$PORT_BASE" --nopassword=true bench >"$LOG" 2>&1 \
    || return 1
  options=""
  for option in $HEAP $GLASSFISH_OPTS $SB_SETTINGS; do
    options+="<jvm-options>$option</jvm-options>"
  done
  # create-domain puts the JMS listener at portbase + 7676, outside the port block: portbase + 90
  sed -i -e "s|<jvm-options>-Xmx512m</jvm-options>|$options|" \
    -e "s|value=\"$((PORT_BASE + 7676))\"|value=\"$((PORT_BASE + 90))\"|" "$domains/bench/config/domain.xml"
  "$home/bin/asadmin" start-domain --domaindir "$domains" bench >>"$LOG" 2>&1 || return 1
  if [ -n "$GLASSFISH_COMMANDS" ]; then
    "$home/bin/asadmin" --port $((PORT_BASE + 48)) multimode --file "$GLASSFISH_COMMANDS" >>"$LOG" 2>&1 || return 1
    "$home/bin/asadmin" restart-domain --domaindir "$domains" bench >>"$LOG" 2>&1 || return 1
  fi
  local setting
  for setting in $GLASSFISH_SET; do
    "$home/bin/asadmin" --port $((PORT_BASE + 48)) set "$setting" >>"$LOG" 2>&1
  done
  "$home/bin/asadmin" --port $((PORT_BASE + 48)) deploy --contextroot switchboard --name switchboard "$WAR" >>"$LOG" 2>&1 \
    || return 1
  # start-domain returns once the server runs in a process of its own: tail its log meanwhile
  tail -n +1 -F "$domains/bench/logs/server.log" >>"$LOG" 2>/dev/null &
  LAUNCHED=$!
}

stop() {
  "$(glassfish_home)/bin/asadmin" stop-domain --domaindir "$RUN/glassfish-domains" bench >>"$LOG" 2>&1 || true
  kill "$LAUNCHED" 2>/dev/null || true
}
