#!/usr/bin/env bash
# Runs the JMH benchmarks in src/test/java/dev/asiscope/bench (see docs/performance.md).
#
#   scripts/bench.sh                       # all benchmarks, default settings
#   scripts/bench.sh PageWalk              # benchmarks whose name matches a regex
#   scripts/bench.sh -wi 5 -i 10 Cache     # override a default; any other JMH option works too
#   scripts/bench.sh -h                    # JMH's own help
#
# Defaults (each used only if not given): -f 1 -wi 3 -i 5 -w 1s -r 1s.
# Maven runs offline (-o); set MVN_OFFLINE= to let it download missing plugins.
set -euo pipefail
cd "$(dirname "$0")/.."

offline=${MVN_OFFLINE--o}
mvn -B -q $offline test-compile
cpfile=target/bench-classpath.txt
mvn -B -q $offline dependency:build-classpath -DincludeScope=test -Dmdep.outputFile="$cpfile"

defaults=()
has() {
  local opt=$1 a
  for a in "${args[@]}"; do
    [[ $a == "$opt" ]] && return 0
  done
  return 1
}
args=("$@")
has -f || defaults+=(-f 1)
has -wi || defaults+=(-wi 3)
has -i || defaults+=(-i 5)
has -w || defaults+=(-w 1s)
has -r || defaults+=(-r 1s)

exec java -cp "target/test-classes:target/classes:$(cat "$cpfile")" org.openjdk.jmh.Main "${defaults[@]}" "$@"
