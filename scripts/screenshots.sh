#!/usr/bin/env bash
# Regenerates the user guide's screenshots (docs/images/*.png) from the real window under Xvfb,
# driving it with the keyboard as a user would (mouse clicks where no key will do): the built-in scenario
# at 1600x1000, then a 4x2 machine (bench-cloud-4x2) and comparison mode at 1280x720 in the projector
# theme, presentation mode, the page tables and the what-if pane.
#
# Needs: xvfb xauth libgtk-3-0 libxtst6 imagemagick xdotool (Debian package names), and a built jar
# (mvn -B -q -o package -DskipTests). Usage: scripts/screenshots.sh [jar]
# SHOTS=presentation (or main, machine, compare, tables; comma-separated) regenerates only those sessions' pictures.
# SHOTS_OUT=DIR writes the pictures there instead of docs/images (to look before replacing them).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${1:-target/asiscope.jar}
OUT=${SHOTS_OUT:-docs/images}
[ -f "$JAR" ] || { echo "no $JAR: run 'mvn -B -q -o package -DskipTests' first" >&2; exit 2; }
for tool in xvfb-run xdotool import; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y --no-install-recommends xvfb xauth libgtk-3-0 libxtst6 imagemagick xdotool)" >&2; exit 2; }
done
mkdir -p "$OUT"
SHOTS=${SHOTS:-main,machine,compare,presentation,tables}
want() { [[ ",$SHOTS," == *",$1,"* ]]; }

# One window session on a screen of $1 (WxH) with scenario $2 ("" for the built-in one), waiting $3 s
# for it; then steps: a key name for xdotool, "shot:NAME" for a screenshot, "sleep:S" for a pause,
# "click:X Y" for a mouse click at screen coordinates (where no key selects the thing, e.g. a page-table
# entry or a menu item), "type:TEXT" to type into the focused field, "winshot:NAME=TITLE" for a screenshot
# of the window whose title starts with TITLE alone.
session() {
    local screen=$1 scenario=$2 wait=$3; shift 3
    local config
    config=$(mktemp -d)
    # shellcheck disable=SC2016
    timeout 300 xvfb-run -a -s "-screen 0 ${screen}x24" bash -c '
    set -euo pipefail
    JAR=$1; OUT=$2; CONFIG=$3; SCEN=$4; WAIT=$5; shift 5
    java -Dprism.order=sw -Dasiscope.timing=true -Dasiscope.configDir="$CONFIG" -jar "$JAR" $SCEN 2>"$CONFIG/app.log" &
    APP=$!
    trap "kill $APP 2>/dev/null || true" EXIT
    WID=$(timeout 60 xdotool search --sync --onlyvisible --name "^asiscope" | head -1)
    sleep "$WAIT"
    for step in "$@"; do
        case "$step" in
            shot:*) sleep 0.8; import -window root "$OUT/${step#shot:}.png"; echo "wrote $OUT/${step#shot:}.png" ;;
            sleep:*) sleep "${step#sleep:}" ;;
            click:*) xdotool mousemove --sync ${step#click:} click 1; sleep 0.7 ;;
            type:*) xdotool type --delay 60 "${step#type:}"; sleep 0.3 ;;
            winshot:*) name=${step#winshot:}; W2=$(timeout 20 xdotool search --sync --onlyvisible --name "^${name#*=}" | head -1)
                sleep 0.8; import -window "$W2" "$OUT/${name%%=*}.png"; echo "wrote $OUT/${name%%=*}.png" ;;
            *) xdotool windowfocus --sync "$WID" 2>/dev/null || true; xdotool key --window "$WID" $step; sleep 0.7 ;;
        esac
    done
    grep "first frame" "$CONFIG/app.log" || true
    ' _ "$JAR" "$OUT" "$config" "$scenario" "$wait" "$@"
    rm -rf "$config"
}

