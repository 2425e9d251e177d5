#!/usr/bin/env bash
# Creates, or reuses when its requirements have not changed, the isolated Python environment the
# tests run against: a venv at DIR with the packages of python-test-requirements.txt.
# Usage: python-test-env.sh DIR   (ZDBC_PYTHON_BASE picks the interpreter that makes the venv)
set -euo pipefail
dir=${1:?usage: python-test-env.sh DIR}
req="$(cd "$(dirname "$0")" && pwd)/python-test-requirements.txt"
stamp="$dir/zdbc-requirements.txt"
if [ -x "$dir/bin/python" ] && cmp -s "$req" "$stamp"; then
  echo "Python test environment: $dir (up to date)"
  exit 0
fi
base=${ZDBC_PYTHON_BASE:-python3}
if ! command -v "$base" > /dev/null; then
  echo "python-test-env: no '$base' on PATH; install Python 3.9+ or set ZDBC_PYTHON_BASE" >&2
  exit 1
fi
echo "Python test environment: creating $dir with $("$base" --version 2>&1) (pip install -r $req)"
rm -rf "$dir"
"$base" -m venv "$dir"
# pip's retry and index warnings go to a log that is shown only if the install fails.
if ! "$dir/bin/python" -m pip install -q --disable-pip-version-check -r "$req" > "$dir/pip.log" 2>&1; then
  cat "$dir/pip.log" >&2
  echo "python-test-env: pip install -r $req failed (log above)" >&2
  exit 1
fi
cp "$req" "$stamp"
echo "Python test environment: $dir ready"
