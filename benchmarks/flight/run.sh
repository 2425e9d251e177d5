#!/usr/bin/env bash
# zdbc's Flight server (./zdbc serve) against a pyarrow Flight server (FlightServerBase, data in
# memory), both measured with the same pyarrow client over loopback in one run: DoPut and DoGet
# of a 10^7 x 5 table, DoGet of a filtered query, first-batch latency, COUNT(*) round trip.
# Prints a table with zdbc/peer ratios and the targets met or MISSED (flight_bench.py --help).
#
#   benchmarks/flight/run.sh                       # 10^7 rows, median of 5 runs
#   benchmarks/flight/run.sh --rows 1000000 --runs 3
#
# Environment: PYTHON, a Python with pyarrow (default: the build's target/python-test-env, made by
# `./mvnw verify` or cnf/tools/python-test-env.sh target/python-test-env).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
python="${PYTHON:-$root/target/python-test-env/bin/python}"
if ! "$python" -c 'import pyarrow.flight' 2> /dev/null; then
  echo "run.sh: $python has no pyarrow.flight; set PYTHON or run cnf/tools/python-test-env.sh $root/target/python-test-env" >&2
  exit 1
fi
if [ ! -f "$root/features/target/zdbc-server.jar" ]; then
  echo "run.sh: building the server feature (./mvnw install -DskipTests)..." >&2
  (cd "$root" && ./mvnw -B -q install -DskipTests >&2)
fi
exec "$python" "$here/flight_bench.py" --zdbc "$root/zdbc" "$@"
