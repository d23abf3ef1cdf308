#!/usr/bin/env bash
# The whole test suite:
#   1. docker-compose.yml checked against the Compose schema (Debian's docker-compose, no engine);
#   2. unit tests, the WAR-contents check, and the container tests against the packaged WAR on
#      Tomcat 10.1 and on Payara Micro 6 (Maven + Arquillian), then the two-node cluster tests (a
#      Tomcat node and a Payara node sharing a redis-server of the tests' own);
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

# the cluster tests (and the Redis unit tests) start Debian's redis-server themselves
need_package redis-server redis-server
mvn -B clean verify -Ptomcat,payara,cluster "$@"

need_package ss iproute2
SOAK_MINUTES=${SOAK_MINUTES:-2} bench/soak.sh

need_package chromium chromium
browser-tests/run.sh
