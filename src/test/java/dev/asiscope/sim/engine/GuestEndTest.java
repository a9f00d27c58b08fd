package dev.asiscope.sim.engine;

import dev.asiscope.sim.security.Context;
import dev.asiscope.sim.security.ContextKind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.sim.timing.LatencyTable;
import dev.asiscope.sim.program.Op;
import dev.asiscope.sim.security.AddressSpaceId;
import dev.asiscope.sim.vmx.VmxExitReason;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The end of a guest program: a vCPU stops running guest code only by a VM exit. Its last act is the
 * power-off I/O exit that KVM completes in the user-space VMM, which then does not call KVM_RUN again
 * (docs/model.md, section 4): counted, logged with its exit reason, through ASI's exit path, then the
 * next task or idle.
 */
class GuestEndTest {
    private static final int IO_INSTRUCTION = VmxExitReason.IO_INSTRUCTION.code();

    /** One vCPU whose program is guest work only: the run has no VM exit but the one that ends it. */
    private static MachineSpec oneVcpu() {
        return new MachineSpecBuilder().topology(1, 1).vm(1, 0x11)
                .vcpu(0, 1, 0, List.of(new Op.Compute(1000, 8))).build();
    }

    private static Machine run(MachineSpec spec, String policy, EventLog log) {
        Machine m = new Machine(spec, Policy.parse(policy), log);
        m.runToEnd();
        return m;
    }

    @Test
    void theGuestLeavesThroughACountedLoggedIoExit() {
        for (String p : List.of("none", "l1d-flush-cond", "asi", "asi-stun", "kpti")) {
            EventLog log = new EventLog();
            Machine m = run(oneVcpu(), p, log);
            assertEquals(1, m.vmExits(), p + ": the guest stops running only by a VM exit");
            assertEquals(1, m.events(0, EventKind.VM_EXIT), p + ": counted on its CPU");
            List<Event> exits = log.ofKind(EventKind.VM_EXIT);
            assertEquals(1, exits.size(), p + ": logged");
            EventFact.VmExit exit = (EventFact.VmExit) exits.get(0).fact();
            assertEquals(IO_INSTRUCTION, exit.basicReason(), p + ": the power-off port write");
            assertEquals(1, log.ofKind(EventKind.VM_ENTRY).size(), p + ": no way back in after the last exit");
            assertTrue(m.cpu(0).finished(), p);
            assertEquals(ContextKind.IDLE, m.cpu(0).context().kind(), p);
        }
    }

    @Test
    void theLastExitIsChargedLikeAnyIoExit() {
        Machine m = run(oneVcpu(), "none", null);
        LatencyTable lat = m.spec().latency();
        // Entry: the other half of vmExitEntry; the last exit: its half, then the handler's work (its
        // accesses are charged to exit handling too), then the VMM's time in user space.
        long handlerWork = m.exitHandlers.handlerFor(IO_INSTRUCTION, "IO_INSTRUCTION").workCycles();
        assertTrue(m.cost(CostCategory.EXIT_HANDLING) >= lat.vmExitEntry() + handlerWork,
                "exit and entry halves plus the handler: " + m.cost(CostCategory.EXIT_HANDLING));
        assertEquals(m.exitHandlers.handlerFor(IO_INSTRUCTION, "IO_INSTRUCTION").userspaceCycles(),
                m.cost(CostCategory.USERSPACE_VMM), "the VMM completes the power-off");
    }

    @Test
    void thePowerOffGoesToTheVmmWhateverTheIoHandlerDoesWithOtherPorts() {
        // A scenario's IO_INSTRUCTION handler completed in the kernel (an in-kernel device): the power-off
        // port is still the VMM's, so KVM_RUN still ends, with no cycles spent in the VMM.
        MachineSpec spec = new MachineSpecBuilder().topology(1, 1).vm(1, 0x11)
                .exitHandler(IO_INSTRUCTION, dev.asiscope.sim.kernel.Handler.of("IO_INSTRUCTION", 500))
                .vcpu(0, 1, 0, List.of(new Op.Compute(1000, 8))).build();
        Machine m = run(spec, "asi", null);
        assertEquals(1, m.vmExits());
        assertEquals(1, m.asiExits(), "the kernel still leaves ASI before returning to user space");
        assertEquals(0, m.cost(CostCategory.USERSPACE_VMM));
        assertTrue(m.cpu(0).finished());
    }

    @Test
    void theExitToTheVmmSetsTheFlushRequest() {
        Machine m = run(oneVcpu(), "l1d-flush-cond", null);
        assertTrue(m.cpu(0).flushRequested(), "an exit to user space sets KVM's L1D flush request");
    }

