#!/usr/bin/env bash
# The browser tests: the pages in real headless Chromium (Debian's /usr/bin/chromium, driven by
# playwright-core) against the WAR on a cargo-managed Tomcat 10.1, plus the client module's own
# tests in Node. Never downloads a browser, never skips for want of one.
#
#   browser-tests/run.sh                 builds the WAR, serves it on port 18280 (SWITCHBOARD_PORT),
#                                        and as a two-node cluster (Tomcat and Payara Micro sharing a
#                                        redis-server, cluster.sh, ports 18290-18293), runs every test,
#                                        including a server restart, then stops them
#   SWITCHBOARD_URL=http://host:port/switchboard browser-tests/run.sh
#                                        uses a server that is already running instead; the restart
#                                        test is then skipped (it must stop and start the server),
#                                        and the publish test needs that server's token in
#                                        SWITCHBOARD_PUBLISH_TOKEN
#
# Extra arguments go to `node --test` (e.g. --test-name-pattern=chat).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

fail() { echo "browser-tests: $*" >&2; exit 1; }

[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium is missing: install Debian's chromium (apt-get install -y chromium)"
for tool in node npm curl; do
  command -v "$tool" >/dev/null 2>&1 || fail "required tool '$tool' is missing"
done

cd "$here"
# playwright-core downloads nothing by itself; this makes sure nothing else tries to.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
npm ci --no-audit --no-fund --loglevel=error

if [ -n "${SWITCHBOARD_URL:-}" ]; then
  echo "browser-tests: using the server at $SWITCHBOARD_URL"
  unset SWITCHBOARD_SERVER_CONTROL
else
  command -v mvn >/dev/null 2>&1 || fail "required tool 'mvn' is missing"
  export SWITCHBOARD_PORT=${SWITCHBOARD_PORT:-18280}
  export SWITCHBOARD_URL=http://127.0.0.1:$SWITCHBOARD_PORT/switchboard
  export SWITCHBOARD_PUBLISH_TOKEN=${SWITCHBOARD_PUBLISH_TOKEN:-browser-tests-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')}
  SWITCHBOARD_STATE_DIR=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-browser-tests.XXXXXX")
  export SWITCHBOARD_STATE_DIR
  export SWITCHBOARD_SERVER_CONTROL=$here/server.sh
  export SWITCHBOARD_SCREENSHOTS=${SWITCHBOARD_SCREENSHOTS:-$SWITCHBOARD_STATE_DIR}
  cleanup() {
    local status=$?
    "$here/cluster.sh" stop >/dev/null 2>&1 || echo "browser-tests: could not stop the cluster (see $SWITCHBOARD_STATE_DIR/cluster)" >&2
    "$here/server.sh" stop >/dev/null || echo "browser-tests: could not stop the server (see $SWITCHBOARD_STATE_DIR/server.log)" >&2
    if [ "$status" -ne 0 ] && [ -f "$SWITCHBOARD_STATE_DIR/server.log" ]; then
      echo "browser-tests: last lines of the server log ($SWITCHBOARD_STATE_DIR/server.log):" >&2
      tail -n 30 "$SWITCHBOARD_STATE_DIR/server.log" >&2
    fi
  }
  trap cleanup EXIT
  echo "browser-tests: building the WAR"
  (cd "$root" && mvn -B -q package -DskipTests)
  "$here/server.sh" start
  echo "browser-tests: starting a two-node cluster"
  cluster=$("$here/cluster.sh" start | grep '^SWITCHBOARD_CLUSTER_')
  export SWITCHBOARD_CLUSTER_A SWITCHBOARD_CLUSTER_B
  SWITCHBOARD_CLUSTER_A=$(sed -n 's/^SWITCHBOARD_CLUSTER_A=//p' <<<"$cluster")
  SWITCHBOARD_CLUSTER_B=$(sed -n 's/^SWITCHBOARD_CLUSTER_B=//p' <<<"$cluster")
fi

# One test file at a time: the restart test stops the server that the others use.
node --test --test-concurrency=1 "$@" tests/*.test.js
