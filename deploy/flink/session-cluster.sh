#!/usr/bin/env bash
# A standalone Flink session cluster from Maven's Flink jars (no Flink distribution needed):
# one JobManager JVM (StandaloneSessionClusterEntrypoint) and one TaskManager JVM
# (TaskManagerRunner), and the Fathom job jar submitted to it through the REST API.
#
#   deploy/flink/session-cluster.sh start            start both JVMs, wait until a slot is free
#   deploy/flink/session-cluster.sh submit -- ARGS   upload the job jar and run it with ARGS
#   deploy/flink/session-cluster.sh stop             stop both JVMs (SIGTERM, then SIGKILL)
#   deploy/flink/session-cluster.sh status           print the cluster overview
#
# Needs `mvn -pl stream-jobs package` first: it builds the job jar and
# stream-jobs/target/flink-cluster.classpath (Flink's jars only, as a cluster must have).
# Environment: FLINK_SESSION_DIR (default var/flink-session), FLINK_REST_PORT (8081),
# FLINK_RPC_PORT (6123), FLINK_TM_RPC_PORT (6124), FLINK_SLOTS (2), JAVA (java).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="${FLINK_SESSION_DIR:-$ROOT/var/flink-session}"
REST_PORT="${FLINK_REST_PORT:-8081}"
RPC_PORT="${FLINK_RPC_PORT:-6123}"
TM_RPC_PORT="${FLINK_TM_RPC_PORT:-6124}"
SLOTS="${FLINK_SLOTS:-2}"
JAVA="${JAVA:-java}"
CLASSPATH_FILE="$ROOT/stream-jobs/target/flink-cluster.classpath"
OPENS=(--add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
       --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
       --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
       --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.text=ALL-UNNAMED
       --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED)

die() { echo "session-cluster: $*" >&2; exit 2; }

job_jar() {
  local jar
  jar=$(ls "$ROOT"/stream-jobs/target/fathom-stream-jobs-*-job.jar 2>/dev/null | head -1 || true)
  [[ -n "$jar" ]] || die "no job jar in stream-jobs/target; run: mvn -pl stream-jobs package"
  echo "$jar"
}

write_config() {
  mkdir -p "$WORK/conf" "$WORK/log" "$WORK/tmp" "$WORK/upload"
  cat > "$WORK/conf/config.yaml" <<YAML
jobmanager.rpc.address: 127.0.0.1
jobmanager.rpc.port: $RPC_PORT
jobmanager.bind-host: 127.0.0.1
jobmanager.memory.process.size: 1024m
jobmanager.memory.heap.size: 512m
jobmanager.memory.off-heap.size: 128m
jobmanager.memory.jvm-metaspace.size: 192m
jobmanager.memory.jvm-overhead.min: 192m
jobmanager.memory.jvm-overhead.max: 192m
rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: $REST_PORT
web.upload.dir: $WORK/upload
io.tmp.dirs: $WORK/tmp
taskmanager.host: 127.0.0.1
taskmanager.bind-host: 127.0.0.1
taskmanager.rpc.port: $TM_RPC_PORT
taskmanager.numberOfTaskSlots: $SLOTS
taskmanager.cpu.cores: $SLOTS
taskmanager.memory.framework.heap.size: 128m
taskmanager.memory.task.heap.size: 512m
taskmanager.memory.task.off-heap.size: 0m
taskmanager.memory.framework.off-heap.size: 128m
taskmanager.memory.network.min: 64m
taskmanager.memory.network.max: 64m
taskmanager.memory.managed.size: 64m
taskmanager.memory.jvm-metaspace.size: 256m
taskmanager.memory.jvm-overhead.min: 192m
taskmanager.memory.jvm-overhead.max: 192m
execution.checkpointing.dir: file://$WORK/checkpoints
execution.checkpointing.savepoint-dir: file://$WORK/savepoints
YAML
  cat > "$WORK/conf/log4j.properties" <<'LOG'
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = file
appender.file.type = File
appender.file.name = file
appender.file.fileName = ${sys:log.file}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{HH:mm:ss.SSS} %-5level %c{1} - %msg%n
LOG
}

alive() { [[ -f "$WORK/$1.pid" ]] && kill -0 "$(cat "$WORK/$1.pid")" 2>/dev/null; }

start_jvm() { # name main-class heap
  local name=$1 main=$2 heap=$3
  alive "$name" && die "$name already runs (pid $(cat "$WORK/$name.pid")); stop it first"
  "$JAVA" -Xmx"$heap" "${OPENS[@]}" -Dlog.file="$WORK/log/$name.log" \
    -Dlog4j.configurationFile="file://$WORK/conf/log4j.properties" \
    -cp "$(cat "$CLASSPATH_FILE")" "$main" --configDir "$WORK/conf" > "$WORK/log/$name.out" 2>&1 &
  echo $! > "$WORK/$name.pid"
}

start() {
  [[ -f "$CLASSPATH_FILE" ]] || die "no $CLASSPATH_FILE; run: mvn -pl stream-jobs package"
  write_config
  start_jvm jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint 512m
  start_jvm taskmanager org.apache.flink.runtime.taskexecutor.TaskManagerRunner 768m
  for _ in $(seq 1 120); do
    if curl -sf "http://127.0.0.1:$REST_PORT/overview" 2>/dev/null | grep -q '"slots-available":[1-9]'; then
      echo "Flink session cluster ready: http://127.0.0.1:$REST_PORT (logs in $WORK/log)"
      return 0
    fi
    alive jobmanager || { tail -20 "$WORK/log/jobmanager.out" "$WORK/log/jobmanager.log" >&2 || true; stop; die "the JobManager exited"; }
    alive taskmanager || { tail -20 "$WORK/log/taskmanager.out" "$WORK/log/taskmanager.log" >&2 || true; stop; die "the TaskManager exited"; }
    sleep 1
  done
  stop
  die "the cluster did not offer a slot within 120 s (logs in $WORK/log)"
}

stop_jvm() {
  local name=$1
  if alive "$name"; then
    local pid; pid=$(cat "$WORK/$name.pid")
    kill "$pid"
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  fi
  rm -f "$WORK/$name.pid"
}

stop() { stop_jvm taskmanager; stop_jvm jobmanager; }

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) curl -sf "http://127.0.0.1:$REST_PORT/overview" && echo || die "no cluster answers on port $REST_PORT" ;;
  submit)
    shift
    [[ "${1:-}" == "--" ]] && shift
    jar=$(job_jar)
    exec "$JAVA" -cp "$jar" dev.fathom.streamjobs.submit.JobsCommand submit --flink-rest "http://127.0.0.1:$REST_PORT" --jar "$jar" -- "$@" ;;
  *) sed -n '2,17p' "$0" >&2; exit 2 ;;
esac
