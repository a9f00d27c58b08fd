package dev.asiscope.sim.engine;

import dev.asiscope.scenario.ContextText;
import dev.asiscope.sim.security.Context;
import dev.asiscope.sim.security.ContextKind;

import dev.asiscope.sim.security.AddressSpaceId;
import dev.asiscope.scenario.EventText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.sim.kernel.Handler;
import dev.asiscope.sim.kernel.HandlerStep;
import dev.asiscope.sim.kernel.HostLayout;
import dev.asiscope.sim.kernel.KernelRegion;
import dev.asiscope.sim.program.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Cases an x86/KVM engineer checks: each asserts what real hardware and Linux/KVM do, at the level of a
 * whole scenario run (every one of these failed before the engine was corrected).
 */
class X86KvmBehaviourTest {
    private static final int EXTERNAL_INTERRUPT = 1;
    private static final int MSR_WRITE = 32;
    private static final int APIC_ACCESS = 44;

    private static Machine run(MachineSpec spec, String policy, EventLog log) {
        Machine m = new Machine(spec, Policy.parse(policy), log);
        m.runToEnd();
        return m;
    }

    private static Machine run(MachineSpec spec, String policy) {
        return run(spec, policy, new EventLog());
    }

    /** Steps a fresh machine to the end, checking {@code invariant} after every step. */
    private static Machine stepChecking(MachineSpec spec, String policy, Consumer<Machine> invariant) {
        return stepChecking(spec, policy, null, invariant);
    }

    private static Machine stepChecking(MachineSpec spec, String policy, EventLog log, Consumer<Machine> invariant) {
        Machine m = new Machine(spec, Policy.parse(policy), log);
        invariant.accept(m);
        while (m.step()) {
            invariant.accept(m);
        }
        m.finish();
        return m;
    }

    private static long leaks(Machine m, Leak.Mechanism mech, String label) {
        return m.leaks().stream().filter(l -> l.mechanism() == mech && l.victimLabel().name().equals(label)).count();
    }

    /** A region holding secret data (label host-secret) that someone classified as global non-sensitive. */
    private static KernelRegion misclassified() {
        return KernelRegion.global("session-keys", 4096, "host-secret").withFill(0x4b);
    }

    // ------------------------------------------------------------------ 1. Spectre v1

    private static MachineSpec syscallSpectre(boolean misclassified) {
        MachineSpecBuilder b = new MachineSpecBuilder().topology(1, 1).process(1, 0x33);
        if (misclassified) {
            b.region(misclassified());
        }
        String target = misclassified ? "session-keys" : "host-secret";
        return b.processTask(0, 1, Scenarios.repeat(2, new Op.ProbeFlush(), new Op.SpectreV1(target, 0),
                new Op.ProbeReload())).build();
    }

    @Test
    void spectreV1FromASyscallLeaksWhatTheKernelTableMaps() {
        for (String p : List.of("none", "kpti", "asi", "l1d-flush-always")) {
            Machine m = run(syscallSpectre(false), p);
            assertEquals(2, leaks(m, Leak.Mechanism.SPECTRE_V1, "host-secret"), p);
            Leak l = m.leaks().get(0);
            assertEquals(0x53, l.value());
            assertEquals("process:1", l.attackerDomain().id());
            assertInstanceOf(MissingMitigation.GadgetOnFullTable.class, l.missingMitigation());
        }
        // The user-class restricted table does not map the secret: the speculative load faults, nothing leaks.
        Machine asi = run(syscallSpectre(false), "kpti-on-asi");
        assertEquals(0, asi.leaks().size());
        assertEquals(0, asi.asiExits(), "a speculative fault never exits ASI");
        // Data wrongly classified non-sensitive is mapped there, and leaks even under ASI.
        Machine wrong = run(syscallSpectre(true), "kpti-on-asi");
        assertEquals(2, leaks(wrong, Leak.Mechanism.SPECTRE_V1, "host-secret"));
        assertEquals(0x4b, wrong.leaks().get(0).value());
        assertEquals("session-keys",
                ((MissingMitigation.SecretMappedRestricted) wrong.leaks().get(0).missingMitigation()).region());
    }

