package dev.asiscope.ui.views;

import dev.asiscope.sim.engine.Context;
import dev.asiscope.sim.engine.ContextKind;
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
            return switch (k) {
                case VM_EXIT -> exitText(e.detail());
                case SYSCALL -> "syscall " + e.detail();
                case INTERRUPT -> "interrupt " + e.detail();
                default -> null;
            };
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

    /** {@code "EXTERNAL_INTERRUPT (1)"} as {@code "EXTERNAL_INTERRUPT handler (exit reason 1)"}. */
    static String exitText(String detail) {
        if (detail == null) {
            return null;
        }
        int p = detail.lastIndexOf(" (");
        if (p > 0 && detail.endsWith(")")) {
            String reason = detail.substring(p + 2, detail.length() - 1);
            if (!reason.isEmpty() && reason.chars().allMatch(Character::isDigit)) {
                return detail.substring(0, p) + " handler (exit reason " + reason + ")";
            }
        }
        return detail;
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

    /**
     * A context in words, as {@link Context#describe()} but naming the user-space VMM, which runs as a
     * host user context on behalf of a VM rather than as a numbered process.
     */
    static String describe(Context c) {
        if (c.kind() == ContextKind.HOST_USER && c.process() < 0) {
            return c.vm() >= 0 ? "host-user (VMM of vm" + c.vm() + ")" : "host-user";
        }
        return c.describe();
    }

    /** The ASI state of a CPU in words. */
    static String asiState(HardwareThread t) {
        int asi = t.currentAsi();
        if (asi == HardwareThread.NO_ASI) {
            return "unrestricted (full table)";
        }
        if (asi >= 1000) {
            return "restricted process" + (asi - 1000) + " (user class)";
        }
        return "restricted vm" + asi + " (KVM class)";
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
