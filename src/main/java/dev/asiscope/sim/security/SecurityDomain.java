package dev.asiscope.sim.security;

/**
 * A security domain: the party whose code runs or whose data a line holds. Leaks and exposure are about
 * data of one domain reaching code of another. Values compare with {@code equals}; {@link #id()} is the
 * spelling used in files and reports ({@code host}, {@code vm:1}, {@code process:2}, {@code vmm:1}).
 */
public sealed interface SecurityDomain {
    /** The host kernel (and any kernel task): the domain of unlabelled and kernel-owned secrets. */
    HostKernel HOST = new HostKernel();

    /** The spelling in files and reports. */
    String id();

    /** The guest of a VM (every vCPU of it); shared instances for small ids, so the hot path allocates nothing. */
    static Vm vm(int id) {
        return id >= 0 && id < Cache.SIZE ? Cache.VMS[id] : new Vm(id);
    }

    /** A host user process (shared instances for small ids). */
    static Process process(int id) {
        return id >= 0 && id < Cache.SIZE ? Cache.PROCESSES[id] : new Process(id);
    }

    /** The shared instances behind {@link #vm} and {@link #process}. */
    final class Cache {
        static final int SIZE = 256;
        static final Vm[] VMS = new Vm[SIZE];
        static final Process[] PROCESSES = new Process[SIZE];

        static {
            for (int i = 0; i < SIZE; i++) {
                VMS[i] = new Vm(i);
                PROCESSES[i] = new Process(i);
            }
        }

        private Cache() {
        }
    }

    /** The host kernel. */
    record HostKernel() implements SecurityDomain {
        @Override
        public String id() {
            return "host";
        }

        @Override
        public String toString() {
            return id();
        }
    }

    /** A VM's guest code. */
    record Vm(int vm) implements SecurityDomain {
        @Override
        public String id() {
            return "vm:" + vm;
        }

        @Override
        public String toString() {
            return id();
        }
    }

    /** A host user process. */
    record Process(int process) implements SecurityDomain {
        @Override
        public String id() {
            return "process:" + process;
        }

        @Override
        public String toString() {
            return id();
        }
    }

    /**
     * The user-space VMM of a VM (QEMU or another KVM client): host user code that acts for the VM, run on
     * the vCPU thread between a VM exit that returns to user space and the next {@code KVM_RUN}.
     */
    record UserVmm(int vm) implements SecurityDomain {
        @Override
        public String id() {
            return "vmm:" + vm;
        }

        @Override
        public String toString() {
            return id();
        }
    }
}
