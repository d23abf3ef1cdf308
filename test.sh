#!/usr/bin/env bash
# The whole test suite: unit tests, the WAR-contents check, and the container tests against the
# packaged WAR on Tomcat 10.1 and on Payara Micro 6.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B clean verify -Ptomcat,payara "$@"
