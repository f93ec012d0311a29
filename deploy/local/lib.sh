# Shared by the deploy/local scripts (sourced, not run). Everything they start listens on 127.0.0.1
# only and keeps its PID and log in the state directory, so stop.sh can always find it.

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tandem="$repo/tandem"
job_jar="$repo/flink-job/target/tandem-flink-job.jar"
cluster_classpath_file="$repo/flink-session/target/flink-cluster.classpath"
java="${JAVA:-java}"
state="${TANDEM_LOCAL_STATE:-${TMPDIR:-/tmp}/tandem-local}"

# Flink's own JVM options for Java 17 (flink-dist's config.yaml, env.java.opts.all): its RPC, Kryo
# and the memory manager reach into these JDK internals.
flink_java_opts=(
  --add-exports=java.base/sun.net.util=ALL-UNNAMED
  --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED
  --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED
)

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; exit 2; }

# --state-dir DIR is the one option every script shares; the rest stay in "${rest_args[@]}".
parse_state_dir() {
  rest_args=()
  while (($#)); do
    case "$1" in
      --state-dir) [[ $# -ge 2 ]] || die "--state-dir needs a value"; state="$2"; shift 2 ;;
      *) rest_args+=("$1"); shift ;;
    esac
  done
  mkdir -p "$state"
  state="$(cd "$state" && pwd)"
}

require_built() {
  [[ -f "$job_jar" && -f "$cluster_classpath_file" && -x "$tandem" && -d "$repo/cli/target/lib" ]] ||
    die "not built yet; run in $repo: mvn -B -q -DskipTests package"
}

# A port nobody listens on now, from a range no default service uses. Probed by connecting, so
# there is a short race with other programs picking ports; start.sh fails clearly if it loses it.
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  die "found no free port on 127.0.0.1"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pid_file() { echo "$state/pids/$1.pid"; }

running() {
  local file pid
  file="$(pid_file "$1")"
  [[ -f "$file" ]] && pid="$(cat "$file")" && kill -0 "$pid" 2>/dev/null
}

# start_process NAME COMMAND...: runs COMMAND in the background in its own session, output to
# logs/NAME.log, PID to pids/NAME.pid.
start_process() {
  local name="$1"
  shift
  mkdir -p "$state/pids" "$state/logs"
  if running "$name"; then
    die "$name is already running (PID $(cat "$(pid_file "$name")")); run stop.sh first"
  fi
  setsid "$@" >"$state/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$(pid_file "$name")"
}

# stop_process NAME: SIGTERM, up to 15 s for a clean exit, then SIGKILL. Quiet when not running.
stop_process() {
  local name="$1" file pid
  file="$(pid_file "$name")"
  [[ -f "$file" ]] || return 0
  pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "$name (PID $pid) did not stop in 15 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    log "stopped $name (PID $pid)"
  fi
  rm -f "$file"
}

# wait_until SECONDS WHAT COMMAND...: polls COMMAND every 0.5 s until it succeeds; gives up at
# once when it returns 2 (it saw the thing fail), else after SECONDS, naming WHAT.
wait_until() {
  local seconds="$1" what="$2" rc
  shift 2
  local deadline=$((SECONDS + seconds))
  while true; do
    "$@" && return 0
    rc=$?
    ((rc != 2)) || return 1
    if ((SECONDS >= deadline)); then
      log "gave up after $seconds s waiting for $what"
      return 1
    fi
    sleep 0.5
  done
}

load_ports() {
  [[ -f "$state/ports.env" ]] || die "no cluster in $state; run start.sh first"
  # shellcheck source=/dev/null
  source "$state/ports.env"
  bootstrap="127.0.0.1:$KAFKA_PORT"
  rest="http://127.0.0.1:$FLINK_REST_PORT"
}
