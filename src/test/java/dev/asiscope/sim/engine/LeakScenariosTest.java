package dev.asiscope.sim.engine;

import dev.asiscope.scenario.PolicyText;
import dev.asiscope.scenario.ContextText;
import dev.asiscope.sim.security.AddressSpaceId;
import dev.asiscope.sim.security.Context;

import dev.asiscope.scenario.EventText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The leaks and the mitigations that stop them, outcomes (a) to (i) (L1TF, MDS, Meltdown under the policies of
 * docs/model.md, section 6), each with its causal chain.
 */
class LeakScenariosTest {

    static Machine run(MachineSpec spec, String policy, EventLog log) {
        Machine m = new Machine(spec, Policy.parse(policy), log);
        m.runToEnd();
        return m;
    }

    static Machine run(MachineSpec spec, String policy) {
        return run(spec, policy, new EventLog());
    }

    private static Leak firstLeak(Machine m) {
        List<Leak> leaks = m.leaks();
        assertTrue(!leaks.isEmpty(), "expected a leak under " + PolicyText.of(m.policy()));
        return leaks.get(0);
    }

    private static void assertNoLeak(Machine m) {
        assertEquals(List.of(), m.leaks(), "expected no leak under " + PolicyText.of(m.policy()));
    }

    @Test
    void a_unmitigatedL1tfLeaksTheSecretAVmExitTouched() {
        Machine m = run(Scenarios.sameThreadL1tf(), "none");
        Leak l = firstLeak(m);
        assertEquals(Leak.Mechanism.L1TF, l.mechanism());
        assertEquals("host-secret", l.victimLabel().name());
        assertEquals("vm:1", l.attackerDomain().id());
        assertEquals(0x53, l.value());
        assertEquals(0, l.source().cpu());
        assertTrue(l.source().context().kind().isHostKernel(), ContextText.of(l.source().context()));
        assertTrue(l.source().handler().contains("EXTERNAL_INTERRUPT"), l.source().handler());
        assertEquals(AddressSpaceId.FULL, l.source().addressSpace());
        assertEquals("architectural", l.source().originId());
        assertInstanceOf(MissingMitigation.NoL1dFlush.class, l.missingMitigation());
        assertTrue(l.source().cycle() < l.transientCycle() && l.transientCycle() < l.reloadCycle());
        assertEquals(m.layout().region("host-secret").physicalBase(), l.physicalAddress());
        assertEquals(3, m.leaks().size());
        assertTrue(m.exposureCycles() > 0);
    }

    @Test
    void b_flushAlwaysStopsTheSameThreadLeakButNotTheSibling() {
        Machine same = run(Scenarios.sameThreadL1tf(), "l1d-flush-always");
        assertNoLeak(same);
        assertTrue(same.l1dFlushes() >= 3);
        Machine sibling = run(Scenarios.siblingL1tf(2), "l1d-flush-always");
        Leak l = firstLeak(sibling);
        assertEquals("vm:2", l.attackerDomain().id());
        assertEquals(1, l.source().cpu());
        assertEquals(MissingMitigation.SiblingCase.SMT, ((MissingMitigation.Sibling) l.missingMitigation()).why());
    }

    @Test
    void c_flushAlwaysWithoutSmtStopsBothAtAVisibleCost() {
        Machine none = run(Scenarios.siblingL1tf(2), "none");
        firstLeak(none);
        Machine safe = run(Scenarios.siblingL1tf(2), "l1d-flush-always+nosmt");
        assertNoLeak(safe);
        assertTrue(!safe.cpu(1).online());
        // Two busy threads share a core (SMT contention, 1.3x the throughput of one), so SMT off costs about the
        // SMT gain on this run's length, not double.
        assertTrue(safe.cycle() > none.cycle() * 1.1, safe.cycle() + " vs " + none.cycle());
        assertTrue(safe.cost(CostCategory.L1D_FLUSH) > 0);
        assertTrue(safe.contextSwitches() > 0);
    }

    @Test
    void d_coreSchedulingDoesNotStopTheLeakOfHostDataTouchedByTheSibling() {
        Machine m = run(Scenarios.siblingL1tf(1), "core-scheduling");
        Leak l = firstLeak(m);
        assertEquals("vm:1", l.attackerDomain().id());
        assertEquals(1, l.source().cpu());
        assertTrue(l.source().context().kind().isHostKernel(), ContextText.of(l.source().context()));
        assertEquals(MissingMitigation.SiblingCase.CORE_SCHEDULING, ((MissingMitigation.Sibling) l.missingMitigation()).why());
        // Even with a flush on every entry.
        firstLeak(run(Scenarios.siblingL1tf(1), "core-scheduling+l1d-flush-always"));
    }

