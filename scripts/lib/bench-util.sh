# Helpers of scripts/bench (sourced): background services it starts and stops,
# free ports, nginx, parsing wrk and the bench-* helpers' key=value lines,
# medians and ratios, and the report. Every started service is recorded in
# BENCH_PIDS so bench_stop_all (the EXIT trap) can stop it.

declare -A BENCH_PIDS=()

bench_install_packages() {  # packages... (apt-get, only those missing)
  local missing=() p sudo=""
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    { $sudo apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
}

bench_start_bg() {  # name logfile command... ; not in a subshell (records the pid)
  local name=$1 logfile=$2
  shift 2
  "$@" >"$logfile" 2>&1 </dev/null &
  BENCH_PIDS[$name]=$!
}

bench_stop() {  # name: SIGTERM, up to 15 s, then SIGKILL
  local pid=${BENCH_PIDS[$1]:-} i
  [ -n "$pid" ] || return 0
  unset "BENCH_PIDS[$1]"
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

bench_stop_all() {
  local name
  for name in "${!BENCH_PIDS[@]}"; do bench_stop "$name"; done
}

bench_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

bench_wait_http() {  # url timeout_s
  local i
  for i in $(seq $(($2 * 10))); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "no answer from $1" >&2
  return 1
}

bench_wait_line() {  # file key timeout_s -> the key's value once the file has it
  local i v
  for i in $(seq $(($3 * 10))); do
    v=$(bench_kv "$2" "$1")
    [ -n "$v" ] && { echo "$v"; return 0; }
    sleep 0.1
  done
  echo "$2 never appeared in $1:" >&2
  cat "$1" >&2
  return 1
}

bench_start_nginx() {  # dir port docroot: nginx in the foreground of a bg job
  local dir=$1 port=$2 docroot=$3 user=""
  mkdir -p "$dir/tmp" "$dir/logs"
  chmod -R a+rX "$docroot"
  [ "$(id -u)" -eq 0 ] && user="user root;"
  cat >"$dir/nginx.conf" <<EOF
$user
worker_processes auto;
daemon off;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000000;
  keepalive_timeout 60s;
  default_type application/json;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  server {
    listen 127.0.0.1:$port;
    root $docroot;
  }
}
EOF
  bench_start_bg nginx "$dir/logs/stdout.log" nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/logs/error.log"
  bench_wait_http "http://127.0.0.1:$port/" 10 2>/dev/null ||
    curl -s -o /dev/null "http://127.0.0.1:$port/" || { cat "$dir/logs/error.log" >&2; return 1; }
}

bench_kv() {  # key [file] -> value of the first key=value (stdin without a file)
  if [ $# -ge 2 ]; then
    grep -o "\b$1=[^ ]*" "$2" 2>/dev/null | head -n 1 | cut -d= -f2-
  else
    grep -o "\b$1=[^ ]*" | head -n 1 | cut -d= -f2-
  fi
}

bench_redeem_rate() {  # bench-redeem output -> redemptions/s
  sed -n 's/.*answered 201 = \([0-9.]*\) \/s.*/\1/p' "$1" | head -n 1
}

bench_wrk_rps() { awk '/^Requests\/sec:/ {printf "%.0f\n", $2}' "$1"; }

bench_wrk_ms() {  # wrk --latency output, percentile (50, 99) -> ms
  awk -v p="$2%" '$1 == p {
      v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
      if (u == "us") v /= 1000; else if (u == "s") v *= 1000; else if (u == "m") v *= 60000;
      printf "%.2f\n", v }' "$1"
}

bench_median() {  # numbers... -> the median (mean of the middle two when even)
  printf '%s\n' "$@" | grep -E '^-?[0-9.]+$' | sort -g |
    awk '{v[NR] = $1} END { if (NR == 0) { print "n/a"; exit }
      m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
      if (m == int(m)) { printf "%d\n", m; exit }
      s = sprintf("%.3f", m); sub(/0+$/, "", s); print s }'
}

bench_div() {  # a b -> a / b with 3 decimals ("n/a" when either is missing)
  awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "n/a"; else printf "%.3f\n", a / b }'
}

bench_fmt() {  # 12345.6 -> 12,346
  LC_ALL=C printf "%.0f" "$1" 2>/dev/null | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' || echo "$1"
}

bench_mib() { awk -v k="$1" 'BEGIN { printf "%.1f\n", k / 1024 }'; }

bench_pairs() {  # name-of-array-a name-of-array-b -> "a1 / b1, a2 / b2, ..."
  local -n xs=$1 ys=$2
  local i out=()
  for i in "${!xs[@]}"; do out+=("${xs[$i]} / ${ys[$i]}"); done
  local IFS=,
  echo "${out[*]}" | sed 's/,/, /g'
}

