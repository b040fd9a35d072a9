#!/usr/bin/env bash
# Runs the JMH benchmarks from the shaded jar, building it first when it is missing (or when the
# first argument is --rebuild: the jar is not rebuilt when sources change). Other arguments go to
# JMH unchanged; without any, the evaluator and Ranger benchmarks run in one JMH run, with one fork,
# 5 warm-up and 5 measured iterations of 2 s each, in a 2 GB heap (as ranger.md's anchor).
#
#   benchmarks/run.sh                                   # evaluator vs Ranger, all policy counts
#   benchmarks/run.sh --rebuild                         # the same, after rebuilding the jar
#   benchmarks/run.sh EvaluatorBenchmark -p policies=1000 -f 1 -wi 3 -i 5
#   benchmarks/run.sh -l                                # list benchmarks
#
# Results are written as JSON to benchmarks/target/jmh-<timestamp>.json unless -rff is given.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"

rebuild=false
if [[ "${1:-}" == "--rebuild" ]]; then
  rebuild=true
  shift
fi

if [[ "$rebuild" == true || ! -f "$jar" ]]; then
  echo "Building $jar ..." >&2
  (cd "$root" && mvn -B -q -DskipTests -pl benchmarks -am package)
fi

if [[ $# -eq 0 ]]; then
  set -- 'EvaluatorBenchmark|RangerBenchmark' -f 1 -wi 5 -w 2s -i 5 -r 2s -jvmArgs "-Xms2g -Xmx2g"
fi

result_options=()
if [[ " $* " != *" -rff "* ]]; then
  result_options=(-rf json -rff "$here/target/jmh-$(date +%Y%m%d-%H%M%S).json")
fi

exec java -jar "$jar" "$@" "${result_options[@]}"
