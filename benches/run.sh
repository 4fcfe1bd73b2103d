#!/usr/bin/env bash
# Benchmark `imcm kpi` against DuckDB, python-polars and pandas on synthetic incident logs.
#
#   benches/run.sh            # from anywhere; see benches/README.md
#
# Environment (all optional):
#   IMCM=path        imcm binary (default: <repo>/target/release/imcm); skipped if missing or failing
#   BENCH_DIR=dir    scratch folder for data and outputs (default /tmp/imcm-bench; data is reused)
#   SIZES="1000000 10000000"   row counts
#   REPS=3           timed runs per engine and size
#   ENGINES="imcm duckdb polars pandas"
#   SEED=42          generator seed
#   PYTHON=python3
#   TIMEOUT=900      seconds per run; an engine that times out is skipped for the rest of the sizes
#   NO_INSTALL=1     do not pip-install missing Python packages
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
IMCM="${IMCM:-$repo/target/release/imcm}"
BENCH_DIR="${BENCH_DIR:-/tmp/imcm-bench}"
SIZES="${SIZES:-1000000 10000000}"
REPS="${REPS:-3}"
ENGINES="${ENGINES:-imcm duckdb polars pandas}"
SEED="${SEED:-42}"
PY="${PYTHON:-python3}"
TIMEOUT="${TIMEOUT:-900}"
TIME=/usr/bin/time

die() { echo "run.sh: $*" >&2; exit 1; }
[ -x "$TIME" ] || die "$TIME not found (GNU time; Debian package 'time')"
command -v "$PY" >/dev/null || die "$PY not found"

# (a) Python packages
missing=()
for m in duckdb polars pandas; do
    "$PY" -c "import $m" 2>/dev/null || missing+=("$m")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ -n "${NO_INSTALL:-}" ]; then
        die "missing Python packages: ${missing[*]} (NO_INSTALL is set)"
    fi
    echo "installing ${missing[*]} ..."
    "$PY" -m pip install --quiet "${missing[@]}" || die "pip install ${missing[*]} failed"
fi
"$PY" - <<'EOF'
import platform, duckdb, polars, pandas, numpy
print(f"python {platform.python_version()}, duckdb {duckdb.__version__}, polars {polars.__version__}, "
      f"pandas {pandas.__version__}, numpy {numpy.__version__}")
EOF
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
# Another build on a 2-core machine ruins the timings: note it for every run (read-only check).
busy() { pgrep -x rustc >/dev/null 2>&1 && echo rustc; pgrep -x cargo >/dev/null 2>&1 && echo cargo; true; }
if [ -n "$(busy)" ]; then
    echo "WARNING: cargo/rustc is running: on $(nproc) cores the timings below will be disturbed"
fi

mkdir -p "$BENCH_DIR/data" "$BENCH_DIR/out" || die "cannot create $BENCH_DIR"
results="$BENCH_DIR/results-$(date +%Y%m%d-%H%M%S).tsv"
printf 'rows\tengine\trep\twall_s\tmaxrss_kib\tinproc_s\tstatus\n' >"$results"

human() { # 1000000 -> 1M
    local n=$1
    if [ $((n % 1000000)) -eq 0 ]; then echo "$((n / 1000000))M"
    elif [ $((n % 1000)) -eq 0 ]; then echo "$((n / 1000))k"
    else echo "$n"; fi
}

declare -A dead=()   # engine -> why it is skipped for all (remaining) sizes
if [[ " $ENGINES " == *" imcm "* ]]; then
    if [ ! -x "$IMCM" ]; then
        echo "imcm: $IMCM not found or not executable: skipping imcm (build it with cargo build --release, or set IMCM)"
        dead[imcm]="binary not found"
    else
        # run a copy, so that a cargo build during the benchmark cannot swap the binary between runs
        echo "imcm: $IMCM ($(date -r "$IMCM" '+built %Y-%m-%d %H:%M:%S'))"
        cp "$IMCM" "$BENCH_DIR/imcm-under-test" || die "cannot copy $IMCM"
        IMCM="$BENCH_DIR/imcm-under-test"
    fi
fi

