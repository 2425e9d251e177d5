#!/usr/bin/env bash
# Builds the benchmark uber jar if needed, runs the zdbc JMH benchmarks, prints JMH's table and a
# summary with GB/s, M rows/s and ratios to the same-run peers.
#
#   benchmarks/run.sh                       # everything, short settings (-f 1 -wi 3 -i 5)
#   benchmarks/run.sh Write -p durability=FAST
#   benchmarks/run.sh OpenViews -i 10       # any JMH option; given ones replace the defaults
#   benchmarks/run.sh --build-only          # only (re)build the jar if needed
#
# Environment:
#   JAVA=/path/to/java      JVM for the host and the forks (default: $JAVA_HOME/bin/java or java)
#   ZDBC_BENCH_DIR=dir      where the benchmark databases go (default: benchmarks/target/bench-data);
#                           put it on the file system you want to measure, not on tmpfs by accident
#   REBUILD=1               rebuild the jar even if it looks up to date
#   ALSO_MAKE=1             also rebuild and install the zdbc bundles it uses (tests skipped);
#                           otherwise the bundles installed in ~/.m2 are used
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/zdbc-benchmarks.jar"
java="${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"

# The jar carries the JVM flags of the JDK it was built with (the root pom adds some on JDK 24+ that
# JDK 17 rejects), so build with the JDK that will run it.
java_home="$(dirname "$(dirname "$(readlink -f "$(command -v "$java")")")")"
stamp="$here/target/zdbc-benchmarks.jdk"

stale() {
    [[ ! -f "$jar" || "${REBUILD:-0}" == 1 || "${ALSO_MAKE:-0}" == 1 ]] && return 0
    [[ "$(cat "$stamp" 2>/dev/null)" != "$java_home" ]] && return 0
    [[ -n "$(find "$here/src" "$here/pom.xml" "$root/pom.xml" -newer "$jar" -print -quit)" ]]
}

if stale; then
    echo "== building $jar with $java_home" >&2
    export JAVA_HOME="$java_home"
    mvn_args=(-B -q install -pl benchmarks)
    [[ "${ALSO_MAKE:-0}" == 1 ]] && mvn_args+=(-am -DskipTests)
    mvn_quiet() {
        (cd "$root" && set +e && ./mvnw "$@" 2>&1 | sed 's/\x1b\[[0-9;]*m//g' | grep -v '^$' >&2
            exit "${PIPESTATUS[0]}")
    }
    if ! mvn_quiet -o "${mvn_args[@]}"; then
        echo "== offline build failed; retrying online (Maven Central)" >&2
        mvn_quiet "${mvn_args[@]}" || {
            echo "build failed; if the zdbc bundles are missing from ~/.m2, run with ALSO_MAKE=1" >&2
            exit 1
        }
    fi
    echo "$java_home" > "$stamp"
fi
[[ "${1:-}" == "--build-only" ]] && exit 0

# Short defaults, each dropped if the caller gives that option.
defaults=()
for d in "-f 1" "-wi 3" "-i 5"; do
    opt="${d%% *}"
    given=0
    for a in "$@"; do [[ "$a" == "$opt" ]] && given=1; done
    [[ $given == 0 ]] && defaults+=($d)
done

export ZDBC_BENCH_DIR="${ZDBC_BENCH_DIR:-$here/target/bench-data}"
mkdir -p "$ZDBC_BENCH_DIR"
results="$here/target/jmh-result.json"

echo "== $("$java" -version 2>&1 | head -1); $(nproc) CPUs; load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "== data in $ZDBC_BENCH_DIR ($(df -hT "$ZDBC_BENCH_DIR" | awk 'NR==2 {print $2 " on " $1}'))" >&2
"$java" -jar "$jar" "${defaults[@]}" -rf json -rff "$results" "$@"
echo "== load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); JSON results: $results" >&2
