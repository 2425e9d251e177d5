#!/usr/bin/env bash
# Start-up of one-shot CLI commands against a one-shot DuckDB Python command on the same data:
# median wall and CPU time (user + system) of `zdbc tables <db>`, `zdbc sql <db> "SELECT count(*) FROM t"` and
# `python -c "import duckdb; duckdb.connect(<file>).sql('SELECT count(*) FROM t').fetchall()"`,
# with the ratio to DuckDB. zdbc runs twice per command: "first" with an empty start-up cache (the
# run that fills it), "warm" with the cache filled; "no cache" is ZDBC_CACHE=off (every run
# installs the bundles into a fresh framework storage, as before the cache).
#
#   benchmarks/startup.sh [--runs 7] [--rows 1000]
#
# Environment: PYTHON (default target/python-test-env/bin/python, made by a build with tests or
# cnf/tools/python-test-env.sh target/python-test-env), WORK (scratch directory, default a new one
# under /dev/shm or /tmp, removed at the end). Needs features/target/zdbc-cli.jar (./zdbc builds it).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs=7
rows=1000
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --rows) rows=$2; shift 2 ;;
    *) echo "usage: $0 [--runs n] [--rows n]" >&2; exit 2 ;;
  esac
done
python="${PYTHON:-$root/target/python-test-env/bin/python}"
if ! "$python" -c "import duckdb" 2> /dev/null; then
  echo "startup.sh: no duckdb in $python; run cnf/tools/python-test-env.sh target/python-test-env or set PYTHON" >&2
  exit 1
fi
[ -d /dev/shm ] && base=/dev/shm || base=/tmp
work="${WORK:-$(mktemp -d "$base/zdbc-startup.XXXXXX")}"
trap 'rm -rf "$work"' EXIT
zdbc="$root/zdbc"

# The same rows for both: a CSV imported by each.
"$python" - "$work/t.csv" "$rows" << 'EOF'
import random, sys
random.seed(42)
with open(sys.argv[1], "w") as f:
    f.write("id,sym,price,volume\n")
    for i in range(int(sys.argv[2])):
        f.write(f"{i},S{i % 7},{random.uniform(14000, 16000):.2f},{random.randint(1, 10000)}\n")
EOF
"$zdbc" import "$work/db" t "$work/t.csv" > /dev/null 2>&1
"$python" -c "import duckdb, sys; duckdb.connect(sys.argv[1]).sql(\"CREATE TABLE t AS SELECT * FROM read_csv('\" + sys.argv[2] + \"')\")" \
  "$work/t.duckdb" "$work/t.csv"
duck="import duckdb; duckdb.connect('$work/t.duckdb').sql('SELECT count(*) FROM t').fetchall()"

# Answers must agree before anything is timed.
want=$("$python" -c "import duckdb; print(duckdb.connect('$work/t.duckdb').sql('SELECT count(*) FROM t').fetchall()[0][0])")
got=$(ZDBC_CACHE=off "$zdbc" sql "$work/db" "SELECT count(*) FROM t" 2> /dev/null | tail -1)
if [ "$want" != "$got" ] || [ "$want" != "$rows" ]; then
  echo "startup.sh: count(*) differs: zdbc $got, DuckDB $want, rows $rows" >&2
  exit 1
fi

# "wall cpu" seconds of one run of "$@" (output discarded); cpu = user + system of the process tree.
timed() {
  local TIMEFORMAT='%R %U %S' t
  t=$({ time "$@" > /dev/null 2>&1; } 2>&1)
  echo "$t" | awk '{ printf "%s %.3f\n", $1, $2 + $3 }'
}

# Medians of the "wall cpu" lines on stdin.
median() {
  local lines
  lines=$(cat)
  printf '%s %s\n' "$(cut -d' ' -f1 <<< "$lines" | sort -n | mid)" "$(cut -d' ' -f2 <<< "$lines" | sort -n | mid)"
}
mid() {
  awk '{ a[NR] = $1 } END { printf "%.3f", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# first: every run with an empty cache directory of its own; warm: after one untimed run.
measure() { # MODE COMMAND...
  local mode=$1 i
  shift
  for i in $(seq "$runs"); do
    case "$mode" in
      first) ZDBC_CACHE_DIR="$work/cache-first-$i" timed "$@" ;;
      warm) ZDBC_CACHE_DIR="$work/cache-warm" timed "$@" ;;
      off) ZDBC_CACHE=off timed "$@" ;;
      python) timed "$@" ;;
    esac
  done | median
}

ZDBC_CACHE_DIR="$work/cache-warm" "$zdbc" tables "$work/db" > /dev/null 2>&1
ZDBC_CACHE_DIR="$work/cache-warm" "$zdbc" sql "$work/db" "SELECT count(*) FROM t" > /dev/null 2>&1
"$python" -c "$duck"

read -r py pycpu <<< "$(measure python "$python" -c "$duck")"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
printf 'one-shot start-up, %s rows, medians of %s runs (load average %s)\n' "$rows" "$runs" \
  "$(cut -d' ' -f1-3 /proc/loadavg 2> /dev/null || uptime)"
printf '%-42s %8s %9s %8s %9s\n' "command" "wall s" "/ DuckDB" "cpu s" "/ DuckDB"
printf '%-42s %8s %9s %8s %9s\n' "python -c \"import duckdb; ... count(*)\"" "$py" "1.00x" "$pycpu" "1.00x"
for cmd in tables sql; do
  if [ "$cmd" = tables ]; then args=(tables "$work/db"); else args=(sql "$work/db" "SELECT count(*) FROM t"); fi
  for mode in off first warm; do
    read -r w c <<< "$(measure "$mode" "$zdbc" "${args[@]}")"
    label="zdbc $cmd"
    case "$mode" in off) label+=" (no cache)" ;; first) label+=" (first run, fills cache)" ;; warm) label+=" (warm cache)" ;; esac
    printf '%-42s %8s %9s %8s %9s\n' "$label" "$w" "$(ratio "$w" "$py")" "$c" "$(ratio "$c" "$pycpu")"
  done
done
printf 'load average after: %s (wall times on a loaded machine are mostly waiting; cpu is user + system)\n' \
  "$(cut -d' ' -f1-3 /proc/loadavg 2> /dev/null || uptime)"
