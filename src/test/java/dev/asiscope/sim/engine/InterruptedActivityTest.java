package dev.asiscope.sim.engine;

import static org.junit.jupiter.api.Assertions.assertSame;

import dev.asiscope.sim.program.Op;
import org.junit.jupiter.api.Test;

/**
 * A thread kicked out of the guest resumes what it was doing; kicked again before the rest ran, it still
 * resumes that first activity, not a resume of a resume (so the words say "resume compute" once).
 */
class InterruptedActivityTest {
    @Test
    void aSecondKickKeepsTheFirstActivity() {
        Op compute = new Op.Compute(10, 0);
        assertSame(compute, VmTransitions.interrupted(compute));
        assertSame(compute, VmTransitions.interrupted(new Step.Resume(5, compute)));
        Op probe = new Op.ProbeReload();
        assertSame(probe, VmTransitions.interrupted(new Step.KernelWork(5, CostCategory.ATTACK, null, probe)));
        Step handlerWork = new Step.KernelWork(5, CostCategory.EXIT_HANDLING, "EPT_VIOLATION", null);
        assertSame(handlerWork, VmTransitions.interrupted(handlerWork));
    }
}
