package dev.asiscope.sim.cache;

/**
 * The result of an L1D flush (IA32_FLUSH_CMD.L1D_FLUSH) on one physical core.
 *
 * @param core              the physical core flushed
 * @param l1d               the L1D lines dropped and how many were dirty (written back to L2)
 * @param lfbEntriesCleared line fill buffer entries that held (stale) data and were cleared
 * @param cycles            the cost of the flush itself: the WRMSR ({@code LatencyTable.l1dFlush}) plus the
 *                          longer of walking every L1D line (2 per cycle) and writing back the dirty ones
 *                          ({@code LatencyTable.l1dWriteBack} each; sources in docs/latencies.md); the refill
 *                          misses that follow are charged naturally by later accesses
 */
public record L1dFlushResult(int core, Invalidation l1d, int lfbEntriesCleared, int cycles) {
}
