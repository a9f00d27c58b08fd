package dev.asiscope.sim.paging;

/**
 * Why a translation failed.
 *
 * <p>Which level is reported ({@link PageWalker} follows this consistently):
 * <ul>
 *   <li>not-present (P=0 in the error code) and reserved-bit (P=1, RSVD=1) faults: the level of the
 *       entry that had P=0 or the reserved bit set: the last step of the walk;</li>
 *   <li>access-rights faults (P=1, RSVD=0, possibly PK=1): null, because SDM 4.6 defines rights on
 *       the combination of all levels (R/W and U/S ANDed, XD ORed), so no single entry is to blame;</li>
 *   <li>non-canonical addresses: null, no walk happens.</li>
 * </ul>
 *
 * @param kind      page fault (#PF) or non-canonical address (#GP-style, no walk happens)
 * @param errorCode the SDM page-fault error code (0 for {@link Kind#NON_CANONICAL})
 * @param level     the level whose entry caused the fault (null for non-canonical addresses and for
 *                  permission faults, which are detected on the combined rights after the walk)
 */
public record PageFault(Kind kind, int errorCode, PagingLevel level) {
    /** Error-code bit 0: the fault was a protection violation (0 = not present). */
    public static final int EC_P = 1;
    /** Error-code bit 1: the access was a write. */
    public static final int EC_W = 1 << 1;
    /** Error-code bit 2: the access was a user-mode access. */
    public static final int EC_U = 1 << 2;
    /** Error-code bit 3: a reserved bit was set in some paging-structure entry. */
    public static final int EC_RSVD = 1 << 3;
    /** Error-code bit 4: instruction fetch (only reported with NXE or SMEP). */
    public static final int EC_ID = 1 << 4;
    /** Error-code bit 5: protection-key violation. */
    public static final int EC_PK = 1 << 5;

    /** The two kinds of translation failure. */
    public enum Kind {
        PAGE_FAULT("page-fault"), NON_CANONICAL("non-canonical");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /** Whether the walk stopped at an entry with P=0 or a reserved bit set: the L1TF terminal fault. */
    public boolean isTerminal() {
        return kind == Kind.PAGE_FAULT && ((errorCode & EC_P) == 0 || (errorCode & EC_RSVD) != 0);
    }
}
