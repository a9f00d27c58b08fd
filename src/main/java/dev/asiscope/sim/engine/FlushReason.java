package dev.asiscope.sim.engine;

/** Why an L1D flush or a VERW ran: the mitigation path that asked for it. */
public sealed interface FlushReason {
    /**
     * One method per kind of flush reason: a new kind does not compile until every visitor (every renderer and
     * reader that must handle all kinds) handles it.
     */
    interface Visitor<R> {
        R explicit(Explicit x);

        R asiPostEnter(AsiPostEnter x);

        R entryAlways(EntryAlways x);

        R entryCond(EntryCond x);

        R verwBeforeEntry(VerwBeforeEntry x);

        R verwToUser(VerwToUser x);
    }

    /** Calls the visitor's method for this kind. */
    <R> R accept(Visitor<R> v);

    /** The program's own {@code l1d-flush} or {@code verw} operation. */
    record Explicit() implements FlushReason {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.explicit(this);
        }
    }

    /** ASI's post-enter hook ({@code idle}: of the idle class), because of the {@link AsiTaint} bits in {@code taints}. */
    record AsiPostEnter(boolean idle, int taints) implements FlushReason {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.asiPostEnter(this);
        }
    }

    /** KVM's {@code vmentry_l1d_flush=always}. */
    record EntryAlways() implements FlushReason {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.entryAlways(this);
        }
    }

    /** KVM's {@code vmentry_l1d_flush=cond}, with the flush request set by {@code requestedBy} (null: vCPU load). */
    record EntryCond(String requestedBy) implements FlushReason {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.entryCond(this);
        }
    }

    /** MDS mitigation: VERW before VM entry. */
    record VerwBeforeEntry() implements FlushReason {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.verwBeforeEntry(this);
        }
    }

    /** MDS mitigation: VERW on the return to user mode. */
    record VerwToUser() implements FlushReason {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.verwToUser(this);
        }
    }
}
