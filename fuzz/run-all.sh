#!/usr/bin/env bash
# Run fuzz targets (built by `cargo +nightly fuzz build -s none -a`) for a
# fixed time each (SECS, default 660), two at a time, one per core; each
# target's output goes to fuzz/logs/TARGET.log and its exit code to
# fuzz/logs/summary.txt (0: no crash; 77: a crash, written to artifacts/).
# Usage: ./run-all.sh [TARGET...]   (default: all six). See docs/fuzzing.md.
set -u
cd "$(dirname "$0")"
secs=${SECS:-660}
bin=target/x86_64-unknown-linux-gnu/release
mkdir -p logs
run() {
  local t=$1
  mkdir -p "corpus/$t" "artifacts/$t"
  "$bin/$t" "corpus/$t" -max_total_time="$secs" -timeout=20 -rss_limit_mb=4096 \
    -artifact_prefix="artifacts/$t/" -print_final_stats=1 >"logs/$t.log" 2>&1
  echo "$t exit=$?" >>logs/summary.txt
}
[ $# -gt 0 ] || set -- incident_log answers questionnaire veris xlsx mapping
while [ $# -gt 0 ]; do
  run "$1" &
  if [ $# -gt 1 ]; then run "$2" & fi
  wait
  shift
  if [ $# -gt 0 ]; then shift; fi
done
