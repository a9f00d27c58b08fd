#!/usr/bin/env bash
# events/s and memory accesses/s of `asiscope bench` on sample-traces/bench-cloud-4x2.json, for this
# build and for a previous release built from a commit, measured in the same run (interleaved rounds),
# and the ratio (docs/performance.md).
#
# Usage: scripts/bench-vs-release.sh [COMMIT] [ROUNDS] [POLICY]
#   COMMIT  the previous release (default 3d1498f); built from `git archive COMMIT` in a temp dir
#   ROUNDS  rounds of (previous, current) runs, alternating (default 3); the median is reported
#   POLICY  the bench --policy (default none)
# Env: JAVA_OPTS (default "-Xms2g -Xmx2g -XX:+AlwaysPreTouch", the same for both builds);
#      CURRENT_JAR to measure a jar already built instead of building this tree;
#      REPEAT timed runs per measurement, the best taken, the same for both builds (default 10: this build
#      runs the scenario in about 0.08 s of engine time, and after one warm-up run the JIT has not finished
#      compiling it: with 3 timed runs its figure ranged over 0.12-0.20 s where 12 give 0.08 s every time;
#      the previous release, 0.3 s a run, gains about 10 % from the same);
#      WARMUP seconds of untimed runs before EngineCpuTime's timed ones, the same for both builds (default 2:
#      the JIT was still recompiling this build's engine 1.5 s into a run of it, past one warm-up run and
#      ten timed ones).
#
# Builds with Maven offline (-o; MVN_OFFLINE= to allow downloads) and without tests.
# The previous build may print no memory accesses (it did not count them); its accesses/s is then
# this build's access count for the same run divided by the previous build's run time, which holds
# only if both simulate the same run: the script checks that the simulated cycles and the event count
# are equal and says so when they are not.
#
# Then the same comparison by the engine thread's CPU time (scripts/EngineCpuTime.java loads each jar
# and times Simulation.run on one thread): on a shared machine wall time is mostly waiting for a core.
set -euo pipefail
cd "$(dirname "$0")/.."
COMMIT=${1:-3d1498f}
ROUNDS=${2:-3}
POLICY=${3:-none}
REPEAT=${REPEAT:-10}
WARMUP=${WARMUP:-2}
SCEN=sample-traces/bench-cloud-4x2.json
JAVA_OPTS=${JAVA_OPTS:--Xms2g -Xmx2g -XX:+AlwaysPreTouch}
offline=${MVN_OFFLINE--o}

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
echo "== building the previous release $COMMIT ($(git log -1 --format='%h %cs %s' "$COMMIT" | cut -c1-70))"
git archive "$COMMIT" | tar -x -C "$TMP"
(cd "$TMP" && mvn -B -q $offline package -DskipTests >"$TMP/build.log" 2>&1) || { tail -30 "$TMP/build.log"; exit 1; }
PREV_JAR=$(ls "$TMP"/target/asiscope*.jar | grep -v original | head -1)
if [ -n "${CURRENT_JAR:-}" ]; then
    CUR_JAR=$CURRENT_JAR
else
    echo "== building this tree ($(git describe --always --dirty))"
    mvn -B -q $offline package -DskipTests
    CUR_JAR=$(ls target/asiscope*.jar | grep -v original | head -1)
fi
# Each build reads the scenario as its own tree has it (a format change must not break the old build).
PREV_SCEN="$TMP/$SCEN"
[ -f "$PREV_SCEN" ] || PREV_SCEN=$SCEN

echo "== machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1); JAVA_OPTS=$JAVA_OPTS"
for r in $(seq 1 "$ROUNDS"); do
    # shellcheck disable=SC2086
    java $JAVA_OPTS -jar "$PREV_JAR" bench "$PREV_SCEN" --policy "$POLICY" --seeks 1 --repeat "$REPEAT" >"$TMP/prev.$r" 2>&1
    # shellcheck disable=SC2086
    java $JAVA_OPTS -jar "$CUR_JAR" bench "$SCEN" --policy "$POLICY" --seeks 1 --repeat "$REPEAT" >"$TMP/cur.$r" 2>&1
    echo "round $r done (load $(cut -d' ' -f1 /proc/loadavg))"
done
echo "== CPU time of the engine thread (EngineCpuTime, best of $REPEAT runs after ${WARMUP} s of warm-up runs), rounds alternating"
for r in $(seq 1 "$ROUNDS"); do
    # shellcheck disable=SC2086
    java $JAVA_OPTS scripts/EngineCpuTime.java "$PREV_JAR" "$PREV_SCEN" "$POLICY" "$REPEAT" "$WARMUP" >>"$TMP/cpu.prev"
    # shellcheck disable=SC2086
    java $JAVA_OPTS scripts/EngineCpuTime.java "$CUR_JAR" "$SCEN" "$POLICY" "$REPEAT" "$WARMUP" >>"$TMP/cpu.cur"
done
cat "$TMP/cpu.prev" "$TMP/cpu.cur"
echo "== last round's output, previous ($COMMIT):"; cat "$TMP/prev.$ROUNDS"
echo "== last round's output, current:"; cat "$TMP/cur.$ROUNDS"

