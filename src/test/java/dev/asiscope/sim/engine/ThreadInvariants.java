package dev.asiscope.sim.engine;

import dev.asiscope.scenario.OperationText;
import dev.asiscope.scenario.AddressSpaceText;
import dev.asiscope.scenario.ContextText;
import dev.asiscope.sim.security.ContextKind;

import dev.asiscope.sim.kernel.HostLayout;
import dev.asiscope.sim.security.AddressSpaceId;

/**
 * What must hold of every logical CPU between two steps, whatever the scenario and policy: its context, its CR3
 * and its ASI state ({@code currAsi}) describe the same thing. Tests call {@link #check} after every step.
 */
public final class ThreadInvariants {
    private ThreadInvariants() {
    }

    /** Throws an {@link AssertionError} naming the CPU, the cycle and what disagrees; {@code where} prefixes it. */
    public static void check(Machine m, String where) {
        HostLayout layout = m.layout();
        for (int i = 0; i < m.cpuCount(); i++) {
            HardwareThread t = m.cpu(i);
            if (!t.online()) {
                continue;
            }
            ContextKind k = t.context().kind();
            AddressSpaceId.Restricted asi = t.currentAsi();
            long root = t.registers().rootTable();
            String at = where + ": cpu" + i + " at cycle " + m.cycle() + " (" + ContextText.of(t.context()) + ", ASI "
                    + (asi == null ? "none" : AddressSpaceText.of(asi)) + ", " + OperationText.of(t.activity()) + "): ";
            // The current ASI space is the one CR3 holds (asi_enter/asi_exit switch both together).
            if (asi != null) {
                long want;
                if (asi instanceof AddressSpaceId.RestrictedVm v) {
                    want = layout.restrictedRoot(v.vm());
                } else if (asi instanceof AddressSpaceId.RestrictedProcess p) {
                    want = layout.process(p.process()).asiRoot();
                } else {
                    want = layout.idleRoot();
                }
                require(root == want, at + "CR3 holds 0x" + Long.toHexString(root) + ", not its ASI space's table");
            } else {
                require(root != layout.idleRoot(), at + "on the idle class's table outside ASI");
                for (int vm : layout.guests().keySet()) {
                    require(root != layout.restrictedRoot(vm), at + "on vm" + vm + "'s restricted table outside ASI");
                }
            }
            // The host-kernel context says whether it runs restricted.
            if (k == ContextKind.HOST_KERNEL_RESTRICTED) {
                require(asi != null, at + "restricted context without an ASI space");
            }
            if (k == ContextKind.HOST_KERNEL_FULL) {
                require(asi == null, at + "unrestricted context in an ASI space");
            }
            // Guest code never runs stunned, nor in another VM's space, and it is the running vCPU's.
            if (k.isGuest()) {
                TaskState task = t.task();
                require(task != null && task.spec.kind() == MachineSpec.Task.Kind.VCPU
                        && task.spec.vm() == t.context().vm(), at + "guest context of a task that is not its vCPU");
                require(t.stunnedBy() < 0, at + "runs guest code while stunned by cpu" + t.stunnedBy());
                require(asi == null || asi.equals(AddressSpaceId.restrictedVm(t.context().vm())),
                        at + "in the guest from another space");
            }
            // A CPU that runs no vCPU is not in a VM's restricted space.
            if (k == ContextKind.IDLE || k == ContextKind.HOST_USER && t.context().process() >= 0) {
                require(!(asi instanceof AddressSpaceId.RestrictedVm), at + "left in a VM's restricted space");
            }
            // Only a CPU that can still run is stunned (a finished one is never released); a finished CPU idles.
            if (t.finished()) {
                require(t.stunnedBy() < 0, at + "finished while stunned by cpu" + t.stunnedBy());
                require(k == ContextKind.IDLE, at + "finished but not idle");
            }
            // A waiting CPU runs nothing: it is idle (forced idle) or stunned.
            if (t.blocked) {
                require(k == ContextKind.IDLE || k == ContextKind.STUNNED, at + "blocked but not idle or stunned");
            }
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }
}
