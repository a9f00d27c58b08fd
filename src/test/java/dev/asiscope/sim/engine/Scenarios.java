package dev.asiscope.sim.engine;

import dev.asiscope.sim.kernel.Handler;
import dev.asiscope.sim.kernel.HandlerStep;
import dev.asiscope.sim.program.Op;
import java.util.ArrayList;
import java.util.List;

/** Small machines for the engine tests: the attacks of docs/model.md section 7 in a few operations each. */
public final class Scenarios {
    static final int EXTERNAL_INTERRUPT = 1;
    static final int MSR_WRITE = 32;
    static final int PREEMPTION_TIMER = 52;

    private Scenarios() {
    }

    /** An interrupt handler that reads the host secret (as a network IRQ touching a socket key would). */
    public static Handler secretIrq() {
        return Handler.of("EXTERNAL_INTERRUPT", 900, HandlerStep.read("percpu", 1), HandlerStep.read("host-secret", 1))
                .settingFlushRequest();
    }

    public static List<Op> repeat(int n, Op... body) {
        return List.of(new Op.Repeat("loop", n, List.of(body)));
    }

    /** (a) same thread: a VM exit touches the secret, then the guest probes it with L1TF. */
    public static MachineSpec sameThreadL1tf() {
        return new MachineSpecBuilder().topology(1, 2)
                .vm(1, 0x11)
                .exitHandler(EXTERNAL_INTERRUPT, secretIrq())
                .vcpu(0, 1, 0, repeat(3, new Op.ProbeFlush(), new Op.VmExit(EXTERNAL_INTERRUPT),
                        new Op.L1tf("host-secret", 0), new Op.ProbeReload()))
                .build();
    }

    /**
     * The sibling case: cpu1 runs vm1's vCPU 1 whose exits touch the secret; cpu0 runs the attacker
     * vCPU (of {@code attackerVm}) probing with L1TF in a tight loop.
     */
    static MachineSpec siblingL1tf(int attackerVm) {
        MachineSpecBuilder b = new MachineSpecBuilder().topology(1, 2).vm(1, 0x11);
        if (attackerVm != 1) {
            b.vm(attackerVm, 0x22);
        }
        List<Op> attack = new ArrayList<>();
        attack.add(new Op.ProbeFlush());
        attack.add(new Op.Repeat("probe", 40, List.of(new Op.L1tf("host-secret", 0), new Op.Compute(200, 0))));
        attack.add(new Op.ProbeReload());
        // A timer exit per round gives the scheduler a point to switch tasks when SMT is off.
        attack.add(new Op.VmExit(PREEMPTION_TIMER));
        return b.exitHandler(EXTERNAL_INTERRUPT, secretIrq())
                .vcpu(0, attackerVm, attackerVm == 1 ? 0 : 0, repeat(4, attack.toArray(new Op[0])))
                .vcpu(1, 1, 1, repeat(40, new Op.Compute(3000, 8), new Op.VmExit(EXTERNAL_INTERRUPT)))
                .build();
    }

    /**
     * VM against VM: cpu1 runs vm1, whose guest work keeps its working set in L1D; cpu0 runs vm2, which
     * probes the first line of vm1's working set with L1TF.
     */
    static MachineSpec crossVmL1tf() {
        List<Op> attack = List.of(new Op.ProbeFlush(),
                new Op.Repeat("probe", 20, List.of(new Op.L1tf("guest-memory:vm1", 0x20_0000), new Op.Compute(200, 0))),
                new Op.ProbeReload(), new Op.VmExit(PREEMPTION_TIMER));
        return new MachineSpecBuilder().topology(1, 2).vm(1, 0x11).vm(2, 0x22)
                .vcpu(0, 2, 0, repeat(4, attack.toArray(new Op[0])))
                .vcpu(1, 1, 0, repeat(40, new Op.Compute(3000, 8), new Op.VmExit(MSR_WRITE)))
                .build();
    }

    /** (e) an ASI machine: harmless fastpath exits, then one exit that touches sensitive memory. */
    static MachineSpec asiExits() {
        return new MachineSpecBuilder().topology(1, 1).vm(1, 0x11)
                .exitHandler(EXTERNAL_INTERRUPT, secretIrq())
                .vcpu(0, 1, 0, List.of(new Op.Compute(1000, 8), new Op.VmExit(MSR_WRITE), new Op.Compute(1000, 8),
                        new Op.VmExit(PREEMPTION_TIMER), new Op.Compute(1000, 8), new Op.VmExit(EXTERNAL_INTERRUPT),
                        new Op.Compute(1000, 8), new Op.VmExit(MSR_WRITE), new Op.Compute(1000, 8)))
                .build();
    }

    /** (h) MDS: the exit handler's fills linger in the fill buffers; the guest samples them on return. */
    static MachineSpec sameThreadMds() {
        return new MachineSpecBuilder().topology(1, 2).vm(1, 0x11)
                .exitHandler(EXTERNAL_INTERRUPT, secretIrq())
                .vcpu(0, 1, 0, repeat(3, new Op.ProbeFlush(), new Op.VmExit(EXTERNAL_INTERRUPT),
                        new Op.Repeat("sample", 12, List.of(new Op.MdsSample())), new Op.ProbeReload()))
                .build();
    }

    /** (h) MDS across siblings: cpu1's exit handler fills the shared fill buffers while cpu0 samples. */
    static MachineSpec siblingMds() {
        return new MachineSpecBuilder().topology(1, 2).vm(1, 0x11).vm(2, 0x22)
                .exitHandler(EXTERNAL_INTERRUPT, secretIrq())
                .vcpu(0, 2, 0, repeat(4, new Op.ProbeFlush(),
                        new Op.Repeat("sample", 40, List.of(new Op.MdsSample(), new Op.Compute(150, 0))),
                        new Op.ProbeReload()))
                // A working set larger than L1D: the handler's secret access misses and goes through a fill buffer.
                .vcpu(1, 1, 0, repeat(40, new Op.Compute(3000, 600), new Op.VmExit(EXTERNAL_INTERRUPT)))
                .build();
    }

    /** (i) Meltdown: a process makes a syscall that reads the secret, then loads it from user mode. */
    static MachineSpec meltdown(boolean globalBitBug) {
        MachineSpecBuilder b = new MachineSpecBuilder().topology(1, 1).process(1, 0x33);
        if (globalBitBug) {
            b.region(dev.asiscope.sim.kernel.KernelRegion.sensitive("host-secret", 4096, "host-secret")
                    .withFill(0x53).withGlobalBitBug(true));
        }
        return b.processTask(0, 1, repeat(3, new Op.ProbeFlush(), new Op.Syscall("read-secret"),
                new Op.Meltdown("host-secret", 0), new Op.ProbeReload())).build();
    }
}
