#!/bin/bash
# The process strategy beside Apache prefork (from references.sh), keep-alive, 2 KiB file, at several
# concurrencies, in one run: what a pool of worker JVMs costs as more of them take turns on one core. A pool of
# exactly WORKERS workers (default 50) is warmed with 50 connections for WARM windows of 5 s (default 18, 90 s:
# each worker compiles the hot paths on its own), then each concurrency is measured for both servers,
# alternating, ROUNDS times. wrk -t1 on CPU 0, servers on CPU 1.
# Example: bench/process-vs-prefork.sh harness/target/c10k.jar
# Env: CONCS ("50 25 10 2 1"), ROUNDS (2), WARM (18), D (5s), WORKERS (50), WORKER_OPTIONS (extra worker JVM
# flags, e.g. -XX:TieredStopAtLevel=4), ROOT, JAVA.
set -u
JAR=${1:-harness/target/c10k.jar}
ROOT=${ROOT:-/tmp/c10k-lab-sample-v1}
REFS=$(dirname "$0")/references.sh
J=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
W=${WORKERS:-50}
[ -d "$ROOT" ] || { echo "no document root $ROOT: run ./c10k serve once (it generates the sample root), or set ROOT" >&2; exit 2; }
"$REFS" start "$ROOT" prefork || exit 1
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; "$REFS" stop prefork' EXIT
taskset -c 1 $J --enable-native-access=ALL-UNNAMED -XX:ActiveProcessorCount=1 \
  "-Dc10k.process.workerOptions=${WORKER_OPTIONS:-}" -jar $JAR serve --strategy process \
  --workers $W --min-spare 1 --max-workers $W --max-requests-per-connection 0 \
  --port 18380 --root $ROOT >/tmp/c10k-process-vs-prefork.log 2>&1 &
pid=$!
for i in $(seq 100); do curl -s -o /dev/null http://127.0.0.1:18380/2k.bin && break; sleep 0.3; done
declare -A PORT=([process]=18380 [prefork]=18182)
w() { taskset -c 0 wrk -t1 -c$2 -d${3:-${D:-5s}} http://127.0.0.1:${PORT[$1]}/2k.bin | awk '/Requests\/sec/{print $2}'; }
printf 'warm-up, process, 50 connections, req/s per 5 s:'
for i in $(seq ${WARM:-18}); do printf ' %.0f' "$(w process 50 5s)"; done; echo
w prefork 50 >/dev/null
for r in $(seq ${ROUNDS:-2}); do
  for c in ${CONCS:-50 25 10 2 1}; do
    p=$(w process $c); a=$(w prefork $c)
    printf 'round %s  %3s connections  process %7.0f req/s  prefork %7.0f req/s  x prefork %.2f\n' \
      $r $c "$p" "$a" "$(python3 -c "print($p/$a)")"
  done
done
kill $pid; wait $pid 2>/dev/null; pid=
