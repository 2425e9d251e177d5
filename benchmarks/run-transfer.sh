#!/usr/bin/env bash
# Import and export against DuckDB and Polars / pyarrow (io.zdbc.benchmarks.TransferComparison):
# one generated table (id i64, sym str, price f64, volume i64) written once as CSV, Parquet (snappy)
# and uncompressed Feather by transfer_peers.py; zdbc's connectors in one JVM (no CLI start-up)
# against DuckDB JDBC into a database file and COPY ... TO, Polars / pyarrow in memory (a Python
# subprocess, the same files) and a file copy + fsync. Every result is checked equal (rows and a
# sum per column); prints medians, ratios and the targets.
#
#   benchmarks/run-transfer.sh                      # 10^7 rows, median of 3 runs
#   benchmarks/run-transfer.sh --rows 100000 --runs 1
#
# Environment (and what run.sh reads to build the jar: JAVA, REBUILD, ALSO_MAKE):
#   PYTHON=python          a Python with numpy, polars and pyarrow (default: target/python-test-env/bin/python,
#                          made by a build with tests or cnf/tools/python-test-env.sh target/python-test-env)
#   ZDBC_BENCH_DIR=dir     where the data files and databases go (default: benchmarks/target/transfer);
#                          the generated files are kept there and reused
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/zdbc-benchmarks.jar"
java="${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"
python="${PYTHON:-$root/target/python-test-env/bin/python}"
if ! "$python" -c 'import numpy, polars, pyarrow' 2> /dev/null; then
    echo "run-transfer.sh: $python lacks numpy, polars or pyarrow; set PYTHON or run cnf/tools/python-test-env.sh target/python-test-env" >&2
    exit 1
fi
"$here/run.sh" --build-only
dir="${ZDBC_BENCH_DIR:-$here/target/transfer}"
mkdir -p "$dir"
read -r -a flags <<< "$("$java" -jar "$jar" --zdbc-jvm-flags)"
echo "== $("$java" -version 2>&1 | head -1); $(nproc) CPUs; load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "== data in $dir ($(df -hT "$dir" | awk 'NR==2 {print $2 " on " $1}'))" >&2
"$java" "${flags[@]}" -Xmx4g -cp "$jar" io.zdbc.benchmarks.TransferComparison \
    --work "$dir" --python "$python" --script "$here/transfer_peers.py" "$@"
