#!/usr/bin/env bash
# Scale benchmark for batch assessments: `imcm compare` and `imcm report` over
# 4,000 assessments (10 orgs x 50 units x 8 quarters, 192,000 answer rows),
# without and with 5 M incidents. See benches/README.md.
#
#   cargo build --release && benches/batch.sh
#
# Environment (all optional):
#   BENCH_DIR=dir    data, outputs, logs, results (default /tmp/imcm-bench/batch; data is reused)
#   IMCM=path        imcm binary (default <repo>/target/release/imcm)
#   REPS=1           timed runs per step
#   SEED=42          generator seed
#   INCIDENTS=5000000  incident rows (smaller for a quick check, e.g. INCIDENTS=100000)
#   PYTHON=python3
#   OUT_DIR=dir      where the steps write (default $BENCH_DIR/out); e.g. OUT_DIR=/dev/shm/imcm-out
#                    measures imcm without the disk (tmpfs)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
BENCH_DIR="${BENCH_DIR:-/tmp/imcm-bench/batch}"
IMCM="${IMCM:-$repo/target/release/imcm}"
REPS="${REPS:-1}"
SEED="${SEED:-42}"
INCIDENTS="${INCIDENTS:-5000000}"
PY="${PYTHON:-python3}"
TIME=/usr/bin/time

die() { echo "batch.sh: $*" >&2; exit 1; }
[ -x "$TIME" ] || die "$TIME not found (GNU time; Debian package 'time')"
command -v "$PY" >/dev/null || die "$PY not found"
[ -x "$IMCM" ] || die "$IMCM not found or not executable (cargo build --release, or set IMCM)"
[[ "$REPS" =~ ^[1-9][0-9]*$ ]] || die "REPS must be a positive integer"

data="$BENCH_DIR/data"
outroot="${OUT_DIR:-$BENCH_DIR/out}"
logs="$BENCH_DIR/logs"
mkdir -p "$data" "$outroot" "$logs"

# Run a copy, so that a cargo build during the benchmark cannot swap the binary between runs.
echo "imcm: $IMCM ($(date -r "$IMCM" '+built %Y-%m-%d %H:%M:%S'))"
cp "$IMCM" "$BENCH_DIR/imcm-under-test"
IMCM="$BENCH_DIR/imcm-under-test"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
# Another build on a 2-core machine ruins the timings: note it for every run (read-only check).
busy() { pgrep -x rustc >/dev/null 2>&1 && echo rustc; pgrep -x cargo >/dev/null 2>&1 && echo cargo; true; }
if [ -n "$(busy)" ]; then
    echo "WARNING: cargo/rustc is running: on $(nproc) cores the timings below will be disturbed"
fi

# (1) data (reused when params.json matches)
"$PY" "$here/gen_batch.py" "$data" --seed "$SEED" --incidents "$INCIDENTS"
answers="$data/answers.csv"
incidents="$data/incidents.csv"
[ -s "$answers" ] || die "$answers missing"
[ "$INCIDENTS" -eq 0 ] || [ -s "$incidents" ] || die "$incidents missing"

# assessments = distinct (org, unit, period) in answers.csv
assessments="$("$PY" - "$answers" <<'EOF'
import csv, sys
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    r = csv.reader(f)
    next(r)
    print(len({(row[0], row[1], row[2]) for row in r}))
EOF
)"
echo "data: $answers ($(du -h "$answers" | cut -f1), $assessments assessments)"
[ "$INCIDENTS" -eq 0 ] || echo "      $incidents ($(du -h "$incidents" | cut -f1), $INCIDENTS rows)"

# (2) warm the page cache
cat "$answers" >/dev/null
[ "$INCIDENTS" -eq 0 ] || cat "$incidents" >/dev/null

# (3) timed steps
steps=(compare compare-inc report report-inc)
if [ "$INCIDENTS" -eq 0 ]; then
    steps=(compare report)
fi
step_argv() { # step out -> argv
    case "$1" in
        compare)     argv=(compare --answers "$answers" --out "$2") ;;
        compare-inc) argv=(compare --answers "$answers" --incidents "$incidents" --out "$2") ;;
        report)      argv=(report --answers "$answers" --out "$2") ;;
        report-inc)  argv=(report --answers "$answers" --incidents "$incidents" --out "$2") ;;
        *) die "unknown step $1" ;;
    esac
}

