package dev.asiscope.sim.engine;

import dev.asiscope.sim.cache.AccessOrigin;
import dev.asiscope.sim.cache.AccessOutcome;
import dev.asiscope.sim.cache.LfbEntry;
import dev.asiscope.sim.cache.LineProvenance;
import dev.asiscope.sim.paging.AccessType;
import dev.asiscope.sim.paging.PageTableEntry;
import dev.asiscope.sim.paging.WalkResult;
import dev.asiscope.sim.program.Op;
import dev.asiscope.sim.security.DataLabel;
import dev.asiscope.sim.tlb.TlbEntry;
import dev.asiscope.sim.vmx.GuestLayout;
import java.util.List;

/**
 * Transient execution: the attacker's loads that are squashed but leave a trace, as the four mechanisms
 * read data: L1TF (a terminal fault on a guest PTE forwards the L1D line its frame bits name), MDS (a
 * fill-buffer sample), Meltdown (a user load of a kernel address forwarded before the permission check) and
 * Spectre v1 (a mispredicted bounds check in the kernel). A load that gets a byte encodes it in the probe
 * array ({@link FlushReload}) with the leak's causal chain so far. Holds no state.
 */
final class TransientExecution {
    private static final EventFact.Outcome NO_DATA = new EventFact.Outcome.NoData();

    private final Machine m;

    TransientExecution(Machine m) {
        this.m = m;
    }

    long l1tf(HardwareThread t, MachineSpec.Task ts, long target, boolean reservedBit) {
        GuestLayout g = m.layout.guest(ts.vm());
        // The attacker (guest kernel) writes its own PTE with frame bits = the host address: not present,
        // or present with a reserved bit set (Intel's L1TF guidance names both terminal faults; KVM sets
        // high address bits in its own non-present and reserved SPTEs for this reason, see
        // shadow_nonpresent_or_rsvd_mask in arch/x86/kvm/mmu/spte.c).
        long pteHpa = g.hostPhysical(g.scratchPteGpa());
        long pte = target & PageTableEntry.ADDRESS_FIELD;
        long usable = (1L << m.walker.maxPhysAddr()) - 1;
        if (reservedBit) {
            if (m.walker.maxPhysAddr() >= 52) {
                throw new SimulationException(new SimulationException.L1tfNoReservedBit(t.id));
            }
            pte |= PageTableEntry.P | PageTableEntry.RW | (1L << 51);
        }
        m.memory.writeQword(pteHpa, pte);
        t.tlb.invlpg(ts.vm(), 0, GuestLayout.SCRATCH_VA);
        long va = GuestLayout.SCRATCH_VA | (target & 0xfff);
        m.port.reset();
        m.port.begin(t, AccessOrigin.PAGE_WALK);
        WalkResult r = m.walker.walk(t.task().guestRegs, va, AccessType.READ, false, m.mmu.new GuestPhysical(g), false);
        long lat = m.port.cycles + m.spec.latency().l1Hit();
        m.counters.transientLoads++;
        long pa = r.terminalPhysicalAddress();
        if (reservedBit && pa >= 0) {
            pa &= usable; // the reserved bit lies above MAXPHYADDR; the L1D is looked up with the bits below it
        }
        EventFact.Outcome outcome = NO_DATA;
        if (r.fault() != null && r.fault().isTerminal() && pa >= 0) {
            outcome = transientRead(t, pa, Leak.Mechanism.L1TF);
        }
        m.emit(EventKind.TRANSIENT_LOAD, t.id, pa, new EventFact.L1tfLoad(reservedBit, pa, m.labelAt(pa), outcome));
        m.emit(EventKind.SQUASH, t.id, pa, new EventFact.Squash(Leak.Mechanism.L1TF));
        lat += m.spec.latency().interrupt();
        m.add(t, CostCategory.ATTACK, lat);
        return lat;
    }

    long mdsSample(HardwareThread t) {
        m.counters.transientLoads++;
        // RIDL-style sampling forwards the data of the most recent fill still held in a buffer.
        List<LfbEntry> entries = m.caches.lineFillBuffers(t.core).entriesNewestFirst();
        EventFact.Outcome outcome = new EventFact.Outcome.BuffersEmpty();
        long pa = -1;
        if (!entries.isEmpty()) {
            LfbEntry e = entries.get(0);
            pa = e.physicalLine();
            outcome = encode(t, pa, Leak.Mechanism.MDS, e.provenance());
        }
        m.emit(EventKind.TRANSIENT_LOAD, t.id, pa, new EventFact.MdsSample(m.labelAt(pa), outcome));
        m.emit(EventKind.SQUASH, t.id, pa, new EventFact.Squash(Leak.Mechanism.MDS));
        long lat = m.spec.latency().l1Hit() + m.spec.latency().interrupt();
        m.add(t, CostCategory.ATTACK, lat);
        return lat;
    }