    private static MachineSpec guestSpectre(String target, boolean misclassified) {
        MachineSpecBuilder b = new MachineSpecBuilder().topology(1, 1).vm(1, 0x11).vm(2, 0x22);
        if (misclassified) {
            b.region(misclassified());
        }
        return b.vcpu(0, 1, 0, Scenarios.repeat(2, new Op.ProbeFlush(), new Op.SpectreV1(target, 0),
                new Op.ProbeReload())).build();
    }

    @Test
    void spectreV1ThroughAKvmExitHandlerLeaksWhatTheHostTableMaps() {
        EventLog log = new EventLog();
        Machine none = run(guestSpectre("host-secret", false), "none", log);
        assertEquals(2, leaks(none, Leak.Mechanism.SPECTRE_V1, "host-secret"));
        assertEquals("vm:1", none.leaks().get(0).attackerDomain().id());
        assertEquals(2 + 1, none.vmExits(), "the gadget is reached through a VM exit (and the power-off ends)");
        assertTrue(EventText.detail(log.ofKind(EventKind.VM_EXIT).get(0)).contains("MSR_WRITE"));
        // Another VM's memory, through the same gadget.
        assertEquals(2, leaks(run(guestSpectre("guest-memory:vm2", false), "none"), Leak.Mechanism.SPECTRE_V1, "vm:2"));
        // Flushing L1D before VM entry does nothing against it: the gadget runs after the exit.
        assertEquals(2, run(guestSpectre("host-secret", false), "l1d-flush-always+nosmt").leaks().size());
        // KVM-ASI: the handler runs on vm1's restricted table, which maps neither.
        for (String target : List.of("host-secret", "guest-memory:vm2")) {
            Machine asi = run(guestSpectre(target, false), "asi-stun");
            assertEquals(0, asi.leaks().size(), target);
            assertEquals(1, asi.asiExits(), target + ": none but the power-off's return to the VMM");
        }
        // ... unless the secret was classified non-sensitive.
        Machine wrong = run(guestSpectre("session-keys", true), "asi-stun-coresched");
        assertEquals(2, leaks(wrong, Leak.Mechanism.SPECTRE_V1, "host-secret"));
        assertInstanceOf(MissingMitigation.SecretMappedRestricted.class, wrong.leaks().get(0).missingMitigation());
    }

    // ------------------------------------------------------------------ 2. host interrupt during a guest

    private static MachineSpec interruptInGuest() {
        return new MachineSpecBuilder().topology(1, 2).vm(1, 0x11)
                .vcpu(0, 1, 0, List.of(new Op.Compute(2000, 8), new Op.ProbeFlush(), new Op.Interrupt("network"),
                        new Op.L1tf("host-secret", 0), new Op.ProbeReload(), new Op.Compute(2000, 8)))
                .build();
    }

    @Test
    void aHostInterruptWhileAGuestRunsIsAnExternalInterruptExit() {
        EventLog log = new EventLog();
        Machine none = run(interruptInGuest(), "none", log);
        assertEquals(1 + 1, none.vmExits(), "the interrupt, then the power-off");
        Event exit = log.ofKind(EventKind.VM_EXIT).get(0);
        assertTrue(EventText.detail(exit).contains("(1)") && EventText.detail(exit).contains("network"), EventText.detail(exit));
        assertEquals(2, log.ofKind(EventKind.VM_ENTRY).size(), "KVM re-enters the guest after the interrupt");
        assertEquals(1, leaks(none, Leak.Mechanism.L1TF, "host-secret"), "the handler's data is in L1D");
        // The IRQ sets KVM's flush request: cond flushes before re-entry (and at the first entry).
        Machine cond = run(interruptInGuest(), "l1d-flush-cond");
        assertEquals(2, cond.l1dFlushes());
        assertEquals(0, cond.leaks().size());
        // ASI: the handler's sensitive access exits ASI; asi_enter before re-entry flushes.
        Machine asi = run(interruptInGuest(), "asi");
        assertEquals(1 + 1, asi.asiExits(), "the handler's, and the power-off's return to the VMM");
        assertEquals(1 + 1, asi.l1dFlushes(), "before re-entry, and the idle class's after the power-off");
        assertEquals(0, asi.leaks().size());
        Machine verw = run(interruptInGuest(), "verw");
        assertEquals(2, verw.verws());
    }

