package dev.asiscope.sim.engine;

import dev.asiscope.scenario.OperationText;
import dev.asiscope.scenario.EventText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.sim.kernel.Handler;
import dev.asiscope.sim.kernel.HandlerStep;
import dev.asiscope.sim.program.Op;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scenario-level checks that each mitigation is charged what it costs on hardware, and nothing else. */
class CostAccountingTest {
    private static final int HLT = 12;

    private static Machine run(MachineSpec spec, String policy) {
        Machine m = new Machine(spec, Policy.parse(policy), null);
        m.runToEnd();
        return m;
    }

    /** cpu0: five rounds of guest work and an interrupt whose handler reads the host secret (an ASI exit each). */
    private static MachineSpecBuilder secretExits() {
        return new MachineSpecBuilder().topology(1, 2).vm(1, 0x11)
                .exitHandler(Scenarios.EXTERNAL_INTERRUPT, Scenarios.secretIrq())
                .vcpu(0, 1, 0, Scenarios.repeat(5, new Op.Compute(2000, 4), new Op.VmExit(Scenarios.EXTERNAL_INTERRUPT)));
    }

    @Test
    void stunningAnIdleSiblingSendsNoIpi() {
        Machine m = run(secretExits().build(), "asi-stun");
        assertEquals(5 + 1, m.asiExits(), "five secret reads and the power-off's return to the VMM");
        assertEquals(0, m.stuns(), "cpu1 runs nothing: there is no guest code to stop");
        assertEquals(0, m.cost(CostCategory.STUN_SIGNAL));
    }

    @Test
    void stunningAHaltedSiblingSendsNoIpi() {
        // cpu1's vCPU halts for far longer than cpu0's run: every ASI exit of cpu0 finds it idle.
        Handler longHalt = Handler.of("HLT", 600, HandlerStep.read("vcpu-state", 2)).settingFlushRequest()
                .blocking(1_000_000);
        MachineSpec spec = secretExits().exitHandler(HLT, longHalt)
                .vcpu(1, 1, 1, List.of(new Op.VmExit(HLT))).build();
        EventLog log = new EventLog();
        Machine m = new Machine(spec, Policy.parse("asi-stun"), log);
        m.runToEnd();
        // cpu1's own asi_exit for schedule() stuns cpu0 once (cpu0 is in its guest then); cpu0's five
        // secret-touching exits and its power-off all find cpu1 halted and send it nothing; cpu1's power-off
        // comes after cpu0 has finished.
        assertEquals(5 + 1 + 1 + 1, m.asiExits());
        assertEquals(1, m.stuns());
        assertEquals(m.spec().latency().stunSignal(), m.cost(CostCategory.STUN_SIGNAL));
        for (Event e : log.ofKind(EventKind.STUN)) {
            if (e.cpu() == 1) {
                assertTrue(EventText.detail(e).contains("no IPI"), EventText.detail(e));
            }
        }
        assertEquals(0, m.cpu(1).cost(CostCategory.STUN_WAIT), "the halted sibling is never kicked out");
    }

    @Test
    void stunningASiblingInTheGuestSendsOneIpiPerAsiExit() {
        MachineSpec spec = secretExits().vcpu(1, 1, 1, List.of(new Op.Compute(1_000_000, 0))).build();
        Machine m = run(spec, "asi-stun");
        // Five secret reads and cpu0's power-off (its return to the VMM) each stun cpu1 in its guest; cpu1's
        // own power-off comes after cpu0 has finished.
        assertEquals(5 + 1 + 1, m.asiExits());
        assertEquals(5 + 1, m.stuns());
        assertEquals(6L * m.spec().latency().stunSignal(), m.cost(CostCategory.STUN_SIGNAL));
        assertTrue(m.cost(CostCategory.STUN_WAIT) > 0);
    }

    /** Every cycle of {@code cpu} up to its last operation's end, over all categories. */
    private static long charged(Machine m, int cpu) {
        long sum = 0;
        for (CostCategory c : CostCategory.values()) {
            sum += m.cpu(cpu).cost(c);
        }
        return sum;
    }

