# A throwaway PostgreSQL cluster for the tests (sourced by scripts/test).
#   pg_cluster_start   initdb in a new temporary folder, start it listening on a
#                      Unix socket in that folder only; sets PG_CLUSTER_DIR and
#                      exports TEST_PG_CONNECTION (libpq string, db "postgres").
#                      For tests durability is off (fsync, synchronous_commit,
#                      full_page_writes); `pg_cluster_start --durable` keeps
#                      PostgreSQL's defaults (scripts/bench measures with them).
#   pg_cluster_stop    stop it and remove the folder (safe to call twice).
#   pg_cluster_down    stop the server like a crash (immediate), keep the folder;
#   pg_cluster_up      start it again with the same options (PG_CLUSTER_DIR set);
#   pg_cluster_restart [SECONDS]  down, SECONDS (default 0) without a server, up
#                      (the chaos run and the database fault tests use these).
# As root (CI runs as root) the cluster runs as the unprivileged user "nobody".

pg_cluster_bin() {
  local initdb
  initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)
  [ -n "$initdb" ] || { echo "PostgreSQL server binaries not found" >&2; return 1; }
  dirname "$initdb"
}

pg_cluster_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u nobody -- "$@"
  else
    "$@"
  fi
}

pg_cluster_start() {
  local bin durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [ "${1:-}" = "--durable" ] && durability=""
  bin=$(pg_cluster_bin) || return 1
  PG_CLUSTER_DIR=$(mktemp -d /tmp/rewards-pg.XXXXXX)
  chmod 755 "$PG_CLUSTER_DIR"
  [ "$(id -u)" -eq 0 ] && chown nobody: "$PG_CLUSTER_DIR"
  pg_cluster_as_owner "$bin/initdb" -D "$PG_CLUSTER_DIR/data" -U postgres --auth=trust \
    --encoding=UTF8 --locale=C >"$PG_CLUSTER_DIR/initdb.log" 2>&1 ||
    { cat "$PG_CLUSTER_DIR/initdb.log" >&2; return 1; }
  echo "-c listen_addresses='' -c unix_socket_directories='$PG_CLUSTER_DIR' -c max_connections=300 $durability" \
    >"$PG_CLUSTER_DIR/options"
  pg_cluster_up || return 1
  export TEST_PG_CONNECTION="host=$PG_CLUSTER_DIR port=5432 user=postgres dbname=postgres"
  echo "test PostgreSQL cluster running in $PG_CLUSTER_DIR"
}

pg_cluster_up() {
  local bin
  bin=$(pg_cluster_bin) || return 1
  pg_cluster_as_owner "$bin/pg_ctl" -D "$PG_CLUSTER_DIR/data" -l "$PG_CLUSTER_DIR/server.log" -w \
    -o "$(cat "$PG_CLUSTER_DIR/options")" start >/dev/null ||
    { cat "$PG_CLUSTER_DIR/server.log" >&2; return 1; }
}

pg_cluster_down() {
  local bin
  bin=$(pg_cluster_bin) || return 1
  pg_cluster_as_owner "$bin/pg_ctl" -D "$PG_CLUSTER_DIR/data" -m immediate -w stop >/dev/null
}

pg_cluster_restart() {
  pg_cluster_down || return 1
  sleep "${1:-0}"
  pg_cluster_up
}

pg_cluster_stop() {
  [ -n "${PG_CLUSTER_DIR:-}" ] && [ -d "$PG_CLUSTER_DIR" ] || return 0
  local bin
  bin=$(pg_cluster_bin) || return 0
  pg_cluster_as_owner "$bin/pg_ctl" -D "$PG_CLUSTER_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_CLUSTER_DIR"
  PG_CLUSTER_DIR=""
}
