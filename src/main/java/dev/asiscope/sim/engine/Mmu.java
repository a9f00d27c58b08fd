package dev.asiscope.sim.engine;

import dev.asiscope.sim.security.ContextKind;

import dev.asiscope.sim.cache.AccessOrigin;
import dev.asiscope.sim.cache.AccessOutcome;
import dev.asiscope.sim.mem.QwordMemory;
import dev.asiscope.sim.paging.AccessType;
import dev.asiscope.sim.paging.ControlRegisters;
import dev.asiscope.sim.paging.WalkBuffer;
import dev.asiscope.sim.tlb.TlbEntry;
import dev.asiscope.sim.vmx.Ept;
import dev.asiscope.sim.vmx.GuestLayout;

/**
 * The MMU of every logical CPU: translation through the CPU's DTLB and, on a miss, the page walk (host
 * x86 tables, or a guest's tables through its EPT: the two-dimensional walk), whose table reads go through
 * the caches and are charged to the access ({@link CachePort}); TLB fills (logged with what they evicted);
 * CR3 writes with PCIDs (SDM Vol. 3A 4.10.4.1: MOV to CR3 with bit 63 set keeps the PCID's entries).
 * Holds no state: the TLBs and registers are the threads'.
 */
final class Mmu {
    private final Machine m;
    /**
     * The walk of the current TLB miss, reused miss after miss so that a miss allocates no walk record.
     * Scratch, not state: overwritten by every walk, read only before the next one (the walks never nest:
     * the table reads go to the caches and EPT, never back to this MMU). Each machine (and so each copy)
     * has its own MMU and buffer.
     */
    private final WalkBuffer walk = new WalkBuffer();
    /**
     * The DTLB entry the last {@link #translateHost}/{@link #translateGuest} used, if it came from a TLB hit that
     * granted the access; null if it walked. Scratch, not state, read right after the translation (a run of
     * accesses to the same page repeats that hit, {@code Tlb.lookupAgain}).
     */
    TlbEntry lastTlbHit;

    Mmu(Machine m) {
        this.m = m;
    }

    /** Translates in the CPU's current address space (guest or host); -1 on a fault. */
    long translateCurrent(HardwareThread t, long va, AccessType type) {
        if (t.context.kind().isGuest()) {
            return translateGuest(t, va, type);
        }
        return translateHost(t, va, type, t.context.kind() == ContextKind.HOST_USER);
    }

    long translateHost(HardwareThread t, long va, AccessType type, boolean user) {
        int pcid = t.regs.pcid();
        TlbEntry e = t.tlb.lookup(0, pcid, va);
        if (e != null && tlbGrants(e, type, user, t.regs)) {
            lastTlbHit = e;
            return e.physicalAddress(va);
        }
        lastTlbHit = null;
        m.port.begin(t, AccessOrigin.PAGE_WALK);
        WalkBuffer r = walk;
        m.walker.translate(t.regs, va, type, user, m.port, true, r);
        if (r.faulted()) {
            return -1;
        }
        long mask = r.pageSize().offsetMask();
        tlbFill(t, new TlbEntry(0, pcid, va & ~mask, r.pageSize(), r.physicalAddress() & ~mask, r.writable(),
                r.user(), r.executable(), r.global() && t.regs.cr4Pge(), r.dirty(), r.protectionKey()));
        return r.physicalAddress();
    }

    long translateGuest(HardwareThread t, long gva, AccessType type) {
        TaskState task = t.task();
        int vm = task.spec.vm();
        TlbEntry e = t.tlb.lookup(vm, 0, gva);
        if (e != null && tlbGrants(e, type, false, task.guestRegs)) {
            lastTlbHit = e;
            return e.physicalAddress(gva);
        }
        lastTlbHit = null;
        GuestLayout g = m.layout.guest(vm);
        m.port.begin(t, AccessOrigin.PAGE_WALK);
        GuestPhysical gp = new GuestPhysical(g);
        WalkBuffer r = walk;
        m.walker.translate(task.guestRegs, gva, type, false, gp, true, r);
        if (r.faulted() || gp.violation) {
            return -1;
        }
        long hpa = Ept.translate(m.port, g.eptRoot(), r.physicalAddress(), type == AccessType.WRITE ? Ept.R | Ept.W : Ept.R);
        if (hpa < 0) {
            return -1;
        }
        long mask = 0xfff;
        tlbFill(t, new TlbEntry(vm, 0, gva & ~mask, dev.asiscope.sim.paging.PageSize.SIZE_4K, hpa & ~mask,
                r.writable(), r.user(), r.executable(), false, r.dirty(), r.protectionKey()));
        return hpa;
    }

    /**
     * Whether a cached translation grants the access (the TLB caches the walk's rights, SDM 4.10.2.2).
     * When it does not, the walk decides: it faults with the SDM error code, or sets the D bit.
     */
    static boolean tlbGrants(TlbEntry e, AccessType type, boolean user, ControlRegisters regs) {
        if (type == AccessType.WRITE && !(e.writable() && e.dirty())) {
            return false;
        }
        if (type == AccessType.FETCH && (!e.executable() || (!user && e.user() && regs.cr4Smep()))) {
            return false;
        }
        if (user) {
            return e.user();
        }
        return type == AccessType.FETCH || !e.user() || !regs.cr4Smap() || regs.rflagsAc();
    }

