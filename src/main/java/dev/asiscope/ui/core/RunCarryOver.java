package dev.asiscope.ui.core;

import dev.asiscope.scenario.EventText;
import dev.asiscope.sim.engine.Event;
import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.EventLog;
import dev.asiscope.sim.engine.HardwareThread;
import dev.asiscope.sim.engine.Leak;
import dev.asiscope.sim.engine.Simulation;
import java.util.ArrayList;
import java.util.List;

/**
 * What a selection made in one run is in another run of the same scenario (another policy, a reload).
 * Only things the two runs share survive: a CPU; the n-th leak of a victim label by a mechanism; the
 * n-th event of a kind on a vCPU (VM exits and entries) or on a logical CPU (everything else). A cache
 * line, a fill-buffer entry, a TLB entry, a page walk or an exposure window belongs to one machine
 * state and is dropped. Nothing of the old run is ever returned.
 */
final class RunCarryOver {
    /** The selection in the new run (or null) and, when something was dropped, why. */
    record Result(Object selection, String note) {
        static final Result NOTHING = new Result(null, null);
    }

    private RunCarryOver() {
    }

    static Result carry(Object selection, Simulation from, Simulation to) {
        if (selection instanceof Integer cpu) {
            return cpu < to.spec().logicalCpus() ? new Result(cpu, null)
                    : new Result(null, "cpu" + cpu + " does not exist in this run");
        }
        if (selection instanceof HardwareThread t) {
            return carry(t.id(), from, to);
        }
        if (selection instanceof Leak l) {
            int n = 0;
            for (Leak x : from.end().leaks()) {
                if (sameLeak(x, l)) {
                    n++;
                }
                if (x.equals(l)) {
                    break;
                }
            }
            int seen = 0;
            for (Leak y : to.end().leaks()) {
                if (sameLeak(y, l) && ++seen == n) {
                    return new Result(y, null);
                }
            }
            return new Result(null, "the " + EventText.title(l.mechanism()) + " leak of " + l.victimLabel()
                    + " does not happen in this run");
        }
        if (selection instanceof Event e) {
            Event there = sameEvent(e, from.log(), to.log());
            return there != null ? new Result(there, null)
                    : new Result(null, "the selected " + EventText.title(e.kind()) + " does not happen in this run");
        }
        return new Result(null, null);
    }

    private static boolean sameLeak(Leak a, Leak b) {
        return a.mechanism() == b.mechanism() && a.victimLabel().equals(b.victimLabel());
    }

    /** The event of {@code to} that is the same n-th event of its kind and actor as {@code e} in {@code from}. */
    static Event sameEvent(Event e, EventLog from, EventLog to) {
        if (e.seq() < 0 || e.seq() >= from.size()) {
            return null;
        }
        // One pass: the actor of every earlier event of e's kind, then how many of them are e's actor's.
        VcpuTracker fromVcpus = new VcpuTracker();
        List<Long> actors = new ArrayList<>();
        for (int i = 0; i <= e.seq(); i++) {
            fromVcpus.see(from, i);
            if (from.kindOf(i) == e.kind()) {
                actors.add(actor(from.get(i), fromVcpus));
            }
        }
        long actor = actors.get(actors.size() - 1);
        int n = (int) actors.stream().filter(a -> a == actor).count();
        VcpuTracker toVcpus = new VcpuTracker();
        int seen = 0;
        for (int i = 0; i < to.size(); i++) {
            toVcpus.see(to, i);
            if (to.kindOf(i) == e.kind()) {
                Event y = to.get(i);
                if (actor(y, toVcpus) == actor && ++seen == n) {
                    return y;
                }
            }
        }
        return null;
    }

    /** VM exits and entries belong to the vCPU (which may run on another CPU under another policy). */
    private static long actor(Event x, VcpuTracker vcpus) {
        if (x.kind() == EventKind.VM_EXIT || x.kind() == EventKind.VM_ENTRY) {
            int v = vcpus.on(x.cpu());
            if (v >= 0) {
                return 1L << 40 | v;
            }
        }
        return x.cpu();
    }
}
