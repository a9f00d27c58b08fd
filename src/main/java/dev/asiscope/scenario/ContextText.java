package dev.asiscope.scenario;

import dev.asiscope.sim.security.Context;
import dev.asiscope.sim.security.ContextKind;

/**
 * A logical CPU's {@link Context} in words, as the event list, the inspector, the cores view, state dumps and
 * a leak's causal chain show it. The engine keeps the context as a value (kind, VM, vCPU, process); the words
 * are made here, only when something shows them.
 */
public final class ContextText {
    private ContextText() {
    }

    /**
     * e.g. {@code "guest vm1/vcpu0 kernel"}, {@code "host-kernel-restricted (vm1)"}, {@code "host-user process2"},
     * {@code "host-user (VMM of vm1)"}, {@code "idle"}.
     */
    public static String of(Context c) {
        return switch (c.kind()) {
            case GUEST_USER, GUEST_KERNEL -> "guest vm" + c.vm() + "/vcpu" + c.vcpu()
                    + (c.kind() == ContextKind.GUEST_KERNEL ? " kernel" : " user");
            case HOST_KERNEL_RESTRICTED, HOST_KERNEL_FULL -> c.kind().id() + (c.vm() >= 0 ? " (vm" + c.vm() + ")" : "");
            case HOST_USER -> c.process() >= 0 ? "host-user process" + c.process()
                    : c.vm() >= 0 ? "host-user (VMM of vm" + c.vm() + ")" // a vCPU thread in its user-space VMM
                    : "host-user";
            default -> c.kind().id();
        };
    }

    /**
     * {@link #of(Context)} with the kernel handler that runs in it, e.g. {@code host-kernel-full (vm1) in
     * EPT_VIOLATION}; just {@link #of(Context)} when {@code handler} is null.
     */
    public static String of(Context c, String handler) {
        return handler == null ? of(c) : of(c) + " in " + handler;
    }
}