python3 - "$TMP" "$ROUNDS" "$COMMIT" "$REPEAT" <<'PY'
import re, statistics, sys
tmp, rounds, commit, repeat = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
def parse(path):
    t = open(path).read()
    m = re.search(r"simulated cycles:\s+([\d,]+) \(([\d,]+) VM exits, ([\d,]+) events(?:, ([\d,]+) memory accesses)?\)", t)
    if not m:
        sys.exit(f"cannot read the bench output {path}:\n{t}")
    num = lambda s: int(s.replace(",", "")) if s else None
    cycles, exits, events, accesses = num(m.group(1)), num(m.group(2)), num(m.group(3)), num(m.group(4))
    cps = float(re.search(r"cycles per second:\s+([\d,]+)", t).group(1).replace(",", ""))
    best = cycles / cps  # both builds print cycles/s of their best run
    return dict(cycles=cycles, exits=exits, events=events, accesses=accesses, seconds=best)
prev = [parse(f"{tmp}/prev.{r}") for r in range(1, rounds + 1)]
cur = [parse(f"{tmp}/cur.{r}") for r in range(1, rounds + 1)]
# The same simulated run: equal simulated cycles and VM exits (the machine did the same work), or within
# 0.1 % of both (a model fix may add a little work, e.g. each vCPU's power-off exit at the end of its
# program); the differences are printed. The event count may differ more: a newer build may log more kinds
# of event for the same run (context changes).
def close(a, b):
    return abs(a - b) <= 0.001 * max(a, b)
exact = prev[0]["cycles"] == cur[0]["cycles"] and prev[0]["exits"] == cur[0]["exits"]
same = close(prev[0]["cycles"], cur[0]["cycles"]) and close(prev[0]["exits"], cur[0]["exits"])
events_note = ("" if prev[0]["events"] == cur[0]["events"] else
               f"; this build logs {cur[0]['events']:,} events where the previous logged {prev[0]['events']:,}")
if exact:
    print(f"== the same simulated run: yes (equal cycles and VM exits{events_note})")
elif same:
    print(f"== the same simulated run: within 0.1 % (cycles {prev[0]['cycles']:,} -> {cur[0]['cycles']:,}, "
          f"VM exits {prev[0]['exits']:,} -> {cur[0]['exits']:,}{events_note}); the previous build's "
          "accesses/s uses this build's access count")
else:
    print(f"== the same simulated run: NO: previous {prev[0]['cycles']:,} cycles / {prev[0]['exits']:,} exits, "
          f"current {cur[0]['cycles']:,} / {cur[0]['exits']:,}: the rates compare different work")
acc = cur[0]["accesses"]
def rates(runs, own_accesses):
    ev = statistics.median(x["events"] / x["seconds"] for x in runs)
    a = own_accesses if own_accesses is not None else (acc if same else None)
    ac = statistics.median(a / x["seconds"] for x in runs) if a is not None else None
    return ev, ac
pev, pac = rates(prev, prev[0]["accesses"])
cev, cac = rates(cur, acc)
print(f"median of {rounds} rounds (each round: the best of the bench's timed runs)")
print(f"events/s   : previous {pev:,.0f}  current {cev:,.0f}  ratio {cev / pev:.2f}x  (target 4x)")
if pac is None:
    print(f"accesses/s : current {cac:,.0f}; previous not measurable (it prints no access count and simulated a different run)")
else:
    how = "" if prev[0]["accesses"] is not None else " (previous: this build's access count / its run time)"
    print(f"accesses/s : previous {pac:,.0f}  current {cac:,.0f}  ratio {cac / pac:.2f}x  (target 4x){how}")
import json
cp = [json.loads(l) for l in open(f"{tmp}/cpu.prev")]
cc = [json.loads(l) for l in open(f"{tmp}/cpu.cur")]
ev = lambda runs: statistics.median(x["events"] / x["cpu_seconds"] for x in runs)
print(f"by engine CPU time, median of {rounds} (each the best of {repeat} runs):")
print(f"events/s   : previous {ev(cp):,.0f}  current {ev(cc):,.0f}  ratio {ev(cc) / ev(cp):.2f}x")
a = cc[0]["accesses"]
same_cpu = close(cp[0]["cycles"], cc[0]["cycles"])
if same_cpu:
    secs = lambda runs: statistics.median(x["cpu_seconds"] for x in runs)
    print(f"run time   : previous {secs(cp):.4f} s  current {secs(cc):.4f} s  speed-up {secs(cp) / secs(cc):.2f}x"
          " (the same simulated run" + ("" if cp[0]["cycles"] == cc[0]["cycles"] else ", within 0.1 % of its cycles") + ")")
if cp[0]["accesses"] >= 0 or (same_cpu and a >= 0):
    pa = cp[0]["accesses"] if cp[0]["accesses"] >= 0 else a
    ac = lambda runs, n: statistics.median(n / x["cpu_seconds"] for x in runs)
    print(f"accesses/s : previous {ac(cp, pa):,.0f}  current {ac(cc, a):,.0f}  ratio {ac(cc, a) / ac(cp, pa):.2f}x")
PY