    long meltdown(HardwareThread t, long kernelVa) {
        m.requireUser(t, new Op.Meltdown(null, kernelVa));
        m.counters.transientLoads++;
        TlbEntry e = t.tlb.lookup(0, t.regs.pcid(), kernelVa);
        long pa;
        EventFact.MeltdownPath how;
        m.port.reset();
        if (e != null) {
            pa = e.physicalAddress(kernelVa);
            how = e.global() ? EventFact.MeltdownPath.GLOBAL_TLB_HIT : EventFact.MeltdownPath.TLB_HIT;
        } else {
            m.port.begin(t, AccessOrigin.PAGE_WALK);
            WalkResult r = m.walker.walk(t.regs, kernelVa, AccessType.READ, false, m.port, false);
            pa = r.faulted() ? -1 : r.physicalAddress();
            how = r.faulted() ? EventFact.MeltdownPath.NOT_MAPPED : EventFact.MeltdownPath.SUPERVISOR;
        }
        EventFact.Outcome outcome = pa >= 0 ? transientRead(t, pa, Leak.Mechanism.MELTDOWN) : NO_DATA;
        m.emit(EventKind.TRANSIENT_LOAD, t.id, pa, new EventFact.MeltdownLoad(kernelVa, how, e, m.labelAt(pa), outcome));
        m.emit(EventKind.SQUASH, t.id, pa, new EventFact.Squash(Leak.Mechanism.MELTDOWN));
        long lat = m.port.cycles + m.spec.latency().l1Hit() + m.spec.latency().interrupt();
        m.add(t, CostCategory.ATTACK, lat);
        return lat;
    }

    /**
     * The gadget's out-of-bounds load runs in the host kernel on the current page table: a permitted
     * supervisor load, which may miss and fill. If the table does not map the address (a restricted ASI
     * table), the speculative walk faults and nothing is read; the fault is never taken architecturally,
     * so there is no ASI exit. The dependent load touches the attacker's probe line through the kernel's
     * direct map (the physmap alias of the attacker's own page, which SMAP does not cover), so the line the
     * attacker reloads is filled only if the current table maps that alias.
     */
    long spectreGadget(HardwareThread t, MachineSpec.Task ts, long kernelVa) {
        m.counters.transientLoads++;
        m.port.reset();
        long pa = m.mmu.translateHost(t, kernelVa, AccessType.READ, false);
        EventFact.Outcome outcome;
        if (pa < 0) {
            outcome = new EventFact.Outcome.NotMapped(m.addressSpace(t));
        } else {
            AccessOutcome o = m.access(t, pa, false, AccessOrigin.SPECULATIVE);
            outcome = encode(t, pa, Leak.Mechanism.SPECTRE_V1, o.provenance());
        }
        m.emit(EventKind.TRANSIENT_LOAD, t.id, pa, new EventFact.SpectreV1Load(kernelVa, m.isVcpu(t) ? t.handler : null,
                m.labelAt(pa), outcome));
        m.emit(EventKind.SQUASH, t.id, pa, new EventFact.Squash(Leak.Mechanism.SPECTRE_V1));
        long lat = m.port.cycles + m.spec.latency().l1Hit() * 4L;
        m.add(t, CostCategory.ATTACK, lat);
        return lat;
    }

    /** A transient load of {@code pa}: data is forwarded only if the line is in this core's L1D or a fill buffer. */
    EventFact.Outcome transientRead(HardwareThread t, long pa, Leak.Mechanism mechanism) {
        LineProvenance p = m.caches.l1dOrLfbProvenance(t.core, pa);
        if (p == null) {
            return new EventFact.Outcome.NotInL1d();
        }
        return encode(t, pa, mechanism, p);
    }

    EventFact.Outcome encode(HardwareThread t, long pa, Leak.Mechanism mechanism, LineProvenance p) {
        int value = m.memory.readByte(pa) & 0xff;
        DataLabel label = m.labelAt(pa);
        long probe = m.flushReload.probeAddress(t, value);
        if (probe < 0) {
            return new EventFact.Outcome.ProbeUnmapped(value, label);
        }
        m.access(t, probe, false, AccessOrigin.SPECULATIVE);
        Leak.LineSource source = new Leak.LineSource(p.logicalCpu(), p.context(), p.handler(), p.addressSpace(), p.cycle(),
                p.origin(), null);
        t.encode(value, new ProbeEncoding(mechanism, label, pa, value, m.cycle, source,
                m.leakAttribution.missingMitigation(t, mechanism, p)));
        return new EventFact.Outcome.Encoded(value, label);
    }
}
