package dev.asiscope.ui;

import dev.asiscope.scenario.EntryBitText;
import dev.asiscope.scenario.OperationText;
import dev.asiscope.scenario.CostCategoryText;
import dev.asiscope.scenario.AsiTaintText;
import dev.asiscope.scenario.PageTableEntryText;
import dev.asiscope.scenario.AddressSpaceText;
import dev.asiscope.scenario.ContextText;
import dev.asiscope.scenario.EventText;
import dev.asiscope.sim.engine.EventFact;
import dev.asiscope.scenario.Breakpoint;
import dev.asiscope.sim.cache.CacheLine;
import dev.asiscope.sim.cache.LfbEntry;
import dev.asiscope.sim.cache.LineProvenance;
import dev.asiscope.sim.engine.CostCategory;
import dev.asiscope.sim.engine.Event;
import dev.asiscope.sim.engine.ExposureWindow;
import dev.asiscope.sim.engine.HardwareThread;
import dev.asiscope.sim.engine.Leak;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.kernel.PlacedRegion;
import dev.asiscope.sim.paging.WalkResult;
import dev.asiscope.sim.paging.WalkStep;
import dev.asiscope.sim.tlb.TlbEntry;
import dev.asiscope.ui.views.PageMapping;
import dev.asiscope.ui.views.PageTableCell;
import dev.asiscope.ui.views.WalkTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * What the inspector shows for a selected object: a title, key/value rows and an optional paragraph
 * (a leak's causal chain). Derived from the machine at the cursor; reading never changes it.
 *
 * @param title   heading
 * @param rows    key/value pairs, in display order
 * @param text    free text shown under the rows, or null
 */
public record Inspection(String title, List<Row> rows, String text) {
    /** One key/value line. */
    public record Row(String key, String value) {
    }

    /** The inspection of {@code selection} against {@code m} (the machine at the cursor). */
    public static Inspection of(Object selection, Machine m) {
        if (selection == null) {
            return new Inspection("Nothing selected", List.of(), "Click an event, a leak, an exposure window "
                    + "or a CPU to see its details here.");
        }
        Builder b = new Builder();
        if (selection instanceof Event e) {
            return event(e, m, b);
        }
        if (selection instanceof Leak l) {
            return leak(l, m, b);
        }
        if (selection instanceof ExposureWindow w) {
            b.row("core", Integer.toString(w.core()));
            b.row("attacker", w.attackerDomain().id());
            b.row("victim data", w.victimLabel().name());
            b.row("from cycle", fmt(w.startCycle()));
            b.row("to cycle", w.endCycle() < 0 ? "open" : fmt(w.endCycle()));
            b.row("length", fmt(w.length(m.cycle())) + " cycles");
            return b.build("Exposure window", "Victim data sat in core " + w.core()
                    + "'s L1D or fill buffers while attacker code ran there.");
        }
        if (selection instanceof HardwareThread t) {
            return cpu(m.cpu(t.id()), b);
        }
        if (selection instanceof Integer cpu && cpu >= 0 && cpu < m.cpuCount()) {
            return cpu(m.cpu(cpu), b);
        }
        if (selection instanceof CacheLine l) {
            b.row("set / way", l.set() + " / " + l.way());
            b.row("line", hex(l.physicalLine()));
            b.row("dirty", Boolean.toString(l.dirty()));
            provenance(l.provenance(), b);
            region(m, l.physicalLine(), b);
            return b.build("Cache line", null);
        }
        if (selection instanceof LfbEntry f) {
            b.row("slot", Integer.toString(f.slot()));
            b.row("line", hex(f.physicalLine()));
            b.row("allocated", fmt(f.cycle()));
            provenance(f.provenance(), b);
            return b.build("Fill buffer entry", null);
        }
        if (selection instanceof PlacedRegion r) {
            regionRows(r, b);
            return b.build("Region " + r.name(), null);
        }
        if (selection instanceof WalkStep s) {
            b.row("level", s.level().id());
            b.row("entry address", hex(s.entryAddress()));
            b.row("entry", hex(s.entry()));
            b.row("bits", PageTableEntryText.flags(s.entry(), true));
            return b.build("Page-table entry", null);
        }
        if (selection instanceof PageMapping pm) {
            b.row("table", pm.table().name());
            b.row("virtual", hex(pm.virtualAddress()));
            if (pm.region() != null) {
                regionRows(pm.region(), b);
            }
            walkRows(pm.walk(), b);
            return b.build("Page " + hex(pm.virtualAddress()) + (pm.mapped() ? "" : " (not mapped)"), null);
        }
        if (selection instanceof WalkResult r) {
            walkRows(r, b);
            return b.build("Walk of " + hex(r.linearAddress()), null);
        }
        if (selection instanceof WalkTarget t) {
            b.row("address", hex(t.address()));
            b.row("space", t.spaceName());
            b.row("access", t.type().id() + (t.user() ? ", user" : ", supervisor"));
            return b.build("Walk target", t.why());
        }
        if (selection instanceof PageTableCell c) {
            return pageTableCell(c, b);
        }
        if (selection instanceof TlbEntry t) {
            return b.build("TLB entry", t.toString());
        }
        if (selection instanceof Breakpoint bp) {
            return b.build("Breakpoint", bp.describe());
        }
        return b.build(selection.getClass().getSimpleName(), selection.toString());
    }

    /** A paging-structure entry of the page-table view: its place, value and every field by SDM name. */
    private static Inspection pageTableCell(PageTableCell c, Builder b) {
        var e = c.entry();
        b.row("table", c.space());
        b.row("entry", e.level().id() + "[" + e.index() + "] at " + hex(e.entryAddress()));
        b.row("value", hex(e.raw()) + " (" + e.kind().id() + ")");
        if (e.target() >= 0) {
            b.row(e.kind() == dev.asiscope.sim.tables.EntryKind.TABLE ? "next table" : "frame", hex(e.target()));
        }
        if (c.region() != null) {
            b.row("region", c.region());
        }
        if (c.sharedWith() != null) {
            b.row("structure shared with", c.sharedWith());
        }
        b.row("differs", c.differs() ? "yes, from the other table shown" : "no");
        for (var bit : c.bits()) {
            // "P (bit 0) = 0: not present": the value next to the bit, then what that value means.
            String value = bit.name().equals("address") ? hex(bit.value() << 12) : Long.toString(bit.value());
            b.row(bit.name() + " (bit" + (bit.low() == bit.high() ? " " : "s ") + EntryBitText.range(bit) + ") = "
                    + value, EntryBitText.meaning(bit));
        }
        return b.build("Entry " + e.level().id() + "[" + e.index() + "] of " + c.space(),
                dev.asiscope.ui.views.PageTableView.walkText(c));
    }

    private static Inspection event(Event e, Machine m, Builder b) {
        b.row("event", "#" + e.seq());
        b.row("cycle", fmt(e.cycle()));
        b.row("cpu", e.cpu() < 0 ? "-" : "cpu" + e.cpu());
        b.row("kind", EventText.title(e.kind()));
        String detail = EventText.detail(e);
        if (detail != null && !detail.isEmpty()) {
            b.row("detail", detail);
        }
        if (e.address() >= 0) {
            b.row("address", hex(e.address()));
        }
        if (e.label() != null) {
            b.row("label", e.label().name());
        }
        String text = null;
        if (e.fact() instanceof EventFact.LeakFound f) {
            text = EventText.explain(f.leak());
        } else if (e.fact() instanceof EventFact.ExposureEnd x) {
            ExposureWindow w = x.window();
            b.row("window", "core " + w.core() + ", " + w.attackerDomain().id() + " vs " + w.victimLabel().name());
        }
        if (e.address() >= 0) {
            region(m, e.address(), b);
            if (e.cpu() >= 0) {
                int core = m.cpu(e.cpu()).core();
                CacheLine line = m.caches().peekL1d(core, e.address());
                if (line != null) {
                    b.row("L1D now", "set " + line.set() + " way " + line.way() + (line.dirty() ? ", dirty" : ""));
                    provenance(line.provenance(), b);
                } else {
                    b.row("L1D now", "not in core " + core + "'s L1D at the cursor");
                }
            }
        }
        return b.build(EventText.title(e.kind()) + " at cycle " + fmt(e.cycle()), text);
    }

    private static Inspection leak(Leak l, Machine m, Builder b) {
        b.row("mechanism", EventText.title(l.mechanism()));
        b.row("victim data", l.victimLabel().name());
        b.row("attacker", l.attackerDomain().id() + " on cpu" + l.attackerCpu());
        b.row("value", "0x" + Integer.toHexString(l.value()));
        b.row("address", hex(l.physicalAddress()));
        b.row("line brought in", "cycle " + fmt(l.source().cycle()) + " by cpu" + l.source().cpu());
        b.row("transient load", "cycle " + fmt(l.transientCycle()));
        b.row("recovered", "cycle " + fmt(l.reloadCycle()));
        b.row("missing", EventText.missing(l.missingMitigation()));
        region(m, l.physicalAddress(), b);
        return b.build("Leak of " + l.victimLabel(), EventText.explain(l));
    }

    private static Inspection cpu(HardwareThread t, Builder b) {
        b.row("core / thread", t.core() + "");
        b.row("online", Boolean.toString(t.online()));
        b.row("context", ContextText.of(t.context()));
        b.row("domain", t.context().domain().id());
        if (t.registers() != null) {
            b.row("CR3", hex(t.registers().cr3()));
            b.row("PCID", Integer.toString(t.registers().pcid()));
        }
        b.row("ASI", t.currentAsi() == null ? "unrestricted" : AddressSpaceText.of(t.currentAsi()));
        b.row("taints", AsiTaintText.of(t.taints()));
        b.row("stunned by", t.stunnedBy() < 0 ? "-" : "cpu" + t.stunnedBy());
        b.row("L1D flush request", Boolean.toString(t.flushRequested()));
        b.row("operation", OperationText.of(t.activity()) + " [" + fmt(t.operationStart()) + ", "
                + fmt(t.operationEnd()) + ")");
        b.row("DTLB entries", Integer.toString(t.tlb().entries().size()));
        for (CostCategory c : CostCategory.values()) {
            long v = t.cost(c);
            if (v > 0) {
                b.row("cycles: " + CostCategoryText.title(c), fmt(v));
            }
        }
        return b.build("cpu" + t.id(), null);
    }

    private static void walkRows(WalkResult r, Builder b) {
        for (WalkStep s : r.steps()) {
            b.row(s.level().id(), hex(s.entry()) + "  " + PageTableEntryText.flags(s.entry(), true));
        }
        if (r.faulted()) {
            b.row("result", "fault: " + r.fault());
        } else {
            b.row("physical", hex(r.physicalAddress()) + " (" + r.pageSize() + ")");
            b.row("rights", (r.writable() ? "RW" : "RO") + (r.user() ? " user" : " supervisor")
                    + (r.executable() ? " X" : " NX") + (r.global() ? " global" : ""));
        }
    }

    private static void provenance(LineProvenance p, Builder b) {
        if (p == null) {
            return;
        }
        b.row("line label", p.label().name());
        b.row("filled by", "cpu" + p.logicalCpu() + " (" + EventText.fillContext(p.context(), p.handler()) + ")");
        if (p.addressSpace() != null) {
            b.row("address space", EventText.space(p.addressSpace()));
        }
        b.row("filled at", "cycle " + fmt(p.cycle()) + ", " + p.origin().name().toLowerCase() + " access");
    }

    private static void region(Machine m, long address, Builder b) {
        PlacedRegion r = m.layout().regionAtPhysical(address);
        if (r == null) {
            r = m.layout().regionAtVirtual(address);
        }
        if (r != null) {
            b.row("region", r.name() + " (" + r.region().sensitivity().name().toLowerCase().replace('_', '-') + ")");
        }
    }

    private static void regionRows(PlacedRegion r, Builder b) {
        b.row("sensitivity", r.region().sensitivity().name().toLowerCase().replace('_', '-'));
        b.row("label", r.region().label());
        b.row("physical", hex(r.physicalBase()) + " + " + fmt(r.size()));
        b.row("kernel virtual", hex(r.virtualBase()));
        if (r.region().ownerVm() >= 0) {
            b.row("owner VM", "vm" + r.region().ownerVm());
        }
        if (r.region().globalBitBug()) {
            b.row("Global bit bug", "yes");
        }
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    static String fmt(long v) {
        return String.format("%,d", v);
    }

    private static final class Builder {
        private final List<Row> rows = new ArrayList<>();

        void row(String k, String v) {
            rows.add(new Row(k, v));
        }

        Inspection build(String title, String text) {
            return new Inspection(title, List.copyOf(rows), text);
        }
    }
}