    @Test
    void coreSchedulingNeverRunsTwoVmsOnOneCoreAtOnce() {
        EventLog log = new EventLog();
        Machine m = run(Scenarios.siblingL1tf(2), "core-scheduling", log);
        assertTrue(m.cost(CostCategory.CORESCHED_IDLE) > 0);
        // Replay the run and check the invariant at every step.
        Machine r = new Machine(Scenarios.siblingL1tf(2), Policy.parse("core-scheduling"), null);
        while (r.step()) {
            Context a = r.cpu(0).context();
            Context b = r.cpu(1).context();
            if (a.kind().isGuest() && b.kind().isGuest()) {
                assertEquals(a.vm(), b.vm(), "two VMs on core 0 at cycle " + r.cycle());
            }
        }
    }

    @Test
    void coreSchedulingKeepsOtherVmsOffTheCoreWhileAVcpuHandlesAnExit() {
        for (String policy : List.of("core-scheduling", "asi-stun-coresched")) {
            Machine r = new Machine(Scenarios.siblingL1tf(2), Policy.parse(policy), null);
            while (r.step()) {
                for (int i = 0; i < 2; i++) {
                    Context a = r.cpu(i).context();
                    Context b = r.cpu(1 - i).context();
                    if (a.kind().isGuest()) {
                        // The sibling is idle, or works for the same VM (guest, host kernel, VMM, stunned).
                        assertTrue(b.vm() < 0 || b.vm() == a.vm(), policy + ": vm" + a.vm() + " in the guest on cpu"
                                + i + " while the sibling is " + ContextText.of(b) + " at cycle " + r.cycle());
                    }
                }
            }
        }
    }

    @Test
    void coreSchedulingWithAFlushAfterTheWaitStopsTheCrossVmLeak() {
        Leak l = firstLeak(run(Scenarios.crossVmL1tf(), "none"));
        assertEquals("vm:1", l.victimLabel().name());
        assertEquals("vm:2", l.attackerDomain().id());
        firstLeak(run(Scenarios.crossVmL1tf(), "l1d-flush-always"));
        // Core scheduling alone: the vCPUs take turns, but vm1's lines stay in L1D for vm2.
        firstLeak(run(Scenarios.crossVmL1tf(), "core-scheduling"));
        // With a flush right before VM entry (after the forced-idle wait), nothing is left to read.
        Machine safe = run(Scenarios.crossVmL1tf(), "core-scheduling+l1d-flush-always");
        assertNoLeak(safe);
        assertEquals(0, safe.exposureCycles());
        assertNoLeak(run(Scenarios.crossVmL1tf(), "core-scheduling+l1d-flush-cond"));
    }

    @Test
    void asiLeavesTheRestrictedSpaceWhenForcedIdleAndFlushesBeforeEnteringAgain() {
        // ASI alone does not separate two guests on siblings: vm2 reads vm1's working set.
        assertEquals("vm:1", firstLeak(run(Scenarios.crossVmL1tf(), "asi-stun")).victimLabel().name());
        // With core scheduling the core changes hands between VMs; each forced-idle wait is a trip
        // through schedule(), which exits ASI, so the next asi_enter flushes what the other VM left.
        EventLog log = new EventLog();
        Machine m = run(Scenarios.crossVmL1tf(), "asi-stun-coresched", log);
        assertNoLeak(m);
        assertEquals(0, m.exposureCycles());
        assertTrue(m.asiExits() > 0);
        for (Event e : log.ofKind(EventKind.ASI_EXIT)) {
            // Each vCPU's last ASI exit is its power-off's return to the VMM (docs/model.md, section 4).
            boolean powerOff = ((EventFact.AsiExit) e.fact()).cause().equals(new AsiExitCause.ReturnToVmm("IO_INSTRUCTION"));
            assertTrue(powerOff || EventText.detail(e).startsWith("schedule(): forced idle"), EventText.detail(e));
        }
        assertEquals(m.asiExits(), m.l1dFlushes());
        assertEquals(0, m.stuns());
    }

    @Test
    void stunningDoesNotShortenTheSiblingsOperationInFlight() {
        // The stunned attacker's probe loops are atomic operations: a stun delays them, never cuts them.
        long none = run(Scenarios.siblingL1tf(2), "none").cycle();
        EventLog log = new EventLog();
        Machine stun = run(Scenarios.siblingL1tf(2), "asi-stun", log);
        assertTrue(stun.cycle() > none, stun.cycle() + " vs " + none);
        assertTrue(stun.cpu(0).cost(CostCategory.ATTACK) <= stun.cycle());
        // ... and the IPI takes the sibling out of the guest at once, even in the middle of a probe loop.
        // (Only a stun that finds the sibling in its guest sends the IPI; the others only hold it.)
        List<Event> stuns = log.ofKind(EventKind.STUN).stream().filter(e -> !EventText.detail(e).contains("no IPI")).toList();
        List<Event> kicks = log.ofKind(EventKind.VM_EXIT).stream().filter(e -> EventText.detail(e).contains("stun IPI")).toList();
        assertEquals(stuns.size(), kicks.size());
        for (int i = 0; i < stuns.size(); i++) {
            assertEquals(stuns.get(i).cycle(), kicks.get(i).cycle(), "kick of stun " + i);
        }
    }

