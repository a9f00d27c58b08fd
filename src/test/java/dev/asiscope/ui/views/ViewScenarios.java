package dev.asiscope.ui.views;

import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.sim.engine.MachineSpec;
import dev.asiscope.sim.engine.MachineSpecBuilder;
import dev.asiscope.sim.engine.Scenarios;
import dev.asiscope.sim.engine.Policy;
import dev.asiscope.sim.kernel.Handler;
import dev.asiscope.sim.kernel.HandlerStep;
import dev.asiscope.sim.program.Op;
import dev.asiscope.ui.core.SimSession;
import java.util.ArrayList;
import java.util.List;

/** Small machines for the view tests (after the engine's test scenarios), opened in a session. */
final class ViewScenarios {
    static final int EXTERNAL_INTERRUPT = 1;
    static final int MSR_WRITE = 32;
    static final int PREEMPTION_TIMER = 52;

    private ViewScenarios() {
    }

    static Handler secretIrq() {
        return Scenarios.secretIrq();
    }

    static List<Op> repeat(int n, Op... body) {
        return Scenarios.repeat(n, body);
    }

    /** Same thread: a VM exit touches the secret, then the guest probes it with L1TF. */
    static MachineSpec sameThreadL1tf() {
        return Scenarios.sameThreadL1tf();
    }

    /** The sibling case: cpu1 runs vm1 whose exits touch the secret; cpu0 runs an attacker vCPU of vm2. */
    static MachineSpec siblingL1tf() {
        List<Op> attack = new ArrayList<>();
        attack.add(new Op.ProbeFlush());
        attack.add(new Op.Repeat("probe", 40, List.of(new Op.L1tf("host-secret", 0), new Op.Compute(200, 0))));
        attack.add(new Op.ProbeReload());
        attack.add(new Op.VmExit(PREEMPTION_TIMER));
        return new MachineSpecBuilder().topology(1, 2).vm(1, 0x11).vm(2, 0x22)
                .exitHandler(EXTERNAL_INTERRUPT, secretIrq())
                .vcpu(0, 2, 0, repeat(4, attack.toArray(new Op[0])))
                .vcpu(1, 1, 1, repeat(40, new Op.Compute(3000, 8), new Op.VmExit(EXTERNAL_INTERRUPT)))
                .build();
    }

    /** Two cores: core 0 is the sibling L1TF case, core 1 runs two well-behaved vCPUs with fastpath exits. */
    static MachineSpec twoCores() {
        List<Op> attack = new ArrayList<>();
        attack.add(new Op.ProbeFlush());
        attack.add(new Op.Repeat("probe", 40, List.of(new Op.L1tf("host-secret", 0), new Op.Compute(200, 0))));
        attack.add(new Op.ProbeReload());
        attack.add(new Op.VmExit(PREEMPTION_TIMER));
        return new MachineSpecBuilder().topology(2, 2).vm(1, 0x11).vm(2, 0x22).vm(3, 0x33)
                .exitHandler(EXTERNAL_INTERRUPT, secretIrq())
                .vcpu(0, 2, 0, repeat(4, attack.toArray(new Op[0])))
                .vcpu(1, 1, 1, repeat(40, new Op.Compute(3000, 8), new Op.VmExit(EXTERNAL_INTERRUPT)))
                .vcpu(2, 3, 0, repeat(60, new Op.Compute(2000, 16), new Op.VmExit(MSR_WRITE)))
                .vcpu(3, 3, 1, repeat(50, new Op.Compute(2500, 12), new Op.VmExit(PREEMPTION_TIMER),
                        new Op.Compute(500, 4), new Op.VmExit(EXTERNAL_INTERRUPT)))
                .build();
    }

    /** Meltdown: a process makes a syscall that reads the secret, then loads it from user mode. */
    static MachineSpec meltdown() {
        return new MachineSpecBuilder().topology(1, 1).process(1, 0x33)
                .processTask(0, 1, repeat(3, new Op.ProbeFlush(), new Op.Syscall("read-secret"),
                        new Op.Meltdown("host-secret", 0), new Op.ProbeReload())).build();
    }

    /** Eight vCPUs of four VMs on 4 cores x 2 threads, each taking {@code exitsPerCpu} exits from a mix. */
    static MachineSpec workload(long exitsPerCpu) {
        MachineSpecBuilder b = new MachineSpecBuilder().topology(4, 2).exitHandler(EXTERNAL_INTERRUPT, secretIrq());
        for (int vm = 1; vm <= 4; vm++) {
            b.vm(vm, 0x10 * vm);
        }
        java.util.Map<Integer, Double> mix = java.util.Map.of(EXTERNAL_INTERRUPT, 0.2, MSR_WRITE, 0.4, 48, 0.1,
                PREEMPTION_TIMER, 0.3);
        for (int cpu = 0; cpu < 8; cpu++) {
            b.vcpu(cpu, cpu / 2 + 1, cpu % 2, List.of(new Op.Workload(exitsPerCpu, 2000, 8, mix, 17 + cpu)));
        }
        return b.build();
    }

    /** A session with {@code spec} run under {@code policy}, cursor at 0. */
    static SimSession open(MachineSpec spec, String policy) {
        SimSession s = new SimSession();
        Policy p = Policy.parse(policy);
        s.open(new LoadedScenario(null, "test", "", spec, policy, p, List.of(), List.of(), null, List.of(), null), p);
        return s;
    }
}
