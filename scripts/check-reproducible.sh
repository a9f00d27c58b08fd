#!/usr/bin/env bash
# Reproducible build check: builds the release jar a second time, from a copy of the sources in a fresh temp
# folder, and checks that it is byte-identical to target/asiscope.jar (built just before, e.g. by
# 'mvn -B verify' in .ci/run). Exit 0 when identical; 1 with the differing entries otherwise.
#
# What makes it hold: project.build.outputTimestamp in pom.xml fixes every archive entry's time; the build
# embeds no dates, host names or absolute paths. Same JDK and Maven versions are assumed (the enforcer
# pins the minimums; javac's output can differ between JDK releases).
set -euo pipefail
cd "$(dirname "$0")/.."

first=target/asiscope.jar
if [[ ! -f "$first" ]]; then
  echo "check-reproducible: $first is missing; run 'mvn -B package' first" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The tracked and new (not ignored) files of this work tree: in CI, exactly the commit.
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
  [[ -f "$f" ]] && mkdir -p "$tmp/$(dirname "$f")" && cp -p "$f" "$tmp/$f"
done

start=$(date +%s)
(cd "$tmp" && mvn -B -q -Dmaven.test.skip=true package) > "$tmp/build.log" 2>&1 || {
  cat "$tmp/build.log" >&2
  echo "check-reproducible: the second build failed" >&2
  exit 1
}
second="$tmp/target/asiscope.jar"
a=$(sha256sum "$first" | cut -d' ' -f1)
b=$(sha256sum "$second" | cut -d' ' -f1)
echo "check-reproducible: first  $a  $first"
echo "check-reproducible: second $b  (rebuilt in $(( $(date +%s) - start )) s in $tmp)"
if [[ "$a" == "$b" ]]; then
  echo "check-reproducible: byte-identical"
  exit 0
fi
echo "check-reproducible: the two jars differ" >&2
if command -v unzip >/dev/null 2>&1; then
  echo "entries whose CRC, size or order differ:" >&2
  diff <(unzip -v "$first" | awk 'NR>3 {print $7, $1, $8}') <(unzip -v "$second" | awk 'NR>3 {print $7, $1, $8}') \
    | head -40 >&2 || true
fi
exit 1
