# Sourced by bench/run.sh and bench/containers.sh, with IDLE set: the servers hold ~IDLE sockets
# each, so the soft open-file limit is raised to the hard one, IDLE is capped below it, and the
# idle clients are split over CLIENT_PROCS processes (at most 10,000 sockets each, at least 2).
ulimit -n "$(ulimit -Hn)"
FD_LIMIT=$(ulimit -Hn)
if [ "$IDLE" -gt $((FD_LIMIT - 500)) ]; then
  IDLE=$((FD_LIMIT - 1000))
fi
CLIENT_PROCS=$(( (IDLE + 9999) / 10000 ))
[ "$CLIENT_PROCS" -ge 2 ] || CLIENT_PROCS=2
