package dev.asiscope.sim.engine;

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
        assertEquals(5, m.asiExits());
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
        // secret-touching exits all find cpu1 halted and send it nothing.
        assertEquals(6, m.asiExits());
        assertEquals(1, m.stuns());
        assertEquals(m.spec().latency().stunSignal(), m.cost(CostCategory.STUN_SIGNAL));
        for (Event e : log.ofKind(EventKind.STUN)) {
            if (e.cpu() == 1) {
                assertTrue(e.detail().contains("no IPI"), e.detail());
            }
        }
        assertEquals(0, m.cpu(1).cost(CostCategory.STUN_WAIT), "the halted sibling is never kicked out");
    }

    @Test
    void stunningASiblingInTheGuestSendsOneIpiPerAsiExit() {
        MachineSpec spec = secretExits().vcpu(1, 1, 1, List.of(new Op.Compute(1_000_000, 0))).build();
        Machine m = run(spec, "asi-stun");
        assertEquals(5, m.asiExits());
        assertEquals(5, m.stuns());
        assertEquals(5L * m.spec().latency().stunSignal(), m.cost(CostCategory.STUN_SIGNAL));
        assertTrue(m.cost(CostCategory.STUN_WAIT) > 0);
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
}
