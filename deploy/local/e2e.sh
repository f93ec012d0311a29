#!/usr/bin/env bash
# The whole local deployment, end to end, bounded in time: start Kafka and the Flink session cluster
# (start.sh), submit the correlate job jar (submit.sh), publish a scenario's inventory and ship its
# logs with `tandem ship`, deliver the alerts to a local webhook (when `tandem notify` exists), wait
# for the judged edge windows in the Parquet archive, run `tandem recommend` on it, stop everything.
#
#   deploy/local/e2e.sh [--scenario DIR] [--flows FILE] [--proxy FILE] [--inventory FILE]
#                       [--state-dir DIR] [--timeout SECONDS] [--keep-running]
#
# A scenario directory holds flows.ndjson (Calico flow logs), proxy.log (Envoy access logs) and
# inventory.json (kubectl get pods,services,namespaces -A -o json); default: scenarios/bookinfo.
# --keep-running leaves Kafka and Flink up after a success (stop.sh stops them), for a look at the
# topics and the web UI. Exit status 0 when the archive and the recommendations were written.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"
parse_state_dir "$@"
set -- "${rest_args[@]+"${rest_args[@]}"}"

scenario="$here/scenarios/bookinfo" flows="" proxy="" inventory="" timeout=240 keep_running=false
while (($#)); do
  case "$1" in
    --scenario) scenario="${2:?--scenario needs a value}"; shift 2 ;;
    --flows) flows="${2:?--flows needs a value}"; shift 2 ;;
    --proxy) proxy="${2:?--proxy needs a value}"; shift 2 ;;
    --inventory) inventory="${2:?--inventory needs a value}"; shift 2 ;;
    --timeout) timeout="${2:?--timeout needs a value}"; shift 2 ;;
    --keep-running) keep_running=true; shift ;;
    -h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
flows="${flows:-$scenario/flows.ndjson}"
proxy="${proxy:-$scenario/proxy.log}"
inventory="${inventory:-$scenario/inventory.json}"
for file in "$flows" "$proxy" "$inventory"; do
  [[ -r "$file" ]] || die "cannot read $file"
done
[[ "$timeout" =~ ^[1-9][0-9]*$ ]] || die "--timeout must be a number of seconds, not '$timeout'"
require_built

# Checkpoints (and so committed edges and completed archive files) every 2 s instead of 10 s.
checkpoint_interval=2
archive="$state/archive"
started=$SECONDS
succeeded=false

