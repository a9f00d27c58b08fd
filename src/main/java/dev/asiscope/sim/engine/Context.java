package dev.asiscope.sim.engine;

import dev.asiscope.sim.security.SecurityDomain;

/**
 * The context of one logical CPU: its kind plus who runs (VM and vCPU for guests, process for host
 * user code). Immutable; {@code vm}, {@code vcpu} and {@code process} are -1 when not applicable.
 */
public record Context(ContextKind kind, int vm, int vcpu, int process) {
    public static final Context IDLE = new Context(ContextKind.IDLE, -1, -1, -1);
    public static final Context OFFLINE = new Context(ContextKind.OFFLINE, -1, -1, -1);

    public static Context guest(int vm, int vcpu, boolean kernel) {
        return new Context(kernel ? ContextKind.GUEST_KERNEL : ContextKind.GUEST_USER, vm, vcpu, -1);
    }

    public static Context hostKernel(boolean restricted, int onBehalfOfVm) {
        return new Context(restricted ? ContextKind.HOST_KERNEL_RESTRICTED : ContextKind.HOST_KERNEL_FULL,
                onBehalfOfVm, -1, -1);
    }

    public static Context hostUser(int process) {
        return new Context(ContextKind.HOST_USER, -1, -1, process);
    }

    public Context withKind(ContextKind k) {
        return new Context(k, vm, vcpu, process);
    }

    /**
     * The security domain whose code runs here: the VM for guest code, the process for a host process's
     * user code, the VM's user-space VMM for a vCPU thread in user mode, else the host kernel.
     */
    public SecurityDomain domain() {
        if (kind.isGuest()) {
            return SecurityDomain.vm(vm);
        }
        if (kind == ContextKind.HOST_USER) {
            return process >= 0 ? SecurityDomain.process(process) : new SecurityDomain.UserVmm(vm);
        }
        return SecurityDomain.HOST;
    }

    /**
     * e.g. {@code "guest vm1/vcpu0 kernel"}, {@code "host-kernel-restricted (vm1)"}, {@code "host-user process2"},
     * {@code "host-user (VMM of vm1)"}.
     */
    public String describe() {
        return switch (kind) {
            case GUEST_USER, GUEST_KERNEL -> "guest vm" + vm + "/vcpu" + vcpu
                    + (kind == ContextKind.GUEST_KERNEL ? " kernel" : " user");
            case HOST_KERNEL_RESTRICTED, HOST_KERNEL_FULL -> kind.id() + (vm >= 0 ? " (vm" + vm + ")" : "");
            case HOST_USER -> process >= 0 ? "host-user process" + process
                    : "host-user (VMM of vm" + vm + ")"; // a vCPU thread in its user-space VMM
            default -> kind.id();
        };
    }
}
