#!/usr/bin/env bash
# The trades query workload (VWAP, filter+sum, COUNT(*), get column on trades(sym, price, volume)):
# zdbc through the DSL and the kernels, DuckDB JDBC and a heap-scan bandwidth baseline in the JVM
# (TradesQueryBenchmark, TradesPeerBenchmark), and Polars lazy (polars_bench.py), all on the same
# column files. Prints JMH's table, then the query table with each zdbc figure's ratio to each peer.
#
#   benchmarks/run-queries.sh                       # 10^5 and 10^7 rows, -f 1 -wi 3 -i 5 (about 15 min)
#   ROWS=100000 benchmarks/run-queries.sh -i 10     # JMH options are passed on (see run.sh)
#
# Environment (and everything run.sh reads: JAVA, ZDBC_BENCH_DIR, REBUILD, ALSO_MAKE):
#   ROWS="100000 10000000"  row counts, for JMH and Polars alike
#   KERNELS=scalar,simd     kernels implementations to measure (default: the benchmark's @Param list)
#   PYTHON=python3          a Python with polars and numpy (default: /tmp/venv/bin/python if it
#                           exists, else python3). To make one:
#                           python3 -m venv --system-site-packages /tmp/venv && /tmp/venv/bin/pip install polars
#   POLARS=0                skip Polars
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/zdbc-benchmarks.jar"
java="${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"
rows="${ROWS:-100000 10000000}"
python="${PYTHON:-}"
if [[ -z "$python" ]]; then
    if [[ -x /tmp/venv/bin/python ]]; then python=/tmp/venv/bin/python; else python=python3; fi
fi

"$here/run.sh" --build-only
export ZDBC_BENCH_DIR="${ZDBC_BENCH_DIR:-$here/target/bench-data}"
mkdir -p "$ZDBC_BENCH_DIR"

# The tables are written once per row count and reused by every JMH fork and by Polars.
read -r -a flags <<< "$("$java" -jar "$jar" --zdbc-jvm-flags)"
echo "== preparing trades tables ($rows rows) in $ZDBC_BENCH_DIR" >&2
mapfile -t dirs < <("$java" "${flags[@]}" -cp "$jar" io.zdbc.benchmarks.TradesTable $rows)

polars_json="$here/target/polars-result.json"
rm -f "$polars_json"
if [[ "${POLARS:-1}" != 0 ]]; then
    if "$python" -c 'import polars, numpy' 2>/dev/null; then
        echo "== Polars ($python); load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
        "$python" "$here/polars_bench.py" "${dirs[@]}" --out "$polars_json" > /dev/null
        export ZDBC_POLARS_RESULT="$polars_json"
    else
        echo "== skipping Polars: $python has no polars/numpy (see PYTHON above)" >&2
    fi
fi

# Built above: don't let run.sh rebuild (REBUILD=1, ALSO_MAKE=1 are for the first build only).
unset REBUILD ALSO_MAKE
jmh=('Trades(Query|Peer)Benchmark' -p "rows=${rows// /,}")
[[ -n "${KERNELS:-}" ]] && jmh+=(-p "kernels=$KERNELS")
exec "$here/run.sh" "${jmh[@]}" "$@"
