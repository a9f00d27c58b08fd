#!/usr/bin/env bash
# Measures the window's interaction timings under Xvfb, driving the real window with the keyboard:
# launch to first frame, step and seek to redrawn views, opening bench-cloud-4x2, filtering its
# events, and turning comparison on for cloud-mix. The window prints each figure itself
# (-Dasiscope.timing=true: "asiscope: timing WHAT N ms"); this script collects them.
#
# Needs: xvfb xauth libgtk-3-0 libxtst6 xdotool (Debian package names) and a built jar
# (mvn -B -q -o package -DskipTests). Usage: scripts/timing.sh [jar] [rounds]
# TIMING_CDS=1 first records an application class-data-sharing archive of a launch (JDK 17:
# -XX:ArchiveClassesAtExit in a run that quits after its first frame, -Dasiscope.exitAfterFirstFrame) and
# then launches every window with -XX:SharedArchiveFile, to measure what class loading costs a launch.
# TIMING_ONLY=launch (or bench, cloud) runs only that session. TIMING_JFR=DIR records a flight recording
# of each session into DIR (method samples every millisecond, full stacks), for instance to see where a
# step goes: jfr print --stack-depth 300 --events jdk.ExecutionSample DIR/launch+steps-1.jfr (the FX
# thread is "GtkNativeMainLoopThread" under Xvfb).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${1:-target/asiscope.jar}
ROUNDS=${2:-3}
[ -f "$JAR" ] || { echo "no $JAR: run 'mvn -B -q -o package -DskipTests' first" >&2; exit 2; }
for tool in xvfb-run xdotool; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y --no-install-recommends xvfb xauth libgtk-3-0 libxtst6 xdotool)" >&2; exit 2; }
done
LOGS=$(mktemp -d)
trap 'rm -rf "$LOGS"' EXIT
JVM_FLAGS=""
if [ "${TIMING_CDS:-0}" = 1 ]; then
    CDS=${JAR%.jar}.jsa
    if [ ! -f "$CDS" ] || [ "$JAR" -nt "$CDS" ]; then
        rm -f "$CDS"
        CONFIG=$(mktemp -d)
        timeout 300 xvfb-run -a -s '-screen 0 1600x1000x24' java -XX:ArchiveClassesAtExit="$CDS" -Xlog:cds=off \
            -Xlog:cds+dynamic=off -Dprism.order=sw -Dasiscope.exitAfterFirstFrame=true \
            -Dasiscope.configDir="$CONFIG" -jar "$JAR" >/dev/null 2>&1 || true
        rm -rf "$CONFIG"
        [ -f "$CDS" ] || { echo "could not record $CDS" >&2; exit 1; }
        echo "recorded $CDS ($(du -h "$CDS" | cut -f1))"
    fi
    JVM_FLAGS="-XX:SharedArchiveFile=$CDS -Xlog:cds=off -Xlog:cds+dynamic=off"
fi
want() { [ -z "${TIMING_ONLY:-}" ] || [[ ",$TIMING_ONLY," == *",$1,"* ]]; }
if [ -n "${TIMING_JFR:-}" ]; then
    mkdir -p "$TIMING_JFR"
    JFC="$TIMING_JFR/sampling.jfc"
    # The JDK's profile settings with method sampling every 1 ms instead of 10-20 ms.
    sed '/<event name="jdk.ExecutionSample">/,/<\/event>/s|<setting name="period"[^>]*>[^<]*</setting>|<setting name="period">1 ms</setting>|' \
        "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/profile.jfc" > "$JFC"
fi

# One window session: $1 = label, $2 = scenario ("" for the built-in one), $3 = seconds to wait for
# the window's run, then the keys to press (each followed by a pause).
session() {
    local label=$1 scenario=$2 wait=$3; shift 3
    local flags=$JVM_FLAGS
    if [ -n "${TIMING_JFR:-}" ]; then
        flags="$flags -XX:FlightRecorderOptions:stackdepth=512 -XX:StartFlightRecording=filename=$TIMING_JFR/$label-$r.jfr,settings=$JFC"
    fi
    # shellcheck disable=SC2016
    timeout 300 xvfb-run -a -s '-screen 0 1600x1000x24' bash -c '
    set -euo pipefail
    JAR=$1; LOG=$2; SCEN=$3; WAIT=$4; FLAGS=$5; shift 5
    CONFIG=$(mktemp -d)
    # shellcheck disable=SC2086
    java $FLAGS -Dprism.order=sw -Dasiscope.timing=true -Dasiscope.configDir="$CONFIG" -jar "$JAR" $SCEN 2>"$LOG" >/dev/null &
    APP=$!
    trap "kill $APP 2>/dev/null || true; wait $APP 2>/dev/null || true; rm -rf $CONFIG" EXIT
    WID=$(timeout 60 xdotool search --sync --onlyvisible --name "^asiscope" | head -1)
    sleep "$WAIT"
    for k in "$@"; do
        xdotool windowfocus --sync "$WID" 2>/dev/null || true
        case "$k" in
            type:*) xdotool type --delay 40 --window "$WID" "${k#type:}" ;;
            sleep:*) sleep "${k#sleep:}" ;;
            *) xdotool key --window "$WID" "$k" ;;
        esac
        sleep 0.6
    done
    ' _ "$JAR" "$LOGS/$label.log" "$scenario" "$wait" "$flags" "$@"
    echo "$label: load average $(cut -d' ' -f1-3 /proc/loadavg)"
    grep -h "asiscope:" "$LOGS/$label.log" | sed "s/^/$label: /"
}

for r in $(seq 1 "$ROUNDS"); do
    echo "== round $r"
    # Launch, then steps (Space), events (Right), a seek to the end and back (End, Home).
    want launch && session "launch+steps" "" 3 space space space space Right Right Right Right End Home Right
    # Open the 4x2 benchmark from the command line; filter its events by text (/ puts the keyboard in
    # the filter; each character typed filters the whole log again), clear, back to the window; then
    # reload it twice (F5: read and simulate the file again, as opening it from the menu does).
    want bench && session "bench-4x2" sample-traces/bench-cloud-4x2.json 25 slash type:host sleep:2 ctrl+a type:stun sleep:2 \
        ctrl+a BackSpace sleep:2 Escape space space Right Right F5 sleep:20 F5 sleep:20
    # Comparison on cloud-mix (C), a few steps in comparison mode.
    want cloud && session "cloud-mix" sample-traces/cloud-mix.json 12 c sleep:6 Right Right space space c
done
exit 0
