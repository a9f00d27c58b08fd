package dev.asiscope.sim.engine;

import dev.asiscope.sim.kernel.Handler;

/**
 * A micro-step a logical CPU executes: composite operations (a VM exit, a syscall) expand into a
 * queue of these. Each step takes effect at its start cycle and occupies the CPU for its latency.
 */
sealed interface Step {
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

    /** Short name for the cores view ("current operation"). */
    String name();

    record ExitToHost(int reason, Handler handler) implements Step {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.exitToHost(this);
        }

        public String name() {
            return "VM exit " + handler.name();
        }
    }

    record KickedExit() implements Step {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.kickedExit(this);
        }

        public String name() {
            return "VM exit (stun IPI)";
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

        public String name() {
            return "VM exit (reschedule IPI)";
        }
    }

    record KernelAccess(String region, long virtualAddress, boolean write, String cause) implements Step {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.kernelAccess(this);
        }

        public String name() {
            return (write ? "kernel store " : "kernel load ") + region;
        }
    }

    record KernelWork(long cycles, CostCategory category, String what) implements Step {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.kernelWork(this);
        }

        public String name() {
            return what;
        }
    }

    record ExplicitAsiExit(AsiExitCause cause) implements Step {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.explicitAsiExit(this);
        }

        public String name() {
            return "asi_exit";
        }
    }

    record Userspace(long cycles) implements Step {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.userspace(this);
        }

        public String name() {
            return "user-space VMM";
        }
    }

    record Block(long cycles) implements Step {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.block(this);
        }

        public String name() {
            return "vCPU halted";
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

        public String name() {
            return "context switch";
        }
    }

    record PreEntry() implements Step {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.preEntry(this);
        }

        public String name() {
            return "prepare VM entry";
        }
    }

    record EntryGate() implements Step {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.entryGate(this);
        }

        public String name() {
            return "VM entry gate";
        }
    }

    record EntryFlush() implements Step {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.entryFlush(this);
        }

        public String name() {
            return "pre-entry flush";
        }
    }

    record EnterGuest() implements Step {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.enterGuest(this);
        }

        public String name() {
            return "VM entry";
        }
    }

    /** The rest of an operation interrupted by a stun IPI (its cost was charged when it started). */
    record Resume(long cycles, String what) implements Step {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.resume(this);
        }

        public String name() {
            return what.startsWith("resume ") ? what : "resume " + what;
        }
    }

    record GuestCompute(long cycles) implements Step {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.guestCompute(this);
        }

        public String name() {
            return "guest compute";
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

        public String name() {
            return (interrupt ? "interrupt " : "syscall ") + handler;
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

        public String name() {
            return interrupt ? "return from interrupt" : "return to user";
        }
    }

    record SpectreGadget(long kernelAddress) implements Step {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.spectreGadget(this);
        }

        public String name() {
            return "Spectre v1 gadget";
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

        public String name() {
            return "KVM_RUN ends (guest powered off)";
        }
    }
}
