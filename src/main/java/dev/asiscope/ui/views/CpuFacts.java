package dev.asiscope.ui.views;

import dev.asiscope.scenario.AddressSpaceText;
import dev.asiscope.scenario.EventText;
import dev.asiscope.sim.engine.EventFact;
import dev.asiscope.sim.security.AddressSpaceId;
import dev.asiscope.sim.engine.Event;
import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.EventLog;
import dev.asiscope.sim.engine.ExposureWindow;
import dev.asiscope.sim.engine.HardwareThread;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.engine.MachineSpec;
import dev.asiscope.sim.engine.Simulation;
import dev.asiscope.sim.kernel.HostLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Facts about logical CPUs that the machine state does not carry directly, derived read-only from the
 * event log and the layout: which kernel code path a CPU is in, and what its CR3 root is called.
 */
final class CpuFacts {
    /** How far back the log is searched for the handler a CPU is in. */
    private static final int MAX_SCAN = 50_000;

    private CpuFacts() {
    }

    /**
     * The handler a CPU in the host kernel is running at {@code cycle}: the detail of its last VM exit,
     * syscall or interrupt since its last VM entry, e.g. {@code "EXTERNAL_INTERRUPT handler (exit reason 1)"};
     * null if none.
     */
    static String handler(Simulation sim, int cpu, long cycle) {
        EventLog log = sim.log();
        int from = log.countUpTo(cycle) - 1;
        int stop = Math.max(0, from - MAX_SCAN);
        for (int i = from; i >= stop; i--) {
            EventKind k = log.kindOf(i);
            if (k != EventKind.VM_EXIT && k != EventKind.VM_ENTRY && k != EventKind.SYSCALL
                    && k != EventKind.INTERRUPT && k != EventKind.CONTEXT_SWITCH) {
                continue;
            }
            Event e = log.get(i);
            if (e.cpu() != cpu) {
                continue;
            }
            EventFact f = e.fact();
            if (f instanceof EventFact.VmExit x) {
                return x.handler() + " handler (exit reason " + x.basicReason() + ")";
            }
            if (f instanceof EventFact.VmExitFact x) {
                return EventText.detail(x); // an IPI's exit: who sent it is the point
            }
            if (f instanceof EventFact.Syscall x) {
                return "syscall " + x.handler();
            }
            if (f instanceof EventFact.Interrupt x) {
                return "interrupt " + x.handler();
            }
            return null;
        }
        return null;
    }

    /** Event kinds worth listing as a CPU's recent history (not the per-access noise). */
    static boolean notable(EventKind k) {
        return switch (k) {
            case VM_EXIT, VM_ENTRY, ASI_ENTER, ASI_EXIT, L1D_FLUSH, VERW, STUN, UNSTUN, CONTEXT_SWITCH, SYSCALL,
                    INTERRUPT, TRANSIENT_LOAD, LEAK, PAGE_FAULT, PROBE_RELOAD, EXPOSURE_START, EXPOSURE_END -> true;
            default -> false;
        };
    }

    /**
     * The last {@code max} notable events of each CPU at or before {@code cycle}, newest first (exposure
     * events are listed under the core's first thread, as the engine logs them).
     */
    static List<List<Event>> recent(Simulation sim, int cpus, long cycle, int max) {
        List<List<Event>> out = new ArrayList<>();
        for (int i = 0; i < cpus; i++) {
            out.add(new ArrayList<>());
        }
        EventLog log = sim.log();
        int from = log.countUpTo(cycle) - 1;
        int stop = Math.max(0, from - MAX_SCAN);
        int full = 0;
        for (int i = from; i >= stop && full < cpus; i--) {
            if (!notable(log.kindOf(i))) {
                continue;
            }
            Event e = log.get(i);
            if (e.cpu() < 0 || e.cpu() >= cpus) {
                continue;
            }
            List<Event> l = out.get(e.cpu());
            if (l.size() < max) {
                l.add(e);
                if (l.size() == max) {
                    full++;
                }
            }
        }
        return out;
    }

    /** Names of the host page-table roots: {@code full kernel table}, {@code restricted vm1}, ... */
    static Map<Long, String> rootNames(Machine m) {
        Map<Long, String> names = new HashMap<>();
        HostLayout layout = m.layout();
        names.put(layout.fullRoot(), "full kernel table");
        for (int vm : layout.guests().keySet()) {
            names.put(layout.restrictedRoot(vm), "restricted vm" + vm + " (ASI)");
        }
        for (MachineSpec.ProcessSpec p : m.spec().processes()) {
            HostLayout.ProcessTables t = layout.process(p.id());
            names.put(t.kernelRoot(), "process" + p.id() + " kernel table");
            names.put(t.userRoot(), "process" + p.id() + " PTI user table");
            names.put(t.asiRoot(), "process" + p.id() + " restricted (ASI user class)");
        }
        return names;
    }

    /** The ASI state of a CPU in words. */
    static String asiState(HardwareThread t) {
        AddressSpaceId.Restricted asi = t.currentAsi();
        return asi == null ? "unrestricted (full table)" : AddressSpaceText.of(asi);
    }

    /** The exposure window open on {@code core} at {@code cycle}, or null (from the whole run's windows). */
    static ExposureWindow exposureAt(Simulation sim, int core, long cycle) {
        for (ExposureWindow w : sim.end().exposures()) {
            if (w.core() == core && w.startCycle() <= cycle && (w.endCycle() < 0 || cycle < w.endCycle())) {
                return w;
            }
        }
        return null;
    }
}