    /** Caches a translation in the CPU's DTLB, logging the fill and any entry it evicted. */
    void tlbFill(HardwareThread t, TlbEntry e) {
        TlbEntry evicted = t.tlb.insert(e);
        if (evicted != null && m.counted(EventKind.TLB_EVICT, t.id)) {
            m.log(EventKind.TLB_EVICT, t.id, evicted.linearBase(), new EventFact.TlbEvict(evicted));
        }
        if (m.counted(EventKind.TLB_FILL, t.id)) {
            m.log(EventKind.TLB_FILL, t.id, e.linearBase(), new EventFact.TlbFill(e));
        }
    }

    /**
     * The kernel switches the host CR3 to {@code root} with {@code pcid}, keeping that PCID's TLB entries (bit 63
     * set, as Linux does for a PCID whose entries are still valid: {@code build_cr3_noflush()},
     * arch/x86/mm/tlb.c), for {@code why}. Returns the cycles.
     */
    long writeCr3(HardwareThread t, long root, int pcid, CostCategory category, EventFact.Cr3Reason why) {
        return movToCr3(t, false, root | pcid | ControlRegisters.CR3_NOFLUSH, category, why);
    }

    /**
     * A program's own MOV to CR3 of the raw {@code value}: in a guest it loads the guest's CR3 (with EPT, KVM
     * leaves CR3-load exiting off, so the guest's MOV to CR3 causes no VM exit: arch/x86/kvm/vmx/vmx.c), else
     * the host's. Returns the cycles.
     */
    long movCr3(HardwareThread t, long value, CostCategory category) {
        return movToCr3(t, t.context.kind().isGuest(), value, category, EventFact.Cr3Reason.PROGRAM);
    }

    /**
     * MOV to CR3, the one CR3 write of the machine (Intel SDM Vol. 3A 4.10.4.1): with CR4.PCIDE the PCID is bits
     * 11:0 and bit 63 set keeps that PCID's TLB entries, bit 63 clear drops its non-global ones; without PCIDE
     * every non-global entry of the address space goes. Bit 63 is not stored in CR3. {@code guest}: the running
     * vCPU's CR3 and its VPID's entries, else the host's (VPID 0). Logs the entries dropped (if any) and the
     * write, for {@code why}, and charges {@code cr3Write} to {@code category}. Returns the cycles.
     */
    private long movToCr3(HardwareThread t, boolean guest, long value, CostCategory category,
            EventFact.Cr3Reason why) {
        TaskState task = guest ? t.task() : null;
        ControlRegisters before = guest ? task.guestRegs : t.regs;
        int flushed = t.tlb.movToCr3(guest ? task.spec.vm() : 0, before, value);
        ControlRegisters after = before.withCr3(value);
        if (guest) {
            task.guestRegs = after;
        } else {
            t.regs = after;
        }
        if (flushed > 0 && m.counted(EventKind.TLB_FLUSH, t.id)) {
            m.log(EventKind.TLB_FLUSH, t.id, -1, new EventFact.Cr3Flush(flushed));
        }
        if (m.counted(EventKind.CR3_WRITE, t.id)) {
            m.log(EventKind.CR3_WRITE, t.id, after.rootTable(), new EventFact.Cr3Switch(why, after.pcid()));
        }
        long lat = m.spec.latency().cr3Write();
        m.add(t, category, lat);
        return lat;
    }

    /**
     * {@code switch_mm}'s CR3 load at a task switch: every table has its own PCID, so the load keeps the new
     * PCID's entries (bit 63 set, the TLB effect of {@link #movToCr3} with no entry dropped); its cycles are part
     * of {@code contextSwitch} and the switch is logged as a context switch, not as a CR3 write.
     */
    void setCr3(HardwareThread t, long root, int pcid) {
        t.regs = t.regs.withCr3(root | pcid);
    }

    int vpidOf(HardwareThread t) {
        return t.context.kind().isGuest() ? t.context.vm() : 0;
    }

    int pcidOf(HardwareThread t) {
        return t.context.kind().isGuest() ? 0 : t.regs.pcid();
    }

    /** Reads through the caches, charging latency: what page walks use. */
    final class CachePort implements QwordMemory {
        HardwareThread thread;
        AccessOrigin origin;
        long cycles;

        void begin(HardwareThread t, AccessOrigin o) {
            thread = t;
            origin = o;
        }

        void reset() {
            cycles = 0;
        }

        @Override
        public long readQword(long pa) {
            AccessOutcome o = m.access(thread, pa, false, origin);
            cycles += o.latency();
            return m.memory.readQword(pa);
        }

        @Override
        public void writeQword(long pa, long value) {
            m.memory.writeQword(pa, value);
        }
    }

    /** Guest-physical memory: every read goes through EPT (the second dimension of the walk). */
    final class GuestPhysical implements QwordMemory {
        final GuestLayout guest;
        boolean violation;

        GuestPhysical(GuestLayout guest) {
            this.guest = guest;
        }

        @Override
        public long readQword(long gpa) {
            long hpa = Ept.translate(m.port, guest.eptRoot(), gpa, Ept.R);
            if (hpa < 0) {
                violation = true;
                return 0;
            }
            return m.port.readQword(hpa);
        }

        @Override
        public void writeQword(long gpa, long value) {
            long hpa = Ept.translate(m.memory, guest.eptRoot(), gpa, Ept.W);
            if (hpa >= 0) {
                m.memory.writeQword(hpa, value);
            }
        }
    }
}
