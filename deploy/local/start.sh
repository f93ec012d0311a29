#!/usr/bin/env bash
# Starts, on 127.0.0.1 only: a Kafka broker with Tandem's topics (`tandem broker`, its own JVM) and a
# standalone Flink session cluster (a JobManager and a TaskManager JVM on Flink's Maven jars).
#
#   deploy/local/start.sh [--state-dir DIR] [--kafka-port P] [--rest-port P] [--slots N]
#
# Ports default to free ones. Prints the Kafka bootstrap address and the Flink REST address; both
# are also in DIR/ports.env. Logs in DIR/logs, PIDs in DIR/pids; stop.sh stops everything.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
parse_state_dir "$@"
set -- "${rest_args[@]+"${rest_args[@]}"}"

kafka_port="" rest_port="" slots=2
while (($#)); do
  case "$1" in
    --kafka-port) kafka_port="${2:?--kafka-port needs a value}"; shift 2 ;;
    --rest-port) rest_port="${2:?--rest-port needs a value}"; shift 2 ;;
    --slots) slots="${2:?--slots needs a value}"; shift 2 ;;
    -h | --help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
require_built
[[ -f "$state/ports.env" ]] && { running broker || running jobmanager || running taskmanager; } &&
  die "a cluster already runs from $state; run stop.sh first"

for port in "$kafka_port" "$rest_port"; do
  [[ -z "$port" ]] || ! port_open "$port" || die "port $port on 127.0.0.1 is already in use"
done
requested_kafka_port="$kafka_port" requested_rest_port="$rest_port"
mkdir -p "$state/logs" "$state/pids" "$state/flink-conf" "$state/flink-tmp" "$state/checkpoints"
conf="$state/flink-conf"
classpath="$(cat "$cluster_classpath_file")"

# Ports for one attempt, also in DIR/ports.env for the other scripts.
pick_ports() {
  kafka_port="${requested_kafka_port:-$(free_port)}"
  rest_port="${requested_rest_port:-$(free_port)}"
  rpc_port="$(free_port)"
  cat >"$state/ports.env" <<PORTS
KAFKA_PORT=$kafka_port
FLINK_REST_PORT=$rest_port
FLINK_RPC_PORT=$rpc_port
PORTS
  load_ports
}

# The Flink configuration: every address on loopback; small memory, enough for Tandem's job; fast
# heartbeats so accumulators and failures show within a second or two; checkpoints kept in DIR.
write_flink_config() {
cat >"$state/flink-conf/config.yaml" <<YAML
jobmanager:
  rpc:
    address: 127.0.0.1
    port: $rpc_port
  bind-host: 127.0.0.1
  memory:
    process:
      size: 1024m
taskmanager:
  bind-host: 127.0.0.1
  host: 127.0.0.1
  numberOfTaskSlots: $slots
  memory:
    process:
      size: 1280m
    # The job keeps its state on the heap (hashmap backend); managed memory is for RocksDB and
    # batch operators, so a little suffices.
    managed:
      size: 64m
rest:
  address: 127.0.0.1
  bind-address: 127.0.0.1
  port: $rest_port
blob:
  server:
    port: "0"
heartbeat:
  interval: 1000
  timeout: 20000
parallelism:
  default: 1
execution:
  checkpointing:
    dir: file://$state/checkpoints
# A failing job restarts from its last checkpoint a few times, then stays FAILED for a person to see.
restart-strategy:
  type: fixed-delay
  fixed-delay:
    attempts: 3
    delay: 2 s
io:
  tmp:
    dirs: $state/flink-tmp
web:
  tmpdir: $state/flink-tmp
  upload:
    dir: $state/flink-tmp
YAML
cat >"$state/flink-conf/log4j.properties" <<'LOG4J'
rootLogger.level = INFO
rootLogger.appenderRef.console.ref = ConsoleAppender
appender.console.name = ConsoleAppender
appender.console.type = CONSOLE
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n
logger.kafka.name = org.apache.kafka
logger.kafka.level = WARN
logger.hadoop.name = org.apache.hadoop
logger.hadoop.level = WARN
logger.kafkaconnector.name = org.apache.flink.connector.kafka
logger.kafkaconnector.level = WARN
logger.kryo.name = org.apache.flink.api.java.typeutils.runtime.kryo
logger.kryo.level = WARN
# Flink warns about every metric name two sink stages share, on every checkpoint.
logger.metrics.name = org.apache.flink.metrics
logger.metrics.level = ERROR
logger.metricgroups.name = org.apache.flink.runtime.metrics.groups
logger.metricgroups.level = ERROR
LOG4J
}

