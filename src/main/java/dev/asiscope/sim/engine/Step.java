package dev.asiscope.sim.engine;

import dev.asiscope.sim.kernel.Handler;

/**
 * A micro-step a logical CPU executes: composite operations (a VM exit, a syscall) expand into a
 * queue of these. Each step takes effect at its start cycle and occupies the CPU for its latency. Public so
 * that a view can say what a thread is doing ({@link HardwareThread#activity()}); the words are made outside
 * the engine.
 */
public sealed interface Step {
    /**
     * One method per step: the engine executes steps through a visitor, so a new step does not compile until it
     * is handled.
     */
    interface Visitor<R> {
        R exitToHost(ExitToHost x);

        R kickedExit(KickedExit x);

        R reschedIpiExit(ReschedIpiExit x);

        R kernelAccess(KernelAccess x);

        R kernelWork(KernelWork x);

        R explicitAsiExit(ExplicitAsiExit x);

        R userspace(Userspace x);

        R block(Block x);

        R switchTask(SwitchTask x);

        R preEntry(PreEntry x);

        R entryGate(EntryGate x);

        R entryFlush(EntryFlush x);

        R enterGuest(EnterGuest x);

        R resume(Resume x);

        R guestCompute(GuestCompute x);

        R syscallEnter(SyscallEnter x);

        R syscallReturn(SyscallReturn x);

        R spectreGadget(SpectreGadget x);

        R kvmRunEnds(KvmRunEnds x);
    }

    /** Calls the visitor's method for this kind. */
    <R> R accept(Visitor<R> v);

    /** Shared instances of the steps without fields (steps are immutable; queuing one allocates nothing). */
    PreEntry PRE_ENTRY = new PreEntry();
    EntryGate ENTRY_GATE = new EntryGate();
    EntryFlush ENTRY_FLUSH = new EntryFlush();
    EnterGuest ENTER_GUEST = new EnterGuest();
    KickedExit KICKED_EXIT = new KickedExit();
    KvmRunEnds KVM_RUN_ENDS = new KvmRunEnds();

    record ExitToHost(int reason, Handler handler) implements Step {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.exitToHost(this);
        }
    }

    record KickedExit() implements Step {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.kickedExit(this);
        }
    }

    /**
     * A reschedule IPI forces the guest out (core scheduling: a task of another cookie was switched in on
     * the sibling); the vCPU then takes its normal way back in, through the entry gate.
     */
    record ReschedIpiExit(int fromCpu) implements Step {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.reschedIpiExit(this);
        }
    }

    record KernelAccess(String region, long virtualAddress, boolean write, String cause) implements Step {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.kernelAccess(this);
        }
    }

    /**
     * Kernel work charged to {@code category}: a handler's own work ({@code handler}, its name), or the rest of
     * attacker probing a stun IPI interrupted ({@code resumed}, the thread's activity then; see
     * {@link HardwareThread#activity()}). Exactly one of the two is non-null.
     */
    record KernelWork(long cycles, CostCategory category, String handler, Object resumed) implements Step {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.kernelWork(this);
        }
    }

    record ExplicitAsiExit(AsiExitCause cause) implements Step {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.explicitAsiExit(this);
        }
    }

    record Userspace(long cycles) implements Step {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.userspace(this);
        }
    }

    record Block(long cycles) implements Step {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.block(this);
        }
    }

    /** The scheduler may switch tasks here: once the timeslice is used up, or at once ({@code now}, a yield). */
    record SwitchTask(boolean now) implements Step {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.switchTask(this);
        }

        SwitchTask() {
            this(false);
        }
    }

    record PreEntry() implements Step {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.preEntry(this);
        }
    }

    record EntryGate() implements Step {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.entryGate(this);
        }
    }

    record EntryFlush() implements Step {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.entryFlush(this);
        }
    }

    record EnterGuest() implements Step {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.enterGuest(this);
        }
    }

    /**
     * The rest of an operation interrupted by a stun IPI (its cost was charged when it started); {@code resumed}
     * is what the thread was doing then ({@link HardwareThread#activity()}).
     */
    record Resume(long cycles, Object resumed) implements Step {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.resume(this);
        }
    }

    record GuestCompute(long cycles) implements Step {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.guestCompute(this);
        }
    }

    /** Kernel entry from a host process: a syscall, or an interrupt taken in user mode. */
    record SyscallEnter(String handler, boolean interrupt) implements Step {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.syscallEnter(this);
        }

        SyscallEnter(String handler) {
            this(handler, false);
        }
    }

    /** Return to the host process (sysret or iret), through the same exit work. */
    record SyscallReturn(boolean interrupt) implements Step {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.syscallReturn(this);
        }

        SyscallReturn() {
            this(false);
        }
    }

    record SpectreGadget(long kernelAddress) implements Step {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.spectreGadget(this);
        }
    }

    /**
     * The user-space VMM, back from the guest's last exit (its power-off), does not call {@code KVM_RUN}
     * again: the vCPU's task is done, and the thread runs its next task or goes idle.
     */
    record KvmRunEnds() implements Step {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.kvmRunEnds(this);
        }
    }
}
