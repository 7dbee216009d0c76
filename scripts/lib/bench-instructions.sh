# Job 8 of scripts/bench (sourced; uses its $bin, $work, $catalogue, $summary,
# $results and log): instructions per catalogue page under
# valgrind --tool=callgrind, the host against nginx serving the same bytes.
#
# Both run with instrumentation off (--instr-atstart=no) until the measured
# requests: the host through bench-host-up --wrapper, nginx as one process
# (master_process off). Each answers the page n times on one keep-alive
# connection (curl) after a warm-up; the count is every thread's
# instructions (Ir) while instrumentation was on, divided by n.

newest() {  # prefix -> the newest file named prefix.*
  local f newest_file=""
  for f in "$1".*; do
    [ -z "$newest_file" ] || [ "$f" -nt "$newest_file" ] && newest_file=$f
  done
  echo "$newest_file"
}

cg_count() {  # pid dump-prefix -> instructions (Ir) since instrumentation went on
  callgrind_control -d "$1" >/dev/null
  local f
  f=$(newest "$2")
  # awk reads everything: an early exit would end callgrind_annotate with
  # SIGPIPE, which pipefail makes the job's failure.
  callgrind_annotate "$f" 2>/dev/null | awk '/PROGRAM TOTALS/ && !n {gsub(",", "", $1); print $1; n = 1}'
}

cg_requests() {  # url n: n GETs on one connection
  local args=() i
  for i in $(seq "$2"); do args+=(-o /dev/null "$1"); done
  curl -fsS "${args[@]}"
}

cg_nginx_conf() {  # dir port docroot
  local user=""
  [ "$(id -u)" -eq 0 ] && user="user root;"
  cat <<CONF
$user
master_process off;
daemon off;
worker_processes 1;
pid $1/nginx.pid;
error_log $1/logs/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000000;
  default_type application/json;
  client_body_temp_path $1/tmp/body;
  proxy_temp_path $1/tmp/proxy;
  fastcgi_temp_path $1/tmp/fastcgi;
  uwsgi_temp_path $1/tmp/uwsgi;
  scgi_temp_path $1/tmp/scgi;
  server { listen 127.0.0.1:$2; root $3; }
}
CONF
}

job_instructions() {
  bench_install_packages valgrind
  local n=200 vg host_url host_pid url page
  vg=$(command -v valgrind)
  log "instructions: sim + host under callgrind (20,000 cards)"
  bench_start_bg host-cg "$work/host-cg.log" "$bin/bench-host-up" --catalogue="$catalogue" \
    --wrapper="$vg --tool=callgrind --instr-atstart=no --callgrind-out-file=$work/cg-host.%p"
  host_url=$(bench_wait_line "$work/host-cg.log" host_url 600)
  host_pid=$(bench_wait_line "$work/host-cg.log" host_pid 10)
  url="$host_url/api/gift-cards?page=1&page_size=25"
  mkdir -p "$work/www-cg/api"
  curl -fsS "$url" -o "$work/www-cg/api/gift-cards.json"
  page=$(stat -c %s "$work/www-cg/api/gift-cards.json")
  cg_requests "$url" 20 # warm-up
  callgrind_control -i on "$host_pid" >/dev/null
  cg_requests "$url" "$n"
  local host_ir
  host_ir=$(cg_count "$host_pid" "$work/cg-host.$host_pid")
  callgrind_control -i off "$host_pid" >/dev/null
  callgrind_annotate --inclusive=no "$(newest "$work/cg-host.$host_pid")" 2>/dev/null |
    awk '/PROGRAM TOTALS/ {p = 1; next} p && /^ *[0-9,]+ / && k < 12 {print; ++k}' \
      >"$work/cg-host-top.txt"
  bench_stop host-cg

  log "instructions: nginx under callgrind"
  local nginx_port ngurl ngdir=$work/nginx-cg ng_pid
  nginx_port=$(bench_free_port)
  mkdir -p "$ngdir/tmp" "$ngdir/logs"
  chmod -R a+rX "$work/www-cg"
  cg_nginx_conf "$ngdir" "$nginx_port" "$work/www-cg" >"$ngdir/nginx.conf"
  bench_start_bg nginx-cg "$ngdir/logs/stdout.log" "$vg" --tool=callgrind --instr-atstart=no \
    --callgrind-out-file="$work/cg-nginx.%p" "$(command -v nginx)" -p "$ngdir" -c "$ngdir/nginx.conf"
  ng_pid=${BENCH_PIDS[nginx-cg]}
  ngurl="http://127.0.0.1:$nginx_port/api/gift-cards.json"
  bench_wait_http "$ngurl" 60
  cmp -s <(curl -fsS "$ngurl") "$work/www-cg/api/gift-cards.json" ||
    { log "nginx serves other bytes"; return 1; }
  cg_requests "$ngurl" 20
  callgrind_control -i on "$ng_pid" >/dev/null
  cg_requests "$ngurl" "$n"
  local ng_ir
  ng_ir=$(cg_count "$ng_pid" "$work/cg-nginx.$ng_pid")
  bench_stop nginx-cg

  local a b
  a=$(awk -v t="$host_ir" -v n="$n" 'BEGIN { printf "%.0f", t / n }')
  b=$(awk -v t="$ng_ir" -v n="$n" 'BEGIN { printf "%.0f", t / n }')
  printf '| 8. Instructions per catalogue page (callgrind, page of 25 of 20,000, one keep-alive connection) | %s per request | nginx, same %s bytes from a file: %s per request | %s |\n' \
    "$(bench_fmt "$a")" "$page" "$(bench_fmt "$b")" "$(bench_div "$b" "$a")" >>"$summary"
  {
    echo "## 8. Instructions per catalogue page"
    echo
    echo "The host (\`bench-host-up --wrapper\`: loyalty-host under \`valgrind --tool=callgrind"
    echo "--instr-atstart=no\`, sim and 20,000 cards as in job 1) and nginx (one process,"
    echo "\`master_process off\`, under the same callgrind) each answer the same $page-byte page $n"
    echo "times on one keep-alive connection (curl) after 20 warm-up requests. Instrumentation is on"
    echo "(\`callgrind_control -i on PID\`) for those $n requests only; the count is every thread's"
    echo "instructions (Ir) in that window divided by $n. Instruction counts do not depend on the"
    echo "machine's load, unlike the rates of the other jobs."
    echo
    echo '```sh'
    echo "scripts/bench --instructions"
    echo '```'
    echo
    echo "| | Ir in $n requests | per request |"
    echo "|---|---|---|"
    echo "| host | $(bench_fmt "$host_ir") | $(bench_fmt "$a") |"
    echo "| nginx | $(bench_fmt "$ng_ir") | $(bench_fmt "$b") |"
    echo
    echo "The host's functions by their own instructions (\`callgrind_annotate --inclusive=no\`), first 12:"
    echo
    echo '```'
    sed -E 's/ +\[[^]]*\]$//' "$work/cg-host-top.txt"
    echo '```'
    echo
  } >>"$results"
}
