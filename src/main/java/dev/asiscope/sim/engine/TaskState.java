package dev.asiscope.sim.engine;

import dev.asiscope.sim.paging.ControlRegisters;
import dev.asiscope.sim.program.Op;
import dev.asiscope.sim.program.SplitMix64;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where one task (a vCPU, a host process, a kernel thread) is in its program, plus the steps it will
 * resume with when switched back in. Mutable; {@link #copy()} for checkpoints.
 */
final class TaskState {
    final MachineSpec.Task spec;
    /** Loop frames: op list, next index, iterations left after this one. */
    private final ArrayList<long[]> frameCounters = new ArrayList<>();
    private final ArrayList<List<Op>> frameOps = new ArrayList<>();
    /** Steps to run when this task is switched in again (e.g. PreEntry, EnterGuest for a vCPU). */
    final ArrayDeque<Step> saved;
    /** Guest control registers (vCPU tasks). */
    ControlRegisters guestRegs;
    /** The VM entry of this vCPU task, as logged (made on the first entry, shared by copies; not state). */
    private EventFact.VmEntry entryFact;
    Op.Workload workload;
    /** The workload's exit reasons in code order and their cumulative weights (derived once per workload). */
    private int[] mixReasons;
    private double[] mixCumulative;
    /**
     * The workload's exits, one instance per reason and sensitivity (index {@code 2 * i + sensitive} for
     * {@code mixReasons[i]}), and their logged starts: exits are half a workload's operations, so each is
     * made once instead of per draw (derived once per workload, shared by copies; not state).
     */
    private Op.VmExit[] mixExits;
    private EventFact.OpStart[] mixStarts;
    /**
     * The steps of an exit through its reason's default handler as this task takes it, by {@code 2 * reason +
     * fromUser} ({@code VmTransitions.exitRun}): made once, shared by copies; a memo, not state.
     */
    private Step[][] exitRuns;
    /** The last exit {@link #next} drew and its logged start ({@link #startFact}); a memo, not state. */
    private Op lastStartOp;
    private EventFact.OpStart lastStart;
    long workloadLeft;
    boolean workloadExitNext;
    SplitMix64 rng;
    /**
     * Draws which of the workload's exits touch sensitive memory: a stream of its own, so that a share of
     * 0 (no draws) gives exactly the run of a workload without one.
     */
    SplitMix64 sensitiveRng;
    boolean finished;

    TaskState(MachineSpec.Task spec, long seed) {
        this.spec = spec;
        saved = new ArrayDeque<>();
        frameOps.add(spec.ops());
        frameCounters.add(new long[] {0, 0});
        rng = new SplitMix64(seed);
    }

    private TaskState(TaskState o) {
        spec = o.spec;
        for (int i = 0; i < o.frameOps.size(); i++) {
            frameOps.add(o.frameOps.get(i));
            frameCounters.add(o.frameCounters.get(i).clone());
        }
        // Mostly empty (steps are saved only while another task runs): then the smallest deque, not 16 slots.
        saved = o.saved.isEmpty() ? new ArrayDeque<>(0) : new ArrayDeque<>(o.saved);
        guestRegs = o.guestRegs;
        entryFact = o.entryFact;
        workload = o.workload;
        mixReasons = o.mixReasons;
        mixCumulative = o.mixCumulative;
        mixExits = o.mixExits;
        exitRuns = o.exitRuns;
        mixStarts = o.mixStarts;
        workloadLeft = o.workloadLeft;
        workloadExitNext = o.workloadExitNext;
        rng = o.rng.copy();
        sensitiveRng = o.sensitiveRng == null ? null : o.sensitiveRng.copy();
        finished = o.finished;
    }

    /** The memo of {@link #exitRuns} (made on first use; shared with copies made after). */
    Step[][] exitRuns() {
        if (exitRuns == null) {
            exitRuns = new Step[256][];
        }
        return exitRuns;
    }

    /** The fact a VM entry of this vCPU task logs (one instance per task: entries are a run's most common event). */
    EventFact.VmEntry entryFact() {
        if (entryFact == null) {
            entryFact = new EventFact.VmEntry(spec.vm(), spec.vcpu());
        }
        return entryFact;
    }

    TaskState copy() {
        return new TaskState(this);
    }

    /** The next operation, expanding loops and workload generators; null when the program is done. */
    Op next() {
        while (true) {
            if (workload != null) {
                if (workloadLeft <= 0 && !workloadExitNext) {
                    workload = null;
                    continue;
                }
                if (workloadExitNext) {
                    workloadExitNext = false;
                    workloadLeft--;
                    int i = drawReason();
                    double share = workload.sensitiveShare();
                    int k = 2 * i + (share > 0 && sensitiveRng.nextDouble() * 100 < share ? 1 : 0);
                    if (mixExits[k] == null) {
                        mixExits[k] = new Op.VmExit(mixReasons[i], (k & 1) == 1);
                        mixStarts[k] = new EventFact.OpStart(mixExits[k]);
                    }
                    lastStartOp = mixExits[k];
                    lastStart = mixStarts[k];
                    return mixExits[k];
                }
                workloadExitNext = true;
                double u = rng.nextDouble();
                long cycles = Math.max(1, Math.round(-workload.meanGuestCycles() * Math.log(1 - u)));
                return new Op.Compute(cycles, workload.lines());
            }
            if (frameOps.isEmpty()) {
                finished = true;
                return null;
            }
            int top = frameOps.size() - 1;
            List<Op> ops = frameOps.get(top);
            long[] c = frameCounters.get(top);
            if (c[0] >= ops.size()) {
                if (c[1] > 0) {
                    c[1]--;
                    c[0] = 0;
                    continue;
                }
                frameOps.remove(top);
                frameCounters.remove(top);
                continue;
            }
            Op op = ops.get((int) c[0]++);
            if (op instanceof Op.Repeat r) {
                if (r.count() > 0 && !r.body().isEmpty()) {
                    frameOps.add(r.body());
                    frameCounters.add(new long[] {0, r.count() - 1});
                }
                continue;
            }
            if (op instanceof Op.Workload w) {
                workload = w;
                cumulate(w);
                workloadLeft = w.exits();
                workloadExitNext = false;
                rng = new SplitMix64(w.seed() ^ rng.nextLong());
                sensitiveRng = new SplitMix64(w.seed() * 0x9e3779b97f4a7c15L + 0x5e5);
                continue;
            }
            return op;
        }
    }

    private void cumulate(Op.Workload w) {
        // Key order, so that draws do not depend on map iteration order.
        java.util.TreeMap<Integer, Double> sorted = new java.util.TreeMap<>(w.mix());
        mixReasons = new int[sorted.size()];
        mixCumulative = new double[sorted.size()];
        mixExits = new Op.VmExit[2 * sorted.size()];
        mixStarts = new EventFact.OpStart[2 * sorted.size()];
        double sum = 0;
        int i = 0;
        for (Map.Entry<Integer, Double> e : sorted.entrySet()) {
            sum += e.getValue();
            mixReasons[i] = e.getKey();
            mixCumulative[i++] = sum;
        }
    }

    /** Draws an exit reason of the workload's mix: its index in {@link #mixReasons}. */
    private int drawReason() {
        double x = rng.nextDouble() * mixCumulative[mixCumulative.length - 1];
        for (int i = 0; i < mixCumulative.length; i++) {
            if (x < mixCumulative[i]) {
                return i;
            }
        }
        return mixReasons.length - 1;
    }

    /**
     * The logged start of {@code op} if {@link #next} returned it as one of the workload's interned exits (the
     * one instance of that fact), else null (the caller makes the fact).
     */
    EventFact.OpStart startFact(Op op) {
        return op == lastStartOp ? lastStart : null;
    }

    /**
     * A hash of everything the copy constructor copies, the same in every JVM run: the loop frames (each
     * frame's operations and counters), the saved steps, the guest registers, the workload in progress and its
     * derived mix, both generators and the finished flag. The task's spec is configuration (the same in every
     * checkpoint of a run) and is left out.
     */
    long stateHash() {
        long h = StateHash.mix(StateHash.SEED, finished ? 1 : 0);
        h = StateHash.mix(h, frameOps.size());
        for (int i = 0; i < frameOps.size(); i++) {
            // The outermost frame is always the task's own program (configuration): no need to hash it op by op.
            h = StateHash.mix(h, i == 0 && frameOps.get(0) == spec.ops() ? 0 : StateHash.of(frameOps.get(i)));
        }
        h = StateHash.mix(h, frameCounters);
        h = StateHash.mix(h, saved);
        h = StateHash.mix(h, guestRegs);
        h = StateHash.mix(h, workload);
        h = StateHash.mix(h, mixReasons);
        h = StateHash.mix(h, mixCumulative == null ? null : java.util.Arrays.stream(mixCumulative).boxed().toList());
        h = StateHash.mix(h, workloadLeft);
        h = StateHash.mix(h, workloadExitNext ? 1 : 0);
        h = StateHash.mix(h, rng.state());
        return StateHash.mix(h, sensitiveRng == null ? 0 : sensitiveRng.state());
    }
}