    // ------------------------------------------------------------------ 3. core scheduling and host processes

    @Test
    void coreSchedulingForcesAGuestOffTheCoreWhenAHostProcessIsSwitchedInBeside() {
        MachineSpec spec = new MachineSpecBuilder().topology(1, 2).vm(1, 0x11).process(1, 0x33)
                .vcpu(0, 1, 0, Scenarios.repeat(10, new Op.Compute(5000, 8), new Op.VmExit(MSR_WRITE)))
                .vcpu(1, 1, 1, List.of(new Op.Compute(3000, 8)))
                .processTask(1, 1, List.of(new Op.Compute(8000, 8)))
                .build();
        EventLog log = new EventLog();
        Machine m = new Machine(spec, Policy.parse("core-scheduling"), log);
        assertSiblingsShareACookie(m);
        while (m.step()) {
            assertSiblingsShareACookie(m);
        }
        m.finish();
        assertTrue(log.ofKind(EventKind.VM_EXIT).stream().anyMatch(e -> e.cpu() == 0 && EventText.detail(e).contains("IPI")),
                "the guest is forced out by an IPI");
        assertTrue(m.cost(CostCategory.CORESCHED_IDLE) > 0);
        assertTrue(m.cpu(0).finished() && m.cpu(1).finished());
    }

    private static void assertSiblingsShareACookie(Machine m) {
        for (int i = 0; i < 2; i++) {
            Context a = m.cpu(i).context();
            Context b = m.cpu(1 - i).context();
            if (a.kind().isGuest()) {
                assertTrue(b.process() < 0, "vm" + a.vm() + " in the guest on cpu" + i + " beside " + ContextText.of(b)
                        + " at cycle " + m.cycle());
            }
        }
    }

    // ------------------------------------------------------------------ 4. CR3 and the ASI state agree

    /** The table CR3 holds is the one the CPU's ASI state says it runs on. */
    private static void assertCr3MatchesAsi(Machine m) {
        for (int i = 0; i < m.cpuCount(); i++) {
            HardwareThread t = m.cpu(i);
            if (!t.online() || t.context().kind().isGuest()) {
                continue;
            }
            long root = t.registers().rootTable();
            AddressSpaceId.Restricted asi = t.currentAsi();
            if (asi == null) {
                for (int vm : m.layout().guests().keySet()) {
                    assertTrue(root != m.layout().restrictedRoot(vm), "cpu" + i + " unrestricted on vm" + vm
                            + "'s restricted table at cycle " + m.cycle());
                }
            } else if (asi instanceof AddressSpaceId.RestrictedIdle) {
                assertEquals(m.layout().idleRoot(), root, "cpu" + i + " in the idle class at cycle " + m.cycle());
            } else if (asi instanceof AddressSpaceId.RestrictedProcess p) {
                assertEquals(m.layout().process(p.process()).asiRoot(), root, "cpu" + i + " at cycle " + m.cycle());
            } else {
                int vm = ((AddressSpaceId.RestrictedVm) asi).vm();
                assertEquals(m.layout().restrictedRoot(vm), root, "cpu" + i + " in vm" + vm + "'s space at cycle "
                        + m.cycle() + " (" + ContextText.of(t.context()) + ")");
            }
        }
    }

    @Test
    void asiStateFollowsCr3AcrossVcpuProcessVcpu() {
        MachineSpec spec = new MachineSpecBuilder().topology(1, 1).vm(1, 0x11).process(1, 0x33)
                .exitHandler(EXTERNAL_INTERRUPT, Scenarios.secretIrq())
                .vcpu(0, 1, 0, List.of(new Op.Compute(1000, 8), new Op.VmExit(MSR_WRITE), new Op.Compute(1000, 8)))
                .processTask(0, 1, List.of(new Op.Compute(1000, 8), new Op.Syscall("getpid")))
                .vcpu(0, 1, 1, List.of(new Op.Compute(1000, 8), new Op.VmExit(EXTERNAL_INTERRUPT),
                        new Op.Compute(1000, 8)))
                .build();
        for (String p : List.of("asi", "asi-stun", "asi+kpti-on-asi")) {
            EventLog log = new EventLog();
            Machine m = stepChecking(spec, p, log, X86KvmBehaviourTest::assertCr3MatchesAsi);
            // The second vCPU's interrupt reads the secret: it must exit ASI there, and flush before entry.
            List<Event> faults = log.ofKind(EventKind.ASI_EXIT).stream()
                    .filter(e -> EventText.detail(e).startsWith("page fault on host-secret")).toList();
            assertEquals(1, faults.size(), p + ": no ASI exit for the secret access of the second vCPU");
            assertTrue(log.ofKind(EventKind.L1D_FLUSH).stream().anyMatch(e -> e.cycle() > faults.get(0).cycle()), p);
            assertTrue(m.cpu(0).finished(), p);
        }
    }

