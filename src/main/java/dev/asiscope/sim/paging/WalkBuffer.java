package dev.asiscope.sim.paging;

import java.util.List;

/**
 * The outcome of one {@link PageWalker#translate} in mutable form, owned by one caller and reused walk after
 * walk, so that a TLB miss allocates nothing: the entries read, the fault (if any), the translation and the
 * A/D updates. It holds exactly what a {@link WalkResult} holds; {@link #toResult()} makes that immutable
 * record when someone wants to keep or show the walk.
 *
 * <p>Every field is overwritten by the next {@code translate} into this buffer. Not thread-safe: one buffer
 * per walking thread.
 */
public final class WalkBuffer {
    /** At most five levels (5-level paging), so at most five entries read and five written. */
    static final int MAX_LEVELS = 5;

    long linearAddress;
    int stepCount;
    /** Level ordinals ({@link PagingLevel#ordinal()}), not references: no reference stores per step. */
    final byte[] levels = new byte[MAX_LEVELS];
    private static final PagingLevel[] LEVELS = PagingLevel.values();
    final long[] entryAddresses = new long[MAX_LEVELS];
    final long[] entries = new long[MAX_LEVELS];
    /** null when the translation succeeded. */
    PageFault.Kind faultKind;
    int errorCode;
    PagingLevel faultLevel;
    long physicalAddress;
    PageSize pageSize;
    boolean writable;
    boolean user;
    boolean executable;
    boolean global;
    int protectionKey;
    boolean dirty;
    long terminalPhysicalAddress;
    int updateCount;
    final long[] updateAddresses = new long[MAX_LEVELS];
    final long[] updateValues = new long[MAX_LEVELS];
    /** Scratch for the A/D pass: the distinct entry addresses of the walk and their values before/after. */
    final long[] scratchBefore = new long[MAX_LEVELS];
    final long[] scratchAfter = new long[MAX_LEVELS];
    final long[] scratchAddresses = new long[MAX_LEVELS];

    /** An empty buffer (as after a non-canonical address: no steps, no translation). */
    public WalkBuffer() {
        physicalAddress = -1;
        terminalPhysicalAddress = -1;
    }

    void start(long linearAddress) {
        this.linearAddress = linearAddress;
        stepCount = 0;
        updateCount = 0;
        faultKind = null;
        errorCode = 0;
        faultLevel = null;
        physicalAddress = -1;
        pageSize = null;
        writable = false;
        user = false;
        executable = false;
        global = false;
        protectionKey = 0;
        dirty = false;
        terminalPhysicalAddress = -1;
    }

    void addStep(int level, long entryAddress, long entry) {
        levels[stepCount] = (byte) level;
        entryAddresses[stepCount] = entryAddress;
        entries[stepCount] = entry;
        stepCount++;
    }

    void fail(PageFault.Kind kind, int errorCode, PagingLevel level) {
        this.faultKind = kind;
        this.errorCode = errorCode;
        this.faultLevel = level;
    }

    /** Whether the translation faulted. */
    public boolean faulted() {
        return faultKind != null;
    }

    /** The translated physical address, or -1 on a fault. */
    public long physicalAddress() {
        return physicalAddress;
    }

    /** The leaf's page size, or null on a fault. */
    public PageSize pageSize() {
        return pageSize;
    }

    /** Effective R/W (ANDed over all levels). */
    public boolean writable() {
        return writable;
    }

    /** Effective U/S (ANDed over all levels). */
    public boolean user() {
        return user;
    }

    /** Effective execute permission. */
    public boolean executable() {
        return executable;
    }

    /** G bit of the leaf. */
    public boolean global() {
        return global;
    }

    /** Protection key of the leaf. */
    public int protectionKey() {
        return protectionKey;
    }

    /** D bit of the leaf after this access. */
    public boolean dirty() {
        return dirty;
    }

    /** On a terminal fault the physical address an L1TF load would use; -1 otherwise. */
    public long terminalPhysicalAddress() {
        return terminalPhysicalAddress;
    }

    /** Number of paging-structure entries read. */
    public int stepCount() {
        return stepCount;
    }

    /** The fault as a record, or null (allocates: for callers that report the fault). */
    public PageFault fault() {
        return faultKind == null ? null : new PageFault(faultKind, errorCode, faultLevel);
    }

    /** The same outcome as an immutable {@link WalkResult} (allocates). */
    public WalkResult toResult() {
        WalkStep[] steps = new WalkStep[stepCount];
        for (int i = 0; i < stepCount; i++) {
            steps[i] = new WalkStep(LEVELS[levels[i]], entryAddresses[i], entries[i]);
        }
        WalkResult.EntryUpdate[] updates = new WalkResult.EntryUpdate[updateCount];
        for (int i = 0; i < updateCount; i++) {
            updates[i] = new WalkResult.EntryUpdate(updateAddresses[i], updateValues[i]);
        }
        // List.of makes the immutable lists the record would otherwise copy again.
        return new WalkResult(linearAddress, List.of(steps), fault(), physicalAddress, pageSize, writable, user,
                executable, global, protectionKey, dirty, terminalPhysicalAddress, List.of(updates));
    }
}
