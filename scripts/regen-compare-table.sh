#!/usr/bin/env bash
# Regenerates the `asiscope compare sample-traces/cloud-mix.json` table in docs/scenario-library.md,
# between the marker comments
#   <!-- BEGIN generated: asiscope compare sample-traces/cloud-mix.json -->
#   <!-- END generated -->
#
# Usage: scripts/regen-compare-table.sh [--build] [--check]
#   --build  rebuild target/asiscope.jar first (mvn package -DskipTests); done anyway if it is missing
#   --check  do not write; exit 1 if the table in the document differs from a fresh run
set -euo pipefail
cd "$(dirname "$0")/.."

doc=docs/scenario-library.md
jar=target/asiscope.jar
scenario=sample-traces/cloud-mix.json
begin="<!-- BEGIN generated: asiscope compare $scenario -->"
end="<!-- END generated -->"
build=0
check=0
for arg in "$@"; do
  case "$arg" in
    --build) build=1 ;;
    --check) check=1 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "regen-compare-table: unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

if [[ $build == 1 || ! -f $jar ]]; then
  mvn -B -q -o package -DskipTests || mvn -B -q package -DskipTests
fi
for marker in "$begin" "$end"; do
  if [[ $(grep -cxF -- "$marker" "$doc") != 1 ]]; then
    echo "regen-compare-table: $doc must contain the line '$marker' exactly once" >&2
    exit 2
  fi
done

table=$(mktemp)
fresh=$(mktemp)
trap 'rm -f "$table" "$fresh"' EXIT
{
  echo '```text'
  echo "\$ asiscope compare $scenario"
  java -jar "$jar" compare "$scenario"
  echo '```'
} > "$table"

# Copy the document, replacing everything between the markers with the table.
awk -v begin="$begin" -v end="$end" -v table="$table" '
  $0 == begin { print; while ((getline line < table) > 0) print line; skipping = 1; next }
  $0 == end   { skipping = 0 }
  !skipping   { print }
' "$doc" > "$fresh"

if [[ $check == 1 ]]; then
  if cmp -s "$doc" "$fresh"; then
    echo "regen-compare-table: $doc is up to date"
  else
    echo "regen-compare-table: the table in $doc is stale; run scripts/regen-compare-table.sh" >&2
    diff -u "$doc" "$fresh" >&2 || true
    exit 1
  fi
else
  cp "$fresh" "$doc.tmp" && mv "$doc.tmp" "$doc"
  echo "regen-compare-table: updated $doc"
fi
