#!/usr/bin/env bash
# The web tests (ctest "web"): starts the Ascenda simulator (HTTPS, test
# certs) and the sample host with the plugin on SQLite in a throwaway
# folder, creates members and an operator, runs `node --test` in this folder
# against them (headless Chromium through playwright-core), stops both.
# Installs nothing: needs chromium, node and `npm ci` done (scripts/test).
#   run-web-tests.sh BUILD_DIR [node --test arguments…]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:?build folder}" && pwd)
shift
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || { echo "web tests need $chromium (scripts/install-deps)" >&2; exit 1; }
[ -d "$here/node_modules/playwright-core" ] || {
  echo "web tests need 'npm ci' in tests/web (scripts/test does it)" >&2; exit 1; }

work=$(mktemp -d /tmp/web-tests.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "${KEEP_WEB_TEST_DIR:-}" = 1 ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT INT TERM

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
port=$(free_port)
sim_port=$(free_port)
control_port=$(free_port)
bash "$root/tests/setup/make-certs.sh" "$work/certs" >/dev/null
node "$here/make-fixture.mjs" "$root/examples/ascenda-sim/data/catalogue.json" "$work/catalogue.json"
admin_token=$(openssl rand -hex 16)
client_secret=$(openssl rand -hex 16)
webhook_secret=$(openssl rand -hex 24)
data_key=$(openssl rand -base64 32)

cat >"$work/sim.properties" <<CONF
sim.http.port = $sim_port
sim.tls.cert = $work/certs/server.pem
sim.tls.key = $work/certs/server.key
sim.catalogue = $work/catalogue.json
sim.logo_base_url = https://localhost:$sim_port
sim.client_id = web-client
sim.client_secret = $client_secret
sim.webhook.url = http://127.0.0.1:$port/webhooks/ascenda
sim.webhook.secret = $webhook_secret
sim.control.port = $control_port
sim.lifecycle.pending_ms = 2500
sim.lifecycle.processing_ms = 1500
sim.outcome.rate.failed = 0
sim.outcome.rate.cancelled = 0
# The fixture card with markup in its texts always fails: the failed order.
sim.outcome.rules = 00000000-0000-4000-8000-000000000001=failed
sim.seed = 7
CONF

cat >"$work/host.properties" <<CONF
host.http.port = $port
host.db.connector = sqlite
host.db.connection = $work/host.db
host.plugins.dir = $build/plugins
host.web.dir = $root/examples/loyalty-host/web
host.admin.token = $admin_token
host.log.file = $work/host.log
host.secrets.key_file = $work/secrets.key
host.http.rate.member_per_s = 0
host.auth.scrypt.n = 1024
plugins.ascenda.ascenda.base_url = https://localhost:$sim_port
plugins.ascenda.ascenda.client_id = web-client
plugins.ascenda.ascenda.client_secret = $client_secret
plugins.ascenda.ascenda.tls.ca_file = $work/certs/ca.pem
plugins.ascenda.ascenda.pricing.cpp = USD:0.01,SGD:0.0075,EUR:0.011,AUD:0.0065,CAD:0.0075,GBP:0.0125,HKD:0.0013,JPY:0.09
plugins.ascenda.ascenda.webhook.secrets = $webhook_secret
plugins.ascenda.ascenda.data_key = $data_key
CONF

operator_password=$(openssl rand -hex 8)-operator
printf '%s\n' "$operator_password" |
  "$build/bin/loyalty-host" --config="$work/host.properties" --add-operator=olga >/dev/null

"$build/bin/ascenda-sim" --config="$work/sim.properties" >"$work/sim.log" 2>&1 &
pids+=($!)
"$build/bin/loyalty-host" --config="$work/host.properties" >"$work/host.out" 2>&1 &
pids+=($!)
host="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -fsS "$host/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS "$host/healthz" >/dev/null || { cat "$work/host.out" "$work/host.log" >&2; exit 1; }
for _ in $(seq 1 100); do
  curl -fsS "$host/api/gift-cards?page_size=1" 2>/dev/null | grep -q '"points"' && break
  sleep 0.1
done

member_password=$(openssl rand -hex 8)-member
add_member() {
  curl -fsS -o /dev/null -X POST "$host/admin/members" -H "Authorization: Bearer $admin_token" -d "$1"
}
# u-1: everything set, many points. u-2: no phone number, few points.
# u-3: the console test's redemption.
add_member '{"id":"u-1","email":"jane@example.com","first_name":"Jane","last_name":"Doe","phone_number":"+6591234567","country":"US","points":250000,"password":"'"$member_password"'"}'
add_member '{"id":"u-3","email":"kim@example.com","first_name":"Kim","last_name":"Tan","country":"SG","points":100000,"password":"'"$member_password"'"}'
add_member '{"id":"u-2","email":"sam@example.com","first_name":"Sam","last_name":"Lee","country":"US","points":6000,"password":"'"$member_password"'"}'

export WEB_BASE="$host" WEB_ADMIN_TOKEN="$admin_token" WEB_MEMBER_PASSWORD="$member_password"
export WEB_OPERATOR=olga WEB_OPERATOR_PASSWORD="$operator_password" WEB_CONTROL="http://127.0.0.1:$control_port"
export WEB_CHROMIUM="$chromium" WEB_SCREENSHOTS="${WEB_SCREENSHOTS:-}"
cd "$here"
node --test --test-concurrency=1 "$@" ./*.test.mjs
