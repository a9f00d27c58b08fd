package dev.asiscope.ui.views;

import dev.asiscope.sim.engine.EventFact;
import dev.asiscope.sim.cache.CacheLine;
import dev.asiscope.sim.cache.LfbEntry;
import dev.asiscope.sim.engine.Event;
import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.EventLog;
import dev.asiscope.sim.engine.HardwareThread;
import dev.asiscope.sim.engine.Leak;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.kernel.PlacedRegion;
import dev.asiscope.sim.engine.Simulation;
import dev.asiscope.sim.tlb.TlbEntry;
import java.util.Map;

/**
 * What the views outline for the selection. For a leak (or its LEAK event) that is its cause, as the
 * mechanism works on real hardware:
 * <ul>
 * <li>L1TF: the victim's line in the attacker core's L1D (a terminal fault forwards the not-present PTE's
 * frame bits as a physical address and the load is served from the L1D), and those frame bits in the
 * walk (Intel, "Deep Dive: Intel Analysis of L1 Terminal Fault", 2018).</li>
 * <li>MDS: the attacker core's fill-buffer entry with the victim's line (MFBDS samples stale fill-buffer
 * data; the L1D is not involved - Intel, "Deep Dive: Microarchitectural Data Sampling", 2019).</li>
 * <li>Meltdown: the leaked region, the Global bit of the kernel mapping, and the attacker CPU's TLB entry
 * that kept the translation across the CR3 switch because of it (SDM Vol. 3A 4.10.2.4: global
 * translations are not invalidated by a MOV to CR3; KPTI relies on kernel mappings being non-global
 * in the user page table, Linux arch/x86/mm/pti.c).</li>
 * </ul>
 * A selected region, or a page of one, outlines the region's row in the address-space view. Any other
 * selection with a physical address outlines that line wherever it is (L1D and fill buffers).
 *
 * @param leak       the selected leak, or null
 * @param region     name of the region to outline in the address-space view, or null
 * @param l1dLine    physical line to outline in the L1D grids, or -1
 * @param lfbLine    physical line to outline in the fill buffers, or -1
 * @param tlbCpu     logical CPU whose DTLB holds the entry to outline, or -1
 * @param tlbEntry   the DTLB entry to outline, or null
 * @param tlbNow     whether {@code tlbEntry} is in the DTLB at the cursor (otherwise it is the one the
 *                   transient load used, since evicted or flushed)
 * @param pte        which part of the walked PTE to outline
 */
public record Highlight(Leak leak, String region, long l1dLine, long lfbLine, int tlbCpu, TlbEntry tlbEntry,
        boolean tlbNow, PteFocus pte) {
    /** The part of a page-table entry a highlight points at. */
    public enum PteFocus { NONE, GLOBAL_BIT, FRAME_BITS }

    public static final Highlight NONE = new Highlight(null, null, -1, -1, -1, null, false, PteFocus.NONE);

    /** The highlight for {@code selection} in machine state {@code m} (no run to look back into). */
    public static Highlight of(Object selection, Machine m) {
        return of(selection, m, null);
    }

    /** The leak {@code selection} stands for: a leak, or a LEAK event; else null. */
    public static Leak leakOf(Object selection) {
        return selection instanceof Leak l ? l
                : selection instanceof Event e && e.fact() instanceof EventFact.LeakFound f ? f.leak() : null;
    }

    /**
     * The highlight for {@code selection} at the cursor of {@code run} ({@code m} its state there); with the
     * run, a Meltdown leak's TLB entry is found at its transient load when it is gone by the cursor.
     */
    public static Highlight of(Object selection, Machine m, Simulation run) {
        Leak leak = leakOf(selection);
        if (leak != null) {
            return ofLeak(leak, m, run);
        }
        // A region (its row, or one of its pages) selected: the address-space view outlines its row and keeps
        // it on screen.
        PlacedRegion selectedRegion = selection instanceof PlacedRegion r ? r
                : selection instanceof PageMapping p ? p.region() : null;
        if (selectedRegion != null) {
            return new Highlight(null, selectedRegion.name(), -1, -1, -1, null, false, PteFocus.NONE);
        }
        long pa = -1;
        if (selection instanceof CacheLine l) {
            pa = l.physicalLine();
        } else if (selection instanceof LfbEntry f) {
            pa = f.physicalLine();
        } else if (selection instanceof Event e && e.address() != -1) {
            pa = switch (e.kind()) {
                case CACHE_FILL, CACHE_EVICT, CLFLUSH, TRANSIENT_LOAD -> e.address();
                default -> -1;
            };
        }
        if (pa < 0) {
            return NONE;
        }
        long line = pa & ~63L;
        return new Highlight(null, null, line, line, -1, null, false, PteFocus.NONE);
    }

    private static Highlight ofLeak(Leak l, Machine m, Simulation run) {
        long line = l.physicalAddress() & ~63L;
        PlacedRegion r = m.layout().regionAtPhysical(l.physicalAddress());
        String region = r == null ? null : r.name();
        return switch (l.mechanism()) {
            case MDS -> new Highlight(l, region, -1, line, -1, null, false, PteFocus.NONE);
            case L1TF -> new Highlight(l, region, line, -1, -1, null, false, PteFocus.FRAME_BITS);
            case MELTDOWN -> {
                TlbEntry now = survivingEntry(m, l);
                TlbEntry used = now != null || run == null ? now : entryUsed(run.log(), l);
                yield new Highlight(l, region, line, -1, l.attackerCpu(), used, now != null, PteFocus.GLOBAL_BIT);
            }
            case SPECTRE_V1 -> new Highlight(l, region, line, -1, -1, null, false, PteFocus.NONE);
        };
    }

    /** The global DTLB entry the leak's transient load hit, read from the load's event in the log; or null. */
    private static TlbEntry entryUsed(EventLog log, Leak l) {
        int end = log.countUpTo(l.transientCycle());
        for (int i = log.countUpTo(l.transientCycle() - 1); i < end; i++) {
            if (log.cpuOf(i) == l.attackerCpu() && log.factOf(i) instanceof EventFact.MeltdownLoad x
                    && x.tlbEntry() != null && x.tlbEntry().global()) {
                return x.tlbEntry();
            }
        }
        return null;
    }

    /** The global translation of the leaked address in the attacker CPU's DTLB, or null when it is gone. */
    private static TlbEntry survivingEntry(Machine m, Leak l) {
        if (l.attackerCpu() < 0 || l.attackerCpu() >= m.cpuCount()) {
            return null;
        }
        HardwareThread t = m.cpu(l.attackerCpu());
        for (TlbEntry e : t.tlb().entries()) {
            long size = 1L << e.pageSize().shift();
            if (e.global() && l.physicalAddress() >= e.physicalBase() && l.physicalAddress() < e.physicalBase() + size) {
                return e;
            }
        }
        return null;
    }

    /** The core whose caches the highlight is about (the attacker's), or -1 for every core. */
    public int core(Machine m) {
        return leak == null ? -1 : attackerCore(leak, m);
    }

    /** The core of {@code leak}'s attacker in {@code m}, or -1 if the leak names no CPU of it. */
    public static int attackerCore(Leak leak, Machine m) {
        return leak.attackerCpu() < 0 || leak.attackerCpu() >= m.cpuCount() ? -1 : m.cpu(leak.attackerCpu()).core();
    }
}
