#!/usr/bin/env bash
# Submits the correlate job jar (flink-job/target/tandem-flink-job.jar) to the session cluster that
# start.sh runs, through Flink's REST API, and waits until every task runs.
#
#   deploy/local/submit.sh [--state-dir DIR] [--parallelism N] [--from-savepoint PATH] [-- JOB ARGS]
#
# JOB ARGS are the job's own options (--window, --slack, --realert, --idleness,
# --checkpoint-interval, --group-id, ...); --bootstrap-servers defaults to start.sh's broker and
# --archive to DIR/archive. Prints the job id, also kept in DIR/job-id.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
parse_state_dir "$@"
set -- "${rest_args[@]+"${rest_args[@]}"}"

parallelism=1 savepoint="" job_args=()
while (($#)); do
  case "$1" in
    --parallelism) parallelism="${2:?--parallelism needs a value}"; shift 2 ;;
    --from-savepoint) savepoint="${2:?--from-savepoint needs a value}"; shift 2 ;;
    --) shift; job_args=("$@"); break ;;
    -h | --help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (job options go after --; see --help)" ;;
  esac
done
[[ "$parallelism" =~ ^[1-9][0-9]*$ ]] || die "--parallelism must be a positive number, not '$parallelism'"
require_built
load_ports
curl -fsS "$rest/overview" >/dev/null 2>&1 || die "no Flink cluster answers at $rest; run start.sh first"

given() { local option="$1" arg; for arg in "${job_args[@]+"${job_args[@]}"}"; do [[ "$arg" == "$option" ]] && return 0; done; return 1; }
given --bootstrap-servers || job_args=(--bootstrap-servers "$bootstrap" "${job_args[@]+"${job_args[@]}"}")
given --archive || job_args+=(--archive "file://$state/archive")

json_string() { local s="${1//\\/\\\\}"; s="${s//\"/\\\"}"; printf '"%s"' "$s"; }

uploaded="$(curl -fsS -X POST -F "jarfile=@$job_jar" "$rest/jars/upload")" ||
  die "uploading $job_jar to $rest failed"
jar_id="$(grep -o '"filename":"[^"]*"' <<<"$uploaded" | sed 's/.*\///; s/"$//')"
[[ -n "$jar_id" ]] || die "unexpected answer to the jar upload: $uploaded"

body="{\"parallelism\":$parallelism,\"programArgsList\":["
separator=""
for arg in "${job_args[@]}"; do
  body+="$separator$(json_string "$arg")"
  separator=","
done
body+="]"
[[ -z "$savepoint" ]] || body+=",\"savepointPath\":$(json_string "$savepoint")"
body+="}"

log "submitting $(basename "$job_jar") ${job_args[*]}"
answer="$(curl -sS -X POST -H 'Content-Type: application/json' -d "$body" "$rest/jars/$jar_id/run")"
job_id="$(grep -o '"jobid":"[0-9a-f]*"' <<<"$answer" | sed 's/.*:"//; s/"$//' || true)"
if [[ -z "$job_id" ]]; then
  # Flink answers a failing main() with its stack trace; the job's own message is the useful line.
  reason="$(grep -o 'IllegalArgumentException: [^\\"]*' <<<"$answer" | head -n 1 || true)"
  die "the cluster refused the job: ${reason:-$answer}"
fi
echo "$job_id" >"$state/job-id"

every_task_running() {
  local job
  job="$(curl -fsS "$rest/jobs/$job_id" 2>/dev/null)" || return 1
  if grep -q '"state":"\(FAILED\|CANCELED\|FINISHED\)"' <<<"$job"; then
    log "job $job_id ended: $(grep -o '"state":"[A-Z]*"' <<<"$job" | head -n 1)"
    return 2
  fi
  grep -q '"state":"RUNNING"' <<<"$job" &&
    [[ "$(grep -o '"status":"[A-Z]*"' <<<"$job" | grep -vc '"status":"RUNNING"')" -eq 0 ]]
}
wait_until 60 "job $job_id to run" every_task_running ||
  die "job $job_id did not reach RUNNING; see $rest/#/job/running and $state/logs"
log "job $job_id is RUNNING"
echo "$job_id"
