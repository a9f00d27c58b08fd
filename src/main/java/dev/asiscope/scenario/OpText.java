package dev.asiscope.scenario;

import dev.asiscope.sim.program.Op;

/**
 * An operation's name as a scenario file spells it ({@code vmexit}, {@code mds-sample}, {@code asi-enter}, ...;
 * {@link OpJson} reads the same names), for the event list, the cores view and error messages. A visitor, so a
 * new operation does not compile until it has a name.
 */
public final class OpText {
    private OpText() {
    }

    /** The name of {@code op}, e.g. {@code "l1tf"}; an access by its type ({@code read}, {@code write}, ...). */
    public static String name(Op op) {
        return op.accept(NAMES);
    }

    private static final Op.Visitor<String> NAMES = new Op.Visitor<>() {
        @Override
        public String compute(Op.Compute x) {
            return "compute";
        }

        @Override
        public String idle(Op.Idle x) {
            return "idle";
        }

        @Override
        public String access(Op.Access x) {
            return x.type().id();
        }

        @Override
        public String clflush(Op.Clflush x) {
            return "clflush";
        }

        @Override
        public String vmExit(Op.VmExit x) {
            return "vmexit";
        }

        @Override
        public String l1tf(Op.L1tf x) {
            return "l1tf";
        }

        @Override
        public String mdsSample(Op.MdsSample x) {
            return "mds-sample";
        }

        @Override
        public String meltdown(Op.Meltdown x) {
            return "meltdown";
        }

        @Override
        public String spectreV1(Op.SpectreV1 x) {
            return "spectre-v1";
        }

        @Override
        public String probeFlush(Op.ProbeFlush x) {
            return "probe-flush";
        }

        @Override
        public String probeReload(Op.ProbeReload x) {
            return "probe-reload";
        }

        @Override
        public String syscall(Op.Syscall x) {
            return "syscall";
        }

        @Override
        public String interrupt(Op.Interrupt x) {
            return "irq";
        }

        @Override
        public String yield(Op.Yield x) {
            return "yield";
        }

        @Override
        public String asi(Op.Asi x) {
            return switch (x.kind()) {
                case ENTER -> "asi-enter";
                case RELAX -> "asi-relax";
                case EXIT -> "asi-exit";
            };
        }

        @Override
        public String flush(Op.Flush x) {
            return x.l1d() ? "l1d-flush" : "verw";
        }

        @Override
        public String invlpg(Op.Invlpg x) {
            return "invlpg";
        }

        @Override
        public String invpcid(Op.Invpcid x) {
            return "invpcid";
        }

        @Override
        public String movCr3(Op.MovCr3 x) {
            return "mov-cr3";
        }

        @Override
        public String repeat(Op.Repeat x) {
            return "repeat";
        }

        @Override
        public String workload(Op.Workload x) {
            return "workload";
        }
    };
}