    @Test
    void theInvariantsHoldOnRandomMachines() {
        String[] policies = {"none", "kpti", "asi", "asi-stun", "asi+kpti-on-asi", "core-scheduling",
            "asi-stun-coresched", "l1d-flush-always+nosmt"};
        for (long seed = 1; seed <= 16; seed++) {
            MachineSpec spec = TimeTravelPropertyTest.randomSpec(seed);
            String p = policies[(int) (seed % policies.length)];
            boolean coreSched = Policy.parse(p).coreScheduling();
            Machine m = stepChecking(spec, p, x -> {
                assertCr3MatchesAsi(x);
                ThreadInvariants.check(x, p + " seed " + x.spec().seed());
                if (coreSched) {
                    for (int core = 0; core < x.spec().cores(); core++) {
                        if (x.spec().threadsPerCore() == 2) {
                            Context a = x.cpu(core * 2).context();
                            Context b = x.cpu(core * 2 + 1).context();
                            if (a.kind().isGuest() && b.kind().isGuest()) {
                                assertEquals(a.vm(), b.vm(), p + " seed " + x.spec().seed() + " cycle " + x.cycle());
                            }
                            if (a.kind().isGuest() || b.kind().isGuest()) {
                                assertTrue(a.process() < 0 && b.process() < 0, p + ": a guest beside a process at "
                                        + x.cycle());
                            }
                        }
                    }
                }
            });
            for (int i = 0; i < m.cpuCount(); i++) {
                assertTrue(m.cpu(i).finished(), p + " seed " + seed + ": cpu" + i + " never finished");
            }
        }
    }

    // ------------------------------------------------------------------ 5. interrupts in host processes

    private static MachineSpec interruptInProcess() {
        // An interrupt handler that reads sensitive data, so that kpti-on-asi has to leave the user class.
        Handler nic = Handler.of("nic", 400, HandlerStep.read("percpu", 1), HandlerStep.read("host-secret", 1));
        return new MachineSpecBuilder().topology(1, 1).process(1, 0x33).kernelHandler(nic)
                .processTask(0, 1, List.of(new Op.Compute(1000, 8), new Op.Interrupt("nic"),
                        new Op.Compute(1000, 8), new Op.Interrupt("nic"), new Op.Compute(1000, 8)))
                .build();
    }

    @Test
    void anInterruptInAHostProcessEntersAndLeavesTheKernelLikeASyscall() {
        for (String p : List.of("none", "kpti", "kpti-on-asi", "asi+kpti-on-asi")) {
            Policy policy = Policy.parse(p);
            Machine m = stepChecking(interruptInProcess(), p, x -> {
                HardwareThread t = x.cpu(0);
                if (t.context().kind() == ContextKind.HOST_USER) {
                    HostLayout.ProcessTables pt = x.layout().process(1);
                    long want = policy.kptiOnAsi() ? pt.asiRoot() : policy.kpti() ? pt.userRoot() : pt.kernelRoot();
                    assertEquals(want, t.registers().rootTable(), p + ": user mode on the wrong table at cycle "
                            + x.cycle());
                }
                assertCr3MatchesAsi(x);
            });
            assertTrue(m.cpu(0).finished(), p);
            if (policy.kptiOnAsi()) {
                assertEquals(2, m.asiExits(), p + ": the handler reads the host secret (sensitive)");
            }
            if (policy.kpti() && !policy.kptiOnAsi()) {
                assertTrue(m.cost(CostCategory.PTI_SWITCH) >= 4 * 100L, p);
            }
        }
    }