for rows in $SIZES; do
    h=$(human "$rows")
    # (b) data, reused if present (the generator writes FILE.part and renames it when done)
    data="$BENCH_DIR/data/incidents-$h-seed$SEED.csv"
    if [ -s "$data" ]; then
        echo "== $h rows: reusing $data ($(du -m "$data" | cut -f1) MB)"
    else
        echo "== $h rows: generating $data"
        "$PY" "$here/gen_incidents.py" "$rows" "$data" --seed "$SEED" || die "generator failed"
    fi
    cat "$data" >/dev/null   # warm the page cache so that no engine pays for the first read
    outdir="$BENCH_DIR/out/$h"
    mkdir -p "$outdir"

    # (c) REPS rounds; in each round every engine runs once (interleaved, so drift hits all alike)
    declare -A skip=()   # engines that failed on this size
    for eng in $ENGINES; do
        if [ -n "${dead[$eng]:-}" ]; then echo "   $eng: skipped (${dead[$eng]})"; fi
    done
    for rep in $(seq 1 "$REPS"); do
        for eng in $ENGINES; do
            [ -n "${dead[$eng]:-}${skip[$eng]:-}" ] && continue
            out="$outdir/$eng.csv"
            log="$outdir/$eng.rep$rep.log"
            tf="$outdir/$eng.rep$rep.time"
            rm -f "$out"
            if [ "$eng" = imcm ]; then
                cmd=("$IMCM" kpi --incidents "$data" --format csv --out "$out")
            else
                cmd=("$PY" "$here/kpi_engines.py" "$eng" "$data" "$out")
            fi
            b0=$(busy)
            "$TIME" -f "%e %M" -o "$tf" timeout -k 10 "$TIMEOUT" "${cmd[@]}" >"$log" 2>&1
            rc=$?
            b1=$(busy)
            ok=ok
            [ -n "$b0$b1" ] && ok=busy
            read -r wall rss < <(tail -n 1 "$tf")
            inproc=$(sed -n 's/.*in-process \([0-9.]*\) s.*/\1/p' "$log" | tail -n 1)
            if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
                printf '%s\t%s\t%s\t%s\t%s\t%s\ttimeout\n' "$rows" "$eng" "$rep" "$wall" "$rss" - >>"$results"
                echo "   $eng rep $rep: TIMED OUT after ${TIMEOUT}s (TIMEOUT); skipped from now on"
                dead[$eng]="timed out after ${TIMEOUT}s on $h rows"
                continue
            fi
            if [ $rc -ne 0 ] || [ ! -s "$out" ]; then
                printf '%s\t%s\t%s\t%s\t%s\t%s\tfail\n' "$rows" "$eng" "$rep" "$wall" "$rss" "${inproc:--}" >>"$results"
                echo "   $eng rep $rep: FAILED (exit $rc); last lines of $log:"
                tail -n 5 "$log" | sed 's/^/      /'
                echo "   $eng: skipped for the rest of this size"
                skip[$eng]=1
                continue
            fi
            printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rows" "$eng" "$rep" "$wall" "$rss" "${inproc:--}" "$ok" >>"$results"
            note=""
            [ "$ok" = busy ] && note="  (cargo/rustc was running: timing disturbed)"
            printf '   %-7s rep %s: %6ss  %6d MiB%s\n' "$eng" "$rep" "$wall" "$((rss / 1024))" "$note"
        done
    done

    # (e) agreement: imcm vs DuckDB, and the Python engines vs DuckDB
    if [ -s "$outdir/duckdb.csv" ]; then
        for eng in imcm polars pandas; do
            [[ " $ENGINES " == *" $eng "* ]] || continue
            if [ -s "$outdir/$eng.csv" ]; then
                echo "   -- $eng vs duckdb ($h):"
                "$PY" "$here/compare_kpis.py" "$outdir/$eng.csv" "$outdir/duckdb.csv" \
                    --label-a "$eng" --label-b duckdb --tol 1e-6 | sed 's/^/      /'
            elif [ "$eng" = imcm ]; then
                echo "   -- imcm vs duckdb ($h): no imcm output to compare"
            fi
        done
    fi
done

# (d) table
echo
"$PY" - "$results" <<'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
def human(n):
    n = int(n)
    return f"{n // 1_000_000}M" if n % 1_000_000 == 0 else f"{n // 1000}k" if n % 1000 == 0 else str(n)
by = {}
for r in rows:
    by.setdefault((int(r["rows"]), r["engine"]), []).append(r)
order = {"imcm": 0, "duckdb": 1, "polars": 2, "pandas": 3}
print(f"{'rows':>5} {'engine':<7} {'ok':>3} {'min s':>8} {'median s':>9} {'in-proc med':>12} "
      f"{'peak MiB':>9} {'time/imcm':>10} {'mem/imcm':>9}")
summary = {}
for (n, eng), rs in sorted(by.items(), key=lambda kv: (kv[0][0], order.get(kv[0][1], 9))):
    ok = [r for r in rs if r["status"] in ("ok", "busy")]
    if not ok:
        summary[(n, eng)] = None
        continue
    walls = [float(r["wall_s"]) for r in ok]
    inp = [float(r["inproc_s"]) for r in ok if r["inproc_s"] not in ("", "-")]
    summary[(n, eng)] = (min(walls), statistics.median(walls),
                         statistics.median(inp) if inp else None,
                         max(int(r["maxrss_kib"]) for r in ok) / 1024, len(ok), len(rs),
                         sum(r["status"] == "busy" for r in ok))
for (n, eng), s in sorted(summary.items(), key=lambda kv: (kv[0][0], order.get(kv[0][1], 9))):
    if s is None:
        what = "timeout" if any(r["status"] == "timeout" for r in by[(n, eng)]) else "failed"
        print(f"{human(n):>5} {eng:<7} {'0/' + str(len(by[(n, eng)])):>3} {what:>8}")
        continue
    mn, med, ip, mib, k, tot, nbusy = s
    base = summary.get((n, "imcm"))
    tr = f"{med / base[1]:.2f}x" if base and base[1] > 0 else "-"
    mr = f"{mib / base[3]:.2f}x" if base and base[3] > 0 else "-"
    ips = f"{ip:.2f}" if ip is not None else "-"
    flag = f"  ({nbusy} run(s) with cargo/rustc running)" if nbusy else ""
    print(f"{human(n):>5} {eng:<7} {f'{k}/{tot}':>3} {mn:>8.2f} {med:>9.2f} {ips:>12} {mib:>9.0f} {tr:>10} {mr:>9}{flag}")
print("\nwall = /usr/bin/time %e of the whole process (interpreter start and imports included);")
print("in-proc = the Python engines' own read+compute+write time; peak = max RSS over the runs;")
print("time/imcm = median wall / imcm's median wall (>1: imcm is faster); mem/imcm likewise for peak RSS.")
print(f"raw results: {sys.argv[1]}")
EOF
