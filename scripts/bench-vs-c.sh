#!/usr/bin/env bash
# The cache hierarchy and the page walker against the native yardstick (a plain C implementation of
# the same two kernels), on the same inputs, in one run, as ratios (docs/performance.md):
#
#   cache:  CacheBenchmark.trace (one pass of the 5,000,000-access trace on a fresh all-LRU hierarchy)
#           vs `native_ref cache`; target: ours >= C / 2. Both print their per-level counters, which
#           must be equal (the same work was done).
#   walk:   PageWalkBenchmark.translateImage (the yardstick's page-table image and addresses) vs
#           `native_ref walk`; PageWalkBenchmark.translateRawMemory is the 20 M walks/s target.
#
# Usage: scripts/bench-vs-c.sh [REF_DIR]   REF_DIR holds native_ref.c and gen_inputs.py
#        (default: $ASISCOPE_NATIVE_REF, else ../shared/bench beside the repository).
# Needs: a C compiler (cc, gcc -O2) and python3 with numpy (for gen_inputs.py). This script installs
# nothing: it says what is missing and stops. Inputs and the binary go to target/bench-work.
set -euo pipefail
cd "$(dirname "$0")/.."
REF=${1:-${ASISCOPE_NATIVE_REF:-../shared/bench}}
WORK=target/bench-work

