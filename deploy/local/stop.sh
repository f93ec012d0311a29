#!/usr/bin/env bash
# Stops everything start.sh, submit.sh and e2e.sh started from a state directory: the notifier, the
# Flink TaskManager and JobManager, and Kafka. Safe to run twice, or when nothing runs.
#
#   deploy/local/stop.sh [--state-dir DIR]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
parse_state_dir "$@"
[[ ${#rest_args[@]} -eq 0 ]] || die "unknown option '${rest_args[0]}'"

# Kafka's clients first (together: each takes a few seconds to stop cleanly), so nothing retries
# against a broker that is going away; then the broker.
for name in notify webhook taskmanager jobmanager; do
  stop_process "$name" &
done
wait
stop_process broker
