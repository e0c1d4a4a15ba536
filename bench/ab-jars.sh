#!/bin/bash
# Two builds of c10k side by side in one run: each strategy served by the OLD and the NEW jar in turn (the order
# alternates by round), pinned to CPU 1 with -XX:ActiveProcessorCount=1, loaded by wrk -t1 on CPU 0, with
# keep-alive and with Connection: close. Prints each window, then the median requests/s per cell and NEW/OLD.
# A refactoring that should not change behaviour shows ratios within the noise of the rounds.
# Example: bench/ab-jars.sh /tmp/old-c10k.jar harness/target/c10k.jar
# Env: STRATEGIES (thread virtual selector process), ROUNDS (3), CONNECTIONS (50), WINDOW (5 s), WARMUP (5 s),
#      FILE (2k.bin), ROOT (the sample root), PORT (18280), JAVA (a JDK 25 java).
set -u
OLD=${1:?usage: bench/ab-jars.sh OLD_JAR NEW_JAR}
NEW=${2:?usage: bench/ab-jars.sh OLD_JAR NEW_JAR}
J=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
ROOT=${ROOT:-/tmp/c10k-lab-sample-v1}
PORT=${PORT:-18280}
URL=http://127.0.0.1:$PORT/${FILE:-2k.bin}
command -v wrk >/dev/null || { echo "ab-jars: wrk is not installed (Debian: apt-get install wrk)" >&2; exit 2; }
[ -d "$ROOT" ] || { echo "ab-jars: no document root $ROOT: run ./c10k serve once, or set ROOT" >&2; exit 2; }

server=""
stop() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server"
    for _ in $(seq 1 100); do kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server" 2>/dev/null
  fi
  server=""
}
trap stop EXIT

start() { # jar strategy
  taskset -c 1 "$J" -XX:ActiveProcessorCount=1 --enable-native-access=ALL-UNNAMED -jar "$1" serve \
    --strategy "$2" --port "$PORT" --root "$ROOT" --shutdown-grace 1s >/dev/null 2>&1 &
  server=$!
  for _ in $(seq 1 600); do
    (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && return 0
    kill -0 "$server" 2>/dev/null || { echo "ab-jars: $1 --strategy $2 did not start" >&2; return 1; }
    sleep 0.1
  done
  echo "ab-jars: $1 --strategy $2 did not listen within 60 s" >&2
  return 1
}

rps() { # mode (keep-alive | close), seconds
  local header=()
  [ "$1" = close ] && header=(-H "Connection: close")
  taskset -c 0 wrk -t1 -c"${CONNECTIONS:-50}" -d"$2s" "${header[@]}" "$URL" \
    | awk '/Requests\/sec/ {print $2}'
}

results=$(mktemp)
for s in ${STRATEGIES:-thread virtual selector process}; do
  for r in $(seq 1 "${ROUNDS:-3}"); do
    if [ $((r % 2)) -eq 1 ]; then order="old new"; else order="new old"; fi
    for which in $order; do
      jar=$OLD; [ "$which" = new ] && jar=$NEW
      start "$jar" "$s" || exit 1
      rps keep-alive "${WARMUP:-5}" >/dev/null
      rps close "${WARMUP:-5}" >/dev/null
      for mode in keep-alive close; do
        v=$(rps $mode "${WINDOW:-5}")
        echo "$s $mode round $r $which $v" | tee -a "$results"
      done
      stop
    done
  done
done

echo
echo "median requests/s over ${ROUNDS:-3} rounds (${CONNECTIONS:-50} connections, $URL)"
python3 - "$results" <<'EOF'
import statistics, sys
cells = {}
for line in open(sys.argv[1]):
    s, mode, _, _, which, v = line.split()
    cells.setdefault((s, mode), {}).setdefault(which, []).append(float(v))
print(f"{'strategy':<10} {'mode':<11} {'old':>10} {'new':>10} {'new/old':>8}  spread old / new (max/min)")
for (s, mode), d in cells.items():
    o, n = statistics.median(d["old"]), statistics.median(d["new"])
    print(f"{s:<10} {mode:<11} {o:>10.0f} {n:>10.0f} {n / o:>8.3f}  "
          f"{max(d['old']) / min(d['old']):.2f} / {max(d['new']) / min(d['new']):.2f}")
EOF
rm -f "$results"
