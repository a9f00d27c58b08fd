package dev.asiscope.sim.security;

/**
 * The context of one logical CPU: its kind plus who runs (VM and vCPU for guests, process for host
 * user code). Immutable; {@code vm}, {@code vcpu} and {@code process} are -1 when not applicable. In words
 * ({@code guest vm1/vcpu0 kernel}, ...): {@code scenario.ContextText}.
 */
public record Context(ContextKind kind, int vm, int vcpu, int process) {
    public static final Context IDLE = new Context(ContextKind.IDLE, -1, -1, -1);
    public static final Context OFFLINE = new Context(ContextKind.OFFLINE, -1, -1, -1);

    /** VMs and vCPUs numbered below this get one shared instance per context (see {@link #guest}). */
    private static final int INTERNED = 64;
    private static final Context[] GUESTS = new Context[2 * INTERNED * INTERNED];
    private static final Context[] HOST_KERNEL = new Context[2 * (INTERNED + 1)];

    /**
     * Guest code of vCPU {@code vcpu} of VM {@code vm}. The same instance every time for small numbers: the
     * engine enters and leaves these contexts on every VM exit, and equal instances make its comparisons
     * and lookups cheap. (Racing threads may each build one; any of them is right: a context is a value.)
     */
    public static Context guest(int vm, int vcpu, boolean kernel) {
        if (vm < 0 || vm >= INTERNED || vcpu < 0 || vcpu >= INTERNED) {
            return new Context(kernel ? ContextKind.GUEST_KERNEL : ContextKind.GUEST_USER, vm, vcpu, -1);
        }
        return InternedIds.interned(GUESTS, ((kernel ? 1 : 0) * INTERNED + vm) * INTERNED + vcpu, Context::guestAt);
    }

    /** The guest context at index {@code i} of {@link #GUESTS}. */
    private static Context guestAt(int i) {
        return new Context(i >= INTERNED * INTERNED ? ContextKind.GUEST_KERNEL : ContextKind.GUEST_USER,
                i / INTERNED % INTERNED, i % INTERNED, -1);
    }

    /** The host kernel, on the restricted (ASI) or full table, on behalf of VM {@code onBehalfOfVm} or none (-1). */
    public static Context hostKernel(boolean restricted, int onBehalfOfVm) {
        if (onBehalfOfVm < -1 || onBehalfOfVm >= INTERNED) {
            return new Context(restricted ? ContextKind.HOST_KERNEL_RESTRICTED : ContextKind.HOST_KERNEL_FULL,
                    onBehalfOfVm, -1, -1);
        }
        return InternedIds.interned(HOST_KERNEL, (restricted ? 1 : 0) * (INTERNED + 1) + onBehalfOfVm + 1,
                Context::hostKernelAt);
    }

    /** The host-kernel context at index {@code i} of {@link #HOST_KERNEL}. */
    private static Context hostKernelAt(int i) {
        return new Context(i > INTERNED ? ContextKind.HOST_KERNEL_RESTRICTED : ContextKind.HOST_KERNEL_FULL,
                i % (INTERNED + 1) - 1, -1, -1);
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

    /** Field by field, with the same instance first: the engine reuses each task's contexts. */
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof Context c && c.kind == kind && c.vm == vm && c.vcpu == vcpu
                && c.process == process;
    }

    /** From the kind's ordinal, so the same in every JVM (an enum's own hash is its identity). */
    @Override
    public int hashCode() {
        return ((kind.ordinal() * 31 + vm) * 31 + vcpu) * 31 + process;
    }
}