results="$BENCH_DIR/results-$(date +%Y%m%d-%H%M%S).tsv"
printf 'step\trep\twall_s\tpeak_rss_mib\tassessments\tms_per_assessment\tfiles\toutput_bytes\toutput_size\tnote\n' >"$results"

# Each run writes into a fresh folder. Deleting tens of thousands of files
# just before creating as many makes ext4 scan for recently deleted inodes
# (`recently_deleted` in the kernel) and can double a report step's time, so
# the previous outputs are removed here, once, with a pause before the steps.
if [ -n "$(ls -A "$outroot")" ]; then
    rm -rf "${outroot:?}"/*
    sync
    sleep 30
fi
for rep in $(seq 1 "$REPS"); do
    for step in "${steps[@]}"; do
        out="$outroot/$step-$rep"
        step_argv "$step" "$out"
        log="$logs/$step-$rep"
        note="$(busy | tr '\n' ' ')"
        echo "[$step rep $rep] imcm ${argv[*]}"
        rc=0
        "$TIME" -f "%e %M" -o "$log.time" "$IMCM" "${argv[@]}" >"$log.stdout" 2>"$log.stderr" || rc=$?
        if [ "$rc" -ne 0 ]; then
            echo "batch.sh: step $step (rep $rep) failed with exit code $rc; last lines of $log.stderr:" >&2
            tail -n 30 "$log.stderr" >&2 || true
            tail -n 2 "$log.time" >&2 || true
            exit 1
        fi
        note="${note}$(busy | tr '\n' ' ')"
        read -r wall rss_kib < <(tail -n 1 "$log.time")
        files=$(find "$out" -type f | wc -l)
        bytes=$(du -sb "$out" | cut -f1)
        size=$(du -sh "$out" | cut -f1)
        awk -v s="$step" -v r="$rep" -v w="$wall" -v k="$rss_kib" -v a="$assessments" \
            -v f="$files" -v b="$bytes" -v h="$size" -v n="${note:+disturbed: $note}" 'BEGIN {
            printf "%s\t%d\t%.2f\t%.1f\t%d\t%.3f\t%d\t%d\t%s\t%s\n",
                s, r, w, k / 1024, a, (a > 0 ? 1000 * w / a : 0), f, b, h, n }' >>"$results"
        if [ -n "$note" ]; then
            echo "  WARNING: $note running during this step: timing disturbed"
        fi
    done
done

# (4) table: median wall time over the reps, largest peak RSS
echo
echo "imcm batch benchmark: $assessments assessments, $(wc -c <"$answers" | awk '{printf "%.1f MB", $1/1e6}') answers" \
     "$([ "$INCIDENTS" -eq 0 ] || echo "+ $INCIDENTS incidents ($(wc -c <"$incidents" | awk '{printf "%.0f MB", $1/1e6}'))"), REPS=$REPS"
"$PY" - "$results" <<'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline=""), delimiter="\t"))
order = []
for r in rows:
    if r["step"] not in order:
        order.append(r["step"])
head = ["step", "wall s", "min s", "peak MiB", "assessments", "ms/assessment", "files", "output", "note"]
table = []
for s in order:
    rs = [r for r in rows if r["step"] == s]
    wall = statistics.median(float(r["wall_s"]) for r in rs)
    a = int(rs[-1]["assessments"])
    table.append([s, f"{wall:.2f}", f"{min(float(r['wall_s']) for r in rs):.2f}",
                  f"{max(float(r['peak_rss_mib']) for r in rs):.0f}", str(a),
                  f"{1000 * wall / a:.2f}" if a else "-", rs[-1]["files"], rs[-1]["output_size"],
                  "disturbed" if any(r["note"] for r in rs) else ""])
w = [max(len(x) for x in col) for col in zip(head, *table)]
for i, line in enumerate([head] + table):
    print("  ".join(x.ljust(w[j]) if j in (0, 8) else x.rjust(w[j]) for j, x in enumerate(line)).rstrip())
    if i == 0:
        print("  ".join("-" * n for n in w))
EOF
echo
echo "results: $results"
echo "outputs: $outroot/<step>-<rep>/, logs: $logs/<step>-<rep>.{stdout,stderr,time}"
