package dev.asiscope.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asiscope.sim.engine.Event;
import dev.asiscope.sim.engine.EventLog;
import dev.asiscope.sim.engine.HardwareThread;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.paging.ControlRegisters;
import dev.asiscope.sim.security.AddressSpaceId;
import java.util.Locale;

/**
 * Renders the architectural state of a machine at one cycle ({@code run --at}) and event lists
 * ({@code run --events}). Formats are documented in docs/cli.md.
 */
public final class StateWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StateWriter() {
    }

    /** The state at the machine's cycle: per CPU its context, registers, ASI space and TLB, plus the state hash. */
    public static ObjectNode stateJson(String scenario, String policy, ScenarioRunner.StateAt at) {
        Machine m = at.machine();
        ObjectNode o = JSON.createObjectNode();
        o.put("scenario", scenario);
        o.put("policy", policy);
        o.put("cycle", m.cycle());
        o.put("stateHash", hash(m.stateHash()));
        o.put("freshRunStateHash", hash(at.freshHash()));
        o.put("rewindMatchesFreshRun", m.stateHash() == at.freshHash());
        o.put("endCycle", at.history().endCycle());
        ArrayNode cpus = o.putArray("cpus");
        for (int i = 0; i < m.cpuCount(); i++) {
            HardwareThread t = m.cpu(i);
            ControlRegisters r = t.registers();
            ObjectNode n = cpus.addObject();
            n.put("cpu", t.id());
            n.put("core", t.core());
            n.put("online", t.online());
            n.put("context", ContextText.of(t.context()));
            n.put("domain", t.context().domain().id());
            n.put("operation", OperationText.of(t.activity()));
            n.put("operationStart", t.operationStart());
            n.put("operationEnd", t.operationEnd() == Long.MAX_VALUE ? -1 : t.operationEnd());
            n.put("finished", t.finished());
            // In a guest the host's CR3 is what the VM exit restores (VMCS host state); the guest has its own.
            n.put("cr3", Hex.of(r.cr3()));
            n.put("pageTable", Hex.of(r.rootTable()));
            n.put("pcid", r.pcid());
            ControlRegisters guest = t.guestRegisters();
            if (t.context().kind().isGuest() && guest != null) {
                n.put("guestCr3", Hex.of(guest.cr3()));
            }
            n.put("addressSpace", addressSpace(m, t));
            n.put("asiTaints", AsiTaintText.of(t.taints()));
            n.put("stunnedBy", t.stunnedBy());
            n.put("l1dFlushRequested", t.flushRequested());
            n.put("tlbEntries", t.tlb().entries().size());
        }
        ObjectNode counts = o.putObject("counts");
        counts.put("vmExits", m.vmExits());
        counts.put("asiExits", m.asiExits());
        counts.put("l1dFlushes", m.l1dFlushes());
        counts.put("verws", m.verws());
        counts.put("stuns", m.stuns());
        counts.put("transientLoads", m.transientLoads());
        counts.put("contextSwitches", m.contextSwitches());
        counts.put("leaks", m.leaks().size());
        return o;
    }

    /** The same state as text, one line per CPU. */
    public static String stateText(String scenario, String policy, ScenarioRunner.StateAt at) {
        Machine m = at.machine();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s under %s at cycle %,d (run ends at %,d)%n", scenario, policy,
                m.cycle(), at.history().endCycle()));
        sb.append("  state hash ").append(hash(m.stateHash()))
                .append(m.stateHash() == at.freshHash() ? " (a fresh run to this cycle gives the same)"
                        : " DIFFERS from a fresh run to this cycle: " + hash(at.freshHash()))
                .append('\n');
        for (int i = 0; i < m.cpuCount(); i++) {
            HardwareThread t = m.cpu(i);
            sb.append(String.format(Locale.ROOT, "  cpu%d core%d  %-32s host CR3 %s  %-28s taints %s%s%s  op: %s%n",
                    t.id(), t.core(), ContextText.of(t.context()), Hex.of(t.registers().cr3()), addressSpace(m, t),
                    AsiTaintText.of(t.taints()), t.stunnedBy() >= 0 ? "  stunned by cpu" + t.stunnedBy() : "",
                    t.flushRequested() ? "  flush requested" : "", OperationText.of(t.activity())));
        }
        sb.append(String.format(Locale.ROOT, "  so far: %,d VM exits, %,d ASI exits, %,d L1D flushes, %,d VERWs, "
                + "%,d stuns, %,d leaks%n", m.vmExits(), m.asiExits(), m.l1dFlushes(), m.verws(), m.stuns(),
                m.leaks().size()));
        return sb.toString();
    }

    /** Which table CR3 holds, in words: full, restricted vmN, a process's table, the idle class. */
    private static String addressSpace(Machine m, HardwareThread t) {
        if (t.context().kind().isGuest()) {
            return "guest vm" + t.context().vm() + " (EPT)";
        }
        AddressSpaceId.Restricted asi = t.currentAsi();
        if (asi instanceof AddressSpaceId.RestrictedIdle) {
            return "restricted: idle class";
        }
        if (asi instanceof AddressSpaceId.RestrictedProcess p) {
            return "restricted: process" + p.process() + " user class";
        }
        if (asi instanceof AddressSpaceId.RestrictedVm v) {
            return "restricted: vm" + v.vm() + " KVM class";
        }
        long root = t.registers().rootTable();
        if (root == m.layout().fullRoot()) {
            return "full kernel table";
        }
        for (int p : processIds(m)) {
            var pt = m.layout().process(p);
            if (root == pt.userRoot()) {
                return "process" + p + " PTI user table";
            }
            if (root == pt.kernelRoot()) {
                return "process" + p + " kernel table";
            }
        }
        return "table at " + Hex.of(root);
    }

    private static int[] processIds(Machine m) {
        return m.spec().processes().stream().mapToInt(p -> p.id()).toArray();
    }

    /** Events as a JSON array (every field of each event). */
    public static ArrayNode eventsJson(EventLog log, long upToCycle) {
        ArrayNode a = JSON.createArrayNode();
        int n = log.countUpTo(upToCycle);
        for (int i = 0; i < n; i++) {
            Event e = log.get(i);
            ObjectNode o = a.addObject();
            o.put("seq", e.seq());
            o.put("cycle", e.cycle());
            o.put("cpu", e.cpu());
            o.put("kind", e.kind().id());
            if (e.address() >= 0) {
                o.put("address", Hex.of(e.address()));
            }
            if (e.label() != null) {
                o.put("label", e.label().name());
            }
            String detail = EventText.detail(e);
            if (detail != null) {
                o.put("detail", detail);
            }
        }
        return a;
    }

    /** Events as text, one line each (as in the window's event list). */
    public static String eventsText(EventLog log, long upToCycle) {
        StringBuilder sb = new StringBuilder("events:\n");
        int n = log.countUpTo(upToCycle);
        for (int i = 0; i < n; i++) {
            sb.append("  ").append(EventText.describe(log.get(i))).append('\n');
        }
        return sb.toString();
    }

    private static String hash(long h) {
        return String.format(Locale.ROOT, "%016x", h);
    }
}
