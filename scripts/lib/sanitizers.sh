# Sanitizer runs of the tests (sourced by scripts/test --sanitize=…).
#   sanitizers_setup <list> <build>  exports ASAN/UBSAN/LSAN/TSAN_OPTIONS so every
#                      instrumented process — the test binaries and the hosts and
#                      simulators they spawn — stops at its first report and writes
#                      it to <build>/sanitizer-logs/<tool>.<pid> (a child's stderr
#                      goes to a test log nobody reads; its exit code may be a
#                      SIGTERM's), and empties that folder.
#   sanitizers_check   fails, printing every report, when that folder holds one.
# Suppressions (third-party code only, each with its reason) are in tests/sanitizers/.

sanitizers_setup() {
  local list=$1 build=$2 supp
  supp="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/tests/sanitizers"
  SANITIZER_LOG_DIR="$build/sanitizer-logs"
  rm -rf "$SANITIZER_LOG_DIR"
  mkdir -p "$SANITIZER_LOG_DIR"
  local common="halt_on_error=1:print_stacktrace=1"
  export UBSAN_OPTIONS="$common:log_path=$SANITIZER_LOG_DIR/ubsan"
  export ASAN_OPTIONS="$common:detect_leaks=1:log_path=$SANITIZER_LOG_DIR/asan"
  export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
  export TSAN_OPTIONS="$common:second_deadlock_stack=1:suppressions=$supp/tsan.supp:log_path=$SANITIZER_LOG_DIR/tsan"
  echo "sanitizers: $list; reports go to $SANITIZER_LOG_DIR"
}

sanitizers_check() {
  local reports
  reports=$(find "$SANITIZER_LOG_DIR" -type f -size +0 | sort)
  if [ -n "$reports" ]; then
    echo "sanitizer reports ($(echo "$reports" | wc -l)), the first lines of each:" >&2
    for f in $reports; do
      echo "=== $f" >&2
      grep -m 1 -E "ERROR|WARNING|runtime error" "$f" >&2 || head -n 1 "$f" >&2
      grep -E "^ +#[0-9]+ " "$f" | head -n 8 >&2 || true
    done
    return 1
  fi
  echo "sanitizers: no reports"
}
