#!/usr/bin/env bash
# Regenerates the user guide's screenshots (docs/images/*.png) from the real window under Xvfb,
# driving it with the keyboard as a user would.
#
# Needs: xvfb xauth libgtk-3-0 libxtst6 imagemagick xdotool (Debian package names), and a built jar
# (mvn -B -q -o package -DskipTests). Usage: scripts/screenshots.sh [jar]
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${1:-target/asiscope.jar}
OUT=docs/images
[ -f "$JAR" ] || { echo "no $JAR: run 'mvn -B -q -o package -DskipTests' first" >&2; exit 2; }
for tool in xvfb-run xdotool import; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y --no-install-recommends xvfb xauth libgtk-3-0 libxtst6 imagemagick xdotool)" >&2; exit 2; }
done
mkdir -p "$OUT"
CONFIG=$(mktemp -d)
trap 'rm -rf "$CONFIG"' EXIT

# shellcheck disable=SC2016
timeout 180 xvfb-run -a -s '-screen 0 1600x1000x24' bash -c '
set -euo pipefail
JAR=$1; OUT=$2; CONFIG=$3
java -Dprism.order=sw -Dasiscope.timing=true -Dasiscope.configDir="$CONFIG" -jar "$JAR" 2>"$CONFIG/app.log" &
APP=$!
trap "kill $APP 2>/dev/null || true" EXIT
WID=$(timeout 60 xdotool search --sync --onlyvisible --name "^asiscope" | head -1)
sleep 2
key() { xdotool windowfocus --sync "$WID" 2>/dev/null || true; xdotool key --window "$WID" "$@"; sleep 0.7; }
shot() { sleep 0.5; import -window root "$OUT/$1.png"; echo "wrote $OUT/$1.png"; }

shot 01-window-start
key ctrl+Right                 # continue to the first breakpoint (the leak)
key l                          # Leaks tab, first leak selected: the inspector shows its causal chain
shot 02-leak-inspector
key e
key t                          # dark theme
shot 03-dark
key t                          # projector theme
shot 04-projector
key 1 plus plus                # the cores view alone, at 120%
shot 04b-projector-cores
key 1 t 0 c                    # grid again, light, 100%; comparison mode
shot 05-compare
key c F1                       # shortcut card
shot 06-shortcuts
key Escape b                   # breakpoints tab
shot 07-breakpoints
grep "first frame" "$CONFIG/app.log" || true
' _ "$JAR" "$OUT" "$CONFIG"