    @Test
    void aStunnedSiblingGetsItsUnrunWorkBackAndReentersThroughTheWholeEntryPath() {
        // cpu1's single long computation is cut by a stun IPI at each of cpu0's five ASI exits; cpu0 stays
        // busy until cpu1's guest is done, so every step cpu1 runs up to its power-off exit is stretched by SMT
        // contention (that exit's asi_exit then stuns cpu0, which stops competing). The part not yet
        // run, and the contention charged for it, are given back and charged again when the work resumes:
        // cpu1's guest time stays exactly its own and its contention stays in the SMT ratio of the work it
        // ran. Released, it re-enters as every VM entry does (pre-entry, entry gate, VERW/flush, entry;
        // vmx_vcpu_enter_exit() in Linux arch/x86/kvm/vmx/vmx.c).
        List<Op> attackerSide = new ArrayList<>(Scenarios.repeat(5, new Op.Compute(2000, 4),
                new Op.VmExit(Scenarios.EXTERNAL_INTERRUPT)));
        attackerSide.add(new Op.Compute(3_000_000, 0));
        MachineSpec spec = new MachineSpecBuilder().topology(1, 2).vm(1, 0x11)
                .exitHandler(Scenarios.EXTERNAL_INTERRUPT, Scenarios.secretIrq())
                .vcpu(0, 1, 0, attackerSide)
                .vcpu(1, 1, 1, List.of(new Op.Compute(1_000_000, 0))).build();
        EventLog log = new EventLog();
        Machine m = new Machine(spec, Policy.parse("asi-stun+verw"), log);
        long[] atPowerOff = null;
        while (m.step()) {
            if (atPowerOff == null && OperationText.of(m.cpu(1).activity()).equals("VM exit IO_INSTRUCTION")) {
                atPowerOff = m.cpu(1).costs.clone();
            }
        }
        m.finish();
        assertEquals(5, m.stuns(1));
        assertEquals(1, m.stuns(0), "cpu1's power-off leaves ASI while cpu0 still computes in its guest");
        HardwareThread t = m.cpu(1);
        assertEquals(1_000_000, t.cost(CostCategory.GUEST));
        assertEquals(t.operationEnd(), charged(m, 1), "every cycle of cpu1 charged exactly once");
        long executed = java.util.Arrays.stream(atPowerOff).sum() - atPowerOff[CostCategory.SMT_CONTENTION.ordinal()]
                - atPowerOff[CostCategory.STUN_WAIT.ordinal()] - atPowerOff[CostCategory.IDLE.ordinal()]
                - atPowerOff[CostCategory.CORESCHED_IDLE.ordinal()];
        double expected = executed * (2.0 - MachineSpec.DEFAULT_SMT_THROUGHPUT) / MachineSpec.DEFAULT_SMT_THROUGHPUT;
        assertEquals(expected, atPowerOff[CostCategory.SMT_CONTENTION.ordinal()], expected * 0.005,
                "cpu1's contention is that of the work it ran, nothing for the part it gave back");
        int kicked = 0;
        boolean inKick = false;
        boolean cleared = false;
        for (Event e : log.ofKind(EventKind.VM_EXIT, EventKind.VM_ENTRY, EventKind.VERW, EventKind.L1D_FLUSH)) {
            if (e.cpu() != 1) {
                continue;
            }
            switch (e.kind()) {
                case VM_EXIT -> {
                    inKick = EventText.detail(e).contains("stun IPI");
                    kicked += inKick ? 1 : 0;
                    cleared = false;
                }
                case VERW, L1D_FLUSH -> cleared = true;
                default -> assertTrue(!inKick || cleared, "a kicked cpu1 entered at cycle " + e.cycle()
                        + " without VERW or flush");
            }
        }
        assertEquals(5, kicked);
        assertEquals(6, log.ofKind(EventKind.VM_ENTRY).stream().filter(e -> e.cpu() == 1).count(),
                "the first entry and one after each kick, none twice");
    }

