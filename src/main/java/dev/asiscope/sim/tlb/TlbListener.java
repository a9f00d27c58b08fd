package dev.asiscope.sim.tlb;

/**
 * Receives every change a {@link Tlb} makes to its contents, in the order it makes them, so the engine can turn
 * them into events. All methods default to doing nothing. A TLB without a listener does not build causes or
 * call anything.
 *
 * <p>Causes are the constants of {@link Tlb} ({@link Tlb#CAUSE_INVLPG}, {@link Tlb#CAUSE_MOV_CR3}, ...).
 */
public interface TlbListener {

    /** {@code entry} was inserted. */
    default void onFill(TlbEntry entry, String cause) {
    }

    /**
     * {@code entry} left the TLB to make room ({@link Tlb#CAUSE_LRU}) or because the inserted entry supersedes it
     * ({@link Tlb#CAUSE_REPLACE}).
     */
    default void onEvict(TlbEntry entry, String cause) {
    }

    /** {@code entry} was removed by an invalidation operation named by {@code cause}. */
    default void onInvalidate(TlbEntry entry, String cause) {
    }
}
