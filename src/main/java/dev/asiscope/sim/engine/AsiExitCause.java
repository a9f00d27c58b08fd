package dev.asiscope.sim.engine;

import dev.asiscope.sim.security.SecurityDomain;

/**
 * Why a CPU left its restricted ASI space ({@code asi_exit}, docs/model.md section 5). Values, so reports
 * count exits by cause without parsing text; scenario expectations match the rendered words.
 */
public sealed interface AsiExitCause {
    /**
     * One method per kind of ASI exit cause: a new kind does not compile until every visitor (every renderer and
     * reader that must handle all kinds) handles it.
     */
    interface Visitor<R> {
        R pageFault(PageFault x);

        R returnToVmm(ReturnToVmm x);

        R haltSchedule(HaltSchedule x);

        R contextSwitch(ContextSwitch x);

        R forcedIdle(ForcedIdle x);

        R explicit(Explicit x);
    }

    /** Calls the visitor's method for this kind. */
    <R> R accept(Visitor<R> v);

    /** A handler touched {@code region}, which the restricted table does not map: #PF, then asi_exit. */
    record PageFault(String region, String handler) implements AsiExitCause {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.pageFault(this);
        }
    }

    /** The exit returns to the user-space VMM (KVM_RUN returns), through an explicit asi_exit. */
    record ReturnToVmm(String handler) implements AsiExitCause {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.returnToVmm(this);
        }
    }

    /** The halted vCPU's thread calls schedule(), which leaves ASI. */
    record HaltSchedule(String handler) implements AsiExitCause {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.haltSchedule(this);
        }
    }

    /** The scheduler switches this CPU to a task of {@code to}. */
    record ContextSwitch(SecurityDomain to) implements AsiExitCause {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.contextSwitch(this);
        }
    }

    /** Core scheduling forces the vCPU idle at its entry gate: a trip through schedule(). */
    record ForcedIdle() implements AsiExitCause {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.forcedIdle(this);
        }
    }

    /** The program's own {@code asi-exit} operation. */
    record Explicit() implements AsiExitCause {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.explicit(this);
        }
    }
}
