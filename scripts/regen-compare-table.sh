#!/usr/bin/env bash
# Regenerates what docs/scenario-library.md shows of sample-traces/cloud-mix.json, from the current code:
#   - the `asiscope compare` table, between the marker lines
#       <!-- BEGIN generated: asiscope compare sample-traces/cloud-mix.json -->  ...  <!-- END generated -->
#   - the sensitive-share sweep table, between
#       <!-- BEGIN generated: asiscope compare sample-traces/cloud-mix.json --sweep ... -->  ...  <!-- END generated -->
#   - the sweep chart, docs/images/cloud-mix-sweep.svg
# The runs are deterministic (one scenario and seed give one run, and the chart uses a fixed text measure), so
# --check can compare byte for byte.
#
# Usage: scripts/regen-compare-table.sh [--build] [--check]
#   --build  rebuild target/asiscope.jar first (mvn package -DskipTests); done anyway if it is missing
#   --check  do not write; exit 1 if the document or the chart differs from a fresh run
set -euo pipefail
cd "$(dirname "$0")/.."

doc=docs/scenario-library.md
chart=docs/images/cloud-mix-sweep.svg
jar=target/asiscope.jar
scenario=sample-traces/cloud-mix.json
sweep="sensitive-share=0,10,...,100"
end="<!-- END generated -->"
build=0
check=0
for arg in "$@"; do
  case "$arg" in
    --build) build=1 ;;
    --check) check=1 ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "regen-compare-table: unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

if [[ $build == 1 || ! -f $jar ]]; then
  mvn -B -q -o package -DskipTests || mvn -B -q package -DskipTests
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# replace DOC BEGIN-MARKER BLOCK-FILE OUT: copy DOC, replacing what lies between BEGIN-MARKER and the next END line.
replace() {
  local doc=$1 begin=$2 block=$3 out=$4
  if [[ $(grep -cxF -- "$begin" "$doc") != 1 ]]; then
    echo "regen-compare-table: $doc must contain the line '$begin' exactly once" >&2
    exit 2
  fi
  awk -v begin="$begin" -v end="$end" -v block="$block" '
    $0 == begin { print; while ((getline line < block) > 0) print line; skipping = 1; next }
    skipping && $0 == end { skipping = 0 }
    !skipping   { print }
  ' "$doc" > "$out"
}

{
  echo '```text'
  echo "\$ asiscope compare $scenario"
  java -jar "$jar" compare "$scenario"
  echo '```'
} > "$work/table"
{
  echo '```text'
  echo "\$ asiscope compare $scenario --sweep $sweep --svg $chart"
  java -jar "$jar" compare "$scenario" --sweep "$sweep" --svg "$work/chart.svg"
  echo '```'
} > "$work/sweep"

replace "$doc" "<!-- BEGIN generated: asiscope compare $scenario -->" "$work/table" "$work/doc1"
replace "$work/doc1" "<!-- BEGIN generated: asiscope compare $scenario --sweep $sweep -->" "$work/sweep" "$work/doc2"

if [[ $check == 1 ]]; then
  stale=0
  if ! cmp -s "$doc" "$work/doc2"; then
    echo "regen-compare-table: the generated sections of $doc are stale; run scripts/regen-compare-table.sh" >&2
    diff -u "$doc" "$work/doc2" >&2 || true
    stale=1
  fi
  if ! cmp -s "$chart" "$work/chart.svg"; then
    echo "regen-compare-table: $chart is stale (or missing); run scripts/regen-compare-table.sh" >&2
    stale=1
  fi
  if [[ $stale == 1 ]]; then
    exit 1
  fi
  echo "regen-compare-table: $doc and $chart are up to date"
else
  mkdir -p "$(dirname "$chart")"
  cp "$work/doc2" "$doc.tmp" && mv "$doc.tmp" "$doc"
  cp "$work/chart.svg" "$chart.tmp" && mv "$chart.tmp" "$chart"
  echo "regen-compare-table: updated $doc and $chart"
fi