pick_ports
write_flink_config

# The JVM memory flags and -D settings Flink derives from the configuration, exactly as
# flink-dist's scripts ask for them: two result lines, JVM options then dynamic properties.
resource_params() {
  local output
  output="$("$java" -cp "$classpath" -Dlog4j.configurationFile="file:$conf/log4j.properties" \
    org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$conf" 2>&1)" ||
    die "Flink could not compute its memory settings: $output"
  grep '^BASH_JAVA_UTILS_EXEC_RESULT:' <<<"$output" | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://'
}
resource_params GET_JM_RESOURCE_PARAMS >"$conf/jobmanager.params" &
jm_params_pid=$!
resource_params GET_TM_RESOURCE_PARAMS >"$conf/taskmanager.params" || exit 2
wait "$jm_params_pid" || exit 2
mapfile -t jm_params <"$conf/jobmanager.params"
mapfile -t tm_params <"$conf/taskmanager.params"
[[ ${#jm_params[@]} -eq 2 && ${#tm_params[@]} -eq 2 ]] || die "unexpected output of Flink's BashJavaUtils"
read -r -a jm_jvm <<<"${jm_params[0]}"
read -r -a jm_dynamic <<<"${jm_params[1]}"
read -r -a tm_jvm <<<"${tm_params[0]}"
read -r -a tm_dynamic <<<"${tm_params[1]}"

broker_up() { running broker || return 2; grep -q '^Kafka is up at' "$state/logs/broker.log"; }
all_running() { running broker && running jobmanager && running taskmanager; }
taskmanager_registered() {
  all_running || return 2
  curl -fsS "$rest/overview" 2>/dev/null | grep -q "\"taskmanagers\":[1-9]"
}

# Starts Kafka, the JobManager and the TaskManager on this attempt's ports and waits until Kafka is up
# and the TaskManager has registered; says what did not come up when it fails.
start_cluster() {
  started=$SECONDS
  log "starting Kafka on $bootstrap"
  start_process broker "$tandem" broker --port "$kafka_port" --data-dir "$state/kafka-data"
  log "starting the Flink JobManager (REST on $rest)"
  start_process jobmanager "$java" "${jm_jvm[@]}" "${flink_java_opts[@]}" \
    -Dlog4j.configurationFile="file:$conf/log4j.properties" -Dlog.file="$state/logs/jobmanager.log" \
    -cp "$classpath" org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
    --configDir "$conf" --executionMode cluster "${jm_dynamic[@]}"
  log "starting the Flink TaskManager ($slots slots)"
  start_process taskmanager "$java" "${tm_jvm[@]}" "${flink_java_opts[@]}" \
    -Dlog4j.configurationFile="file:$conf/log4j.properties" -Dlog.file="$state/logs/taskmanager.log" \
    -cp "$classpath" org.apache.flink.runtime.taskexecutor.TaskManagerRunner \
    --configDir "$conf" "${tm_dynamic[@]}"
  wait_until 60 "Kafka" broker_up || { failure="Kafka did not come up"; return 1; }
  log "Kafka is up ($((SECONDS - started)) s)"
  wait_until 90 "the Flink cluster" taskmanager_registered ||
    { failure="the Flink cluster did not come up"; return 1; }
  log "Flink is up: a TaskManager registered ($((SECONDS - started)) s)"
}

cluster_logs=("$state"/logs/{broker,jobmanager,taskmanager}.log)
stop_cluster() { "$(dirname "${BASH_SOURCE[0]}")/stop.sh" --state-dir "$state"; }

# Another program took one of the picked ports between free_port's probe and the bind.
lost_a_port() { grep -qE 'BindException|Address already in use' "${cluster_logs[@]}" 2>/dev/null; }

attempts=3
for ((attempt = 1; ; attempt++)); do
  start_cluster && break
  if ((attempt < attempts)) && lost_a_port; then
    log "$failure: a port was taken before it could be bound; starting again on other ports"
    stop_cluster
    pick_ports
    write_flink_config
    continue
  fi
  log "$failure; what the logs in $state/logs say:"
  show_logs "${cluster_logs[@]}"
  stop_cluster
  exit 1
done
echo "kafka: $bootstrap"
echo "flink: $rest"