    @Test
    void aGuestEndingOnARestrictedTableLeavesAsi() {
        for (String p : List.of("asi", "asi-stun")) {
            EventLog log = new EventLog();
            Machine m = run(oneVcpu(), p, log);
            HardwareThread t = m.cpu(0);
            assertTrue(m.asiExitCauses().containsKey(new AsiExitCause.ReturnToVmm("IO_INSTRUCTION")),
                    p + ": asi_exit before the return to the VMM: " + m.asiExitCauses());
            assertFalse(t.currentAsi() instanceof AddressSpaceId.RestrictedVm,
                    p + ": a finished CPU does not stay in the VM's restricted space");
            AddressSpaceId.Restricted asi = t.currentAsi();
            long root = t.registers().rootTable();
            if (asi == null) {
                assertEquals(m.layout().fullRoot(), root, p);
            } else {
                assertEquals(AddressSpaceId.IDLE, asi, p);
                assertEquals(m.layout().idleRoot(), root, p);
            }
        }
    }

    /** cpu0's vCPU ends early; cpu1's vCPU of the same VM keeps running guest code beside it. */
    private static MachineSpec siblings(boolean processAfter) {
        MachineSpecBuilder b = new MachineSpecBuilder().topology(1, 2).vm(1, 0x11).process(1, 0x33)
                .vcpu(0, 1, 0, List.of(new Op.Compute(1000, 8)));
        if (processAfter) {
            b.processTask(0, 1, List.of(new Op.Compute(2000, 8), new Op.Syscall("getpid"), new Op.Compute(2000, 8)));
        }
        return b.vcpu(1, 1, 1, List.of(new Op.Compute(200_000, 8), new Op.VmExit(32), new Op.Compute(1000, 8)))
                .build();
    }

    @Test
    void theLastAsiExitStunsTheSiblingAndReleasesIt() {
        for (boolean processAfter : List.of(false, true)) {
            String what = processAfter ? "then a process" : "then idle";
            EventLog log = new EventLog();
            Machine m = run(siblings(processAfter), "asi-stun", log);
            assertEquals(1, m.stuns(1), what + ": asi_exit's pre-exit hook stuns the sibling in the guest");
            assertTrue(log.ofKind(EventKind.UNSTUN).stream().anyMatch(e -> e.cpu() == 1),
                    what + ": and a restricted-space enter releases it");
            for (int i = 0; i < 2; i++) {
                assertTrue(m.cpu(i).finished(), what + ": cpu" + i + " finished");
                assertEquals(-1, m.cpu(i).stunnedBy(), what + ": cpu" + i + " left stunned");
            }
        }
    }

    @Test
    void theNextTaskRunsAfterTheVmmReturns() {
        EventLog log = new EventLog();
        Machine m = run(siblings(true), "none", log);
        Event exit = log.ofKind(EventKind.VM_EXIT).stream().filter(e -> e.cpu() == 0).findFirst().orElseThrow();
        Event sw = log.ofKind(EventKind.CONTEXT_SWITCH).stream().filter(e -> e.cpu() == 0).findFirst().orElseThrow();
        assertTrue(exit.cycle() < sw.cycle(), "the switch comes after the last exit and the VMM");
        assertNull(m.cpu(0).currentAsi());
        assertEquals(1, m.contextSwitches());
    }

    @Test
    void aProcessEndingInItsUserClassExitsThroughTheRestrictedKernel() {
        // kpti-on-asi: the process's exit enters the kernel in its ASI class, as its syscalls do; every
        // context the log records agrees with the ASI state of that moment.
        MachineSpec spec = new MachineSpecBuilder().topology(1, 1).vm(1, 0x11).process(1, 0x33)
                .processTask(0, 1, List.of(new Op.Compute(1000, 8)))
                .vcpu(0, 1, 0, List.of(new Op.Compute(1000, 8))).build();
        EventLog log = new EventLog();
        run(spec, "kpti-on-asi", log);
        List<Event> contexts = log.ofKind(EventKind.CONTEXT_CHANGE, EventKind.CONTEXT_SWITCH);
        int sw = 0;
        while (contexts.get(sw).kind() != EventKind.CONTEXT_SWITCH) {
            sw++;
        }
        Context before = ((EventFact.ContextChange) contexts.get(sw - 1).fact()).context();
        assertEquals(ContextKind.HOST_KERNEL_RESTRICTED, before.kind(), "the exit runs in the user class's kernel");
    }

    @Test
    void aGuestEndIsDeterministic() {
        EventLog a = new EventLog();
        EventLog b = new EventLog();
        Machine x = run(siblings(true), "asi-stun", a);
        Machine y = run(siblings(true), "asi-stun", b);
        assertEquals(x.stateHash(), y.stateHash());
        assertEquals(a.size(), b.size());
    }
}