    @Test
    void aGuestForcedOutByCoreSchedulingGetsItsUnrunWorkBack() {
        // The reschedule IPI of core scheduling kicks the guest out the same way as a stun IPI.
        MachineSpec spec = new MachineSpecBuilder().topology(1, 2).vm(1, 0x11).process(1, 0x33)
                .vcpu(0, 1, 0, List.of(new Op.Compute(200_000, 0)))
                .vcpu(1, 1, 1, Scenarios.repeat(3, new Op.Compute(5000, 0), new Op.VmExit(Scenarios.MSR_WRITE)))
                .processTask(1, 1, List.of(new Op.Compute(8000, 0)))
                .build();
        EventLog log = new EventLog();
        Machine m = new Machine(spec, Policy.parse("core-scheduling"), log);
        m.runToEnd();
        assertTrue(log.ofKind(EventKind.VM_EXIT).stream().anyMatch(e -> e.cpu() == 0 && EventText.detail(e).contains("IPI")),
                "cpu0's guest is forced out");
        HardwareThread t = m.cpu(0);
        assertEquals(200_000, t.cost(CostCategory.GUEST));
        assertEquals(t.operationEnd(), charged(m, 0), "every cycle of cpu0 charged exactly once");
        long executed = charged(m, 0) - t.cost(CostCategory.SMT_CONTENTION) - t.cost(CostCategory.STUN_WAIT)
                - t.cost(CostCategory.IDLE) - t.cost(CostCategory.CORESCHED_IDLE);
        double most = executed * (2.0 - MachineSpec.DEFAULT_SMT_THROUGHPUT) / MachineSpec.DEFAULT_SMT_THROUGHPUT;
        assertTrue(t.cost(CostCategory.SMT_CONTENTION) > 0, "cpu0 started beside a busy cpu1");
        assertTrue(t.cost(CostCategory.SMT_CONTENTION) <= most + 10, t.cost(CostCategory.SMT_CONTENTION) + " > " + most);
        // cpu1 finishes with the process, before cpu0 resumes its work: the contention charged for the part
        // of that work cpu0 had not run when it was kicked is given back, so what is left fits in cpu1's time.
        assertTrue(t.cost(CostCategory.SMT_CONTENTION) < m.cpu(1).operationEnd(), "no contention kept for the work"
                + " given back: " + t.cost(CostCategory.SMT_CONTENTION) + " vs cpu1 busy until " + m.cpu(1).operationEnd());
    }

    /** Two vCPUs of one VM on the two threads of a core, each doing the same guest work with a few exits. */
    private static MachineSpec twoBusySiblings(double smtThroughput) {
        List<Op> work = Scenarios.repeat(20, new Op.Compute(50_000, 8), new Op.VmExit(Scenarios.MSR_WRITE));
        return new MachineSpecBuilder().topology(1, 2).vm(1, 0x11).smtThroughput(smtThroughput)
                .vcpu(0, 1, 0, work).vcpu(1, 1, 1, work).build();
    }

    @Test
    void twoBusyHyperthreadsSlowEachOtherDownSoSmtOffCostsTheSmtGainNotDouble() {
        Machine smt = run(twoBusySiblings(MachineSpec.DEFAULT_SMT_THROUGHPUT), "none");
        Machine nosmt = run(twoBusySiblings(MachineSpec.DEFAULT_SMT_THROUGHPUT), "nosmt");
        assertTrue(smt.cost(CostCategory.SMT_CONTENTION) > 0);
        assertEquals(0, nosmt.cost(CostCategory.SMT_CONTENTION), "one thread per core: nothing to share");
        double ratio = (double) nosmt.cycle() / smt.cycle();
        // Two threads together do 1.3x the work of one: taking SMT away costs about 30% (plus context switches).
        assertTrue(ratio > 1.25 && ratio < 1.4, "nosmt / smt = " + ratio);
        // The two extremes: no contention (the old model, nosmt doubles the run) and no gain at all.
        double none = (double) run(twoBusySiblings(2.0), "nosmt").cycle() / run(twoBusySiblings(2.0), "none").cycle();
        assertTrue(none > 1.9, "no contention: " + none);
        double full = (double) run(twoBusySiblings(1.0), "nosmt").cycle() / run(twoBusySiblings(1.0), "none").cycle();
        assertTrue(full > 0.95 && full < 1.05, "no SMT gain: " + full);
    }

    @Test
    void aThreadAloneOnItsCoreRunsAtFullSpeed() {
        List<Op> work = Scenarios.repeat(20, new Op.Compute(50_000, 8), new Op.VmExit(Scenarios.MSR_WRITE));
        Machine alone = run(new MachineSpecBuilder().topology(1, 2).vm(1, 0x11).vcpu(0, 1, 0, work).build(), "none");
        assertEquals(0, alone.cost(CostCategory.SMT_CONTENTION));
        assertTrue(alone.cycle() < 20 * 50_000 * 11 / 10, "about the work itself: " + alone.cycle());
    }