    @Test
    void theBuiltInTimerInterruptStaysRestrictedAndTheNetworkOneLeavesAsi() {
        // Issue 10 item 10 for interrupts taken outside a VM exit too: the default interrupt touches only
        // non-sensitive per-CPU data and is handled in the restricted space; a sensitive handler is a choice.
        for (String irq : List.of("timer", "network")) {
            MachineSpec process = new MachineSpecBuilder().topology(1, 1).process(1, 0x33)
                    .processTask(0, 1, List.of(new Op.Compute(1000, 8), new Op.Interrupt(irq),
                            new Op.Compute(1000, 8), new Op.Interrupt(irq), new Op.Compute(1000, 8)))
                    .build();
            MachineSpec guest = new MachineSpecBuilder().topology(1, 1).vm(1, 0x11)
                    .vcpu(0, 1, 0, List.of(new Op.Compute(1000, 8), new Op.Interrupt(irq), new Op.Compute(1000, 8),
                            new Op.Interrupt(irq), new Op.Compute(1000, 8)))
                    .build();
            long want = irq.equals("timer") ? 0 : 2;
            assertEquals(want, run(process, "kpti-on-asi").asiExits(), irq + " in a process under kpti-on-asi");
            Machine g = run(guest, "asi");
            assertEquals(2 + 1, g.vmExits(), irq + ": two EXTERNAL_INTERRUPT exits and the power-off");
            assertEquals(want + 1, g.asiExits(), irq + " in a guest under asi (and the power-off's return to the VMM)");
            assertEquals(want + 1, g.l1dFlushes(), irq + ": a flush only after an ASI exit (the last one the idle"
                    + " class's, after the power-off)");
        }
    }

    // ------------------------------------------------------------------ a guest that yields

    @Test
    void aGuestYieldsTheCpuThroughAPauseExit() {
        MachineSpec spec = new MachineSpecBuilder().topology(1, 1).vm(1, 0x11).process(1, 0x33)
                .vcpu(0, 1, 0, List.of(new Op.Compute(1000, 8), new Op.Yield(), new Op.Compute(1000, 8)))
                .processTask(0, 1, List.of(new Op.Compute(1000, 8)))
                .build();
        for (String p : List.of("none", "asi", "kpti-on-asi+asi")) {
            EventLog log = new EventLog();
            Machine m = stepChecking(spec, p, log, x -> {
                assertCr3MatchesAsi(x);
                Context c = x.cpu(0).context();
                assertTrue(!c.kind().isGuest() || x.cpu(0).registers().rootTable() == x.layout().fullRoot()
                        || AddressSpaceId.restrictedVm(1).equals(x.cpu(0).currentAsi()), p + ": guest entered from a foreign table at " + x.cycle());
            });
            assertEquals(1 + 1, m.vmExits(), p + ": a vCPU leaves the guest only through a VM exit (the PAUSE"
                    + " exit, and the power-off at its end)");
            assertTrue(EventText.detail(log.ofKind(EventKind.VM_EXIT).get(0)).contains("PAUSE_INSTRUCTION"), p);
            assertEquals(2, log.ofKind(EventKind.VM_ENTRY).size(), p);
            Event exit = log.ofKind(EventKind.VM_EXIT).get(0);
            Event sw = log.ofKind(EventKind.CONTEXT_SWITCH).get(0);
            assertTrue(exit.cycle() < sw.cycle(), p + ": the switch comes after the exit");
            assertTrue(m.cpu(0).finished(), p);
        }
    }

    // ------------------------------------------------------------------ L1TF through a reserved bit

    @Test
    void l1tfThroughAPresentPteWithAReservedBitLeaksLikeANotPresentOne() {
        MachineSpec spec = new MachineSpecBuilder().topology(1, 1).vm(1, 0x11)
                .exitHandler(EXTERNAL_INTERRUPT, Scenarios.secretIrq())
                .vcpu(0, 1, 0, Scenarios.repeat(2, new Op.ProbeFlush(), new Op.VmExit(EXTERNAL_INTERRUPT),
                        new Op.L1tf("host-secret", 0, true), new Op.ProbeReload()))
                .build();
        EventLog log = new EventLog();
        Machine none = run(spec, "none", log);
        assertEquals(2, leaks(none, Leak.Mechanism.L1TF, "host-secret"));
        Event load = log.ofKind(EventKind.TRANSIENT_LOAD).get(0);
        assertTrue(EventText.detail(load).contains("reserved bit"), EventText.detail(load));
        assertEquals(none.layout().region("host-secret").physicalBase(), load.address());
        assertEquals(0, run(spec, "l1d-flush-always").leaks().size());
        assertEquals(0, run(spec, "asi").leaks().size());
    }