    @Test
    void e_asiHandlesFastpathExitsRestrictedAndExitsOnceForSensitiveMemory() {
        EventLog log = new EventLog();
        Machine m = run(Scenarios.asiExits(), "asi", log);
        assertEquals(4 + 1, m.vmExits(), "four exits, then the power-off");
        assertEquals(1 + 1, m.asiExits(), "the secret read, and the power-off's return to the VMM");
        assertEquals(1 + 1, m.l1dFlushes(), "before re-entry, and the idle class's after the power-off");
        Event exit = log.ofKind(EventKind.ASI_EXIT).get(0);
        assertTrue(EventText.detail(exit).contains("host-secret") && EventText.detail(exit).contains("EXTERNAL_INTERRUPT"),
                EventText.detail(exit));
        assertEquals(m.layout().region("host-secret").virtualBase(), exit.address());
        assertEquals("host-secret", ((EventFact.AsiExit) exit.fact()).region());
        // The flush comes after the ASI exit and before the next VM entry, and nowhere else; the power-off's ASI
        // exit is followed by the idle class's flush, and no entry.
        List<Event> seq = log.ofKind(EventKind.VM_EXIT, EventKind.ASI_EXIT, EventKind.L1D_FLUSH, EventKind.VM_ENTRY);
        StringBuilder kinds = new StringBuilder();
        for (Event e : seq) {
            kinds.append(e.kind().id()).append(' ');
        }
        assertEquals("vm-entry vm-exit vm-entry vm-exit vm-entry vm-exit asi-exit l1d-flush vm-entry vm-exit vm-entry "
                + "vm-exit asi-exit l1d-flush ", kinds.toString());
    }

    @Test
    void f_asiWithoutStunningLeaksThroughTheSibling() {
        Machine m = run(Scenarios.siblingL1tf(2), "asi");
        Leak l = firstLeak(m);
        assertEquals(1, l.source().cpu());
        assertEquals(AddressSpaceId.FULL, l.source().addressSpace());
        assertEquals(MissingMitigation.SiblingCase.ASI_WITHOUT_STUN, ((MissingMitigation.Sibling) l.missingMitigation()).why());
        assertTrue(m.asiExits() > 0);
    }

    @Test
    void g_asiWithStunningDoesNotLeak() {
        Machine m = run(Scenarios.siblingL1tf(2), "asi-stun");
        assertNoLeak(m);
        assertTrue(m.stuns() > 0);
        // One IPI per ASI exit that finds the attacker in its guest (here all but the one that finds it in the host).
        assertTrue(m.stuns() <= m.asiExits() && m.stuns() >= m.asiExits() - 2, m.stuns() + " of " + m.asiExits());
        assertTrue(m.cost(CostCategory.STUN_WAIT) > 0);
    }

    @Test
    void h_mdsSamplesFillBuffersAndVerwStopsTheSameThreadCase() {
        Leak l = firstLeak(run(Scenarios.sameThreadMds(), "none"));
        assertEquals(Leak.Mechanism.MDS, l.mechanism());
        assertEquals("host-secret", l.victimLabel().name());
        assertInstanceOf(MissingMitigation.FillBuffersNotCleared.class, l.missingMitigation());
        Machine verw = run(Scenarios.sameThreadMds(), "verw");
        assertNoLeak(verw);
        assertTrue(verw.verws() >= 3);
        Leak cross = firstLeak(run(Scenarios.siblingMds(), "verw"));
        assertEquals(1, cross.source().cpu());
        assertEquals(MissingMitigation.SiblingCase.SHARED_FILL_BUFFERS, ((MissingMitigation.Sibling) cross.missingMitigation()).why());
    }

    @Test
    void i_meltdownLeaksWithoutKptiNotWithItAndAgainWithAWrongGlobalBit() {
        Leak l = firstLeak(run(Scenarios.meltdown(false), "none"));
        assertEquals(Leak.Mechanism.MELTDOWN, l.mechanism());
        assertEquals("process:1", l.attackerDomain().id());
        assertInstanceOf(MissingMitigation.NoKpti.class, l.missingMitigation());
        assertNoLeak(run(Scenarios.meltdown(false), "kpti"));
        Leak bug = firstLeak(run(Scenarios.meltdown(true), "kpti"));
        assertInstanceOf(MissingMitigation.KptiGlobalKernel.class, bug.missingMitigation());
        assertNoLeak(run(Scenarios.meltdown(false), "kpti-on-asi"));
    }
}
