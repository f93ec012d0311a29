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

# A port nobody listens on now, picked below the kernel's ephemeral range (32768-60999 on Linux,
# 49152-65535 on macOS). The kernel hands ports from that range to every outgoing connection and to
# every bind to port 0, so one of those could take a port picked there before its server binds it.
# Worse, a closed connection leaves its port in TIME_WAIT for a minute: the probe sees it free, but
# Flink's RPC binds without SO_REUSEADDR and fails on it (130-160 such ports were seen while the
# build ran LocalClusterIT). Probed by connecting, so another program picking ports the same way can
# still win the race: start.sh then tries again with other ports.
free_port() {
  local low=20000 high=32768 ephemeral port
  if [[ -r /proc/sys/net/ipv4/ip_local_port_range ]]; then
    read -r ephemeral _ </proc/sys/net/ipv4/ip_local_port_range
    # A kernel configured to hand out (nearly) every port leaves no range to keep out of.
    if ((ephemeral > low + 1000)); then high=$((ephemeral < high ? ephemeral : high)); else high=50000; fi
  fi
  for _ in $(seq 1 50); do
    port=$((low + RANDOM % (high - low)))
    if ! port_open "$port"; then
      echo "$port"
      return 0
    fi
  done
  die "found no free port on 127.0.0.1"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# show_logs FILE...: for a failure, each log's first errors (the cause is often long scrolled away
# by the shutdown that followed) and its last lines.
show_logs() {
  local file
  for file in "$@"; do
    [[ -f "$file" ]] || continue
    printf '==> %s <==\n' "$file"
    if grep -qE 'Exception|ERROR' "$file"; then
      echo "first errors:"
      grep -m 5 -E 'Exception|ERROR' "$file" | cut -c1-400
      echo "last lines:"
    fi
    tail -n 25 "$file"
  done >&2
}

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
