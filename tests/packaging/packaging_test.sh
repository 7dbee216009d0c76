#!/usr/bin/env bash
# The packages, end to end, as someone without this source tree's build uses
# them:
#   1. scripts/package (from the test build, --no-build) makes the four .deb;
#      lintian reports no error; every package has the project's version.
#   2. They are unpacked (dpkg -x) into a throwaway root; the binaries there
#      print the project and host-api ABI versions the build says.
#   3. systemd-analyze verify accepts the packaged unit (in that root, with
#      the machine's own units beside it); the security exposure is printed.
#   4. examples/minimal-host is built against the unpacked SDK only
#      (CMAKE_PREFIX_PATH = the root), runs the unpacked plugin against the
#      unpacked simulator over TLS: the catalogue is listed and one redemption
#      is fulfilled (webhook through the plugin's route, or the reconciler).
# usage: packaging_test.sh SOURCE_DIR BUILD_DIR PROJECT_VERSION ABI_VERSION
set -euo pipefail
src=$1 build=$2 version=$3 abi=$4
tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "${KEEP_TEST_DIRS:-}" ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  for f in "$tmp"/*.log; do [ -f "$f" ] && { echo "--- $f"; tail -n 40 "$f"; } >&2; done
  exit 1
}
step() { echo "== $* ($(date +%T))"; }

step "packages"
BUILD_DIR=$build DIST_DIR=$tmp/dist bash "$src/scripts/package" --no-build >"$tmp/package.log" 2>&1 ||
  fail "scripts/package failed"
cat "$tmp/package.log"
for p in librewards-host-api-dev rewards-plugin-ascenda loyalty-host ascenda-sim; do
  deb=$(ls "$tmp"/dist/${p}_*.deb 2>/dev/null) || fail "no $p package"
  [ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "$p is not version $version"
done
errors=$(grep -c '^E: ' "$tmp/dist/lintian.txt" || true)
warnings=$(grep -c '^W: ' "$tmp/dist/lintian.txt" || true)
echo "lintian: $errors errors, $warnings warnings"
[ "$errors" = 0 ] || fail "lintian errors"
dpkg-deb -f "$tmp"/dist/loyalty-host_*.deb Depends | grep -q libpoco || fail "no shlibdeps"
dpkg-deb -I "$tmp"/dist/loyalty-host_*.deb conffiles | grep -qx /etc/loyalty-host/loyalty-host.properties ||
  fail "properties file is not a conffile"

step "unpack"
root=$tmp/root
for deb in "$tmp"/dist/*.deb; do dpkg -x "$deb" "$root"; done
plugin=$(find "$root/usr/lib" -path '*/rewards-plugins/libascenda_plugin.so')
[ -n "$plugin" ] || fail "no plugin .so under usr/lib/<multiarch>/rewards-plugins"
[ "$("$root/usr/bin/loyalty-host" --version)" = "loyalty-host $version (host-api ABI $abi)" ] ||
  fail "loyalty-host --version: $("$root/usr/bin/loyalty-host" --version)"
[ "$("$root/usr/bin/ascenda-sim" --version)" = "ascenda-sim $version" ] || fail "ascenda-sim --version"
grep -q "set(PACKAGE_VERSION \"$abi\")" "$(find "$root" -name RewardsHostApiConfigVersion.cmake)" ||
  fail "RewardsHostApi's CMake version is not the ABI $abi"

step "systemd unit"
unit=$root/lib/systemd/system/loyalty-host.service
[ -f "$unit" ] || fail "no unit"
cp -rn /lib/systemd/system/. "$root/lib/systemd/system/"  # the targets it names
verify=$(systemd-analyze verify --root="$root" --man=no loyalty-host.service 2>&1) ||
  fail "systemd-analyze verify: $verify"
[ -z "$verify" ] || fail "systemd-analyze verify complained: $verify"
systemd-analyze security --offline=yes "$unit" 2>/dev/null | grep 'Overall exposure level' ||
  fail "systemd-analyze security"

step "minimal-host against the unpacked SDK"
cmake -S "$src/examples/minimal-host" -B "$tmp/minimal" -DCMAKE_PREFIX_PATH="$root/usr" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER_LAUNCHER= >"$tmp/minimal-build.log" 2>&1 ||
  fail "minimal-host configure"
grep -q "^RewardsHostApi_DIR:PATH=$root/" "$tmp/minimal/CMakeCache.txt" ||
  fail "RewardsHostApi not found in the unpacked root"
cmake --build "$tmp/minimal" -j2 >>"$tmp/minimal-build.log" 2>&1 || fail "minimal-host build"

