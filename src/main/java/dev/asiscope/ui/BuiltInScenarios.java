package dev.asiscope.ui;

import dev.asiscope.scenario.Breakpoint;
import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.scenario.Narration;
import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.MachineSpec;
import dev.asiscope.sim.engine.MachineSpecBuilder;
import dev.asiscope.sim.engine.Policy;
import dev.asiscope.sim.kernel.Handler;
import dev.asiscope.sim.kernel.HandlerStep;
import dev.asiscope.sim.program.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * Narrated scenarios built in code, so the window always has something to show: the default one the
 * window starts on, and the Samples menu entries that do not come from scenario files.
 */
public final class BuiltInScenarios {
    static final int EXTERNAL_INTERRUPT = 1;
    static final int MSR_WRITE = 32;
    static final int PREEMPTION_TIMER = 52;

    private BuiltInScenarios() {
    }

    /** All built-in scenarios; the first is the default. */
    public static List<LoadedScenario> all() {
        return List.of(siblingL1tf(), sameThreadL1tf());
    }

    /** The scenario the window opens when no file is given. */
    public static LoadedScenario defaultScenario() {
        return siblingL1tf();
    }

    private static Handler secretIrq() {
        return Handler.of("EXTERNAL_INTERRUPT", 900, HandlerStep.read("percpu", 1), HandlerStep.read("host-secret", 1))
                .settingFlushRequest();
    }

    private static List<Op> repeat(int n, Op... body) {
        return List.of(new Op.Repeat("loop", n, List.of(body)));
    }

    /**
     * Two VMs share a core: vm1's interrupt handler touches a host secret on cpu1 while vm2 probes the
     * shared L1D with L1TF from cpu0. Flushing the L1D before VM entry cannot help; ASI with stunning can.
     */
    public static LoadedScenario siblingL1tf() {
        List<Op> attack = new ArrayList<>();
        attack.add(new Op.ProbeFlush());
        attack.add(new Op.Repeat("probe", 40, List.of(new Op.L1tf("host-secret", 0), new Op.Compute(200, 0))));
        attack.add(new Op.ProbeReload());
        attack.add(new Op.VmExit(PREEMPTION_TIMER));
        MachineSpec spec = new MachineSpecBuilder().topology(2, 2).vm(1, 0x11).vm(2, 0x22)
                .exitHandler(EXTERNAL_INTERRUPT, secretIrq())
                .vcpu(0, 2, 0, repeat(4, attack.toArray(new Op[0])))
                .vcpu(1, 1, 1, repeat(40, new Op.Compute(3000, 8), new Op.VmExit(EXTERNAL_INTERRUPT)))
                .vcpu(2, 1, 0, repeat(30, new Op.Compute(4000, 8), new Op.VmExit(MSR_WRITE)))
                .vcpu(3, 2, 1, repeat(30, new Op.Compute(4000, 8), new Op.VmExit(PREEMPTION_TIMER)))
                .build();
        List<Narration> narration = List.of(
                new Narration(0, null, 0, -1, "Two VMs, one core",
                        "cpu0 and cpu1 are hyperthreads of core 0 and share its L1D. cpu0 runs the attacker, "
                                + "a vCPU of vm2; cpu1 runs a vCPU of vm1. Step with Space and watch core 0."),
                new Narration(-1, "vm-exit", 1, 1, "The victim's VM exits",
                        "vm1 takes an external interrupt. KVM handles it in the host kernel, and the interrupt "
                                + "handler reads host-secret: the secret's line is now in core 0's L1D."),
                new Narration(-1, "transient-load", 1, 0, "The attacker's transient load",
                        "vm2 issues an L1TF load against a non-present guest PTE whose frame bits point at "
                                + "host-secret. The load is squashed, but it touched a probe line first."),
                new Narration(-1, "leak", 1, -1, "Leaked",
                        "Flush+reload finds the probe line that is fast: the attacker has the secret byte. "
                                + "Open the Leaks tab to read the causal chain."),
                new Narration(-1, "asi-exit", 1, -1, "ASI exit",
                        "Under ASI the handler ran on the restricted page table until it touched host-secret: "
                                + "that access forces an ASI exit to the full table."),
                new Narration(-1, "unstun", 1, -1, "Sibling released after the flush",
                        "With asi-stun the sibling was stunned while the full table was live; it runs guest code "
                                + "again only after the L1D flush at ASI entry: nothing left to probe."));
        return new LoadedScenario(null, "Sibling L1TF: why flushing is not enough",
                "An L1TF attacker on one hyperthread reads a host secret that its sibling's VM exit brought into "
                        + "the shared L1D. Try none, l1d-flush-always, l1d-flush-always+nosmt and asi-stun.",
                spec, "none", Policy.NONE, narration,
                List.of(Breakpoint.on(EventKind.LEAK), Breakpoint.on(EventKind.ASI_EXIT)), "narration", List.of(), null);
    }

    /** The simplest L1TF: the attacker's own VM exit brings the secret in; a flush before entry stops it. */
    public static LoadedScenario sameThreadL1tf() {
        MachineSpec spec = new MachineSpecBuilder().topology(1, 2).vm(1, 0x11)
                .exitHandler(EXTERNAL_INTERRUPT, secretIrq())
                .vcpu(0, 1, 0, repeat(3, new Op.ProbeFlush(), new Op.VmExit(EXTERNAL_INTERRUPT),
                        new Op.L1tf("host-secret", 0), new Op.ProbeReload()))
                .build();
        List<Narration> narration = List.of(
                new Narration(0, null, 0, -1, "L1TF on one thread",
                        "A guest takes a VM exit whose handler reads a host secret, then probes the L1D."),
                new Narration(-1, "vm-exit", 1, -1, "VM exit",
                        "The interrupt handler reads host-secret into the L1D."),
                new Narration(-1, "vm-entry", 1, -1, "Back in the guest",
                        "Without an L1D flush before VM entry, the secret is still in the L1D."),
                new Narration(-1, "leak", 1, -1, "Leaked", "The guest recovered the secret byte."),
                new Narration(-1, "l1d-flush", 1, -1, "L1D flushed",
                        "With l1d-flush-always the L1D is flushed before VM entry: the probe finds nothing."));
        return new LoadedScenario(null, "Same-thread L1TF",
                "A VM exit brings a host secret into the L1D; the same guest reads it with L1TF.", spec, "none",
                Policy.NONE, narration, List.of(Breakpoint.on(EventKind.LEAK)), "event", List.of(), null);
    }
}
