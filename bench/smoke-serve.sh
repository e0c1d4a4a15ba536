#!/bin/bash
# For each strategy: serve the sample root with ./c10k serve, then curl every file and cmp it with the root,
# ab -k -c 200 -n 20000, and wrk -t1 -c200 -d3s: byte-identical files, reused connections, zero failures.
# Example: bench/smoke-serve.sh        Env: STRATS ("thread virtual selector process").
set -u
cd "$(dirname "$0")/.."
ROOT=/tmp/c10k-lab-sample-v1
for s in ${STRATS:-thread virtual selector process}; do
  ready=/tmp/check-$s.json
  rm -f "$ready"
  # the server writes its ready file once it listens: wait for that, not for a line of its log
  ./c10k serve --strategy $s --port 18085 --ready-file "$ready" >/tmp/check-$s.log 2>&1 & pid=$!
  for i in $(seq 50); do [ -s "$ready" ] && break; sleep 0.2; done
  cat "$ready" 2>/dev/null || { echo "$s: no ready file after 10 s"; tail -3 /tmp/check-$s.log; kill $pid; continue; }
  ok=1; for f in index.html 1k.bin 2k.bin 100k.bin 2m.bin; do curl -s http://127.0.0.1:18085/$f | cmp -s - $ROOT/$f || { ok=0; echo "  curl $f DIFFERS"; }; done
  echo "  curl: byte-identical=$ok"
  ab -q -k -c 200 -n 20000 http://127.0.0.1:18085/2k.bin 2>&1 | grep -E "Failed requests|Keep-Alive requests|Complete requests|Non-2xx" | sed 's/^/  ab: /'
  taskset -c 0 wrk -t1 -c200 -d3s http://127.0.0.1:18085/2k.bin 2>&1 | grep -E "requests in|Socket errors|Non-2xx" | sed 's/^/  wrk: /'
  kill $pid; wait $pid 2>/dev/null
done
