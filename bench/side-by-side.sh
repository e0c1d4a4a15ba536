#!/bin/bash
# Side by side in one run: nginx (1 worker, from references.sh) and c10k servers, each given as
#   NAME=JAR:STRATEGY:PORT:CONTROL_PORT[:EXTRA_FLAGS]
# All start once and are warmed (8 s per cell); then the windows alternate over the servers for each cell, ROUNDS
# times; prints medians and the ratio to nginx per round. wrk -t1 -c50 on CPU 0, servers on CPU 1. Context switches:
# c10k servers from their own getrusage (control port), nginx from /proc of its worker process (it never exits).
# Example: bench/side-by-side.sh selector=harness/target/c10k.jar:selector:18080:18099
# Env: D (window, 5s), ROUNDS (5), CELLS ("2k.bin:keepalive 2k.bin:close 2m.bin:keepalive"), ROOT, JAVA.
set -u
ROOT=${ROOT:-/tmp/c10k-lab-sample-v1}
REFS=$(dirname "$0")/references.sh
J=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
D=${D:-5s}; ROUNDS=${ROUNDS:-5}
CELLS=${CELLS:-"2k.bin:keepalive 2k.bin:close 2m.bin:keepalive"}
OUT=${OUT:-/tmp/c10k-side-by-side.tsv}; : > $OUT
[ -d "$ROOT" ] || { echo "no document root $ROOT: run ./c10k serve once (it generates the sample root), or set ROOT" >&2; exit 2; }
"$REFS" start "$ROOT" nginx || exit 1
declare -A PORT CTRL; NAMES=(nginx); PORT[nginx]=18181; pids=(); NGINX=$("$REFS" pid nginx)
trap 'kill "${pids[@]}" 2>/dev/null; "$REFS" stop nginx' EXIT
for spec in "$@"; do
  name=${spec%%=*}; rest=${spec#*=}; IFS=: read jar strat port ctrl extra <<< "$rest"
  taskset -c 1 $J --enable-native-access=ALL-UNNAMED -XX:ActiveProcessorCount=1 -jar $jar serve --strategy $strat ${extra:-} --port $port --root $ROOT --control-port $ctrl >/tmp/c10k-side-by-side-$name.log 2>&1 &
  pids+=($!); NAMES+=($name); PORT[$name]=$port; CTRL[$name]=$ctrl
done
sleep 2
sw() { if [ $1 = nginx ]; then local s=0; for p in $(pgrep -P $NGINX); do for t in /proc/$p/task/*; do s=$((s + $(awk '/^(voluntary|nonvoluntary)_ctxt_switches/{a+=$2} END{print a}' $t/status))); done; done; echo $s
  else curl -s 127.0.0.1:${CTRL[$1]}/stats | python3 -c 'import json,sys; o=json.load(sys.stdin); print(o["voluntary_switches"]+o["involuntary_switches"])'; fi; }
window() { # name file mode
  local h=(); [ "$3" = close ] && h=(-H "Connection: close")
  local a=$(sw $1)
  local out=$(taskset -c 0 wrk -t1 -c50 -d$D "${h[@]}" "http://127.0.0.1:${PORT[$1]}/$2" | awk '/Requests\/sec/{r=$2} /requests in/{n=$1} END{print r, n}')
  local b=$(sw $1)
  set -- "$1" "$2-$3" $out $((b - a))
  printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$(python3 -c "print(round($5/max($4,1),4))")" >> $OUT
}
for c in $CELLS; do for n in "${NAMES[@]}"; do taskset -c 0 wrk -t1 -c50 -d8s http://127.0.0.1:${PORT[$n]}/${c%%:*} >/dev/null; done; done
for r in $(seq $ROUNDS); do for c in $CELLS; do for n in "${NAMES[@]}"; do window $n ${c%%:*} ${c##*:}; done; done; done
kill "${pids[@]}"; wait 2>/dev/null; pids=()
"$REFS" stop nginx
python3 - $OUT "$CELLS" "${NAMES[@]}" <<'PY'
import sys, statistics as st, collections
rows=[l.split('\t') for l in open(sys.argv[1]).read().split('\n') if l]
d=collections.defaultdict(list)
for n,c,r,s in rows: d[(n,c)].append((float(r),float(s)))
names=sys.argv[3:]
for c in sys.argv[2].split():
  c=c.replace(':','-'); base=[x[0] for x in d[('nginx',c)]]
  for n in names:
    v=d[(n,c)]; r=[x[0] for x in v]; ratios=[y/x for x,y in zip(base,r)]
    print(f"{c:18} {n:10} {st.median(r):9.0f} req/s  ctxsw/req {st.median([x[1] for x in v]):.4f}  x nginx: median {st.median(ratios):.3f} (rounds {', '.join(f'{x:.2f}' for x in ratios)})")
PY
