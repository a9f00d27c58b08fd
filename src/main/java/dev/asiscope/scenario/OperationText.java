package dev.asiscope.scenario;

import dev.asiscope.sim.engine.HardwareThread;
import dev.asiscope.sim.engine.Step;
import dev.asiscope.sim.program.Op;

/**
 * What a hardware thread is doing ({@link HardwareThread#activity()}) in words, as the cores view, the
 * inspector and state dumps show it: an operation by its name ({@link OpText}), a step of a composite
 * operation ({@code VM exit EPT_VIOLATION}, {@code kernel load host-secret}, {@code return to user}), or why it
 * runs nothing. A visitor over {@link Step}, so a new step does not compile until it has words.
 */
public final class OperationText {
    private OperationText() {
    }

    /**
     * {@code activity} in words, e.g. {@code "compute"}, {@code "VM entry gate"}, {@code "stunned: waiting for
     * cpu1"}.
     */
    public static String of(Object activity) {
        if (activity instanceof Op op) {
            return OpText.name(op);
        }
        if (activity instanceof Step s) {
            return s.accept(STEPS);
        }
        if (activity instanceof HardwareThread.WaitingForStun w) {
            return "stunned: waiting for cpu" + w.byCpu();
        }
        if (activity instanceof HardwareThread.NoOperation n) {
            return switch (n) {
                case IDLE -> "idle";
                case OFFLINE_NOSMT -> "offline (nosmt)";
                case FINISHED -> "finished";
                case FORCED_IDLE -> "core scheduling: forced idle";
            };
        }
        throw new IllegalStateException("no words for activity " + activity);
    }

    /**
     * The rest of an interrupted activity: {@code resume compute} (once, however often it was interrupted: the
     * engine keeps the first activity, not a resume of a resume).
     */
    private static String resume(Object resumed) {
        return "resume " + of(resumed);
    }

    private static final Step.Visitor<String> STEPS = new Step.Visitor<>() {
        @Override
        public String exitToHost(Step.ExitToHost x) {
            return "VM exit " + x.handler().name();
        }

        @Override
        public String kickedExit(Step.KickedExit x) {
            return "VM exit (stun IPI)";
        }

        @Override
        public String reschedIpiExit(Step.ReschedIpiExit x) {
            return "VM exit (reschedule IPI)";
        }

        @Override
        public String kernelAccess(Step.KernelAccess x) {
            return (x.write() ? "kernel store " : "kernel load ") + x.region();
        }

        @Override
        public String kernelWork(Step.KernelWork x) {
            return x.handler() != null ? x.handler() + " handler" : OperationText.resume(x.resumed());
        }

        @Override
        public String explicitAsiExit(Step.ExplicitAsiExit x) {
            return "asi_exit";
        }

        @Override
        public String userspace(Step.Userspace x) {
            return "user-space VMM";
        }

        @Override
        public String block(Step.Block x) {
            return "vCPU halted";
        }

        @Override
        public String switchTask(Step.SwitchTask x) {
            return "context switch";
        }

        @Override
        public String preEntry(Step.PreEntry x) {
            return "prepare VM entry";
        }

        @Override
        public String entryGate(Step.EntryGate x) {
            return "VM entry gate";
        }

        @Override
        public String entryFlush(Step.EntryFlush x) {
            return "pre-entry flush";
        }

        @Override
        public String enterGuest(Step.EnterGuest x) {
            return "VM entry";
        }

        @Override
        public String resume(Step.Resume x) {
            return OperationText.resume(x.resumed());
        }

        @Override
        public String guestCompute(Step.GuestCompute x) {
            return "guest compute";
        }

        @Override
        public String syscallEnter(Step.SyscallEnter x) {
            return (x.interrupt() ? "interrupt " : "syscall ") + x.handler();
        }

        @Override
        public String syscallReturn(Step.SyscallReturn x) {
            return x.interrupt() ? "return from interrupt" : "return to user";
        }

        @Override
        public String spectreGadget(Step.SpectreGadget x) {
            return "Spectre v1 gadget";
        }

        @Override
        public String kvmRunEnds(Step.KvmRunEnds x) {
            return "KVM_RUN ends (guest powered off)";
        }
    };
}
