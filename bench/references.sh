#!/bin/bash
# references.sh start ROOT [NAME ...] | stop [NAME ...] | pid NAME      NAME: nginx, prefork or worker
# The C reference servers the other bench/ scripts measure beside, bound to 127.0.0.1 only, pinned to CPU 1
# (CPU 0 is the load generator's), serving ROOT; with no names, all three:
#   nginx          1 worker, epoll, sendfile   http://127.0.0.1:18181/
#   prefork        Apache httpd, prefork MPM   http://127.0.0.1:18182/
#   worker         Apache httpd, worker MPM    http://127.0.0.1:18183/
# start waits up to 10 s for each to answer and fails (stopping what it started) if one does not or if its port
# is taken. stop stops them; pid prints the master process id of one. Needs Debian's nginx and apache2 packages;
# Apache's children run as www-data, so ROOT and its parents must be readable by www-data. The configuration is
# the one the figures in docs/measurements.md were measured with. Example:
#   bench/references.sh start /tmp/c10k-lab-sample-v1 nginx
#   taskset -c 0 wrk -t1 -c50 -d10s http://127.0.0.1:18181/2k.bin; bench/references.sh stop
set -u
C=${XDG_CACHE_HOME:-$HOME/.cache}/c10k-lab/references
declare -A PORT=([nginx]=18181 [prefork]=18182 [worker]=18183)
declare -A PIDFILE=([nginx]=$C/nginx.pid [prefork]=$C/httpd-prefork.pid [worker]=$C/httpd-worker.pid)

answers() { curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$1/"; }

stop() { # [names]: by default all three
  local n p list=("$@")
  [ ${#list[@]} -gt 0 ] || list=(nginx prefork worker)
  for n in "${list[@]}"; do
    [ -f "${PIDFILE[$n]}" ] || continue
    p=$(cat "${PIDFILE[$n]}")
    case $(ps -o comm= -p "$p" 2>/dev/null) in nginx|apache2) kill "$p" ;; esac # not a pid the system reused
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    rm -f "${PIDFILE[$n]}"
  done
}

start_nginx() {
  cat > "$C/nginx.conf" <<NG
worker_processes 1; daemon on; pid ${PIDFILE[nginx]}; error_log $C/nginx-error.log;
events { worker_connections 20000; use epoll; }
http { access_log off; include /etc/nginx/mime.types; sendfile on; tcp_nopush on; keepalive_requests 10000000;
  server { listen 127.0.0.1:${PORT[nginx]}; root $1; } }
NG
  taskset -c 1 /usr/sbin/nginx -c "$C/nginx.conf"
}

start_httpd() { # mpm root
  local m=$1 conf=$C/httpd-$1.conf
  cat > "$conf" <<AP
ServerRoot /etc/apache2
LoadModule mpm_${m}_module /usr/lib/apache2/modules/mod_mpm_${m}.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule mime_module /usr/lib/apache2/modules/mod_mime.so
TypesConfig /etc/mime.types
Listen 127.0.0.1:${PORT[$m]}
PidFile ${PIDFILE[$m]}
ErrorLog $C/httpd-$m-error.log
DocumentRoot $2
ServerName localhost
User www-data
Group www-data
KeepAlive On
MaxKeepAliveRequests 0
EnableSendfile On
<Directory $2>
  Require all granted
</Directory>
AP
  if [ "$m" = prefork ]; then
    printf 'StartServers 64\nMinSpareServers 64\nMaxSpareServers 128\nServerLimit 256\nMaxRequestWorkers 256\n' \
      >> "$conf"
  else
    printf 'StartServers 2\nThreadLimit 128\nThreadsPerChild 128\nServerLimit 4\nMaxRequestWorkers 256\n' >> "$conf"
  fi
  APACHE_RUN_DIR=$C taskset -c 1 /usr/sbin/apache2 -f "$conf" -k start
}

case ${1:-} in
  stop) shift; stop "$@"; exit 0 ;;
  pid)
    case ${2:-} in nginx|prefork|worker) ;; *) echo "references.sh pid nginx|prefork|worker" >&2; exit 2 ;; esac
    [ -f "${PIDFILE[$2]}" ] || { echo "references.sh: $2 is not running" >&2; exit 1; }
    cat "${PIDFILE[$2]}"; exit 0 ;;
  start) ;;
  *) sed -n '2,13s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
esac
[ -n "${2:-}" ] && [ -d "$2" ] || { echo "references.sh: no document root ${2:-(none given)}" >&2; exit 2; }
root=$(cd "$2" && pwd); shift 2
names=("$@"); [ ${#names[@]} -gt 0 ] || names=(nginx prefork worker)
mkdir -p "$C"
for n in "${names[@]}"; do
  case $n in
    nginx) bin=/usr/sbin/nginx; package=nginx ;;
    prefork|worker) bin=/usr/sbin/apache2; package=apache2 ;;
    *) echo "references.sh: unknown server $n (nginx, prefork, worker)" >&2; exit 2 ;;
  esac
  [ -x $bin ] || { echo "references.sh: $n needs $bin (apt-get install $package)" >&2; exit 2; }
  if answers "${PORT[$n]}"; then echo "references.sh: port ${PORT[$n]} is already taken" >&2; exit 1; fi
done
for n in "${names[@]}"; do
  if [ "$n" = nginx ]; then start_nginx "$root"; else start_httpd "$n" "$root"; fi
  for _ in $(seq 100); do answers "${PORT[$n]}" && break; sleep 0.1; done
  answers "${PORT[$n]}" && continue
  echo "references.sh: $n does not answer on port ${PORT[$n]} (logs in $C)" >&2; stop "${names[@]}"; exit 1
done