    /** One vCPU whose MSR_WRITE exits touch {@code lines} lines of the mm region (written or only read). */
    private static MachineSpecBuilder exitsTouching(int lines, boolean write, L1dFlushMethod method, int workingSet) {
        Handler h = Handler.of("MSR_WRITE", 400, write ? HandlerStep.write("page-cache", lines)
                : HandlerStep.read("page-cache", lines));
        return new MachineSpecBuilder().topology(1, 2).vm(1, 0x11).exitHandler(Scenarios.MSR_WRITE, h)
                .l1dFlushMethod(method)
                .vcpu(0, 1, 0, Scenarios.repeat(10, new Op.Compute(5000, workingSet), new Op.VmExit(Scenarios.MSR_WRITE)));
    }

    @Test
    void anL1dFlushPaysForTheDirtyLinesItWritesBack() {
        Machine clean = run(exitsTouching(400, false, L1dFlushMethod.MSR, 8).build(), "l1d-flush-always");
        Machine dirty = run(exitsTouching(400, true, L1dFlushMethod.MSR, 8).build(), "l1d-flush-always");
        assertEquals(clean.l1dFlushes(), dirty.l1dFlushes());
        long perClean = clean.cost(CostCategory.L1D_FLUSH) / clean.l1dFlushes();
        long perDirty = dirty.cost(CostCategory.L1D_FLUSH) / dirty.l1dFlushes();
        // A clean L1D: the WRMSR plus walking 512 lines at 2 per cycle. With 400 dirty lines the flush is bound by
        // their write-back instead (1 cycle each).
        assertTrue(perClean < 400, "clean flush: " + perClean);
        assertTrue(perDirty > perClean + 100, "dirty " + perDirty + " vs clean " + perClean);
        assertTrue(perDirty <= 88 + 512, "bounded by a fully dirty L1D: " + perDirty);
    }

    @Test
    void theGuestRefillsItsWholeWorkingSetAfterAFlush() {
        Machine small = run(exitsTouching(1, false, L1dFlushMethod.MSR, 8).build(), "l1d-flush-always");
        Machine large = run(exitsTouching(1, false, L1dFlushMethod.MSR, 256).build(), "l1d-flush-always");
        long perFlushSmall = small.cost(CostCategory.CACHE_REFILL) / small.l1dFlushes();
        long perFlushLarge = large.cost(CostCategory.CACHE_REFILL) / large.l1dFlushes();
        // Every line of the working set was invalidated: each is an L2 hit (12 - 5 extra cycles) on the way back.
        assertTrue(perFlushLarge > 20 * perFlushSmall, perFlushLarge + " vs " + perFlushSmall);
        assertTrue(perFlushLarge >= 200 * 7, "256 lines back from L2: " + perFlushLarge);
        assertEquals(0, run(exitsTouching(1, false, L1dFlushMethod.MSR, 256).build(), "none")
                .cost(CostCategory.CACHE_REFILL));
    }

    @Test
    void theSoftwareFlushDisplacesTheSecretByLoadingTwiceTheL1dAndCostsMoreThanTheMsr() {
        for (L1dFlushMethod method : L1dFlushMethod.values()) {
            MachineSpec spec = withFlush(Scenarios.sameThreadL1tf(), method);
            assertTrue(run(spec, "none").leaks().size() > 0, method + ": leaks without a flush");
            Machine flushed = run(spec, "l1d-flush-always");
            assertEquals(0, flushed.leaks().size(), method + ": the flush leaves nothing to read");
        }
        Machine msr = run(exitsTouching(100, true, L1dFlushMethod.MSR, 64).build(), "l1d-flush-always");
        Machine sw = run(exitsTouching(100, true, L1dFlushMethod.SOFTWARE, 64).build(), "l1d-flush-always");
        long perMsr = msr.cost(CostCategory.L1D_FLUSH) / msr.l1dFlushes();
        long perSw = sw.cost(CostCategory.L1D_FLUSH) / sw.l1dFlushes();
        // 1,024 loads (from DRAM the first time, then mostly L2 hits), overlapped 10 at a time, a CPUID and 16
        // page touches, against the MSR's 344 cycles for a mostly clean L1D.
        assertTrue(perSw > 3 * perMsr, "software " + perSw + " vs msr " + perMsr);
    }