    // ------------------------------------------------------------------ 11. smaller corrections

    @Test
    void apicAccessEmulationSetsTheConditionalFlushRequest() {
        List<Op> ops = List.of(new Op.Compute(1000, 8), new Op.VmExit(APIC_ACCESS), new Op.Compute(1000, 8),
                new Op.VmExit(MSR_WRITE), new Op.Compute(1000, 8));
        EventLog log = new EventLog();
        Machine m = run(new MachineSpecBuilder().topology(1, 1).vm(1, 0x11).vcpu(0, 1, 0, ops).build(),
                "l1d-flush-cond", log);
        assertEquals(2, m.l1dFlushes(), "first entry and the emulated APIC access; not the fastpath MSR write");
        assertTrue(EventText.detail(log.ofKind(EventKind.L1D_FLUSH).get(1)).contains("APIC_ACCESS"));
    }

    @Test
    void thePageFaultBehindAnAsiExitIsCharged() {
        Machine m = run(Scenarios.asiExits(), "asi");
        assertEquals(1 + 1, m.asiExits(), "the secret read, and the power-off's return to the VMM");
        // first asi_enter, asi_exit, asi_enter after it; the power-off's asi_exit and the idle class's enter
        long cr3Writes = 3 + 2;
        long fault = m.spec().latency().interrupt();
        assertEquals(cr3Writes * m.spec().latency().cr3Write() + fault, m.cost(CostCategory.ASI_SWITCH));
    }

    @Test
    void aSiblingReleasedFromAStunGoesThroughThePreEntrySteps() {
        EventLog log = new EventLog();
        run(Scenarios.siblingL1tf(2), "asi-stun+verw", log);
        // On every CPU, between a VM exit and the next VM entry, a VERW or an L1D flush clears the buffers.
        for (int cpu = 0; cpu < 2; cpu++) {
            boolean cleared = true;
            int entries = 0;
            for (Event e : log.ofKind(EventKind.VM_EXIT, EventKind.VM_ENTRY, EventKind.VERW, EventKind.L1D_FLUSH)) {
                if (e.cpu() != cpu) {
                    continue;
                }
                switch (e.kind()) {
                    case VM_EXIT -> cleared = false;
                    case VERW, L1D_FLUSH -> cleared = true;
                    default -> {
                        entries++;
                        assertTrue(cleared, "cpu" + cpu + " entered the guest at cycle " + e.cycle()
                                + " without VERW or flush");
                    }
                }
            }
            assertTrue(entries > 4, "cpu" + cpu + " entries " + entries);
        }
        assertTrue(log.ofKind(EventKind.STUN).size() > 0);
    }

    @Test
    void theIdleAsiEnterLoadsTheIdleClassTable() {
        MachineSpec spec = new MachineSpecBuilder().topology(1, 1).vm(1, 0x11)
                .exitHandler(EXTERNAL_INTERRUPT, Scenarios.secretIrq())
                .vcpu(0, 1, 0, List.of(new Op.Compute(1000, 8), new Op.VmExit(EXTERNAL_INTERRUPT),
                        new Op.Compute(1000, 8), new Op.VmExit(12), new Op.Compute(1000, 8)))
                .build();
        EventLog log = new EventLog();
        Machine m = stepChecking(spec, "asi", X86KvmBehaviourTest::assertCr3MatchesAsi);
        run(spec, "asi", log);
        List<Event> idle = new ArrayList<>(log.ofKind(EventKind.CR3_WRITE).stream()
                .filter(e -> e.fact() instanceof EventFact.Cr3Switch c && c.reason() == EventFact.Cr3Reason.IDLE_ASI_ENTER).toList());
        assertEquals(2, idle.size(), "the halt, and the idle loop after the power-off");
        for (Event e : idle) {
            assertEquals(m.layout().idleRoot(), e.address());
            assertFalse(e.address() == m.layout().fullRoot());
        }
    }
}