free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 30000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}
wait_http() {  # URL [curl args...]
  local url=$1
  shift
  for _ in $(seq 1 150); do
    curl -fsS -o /dev/null "$@" "$url" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

step "simulator + minimal-host + plugin"
bash "$src/tests/setup/make-certs.sh" "$tmp/certs" >/dev/null
sim_port=$(free_port) control_port=$(free_port) host_port=$(free_port)
webhook_secret=$(openssl rand -hex 24)
cat >"$tmp/sim.properties" <<CONF
sim.http.host = 127.0.0.1
sim.http.port = $sim_port
sim.control.port = $control_port
sim.tls.cert = $tmp/certs/server.pem
sim.tls.key = $tmp/certs/server.key
sim.catalogue = $root/usr/share/ascenda-sim/catalogue.json
sim.client_id = pkg-client
sim.client_secret = pkg-secret
sim.lifecycle.pending_ms = 200
sim.lifecycle.processing_ms = 200
sim.outcome.rate.failed = 0
sim.outcome.rate.cancelled = 0
sim.webhook.url = http://127.0.0.1:$host_port/webhooks/ascenda
sim.webhook.secret = $webhook_secret
CONF
cat >"$tmp/plugin.properties" <<CONF
ascenda.base_url = https://localhost:$sim_port
ascenda.client_id = pkg-client
ascenda.client_secret = pkg-secret
ascenda.tls.ca_file = $tmp/certs/ca.pem
ascenda.pricing.cpp = USD:0.01,SGD:0.0075,EUR:0.011,AUD:0.0065,CAD:0.0075,GBP:0.0125,HKD:0.0013,JPY:0.09
ascenda.webhook.secrets = $webhook_secret
ascenda.data_key = $(openssl rand -base64 32)
ascenda.reconcile.interval_s = 1
ascenda.poll.after_s = 1
CONF
"$root/usr/bin/ascenda-sim" --config="$tmp/sim.properties" >"$tmp/sim.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$control_port/control/health" || fail "simulator did not start"
"$tmp/minimal/minimal-host" --plugin="$plugin" --settings="$tmp/plugin.properties" \
  --db="$tmp/minimal.db" --port="$host_port" --member=m-1:100000:m1@example.com \
  >"$tmp/minimal-host.log" 2>&1 &
pids+=($!)
host=http://127.0.0.1:$host_port

page=""
for _ in $(seq 1 150); do
  page=$(curl -s "$host/api/gift-cards?currency=USD&page_size=1" || true)
  printf '%s' "$page" | grep -q '"points"' && break
  sleep 0.2
done
printf '%s' "$page" | grep -q '"points"' || fail "no catalogue: $page"
card=$(printf '%s' "$page" | grep -o '"id":"[^"]*"' | head -n 1 | cut -d'"' -f4)
denomination=$(printf '%s' "$page" | grep -o '"denominations":\[{[^}]*}' | head -n 1)
value=$(printf '%s' "$denomination" | grep -o '"value":"[^"]*"' | cut -d'"' -f4)
points=$(printf '%s' "$denomination" | grep -o '"points":[0-9]*' | cut -d: -f2)
[ -n "$card" ] && [ -n "$value" ] && [ -n "$points" ] || fail "cannot read a card from: $page"
echo "catalogue listed; redeeming $card $value USD for $points points"

reply=$(curl -s -w '\n%{http_code}' -X POST "$host/api/redemptions" -H 'Content-Type: application/json' \
  -d "{\"member_id\":\"m-1\",\"gift_card_id\":\"$card\",\"denomination\":\"$value\",\"currency\":\"USD\",\"expected_points\":$points,\"idempotency_key\":\"pkg-1\"}")
[ "$(printf '%s' "$reply" | tail -n 1)" = 201 ] || fail "redemption not created: $reply"
id=$(printf '%s' "$reply" | head -n 1 | grep -o '"id":"[^"]*"' | head -n 1 | cut -d'"' -f4)
[ -n "$id" ] || fail "no redemption id: $reply"
status=""
for _ in $(seq 1 150); do
  status=$(curl -s "$host/api/redemptions/$id?member_id=m-1")
  printf '%s' "$status" | grep -q '"status":"fulfilled"' && break
  sleep 0.2
done
printf '%s' "$status" | grep -q '"status":"fulfilled"' || fail "redemption not fulfilled: $status"
printf '%s' "$status" | grep -q '"delivery":{' || fail "fulfilled without delivery data: $status"
balance=$(curl -s "$host/api/members/m-1" | grep -o '"balance":[0-9]*' | cut -d: -f2)
[ "$balance" = $((100000 - points)) ] || fail "balance $balance, expected $((100000 - points))"
echo "redemption $id fulfilled; member balance $balance"
step "ok"