    private static MachineSpec withFlush(MachineSpec s, L1dFlushMethod method) {
        return new MachineSpec(s.cores(), s.threadsPerCore(), s.maxPhysAddr(), s.l1d(), s.l2(), s.llc(), s.lfbEntries(),
                s.tlbEntries(), s.tlbWays(), s.latency(), s.regions(), s.vms(), s.processes(), s.exitHandlers(),
                s.kernelHandlers(), s.programs(), s.seed(), s.maxCycles(), s.timeslice(), s.smtThroughput(), method);
    }

    private static final int EXTERNAL_INTERRUPT = Scenarios.EXTERNAL_INTERRUPT;

    @Test
    void theDefaultInterruptHandlerRunsInTheRestrictedSpace() {
        // The ASI RFCs run interrupts restricted unless they touch sensitive data; the IRQ handler's own
        // data (per-CPU vectors, descriptors) is ordinary kernel memory.
        MachineSpec spec = new MachineSpecBuilder().topology(1, 1).vm(1, 0x11)
                .vcpu(0, 1, 0, Scenarios.repeat(5, new Op.Compute(2000, 4), new Op.VmExit(EXTERNAL_INTERRUPT))).build();
        Machine m = run(spec, "asi");
        assertEquals(5 + 1, m.vmExits(), "five interrupts and the power-off");
        assertEquals(java.util.Map.of(new AsiExitCause.ReturnToVmm("IO_INSTRUCTION"), 1L), m.asiExitCauses(),
                "no interrupt leaves ASI; the power-off returns to the VMM");
        assertEquals(1, m.l1dFlushes(), "only the idle class's flush after the power-off");
        // A handler that does touch sensitive data is an explicit choice, and it does leave the restricted space.
        Handler sensitive = Handler.of("EXTERNAL_INTERRUPT", 900, HandlerStep.read("percpu", 2),
                HandlerStep.read("irq-data", 4)).settingFlushRequest();
        MachineSpec explicit = new MachineSpecBuilder().topology(1, 1).vm(1, 0x11).exitHandler(EXTERNAL_INTERRUPT, sensitive)
                .vcpu(0, 1, 0, Scenarios.repeat(5, new Op.Compute(2000, 4), new Op.VmExit(EXTERNAL_INTERRUPT))).build();
        assertEquals(5 + 1, run(explicit, "asi").asiExits());
    }

    private static MachineSpec workload(double sensitiveShare) {
        Op.Workload w = new Op.Workload(400, 3000, 8, java.util.Map.of(Scenarios.MSR_WRITE, 3.0,
                Scenarios.PREEMPTION_TIMER, 1.0), 5, sensitiveShare);
        return new MachineSpecBuilder().topology(1, 2).vm(1, 0x11).vcpu(0, 1, 0, List.of(w)).build();
    }

    @Test
    void aWorkloadsSensitiveShareDecidesHowManyExitsLeaveTheRestrictedSpace() {
        Machine zero = run(workload(0), "asi");
        assertEquals(1, zero.asiExits(), "none but the power-off's return to the VMM");
        Machine plain = run(new MachineSpecBuilder().topology(1, 2).vm(1, 0x11).vcpu(0, 1, 0, List.of(new Op.Workload(
                400, 3000, 8, java.util.Map.of(Scenarios.MSR_WRITE, 3.0, Scenarios.PREEMPTION_TIMER, 1.0), 5))).build(),
                "asi");
        assertEquals(plain.stateHash(), zero.stateHash(), "a share of 0 is exactly the workload without one");
        assertEquals(400 + 1, run(workload(100), "asi").asiExits());
        long half = run(workload(50), "asi").asiExits() - 1;
        assertTrue(half > 160 && half < 240, "about half of 400: " + half);
        // The draws are their own stream: the exit reasons and guest times do not change with the share.
        assertEquals(run(workload(0), "none").vmExits(), run(workload(50), "none").vmExits());
        assertEquals(run(workload(30), "asi").stateHash(), run(workload(30), "asi").stateHash());
    }
}
