#!/bin/bash
# c10k bench vs wrk -t1, both -c 50 for 10 s on CPU 0, against nginx (1 worker, from references.sh) on CPU 1,
# alternating in one run: the load generator's own overhead, as a ratio of requests/s. Each round's bench is the
# first run of a cold JVM with bench's defaults (its own 2 s warm-up), as a user's first run is; the last line is
# the median ratio.
# Example: bench/bench-vs-wrk.sh harness/target/c10k.jar        Env: ROUNDS (5), ROOT, JAVA.
set -u
JAR=${1:-harness/target/c10k.jar}
ROOT=${ROOT:-/tmp/c10k-lab-sample-v1}
REFS=$(dirname "$0")/references.sh
J=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
[ -d "$ROOT" ] || { echo "no document root $ROOT: run ./c10k serve once (it generates the sample root), or set ROOT" >&2; exit 2; }
"$REFS" start "$ROOT" nginx || exit 1
trap '"$REFS" stop nginx' EXIT
U=http://127.0.0.1:18181/2k.bin
taskset -c 0 wrk -t1 -c50 -d5s $U >/dev/null
for r in $(seq ${ROUNDS:-5}); do
  w=$(taskset -c 0 wrk -t1 -c50 -d10s $U | awk '/Requests\/sec/{print $2}')
  b=$(taskset -c 0 $J --enable-native-access=ALL-UNNAMED -jar $JAR bench -c 50 -d 10s --json $U \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["requests_per_second"])')
  ratio=$(python3 -c "print(round($b/$w,3))")
  ratios="${ratios:-} $ratio"
  echo "round $r wrk $w bench $b ratio $ratio"
done
echo "median ratio $(python3 -c "import statistics,sys; print(statistics.median(map(float, sys.argv[1:])))" $ratios)"