# The built-in narrated scenario (L1TF between sibling threads) at 1600x1000.
want main && session 1600x1000 "" 2 \
    shot:01-window-start \
    m `# the scenario is narrated, so it opened in guided mode: free navigation for the next pictures` \
    ctrl+Right `# continue to the first breakpoint (the leak)` \
    l `# Leaks tab, first leak selected: the inspector shows its causal chain, the views its arrows` \
    shot:02-leak-inspector \
    e t sleep:2 shot:03-dark `# (a theme change restyles the whole window: time for it on a busy machine)` \
    t sleep:2 shot:04-projector \
    "1 plus plus" sleep:2 shot:04b-projector-cores \
    "1 t 0 c" sleep:3 `# grid again, light, 100%; comparison mode (aligned by event)` \
    shot:05-compare \
    c F1 shot:06-shortcuts \
    "Escape b" shot:07-breakpoints \
    Escape g type:59145 Return sleep:2 `# the leak still selected, back to its transient load: its chain` \
    shot:02b-causal-chain-grid

# A 4 cores x 2 threads machine (the benchmark scenario) on a 1280x720 projector: compact tiles.
want machine && session 1280x720 sample-traces/bench-cloud-4x2.json 30 \
    "t t" "Right Right Right" shot:08-machine-4x2-projector \
    "t" shot:09-machine-4x2

# Comparison mode at 1280x720 in the projector theme, on the cloud host: the right side defaults to a
# policy that leaks where the left one does not.
want compare && session 1280x720 sample-traces/cloud-mix.json 10 \
    "m t t c" sleep:5 "ctrl+Right" sleep:1 shot:05b-compare-projector

# Presentation mode (P): full screen on a 1280x720 projector in the projector theme, Space caption by caption
# to the leak, then the page walk alone (4), then steps 2 and 3 of the leak's causal chain (K); the same on a
# 1920x1080 screen in the light theme.
want presentation && session 1280x720 "" 2 \
    "t t" p "space space space space space" sleep:6 shot:12-presentation-projector \
    "4" sleep:1 shot:12b-presentation-page-walk \
    "4 k k" sleep:1 shot:12d-causal-chain-line "k" sleep:1 shot:12e-causal-chain-transient-load
want presentation && session 1920x1080 "" 2 \
    p "space space space space space" sleep:6 shot:12c-presentation-1080p

# The page-table view and the what-if pane (SHOTS=tables). The page tables alone (5) in presentation mode
# on a 1280x720 projector, at the built-in scenario's start: the host secret's PTE is in focus by default.
# A process's KPTI user table (meltdown-kpti-global-bit) and the saved what-if scenario at 1600x1000, an
# entry selected with a click (the view alone zooms to it at once). Then the
# what-if pane: select percpu's first PTE in restricted:vm1, cursor to 100,000, View > What if... and
# Toggle P by clicks (the pane's window is 1280x900, centred), cursor to 150,000; the shot is that window.
want tables && session 1280x720 "" 2 \
    "t t" p 5 sleep:5 shot:08-page-tables
want tables && session 1600x1000 sample-traces/meltdown-kpti-global-bit.json 5 \
    5 "click:1105 373" sleep:1 shot:09-page-tables-kpti
want tables && session 1600x1000 docs/examples/what-if-percpu-unmapped.json 8 \
    g type:150000 Return 5 "click:1036 373" sleep:1 shot:10-what-if
# The pane autosaves its edits in a workspace beside the scenario (and re-applies one found there): it
# works on a copy, so neither sample-traces/ nor the picture depends on an earlier run.
want tables && { WHATIF=$(mktemp -d); cp sample-traces/asi-restricted-exits.json "$WHATIF/"; }
want tables && session 1600x1000 "$WHATIF/asi-restricted-exits.json" 8 \
    m `# guided mode off, so the cursor can go anywhere` g type:100000 Return 5 "click:1036 373" \
    "click:82 21" "click:129 668" sleep:6 `# View > What if...` "click:210 82" sleep:15 `# Toggle P, re-run` \
    g type:150000 Return sleep:3 "winshot:11-what-if-pane=asiscope: what if"
want tables && rm -rf "$WHATIF"
exit 0