missing=()
[ -f "$REF/native_ref.c" ] && [ -f "$REF/gen_inputs.py" ] || missing+=("native_ref.c and gen_inputs.py in $REF")
CC=${CC:-$(command -v cc || command -v gcc || true)}
[ -n "$CC" ] && command -v "$CC" >/dev/null || missing+=("a C compiler (cc or gcc${CC:+; CC=$CC is not one})")
command -v python3 >/dev/null && python3 -c 'import numpy' 2>/dev/null || missing+=("python3 with numpy")
if [ ${#missing[@]} -gt 0 ]; then
    printf 'bench-vs-c: cannot run, missing: %s\n' "${missing[@]}" >&2
    echo "bench-vs-c: this script installs nothing; install those and run it again." >&2
    exit 2
fi

mkdir -p "$WORK"
if [ ! -f "$WORK/cache.addr" ] || [ "$REF/gen_inputs.py" -nt "$WORK/cache.addr" ]; then
    python3 "$REF/gen_inputs.py" --out "$WORK" --kvm-lines 2
fi
"$CC" -O2 -o "$WORK/native_ref" "$REF/native_ref.c"
# The same C source, its clock switched to the thread's CPU time (for the CPU-time comparison below).
cat >"$WORK/native_ref_cpu.c" <<'C'
#include <time.h>
static int thread_cpu_clock(clockid_t c, struct timespec *t) { (void) c; return clock_gettime(CLOCK_THREAD_CPUTIME_ID, t); }
#define clock_gettime(c, t) thread_cpu_clock(c, t)
#include "native_ref.c"
C
"$CC" -O2 -I "$REF" -o "$WORK/native_ref_cpu" "$WORK/native_ref_cpu.c"

echo "== machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== $("$CC" --version | head -1), -O2; $(java -version 2>&1 | head -1)"
# The C reference runs three times before and three times after the JVM (each run times two passes of
# the cache trace and three of the walk trace and keeps its best); JMH runs five measured iterations.
# Both sides are compared by their best figure (and asiscope's mean is shown too): on a shared machine
# the best is the run least disturbed by others.
c_runs() {
    for _ in 1 2 3; do
        "$WORK/native_ref" cache "$WORK" >>"$WORK/c-cache.jsonl"
        "$WORK/native_ref" walk "$WORK" 3 >>"$WORK/c-walk.jsonl"
    done
}
rm -f "$WORK/c-cache.jsonl" "$WORK/c-walk.jsonl"
echo "== C reference (3 runs)"
c_runs
tail -n 1 "$WORK/c-cache.jsonl" "$WORK/c-walk.jsonl"

echo "== asiscope (JMH)"
JSON="$WORK/jmh-vs-c.json"
LOG="$WORK/jmh-vs-c.log"
scripts/bench.sh -wi 3 -i 5 -p dir="$PWD/$WORK" -rf json -rff "$JSON" \
    'CacheBenchmark.trace|PageWalkBenchmark.translate(Image|RawMemory)' >"$LOG" 2>&1 || { tail -40 "$LOG"; exit 1; }
grep -E '^(Benchmark|CacheBenchmark|PageWalkBenchmark)|"tool"' "$LOG"

echo "== C reference (3 runs again, after the JVM)"
c_runs
tail -n 1 "$WORK/c-cache.jsonl" "$WORK/c-walk.jsonl"
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"

# CPU time: on a machine shared with other work, wall-time figures mostly measure how often each side got
# a core. Both sides again, each timing its passes by CPU time (the C reference its one thread's; asiscope
# its whole JVM's, the collector's threads included), which is still slowed when the other hyperthread of
# the core is busy, but not by waiting for a core.
echo "== CPU time: C, asiscope (one JVM per kernel), C"
rm -f "$WORK/cpu.jsonl"
cpu_c() {
    for _ in 1 2 3; do
        "$WORK/native_ref_cpu" cache "$WORK" >>"$WORK/cpu.jsonl"
        "$WORK/native_ref_cpu" walk "$WORK" 3 >>"$WORK/cpu.jsonl"
    done
}
cpu_c
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
for kernel in cache walk; do
    java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp "$CP" dev.asiscope.bench.CpuTimeRun "$PWD/$WORK" "$kernel" 8 \
        | grep '"tool"' >>"$WORK/cpu.jsonl"
done
cpu_c

python3 - "$JSON" "$LOG" "$WORK/c-cache.jsonl" "$WORK/c-walk.jsonl" "$WORK/cpu.jsonl" <<'PY'
import json, re, sys
jmh, log = json.load(open(sys.argv[1])), open(sys.argv[2]).read()
cpu = [json.loads(l) for l in open(sys.argv[5]) if l.startswith("{")]
c_cache = [json.loads(l) for l in open(sys.argv[3])]
c_walk = [json.loads(l) for l in open(sys.argv[4])]
score = {}
for r in jmh:
    name = r["benchmark"].rsplit(".", 2)[-2] + "." + r["benchmark"].rsplit(".", 1)[-1]
    pm = r["primaryMetric"]
    score[name] = (pm["score"], pm["scoreError"], max(x for fork in pm["rawData"] for x in fork))
def fmt(x): return f"{x / 1e6:,.2f} M/s"
print("== side by side (best: C's best run of 6, asiscope's best JMH iteration of 5; mean: JMH mean +- 99.9 % error)")
c = max(r["per_s"] for r in c_cache)
s, e, b = score["CacheBenchmark.trace"]
print(f"cache trace : asiscope best {fmt(b)} (mean {fmt(s)} +- {fmt(e)})  C best {fmt(c)}  "
      f"asiscope/C = {b / c:.3f} best, {s / c:.3f} mean  (target >= 0.5: {'met' if b >= c / 2 else 'NOT met'})")
w = max(r["per_s"] for r in c_walk)
s, e, b = score["PageWalkBenchmark.translateImage"]
print(f"walk (image): asiscope best {fmt(b)} (mean {fmt(s)} +- {fmt(e)})  C best {fmt(w)}  asiscope/C = {b / w:.3f}")
s, e, b = score["PageWalkBenchmark.translateRawMemory"]
print(f"walk (PageWalkBenchmark.translateRawMemory): best {fmt(b)} (mean {fmt(s)} +- {fmt(e)})  "
      f"(target >= 20 M/s: {'met' if b >= 20e6 else 'NOT met'})")
def best(tool, key):
    return max(r[key] for r in cpu if r["tool"] == tool)
cc, cw = best("native-ref-cache", "per_s"), best("native-ref-walk", "per_s")
jc = best("asiscope-cpu-time-cache", "per_s")
ji, jr = best("asiscope-cpu-time-walk", "image_per_s"), best("asiscope-cpu-time-walk", "raw_per_s")
print("== by CPU time (best pass of each side; asiscope: the whole JVM's CPU time)")
print(f"cache trace : asiscope {fmt(jc)}  C {fmt(cc)}  asiscope/C = {jc / cc:.3f}  (target >= 0.5: "
      f"{'met' if jc >= cc / 2 else 'NOT met'})")
print(f"walk (image): asiscope {fmt(ji)}  C {fmt(cw)}  asiscope/C = {ji / cw:.3f}")
print(f"walk (PageWalkBenchmark tables, translateRawMemory's loop): {fmt(jr)}  (target >= 20 M/s: "
      f"{'met' if jr >= 20e6 else 'NOT met'})")
# The same work: our counters must equal the C reference's on the same trace.
m = re.search(r'\{"tool": "asiscope-cache-counters".*\}', log)
ours = json.loads(m.group(0))
keys = ["l1_hits", "l1_misses", "l2_hits", "l2_misses", "llc_hits", "llc_misses",
        "l1_dirty_evictions", "l2_dirty_evictions", "llc_dirty_evictions"]
diff = [k for k in keys if ours[k] != c_cache[0][k]]
print("cache counters:", "equal to the C reference's" if not diff else "DIFFER: " +
      ", ".join(f"{k} {ours[k]} vs {c_cache[0][k]}" for k in diff))
m = re.search(r'\{"tool": "asiscope-walk-check".*\}', log)
x = json.loads(m.group(0))["pa_xor_one_pass"]
print("walk results:", "same XOR of physical addresses as the C reference" if x == c_walk[0]["pa_xor_one_pass"]
      else f"DIFFER: {x} vs {c_walk[0]['pa_xor_one_pass']}")
sys.exit(0 if not diff and x == c_walk[0]["pa_xor_one_pass"] else 1)
PY