# Always leaves nothing running, unless asked to after a success; on a failure, the logs say why.
finish() {
  local status=$?
  trap - EXIT TERM INT USR1
  [[ -n "${watchdog:-}" ]] && kill "$watchdog" 2>/dev/null
  if ! $succeeded; then
    log "FAILED after $((SECONDS - started)) s; what the logs in $state/logs say:"
    show_logs "$state"/logs/*.log
  fi
  if ! $succeeded || ! $keep_running; then
    "$here/stop.sh" --state-dir "$state"
  fi
  ((status != 0)) || $succeeded || status=1
  exit "$status"
}
trap finish EXIT
trap 'log "interrupted"; exit 130' INT TERM
trap 'log "timed out after $timeout s"; exit 124' USR1
# The watchdog checks every second that this script still runs, so it never outlives it (nor holds
# its output open).
(
  for ((i = 0; i < timeout; i++)); do
    sleep 1
    kill -0 $$ 2>/dev/null || exit 0
  done
  kill -USR1 $$
) >/dev/null 2>&1 &
watchdog=$!

# A fresh state directory each run: old checkpoints, archive files or ship offsets would change
# what this run sees.
"$here/stop.sh" --state-dir "$state"
rm -rf "${state:?}"/{archive,checkpoints,kafka-data,ship-state,recommend,flink-tmp,logs,webhook,clock,job-id}

step() { log "== $* ($((SECONDS - started)) s)"; }

step "start Kafka and the Flink session cluster"
"$here/start.sh" --state-dir "$state"
load_ports

# The inventory goes first, while the job is submitted: the job reads the compacted topic from its
# start, so bare proxy lines shipped later find their pods.
step "publish the inventory and submit the correlate job"
"$tandem" inventory --file "$inventory" --once --bootstrap-servers "$bootstrap" \
  >>"$state/logs/inventory.log" 2>&1 &
inventory_pid=$!
job_id="$("$here/submit.sh" --state-dir "$state" -- --checkpoint-interval "${checkpoint_interval}s" | tail -n 1)"
wait "$inventory_pid" || die "publishing $inventory failed; see $state/logs/inventory.log"

# tandem notify delivers alerts to chat: here the webhook is a local sink that writes each
# delivered message to webhook/received.jsonl.
start_notifier() {
  local port
  port="$(free_port)"
  mkdir -p "$state/webhook"
  echo "http://127.0.0.1:$port/alerts" >"$state/webhook/url"
  start_process webhook "$java" "$here/WebhookSink.java" "$port" "$state/webhook/received.jsonl"
  wait_until 30 "the webhook sink" port_open "$port"
  start_process notify "$tandem" notify --bootstrap-servers "$bootstrap" \
    --webhook-url-file "$state/webhook/url" --format generic
}
step "start tandem notify with a local webhook"
start_notifier

step "ship the flow logs and proxy access logs"
"$tandem" ship --kind auto --file "$flows" --file "$proxy" --bootstrap-servers "$bootstrap" \
  --state-dir "$state/ship-state" --progress-interval 0 >>"$state/logs/ship.log" 2>&1

# The job's decoders count the records they read (the tandem.records accumulator, reported with
# the heartbeats); ship's summary says how many flow and proxy records it sent.
expected="$(grep -o '[0-9]* flows, [0-9]* proxy' "$state/logs/ship.log" | tail -n 1 | awk '{print $1 + $3}')"
[[ -n "$expected" && "$expected" -gt 0 ]] || die "tandem ship sent no records; see $state/logs/ship.log"
decoded() {
  curl -fsS "$rest/jobs/$job_id/accumulators" 2>/dev/null |
    grep -o '"name":"tandem.records","type":"[A-Za-z]*","value":"[0-9]*"' | grep -o '[0-9]*"$' | tr -d '"'
}
all_decoded() { local count; count="$(decoded || true)"; [[ -n "$count" && "$count" -ge "$expected" ]]; }
wait_until 60 "the job to read the $expected shipped records" all_decoded
log "the job decoded $(decoded) records"

# Event time only moves with the data: a window is judged when a later record shows that its end
# plus the slack has passed. A replay has no later records, so one flow record and one proxy line an
# hour after the scenario's last flow move both inputs' clocks past every window in it.
step "advance event time past the scenario"
last_end="$(grep -o '"end_time": *[0-9]*' "$flows" | grep -o '[0-9]*$' | sort -n | tail -n 1)"
[[ -n "$last_end" ]] || die "no end_time in $flows"
clock=$((last_end + 3600))
clock_iso="$(date -u -d "@$clock" +%Y-%m-%dT%H:%M:%S.000Z)"
mkdir -p "$state/clock"
cat >"$state/clock/flows.ndjson" <<FLOW
{"start_time":$clock,"end_time":$((clock + 300)),"source_ip":null,"source_name":"-","source_name_aggr":"tandem-e2e-clock","source_namespace":"-","source_type":"hep","source_labels":null,"dest_ip":null,"dest_name":"-","dest_name_aggr":"pub","dest_namespace":"-","dest_type":"net","dest_labels":null,"dest_port":9,"proto":"udp","action":"allow","reporter":"src","bytes_in":0,"bytes_out":0,"packets_in":0,"packets_out":0,"num_flows":1,"num_flows_started":1,"num_flows_completed":1,"host":"tandem-e2e-clock"}
FLOW
cat >"$state/clock/proxy.log" <<PROXY
{"log":"[$clock_iso] \\"- - -\\" 0 - - - \\"-\\" 0 0 1 - \\"-\\" \\"-\\" \\"-\\" \\"-\\" \\"192.0.2.9:9\\" PassthroughCluster 192.0.2.8:40000 192.0.2.9:9 192.0.2.8:39000 - -","kubernetes":{"pod_name":"tandem-e2e-clock","namespace_name":"tandem-e2e","container_name":"istio-proxy"}}
PROXY
"$tandem" ship --kind auto --file "$state/clock/flows.ndjson" --file "$state/clock/proxy.log" \
  --bootstrap-servers "$bootstrap" --state-dir "$state/ship-state" --progress-interval 0 \
  >>"$state/logs/ship.log" 2>&1

# Judged windows reach the archive (and tandem.edges) when the next checkpoint completes.
step "wait for the judged edge windows in the archive"
archived() { find "$archive" -name 'part-*.parquet' 2>/dev/null | grep -q .; }
wait_until 60 "Parquet files in $archive" archived
# Every window of the scenario fires at the same watermark, so one checkpoint commits them all; the
# Kafka transaction of that checkpoint commits in the same notification, a moment later.
sleep 1
log "archive: $(find "$archive" -name 'part-*.parquet' | wc -l) Parquet files"

step "recommend policies from the archive"
"$tandem" recommend --archive "$archive" --inventory "$inventory" --all --out "$state/recommend" \
  2>&1 | tee -a "$state/logs/recommend.log" >&2
[[ -f "$state/recommend/report.md" ]] || die "tandem recommend wrote no report"

step "wait for the alerts at the webhook"
received() { [[ -s "$state/webhook/received.jsonl" ]]; }
wait_until 30 "alerts at the webhook" received
log "webhook: $(wc -l <"$state/webhook/received.jsonl") messages"

succeeded=true
step "done: job $job_id; archive in $archive; policies in $state/recommend/policies"
$keep_running && log "still running (Kafka $bootstrap, Flink $rest); stop with: $here/stop.sh --state-dir $state"
exit 0
