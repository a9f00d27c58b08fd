package dev.asiscope.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.scenario.OperationText;
import dev.asiscope.sim.kernel.HostLayout;
import dev.asiscope.sim.paging.ControlRegisters;
import dev.asiscope.sim.program.Op;
import dev.asiscope.sim.tlb.TlbEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One MOV to CR3 for the kernel's switches and a program's own {@code mov-cr3}: the same value has the same
 * TLB effect (Intel SDM Vol. 3A 4.10.4.1: with CR4.PCIDE, bit 63 set keeps the new PCID's entries, clear drops
 * its non-global ones; other PCIDs' entries stay), the same CR3 (bit 63 is not stored), the same events and
 * the same cost.
 */
class Cr3WriteTest {
    /** A process under KPTI after syscalls: TLB entries tagged with its user PCID and with its kernel PCID. */
    private static Machine afterSyscalls() {
        MachineSpec spec = new MachineSpecBuilder().topology(1, 1).process(1, 0x33)
                .processTask(0, 1, List.of(new Op.Compute(1000, 8), new Op.Syscall("getpid"),
                        new Op.Compute(1000, 8), new Op.Syscall("getpid"), new Op.Compute(1000, 8)))
                .build();
        Machine m = new Machine(spec, Policy.parse("kpti"), null);
        m.runToEnd();
        m.setLog(new EventLog());
        return m;
    }

    private static long count(List<TlbEntry> entries, int pcid) {
        return entries.stream().filter(e -> e.vpid() == 0 && e.pcid() == pcid).count();
    }

    private static Machine byOp(Machine m, long value) {
        Machine a = m.copy();
        a.setLog(new EventLog());
        HardwareThread t = a.cpu(0);
        a.opExecutor.execute(t, t.task(), new Op.MovCr3(value));
        return a;
    }

    @Test
    void aMovCr3OpAndAKernelWriteOfTheSameValueHaveTheSameEffect() {
        Machine m = afterSyscalls();
        HostLayout.ProcessTables p = m.layout().process(1);
        long before = m.cpu(0).tlb().stateHash();
        assertTrue(count(m.cpu(0).tlb().entries(), p.kernelPcid()) > 0, "the syscalls left kernel-PCID entries");
        // The kernel's switch to the process's kernel table (PCID kept: bit 63 set).
        Machine k = m.copy();
        EventLog kernelLog = new EventLog();
        k.setLog(kernelLog);
        long kernelLatency = k.mmu.writeCr3(k.cpu(0), p.kernelRoot(), p.kernelPcid(), CostCategory.PTI_SWITCH,
                EventFact.Cr3Reason.PTI_KERNEL_ENTRY);
        // A program's MOV to CR3 of the same value.
        Machine o = byOp(m, p.kernelRoot() | p.kernelPcid() | ControlRegisters.CR3_NOFLUSH);
        assertEquals(before, k.cpu(0).tlb().stateHash(), "bit 63 set: no entry dropped");
        assertEquals(k.cpu(0).tlb().stateHash(), o.cpu(0).tlb().stateHash(), "the same TLB after both");
        assertEquals(k.cpu(0).registers(), o.cpu(0).registers(), "the same CR3, bit 63 not stored");
        assertEquals(p.kernelRoot() | p.kernelPcid(), o.cpu(0).registers().cr3());
        assertEquals(kernelLatency, o.spec().latency().cr3Write());
    }

    @Test
    void withoutBit63TheNewPcidsNonGlobalEntriesGoAndTheFlushIsLogged() {
        Machine m = afterSyscalls();
        HostLayout.ProcessTables p = m.layout().process(1);
        List<TlbEntry> entries = m.cpu(0).tlb().entries();
        long kernel = count(entries, p.kernelPcid());
        long user = count(entries, p.userPcid());
        long kernelGlobal = entries.stream().filter(e -> e.pcid() == p.kernelPcid() && e.global()).count();
        assertTrue(kernel > kernelGlobal && user > 0, kernel + " kernel-PCID entries, " + user + " user-PCID entries");
        Machine o = byOp(m, p.kernelRoot() | p.kernelPcid());
        List<TlbEntry> after = o.cpu(0).tlb().entries();
        assertEquals(kernelGlobal, count(after, p.kernelPcid()), "the new PCID keeps only its global entries");
        assertEquals(user, count(after, p.userPcid()), "other PCIDs' entries stay (SDM 4.10.4.1)");
        List<Event> flushes = o.log.ofKind(EventKind.TLB_FLUSH);
        assertEquals(1, flushes.size(), "the dropped entries are logged as every CR3 write's are");
        assertEquals(new EventFact.Cr3Flush((int) (kernel - kernelGlobal)), flushes.get(0).fact());
        List<Event> writes = o.log.ofKind(EventKind.CR3_WRITE);
        assertEquals(1, writes.size());
        assertEquals(p.kernelRoot(), writes.get(0).address());
    }

    @Test
    void aMovCr3OpIsChargedLikeEveryCr3Write() {
        Machine m = afterSyscalls();
        long before = total(m);
        Machine o = byOp(m, m.cpu(0).registers().cr3() | ControlRegisters.CR3_NOFLUSH);
        assertEquals(before + o.spec().latency().cr3Write(), total(o), "every cycle charged to a category");
    }

    private static long total(Machine m) {
        long sum = 0;
        for (CostCategory c : CostCategory.values()) {
            sum += m.cost(c);
        }
        return sum;
    }

    @Test
    void aGuestsMovCr3LoadsTheGuestsCr3AndFlushesItsOwnEntries() {
        // With EPT, KVM does not intercept a guest's MOV to CR3 (CR3-load exiting is off): it loads the
        // guest's CR3 and invalidates the guest's (VPID-tagged) entries, never the host's.
        MachineSpec spec = new MachineSpecBuilder().topology(1, 1).vm(1, 0x11)
                .vcpu(0, 1, 0, List.of(new Op.Compute(1000, 8), new Op.VmExit(Scenarios.MSR_WRITE),
                        new Op.Compute(1000, 8)))
                .build();
        Machine m = new Machine(spec, Policy.parse("none"), null);
        // Run to the last guest compute, while the vCPU is still in its guest.
        while (m.step()) {
            if (m.cpu(0).context().kind().isGuest() && OperationText.of(m.cpu(0).activity()).equals("compute")
                    && m.events(0, EventKind.VM_EXIT) == 1) {
                break;
            }
        }
        HardwareThread t = m.cpu(0);
        assertTrue(t.context().kind().isGuest());
        ControlRegisters host = t.registers();
        long guestCr3 = t.guestRegisters().cr3();
        long hostEntries = t.tlb().entries().stream().filter(e -> e.vpid() == 0).count();
        assertTrue(t.tlb().entries().stream().anyMatch(e -> e.vpid() == 1), "the guest's own entries");
        Machine o = byOp(m, guestCr3);
        HardwareThread u = o.cpu(0);
        assertEquals(host, u.registers(), "the host's CR3 is not the guest's to write");
        assertEquals(guestCr3, u.guestRegisters().cr3());
        assertEquals(0, u.tlb().entries().stream().filter(e -> e.vpid() == 1 && !e.global()).count(),
                "without PCIDs a MOV to CR3 drops the guest's non-global entries");
        assertEquals(hostEntries, u.tlb().entries().stream().filter(e -> e.vpid() == 0).count(),
                "and leaves the host's");
        assertNotEquals(0, o.cost(CostCategory.GUEST) - m.cost(CostCategory.GUEST), "charged to the guest");
    }
}
