#!/bin/bash
# What the perf cross-check costs a server: two servers of one strategy on CPU 1, one under
# `perf stat -e context-switches,task-clock`, loaded in turn by wrk -t1 -c50 on CPU 0, keep-alive and close.
# Example: S=thread bench/perf-cost.sh harness/target/c10k.jar      Env: S (thread), ROOT, JAVA.
set -u
JAR=${1:-harness/target/c10k.jar}
J=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}; ROOT=${ROOT:-/tmp/c10k-lab-sample-v1}

pids=()
stop() { # a server under perf stat is perf's child: stopping it lets perf write its counts
  local p c
  for p in "${pids[@]}"; do c=$(pgrep -P "$p"); kill ${c:-$p} 2>/dev/null; done; wait 2>/dev/null; pids=()
}
trap stop EXIT
start() { # port perf|noperf
  local cmd=(taskset -c 1 $J -XX:+UseSerialGC -Xms64m -Xmx1g -XX:ActiveProcessorCount=1 --enable-native-access=ALL-UNNAMED
             -jar $JAR serve --strategy ${S:-thread} --port $1 --root $ROOT)
  if [ "$2" = perf ]; then perf stat -e context-switches,task-clock -o /tmp/c10k-perf-cost-$1.txt -- "${cmd[@]}" >/dev/null 2>&1 &
  else "${cmd[@]}" >/dev/null 2>&1 & fi
  pids+=($!)
}
start 18061 noperf; start 18062 perf; sleep 2
for p in 18061 18062; do taskset -c 0 wrk -t1 -c50 -d5s http://127.0.0.1:$p/2k.bin >/dev/null; done
for mode in keepalive close; do
  h=(); [ $mode = close ] && h=(-H "Connection: close")
  for r in 1 2 3; do
    a=$(taskset -c 0 wrk -t1 -c50 -d5s "${h[@]}" http://127.0.0.1:18061/2k.bin | awk '/Requests\/sec/{print $2}')
    b=$(taskset -c 0 wrk -t1 -c50 -d5s "${h[@]}" http://127.0.0.1:18062/2k.bin | awk '/Requests\/sec/{print $2}')
    echo "${S:-thread} $mode round $r: without perf $a, under perf stat $b, ratio $(python3 -c "print(round($b/$a,3))")"
  done
done
stop
