package dev.asiscope.sim.program;

import dev.asiscope.sim.paging.AccessType;
import java.util.List;
import java.util.Map;

/**
 * One operation of a per-CPU program: the small vocabulary scenarios are written in. Which operations
 * are valid depends on the task they run in (a vCPU runs guest operations, a host process user-mode
 * ones); the engine reports a misplaced operation as a scenario error. Addresses are linear addresses
 * of the task's own address space unless stated otherwise. An operation's name, as files spell it, is made
 * outside the engine ({@code scenario.OpText}).
 */
public sealed interface Op {
    /**
     * One method per operation: the engine executes operations through a visitor, so a new operation does not
     * compile until the engine (and every other visitor) handles it.
     */
    interface Visitor<R> {
        R compute(Compute x);

        R idle(Idle x);

        R access(Access x);

        R clflush(Clflush x);

        R vmExit(VmExit x);

        R l1tf(L1tf x);

        R mdsSample(MdsSample x);

        R meltdown(Meltdown x);

        R spectreV1(SpectreV1 x);

        R probeFlush(ProbeFlush x);

        R probeReload(ProbeReload x);

        R syscall(Syscall x);

        R interrupt(Interrupt x);

        R yield(Yield x);

        R asi(Asi x);

        R flush(Flush x);

        R invlpg(Invlpg x);

        R invpcid(Invpcid x);

        R movCr3(MovCr3 x);

        R repeat(Repeat x);

        R workload(Workload x);
    }

    /** Calls the visitor's method for this kind. */
    <R> R accept(Visitor<R> v);


    /** Run for {@code cycles} cycles, touching {@code lines} lines of the task's working set. */
    record Compute(long cycles, int lines) implements Op {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.compute(this);
        }
    }

    /** Do nothing for {@code cycles} cycles (the CPU is idle). */
    record Idle(long cycles) implements Op {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.idle(this);
        }
    }

    /** An architectural load, store or fetch at {@code address}. */
    record Access(long address, AccessType type) implements Op {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.access(this);
        }
    }

    /** CLFLUSH of the line at {@code address}. */
    record Clflush(long address) implements Op {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.clflush(this);
        }
    }

    /**
     * The guest causes a VM exit with this VMX basic exit reason code. A {@code sensitive} exit's handling
     * also reads sensitive data (one line of {@code host-secret}) besides what the reason's handler touches:
     * the exits a workload's {@code sensitiveShare} picks.
     */
    record VmExit(int reason, boolean sensitive) implements Op {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.vmExit(this);
        }

        public VmExit(int reason) {
            this(reason, false);
        }
    }

    /**
     * L1TF from a guest: the guest writes a PTE whose frame bits hold a host physical address, then loads
     * through it transiently and encodes the byte into its probe array. The target is {@code offset} bytes
     * into host region {@code region}, or the raw host physical address {@code offset} when {@code region}
     * is null. The PTE is not present, or (with {@code reservedBit}) present with a reserved bit set: the
     * two terminal faults of Intel's L1TF guidance.
     */
    record L1tf(String region, long offset, boolean reservedBit) implements Op {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.l1tf(this);
        }

        /** The not-present variant. */
        public L1tf(String region, long offset) {
            this(region, offset, false);
        }
    }

    /** MDS: a faulting load samples the newest stale line fill buffer entry of the core. */
    record MdsSample() implements Op {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.mdsSample(this);
        }
    }

    /**
     * Meltdown from host user mode: a transient load of a supervisor address, {@code offset} bytes into
     * the kernel mapping of {@code region} (or the raw linear address {@code offset} when null).
     */
    record Meltdown(String region, long offset) implements Op {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.meltdown(this);
        }
    }

    /**
     * Spectre v1 through a kernel gadget: a bounds check is mispredicted and the kernel loads a kernel
     * address transiently ({@code offset} into {@code region}'s kernel mapping, or the raw linear address
     * when {@code region} is null), encoding the byte into the caller's probe array. From a host process
     * the gadget is reached by a syscall; from a guest, by a VM exit of reason {@code exitReason} whose KVM
     * handler holds the gadget.
     */
    record SpectreV1(String region, long offset, int exitReason) implements Op {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.spectreV1(this);
        }

        /** VMX basic exit reason MSR_WRITE: the default way a guest reaches the gadget. */
        public static final int DEFAULT_EXIT_REASON = 32;

        public SpectreV1(String region, long offset) {
            this(region, offset, DEFAULT_EXIT_REASON);
        }
    }

    /** Flush the task's probe array (256 lines, 4 KiB apart) from every cache. */
    record ProbeFlush() implements Op {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.probeFlush(this);
        }
    }

    /** Time a load of each probe line; a fast one reveals a transiently encoded byte. */
    record ProbeReload() implements Op {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.probeReload(this);
        }
    }

    /** A host user process makes a syscall handled by the named kernel handler. */
    record Syscall(String handler) implements Op {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.syscall(this);
        }
    }

    /** A host interrupt runs the named handler on this CPU. */
    record Interrupt(String handler) implements Op {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.interrupt(this);
        }
    }

    /** Switch this CPU to the next task in its run queue. */
    record Yield() implements Op {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.yield(this);
        }
    }

    /** Explicit ASI operations (kernel tasks): enter the task's restricted space, relax, exit. */
    record Asi(Kind kind) implements Op {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.asi(this);
        }

        public enum Kind { ENTER, RELAX, EXIT }
    }

    /** Explicit L1D flush (IA32_FLUSH_CMD) or VERW. */
    record Flush(boolean l1d) implements Op {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.flush(this);
        }
    }

    /** INVLPG of {@code address}. */
    record Invlpg(long address) implements Op {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.invlpg(this);
        }
    }

    /** INVPCID of the given type (0-3). */
    record Invpcid(int type, int pcid, long address) implements Op {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.invpcid(this);
        }
    }

    /** MOV to CR3 (bit 63 = do not flush). */
    record MovCr3(long value) implements Op {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.movCr3(this);
        }
    }

    /** Run {@code body} {@code count} times; {@code label} names the loop in the UI. */
    record Repeat(String label, int count, List<Op> body) implements Op {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.repeat(this);
        }

        public Repeat {
            body = List.copyOf(body);
        }
    }

    /**
     * A generated guest workload: {@code exits} times, compute for a random time with mean
     * {@code meanGuestCycles} (touching {@code lines} working-set lines), then take a VM exit whose reason
     * is drawn from {@code mix} (reason code to weight). {@code sensitiveShare} percent of the exits, drawn
     * independently of the rest, are {@linkplain VmExit#sensitive() sensitive}.
     */
    record Workload(long exits, long meanGuestCycles, int lines, Map<Integer, Double> mix, long seed,
            double sensitiveShare) implements Op {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.workload(this);
        }

        public Workload {
            mix = Map.copyOf(mix);
            if (!(sensitiveShare >= 0 && sensitiveShare <= 100)) {
                throw new IllegalArgumentException("sensitiveShare is a percentage, 0..100, got " + sensitiveShare);
            }
        }

        /** A workload none of whose exits is made sensitive. */
        public Workload(long exits, long meanGuestCycles, int lines, Map<Integer, Double> mix, long seed) {
            this(exits, meanGuestCycles, lines, mix, seed, 0);
        }

        /** The same workload with {@code share} percent of its exits touching sensitive memory. */
        public Workload withSensitiveShare(double share) {
            return new Workload(exits, meanGuestCycles, lines, mix, seed, share);
        }
    }
}