bench_rounds_table() {  # label-a label-b label-ratio array-a array-b array-ratio
  local -n as=$4 bs=$5 rs=$6
  local i
  echo "| round | $1 (A) | $2 (B) | $3 |"
  echo "|---|---|---|---|"
  for i in "${!as[@]}"; do echo "| $((i + 1)) | ${as[$i]} | ${bs[$i]} | ${rs[$i]} |"; done
  echo "| **median** | **$(bench_median "${as[@]}")** | **$(bench_median "${bs[@]}")** | **$(bench_median "${rs[@]}")** |"
  echo
}

bench_machine() {
  local commit dirty=""
  commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
  git -C "$root" diff --quiet HEAD 2>/dev/null || dirty=" (with uncommitted changes)"
  echo "| | |"
  echo "|---|---|"
  echo "| CPUs (\`nproc\`) | $(nproc) |"
  echo "| CPU | $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1) |"
  echo "| memory | $(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) |"
  echo "| kernel | $(uname -sr) |"
  echo "| OS | $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME") |"
  echo "| date | $(date -u '+%Y-%m-%d %H:%M UTC') |"
  echo "| git commit | $commit$dirty |"
  echo "| compiler | $(c++ --version | head -n 1) |"
  echo "| tools | $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2), $(nginx -v 2>&1 | cut -d' ' -f3), PostgreSQL $(ls /usr/lib/postgresql | sort -V | tail -n 1), SQLite $(dpkg-query -W -f='${Version}' libsqlite3-0 2>/dev/null) |"
}

# The rows / sections of `file` ("| N. …" table rows, "## N. …" sections up to
# the next "## ") of the jobs whose numbers are not in `numbers` (e.g. "1 5 6"),
# for a report of fewer jobs than the one it replaces. `what` = rows | sections.
bench_previous() {  # file numbers what
  [ -f "$1" ] || return 0
  python3 - "$1" "$2" "$3" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
ran = set(sys.argv[2].split())
mark = " (from the previous report)"
if sys.argv[3] == "rows":
    for line in text.splitlines():
        m = re.match(r"\| (\d+)[a-z]?\. ", line)
        if m and m.group(1) not in ran:
            print(line if mark in line else re.sub(r"\| (\d+[a-z]?\. [^|]*)\|", r"| \1" + mark.strip() + " |", line, count=1))
else:
    for m in re.finditer(r"^## (\d+)\. .*?(?=^## |\Z)", text, re.S | re.M):
        if m.group(1) not in ran:
            section = m.group(0)
            head, _, rest = section.partition("\n")
            print((head if mark in head else head + mark) + "\n" + rest.rstrip("\n") + "\n")
PY
}

bench_job_numbers() {  # job names -> their numbers in the report
  local job out=()
  for job in $1; do
    case "$job" in
      catalogue) out+=(1) ;; redeem) out+=(2) ;; webhook) out+=(3) ;; recovery) out+=(4) ;;
      memory) out+=(5) ;; coldstart) out+=(6) ;; metrics) out+=(7) ;; instructions) out+=(8) ;;
    esac
  done
  echo "${out[*]}"
}

bench_write_report() {  # out summary results quick args ran [previous-report]
  local out=$1 summary=$2 results=$3 quick=$4 args=$5 ran=$6 previous=${7:-}
  local numbers
  numbers=$(bench_job_numbers "$ran")
  mkdir -p "$(dirname "$out")"
  {
    echo "# Performance"
    echo
    echo "Written by \`scripts/bench${args:+ $args}\` — do not edit by hand; run it again. Every job runs its"
    echo "figure (A) and the limit of this machine it is compared with (B) in turn, A B A B …, each with"
    echo "its own freshly started services; a figure is the median of the rounds, a ratio the median of"
    echo "the rounds' own ratios (so a slow minute of a shared machine hits both sides of it). Release"
    echo "build; everything on 127.0.0.1; the client shares the cores with what it measures."
    if [ "$quick" -eq 1 ]; then
      echo
      echo "**\`--quick\` run: one short round per job — these numbers only show the script works.**"
    fi
    echo
    echo "## Machine"
    echo
    bench_machine
    echo
    echo "## Results"
    echo
    echo "Ratio: figure / limit for rates and sizes, limit / figure for times — so 1.0 means \"as fast"
    echo "as the machine's own limit\" and lower is further from it (memory: final / loaded, 1.0 = no growth)."
    echo "Jobs run: ${ran:-none}."
    echo
    echo "| job | figure | limit (same run) | ratio |"
    echo "|---|---|---|---|"
    { cat "$summary"; [ -n "$previous" ] && bench_previous "$previous" "$numbers" rows; } |
      sort -t. -k1.3,1n -s
    echo
    # What bounds each ratio (profiles, design limits): kept by hand in
    # bench-readings.sh, which prints Markdown.
    if [ -f "$root/scripts/lib/bench-readings.sh" ]; then
      bash "$root/scripts/lib/bench-readings.sh"
      echo
    fi
    cat "$results"
    [ -n "$previous" ] && bench_previous "$previous" "$numbers" sections
  } >"$out"
}
