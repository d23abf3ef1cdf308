#!/usr/bin/env bash
# The whole test suite:
#   1. docker-compose.yml checked against the Compose schema (Debian's docker-compose, no engine), and
#      no dependency cycle between the Java packages (.ci/package-cycles: jdeps over target/classes);
#   2. unit tests, the WAR-contents check, and the container tests against the packaged WAR on each
#      of seven containers in turn (Maven + Arquillian, one Maven run per container profile, since
#      each profile brings its own Arquillian adapter; unit tests run once, with the first), then the
#      two-node cluster tests (a Tomcat node and a Payara node sharing a redis-server of the tests'
#      own), then a table of counts and timings;
#   3. a 2-minute soak of the packaged WAR on Tomcat (bench/soak.sh; README "Soak"): churn, then
#      fails on memory or threads that keep growing, leaked sessions or unexpected close codes;
#   4. the browser tests: the pages in Debian's headless Chromium (browser-tests/run.sh).
# Missing Debian packages are installed when running as root; otherwise it stops and says which.
set -euo pipefail
cd "$(dirname "$0")"

need_package() { # command, Debian package
  command -v "$1" >/dev/null 2>&1 && return
  if [ "$(id -u)" != 0 ]; then
    echo "test.sh: '$1' is missing: install Debian's $2 (apt-get install -y $2)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null
}

need_package docker-compose docker-compose
docker-compose -f docker-compose.yml config -q
echo "test.sh: docker-compose.yml is valid"

# Maven arguments given to test.sh (or .ci/run) go to every Maven run, e.g. other test ports:
# -Dswitchboard.test.httpPort=... (see the switchboard.test.* properties in pom.xml).
CONTAINERS=(tomcat tomcat11 jetty payara glassfish wildfly liberty cluster)
# the cluster tests (and the Redis unit tests) start Debian's redis-server themselves
need_package redis-server redis-server
mvn -B -q clean "$@"
# the packages are layered (README "Architecture"): a dependency cycle between them fails the run here,
# before any container starts
mvn -B -q compile "$@"
.ci/package-cycles
mkdir -p target
unit_tests=()
for container in "${CONTAINERS[@]}"; do
  echo "test.sh: container tests on $container"
  started=$(date +%s)
  mvn -B verify -P"$container" "${unit_tests[@]}" "$@"
  unit_tests=(-Dswitchboard.skipUnitTests=true)
  echo "$container $(( $(date +%s) - started ))" >> target/container-runs.txt
done
.ci/container-report "${CONTAINERS[@]}"

need_package ss iproute2
SOAK_MINUTES=${SOAK_MINUTES:-2} bench/soak.sh

need_package chromium chromium
browser-tests/run.sh
