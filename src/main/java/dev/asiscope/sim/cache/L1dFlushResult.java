package dev.asiscope.sim.cache;

/**
 * The result of an L1D flush (IA32_FLUSH_CMD.L1D_FLUSH) on one physical core.
 *
 * @param core              the physical core flushed
 * @param l1d               the L1D lines dropped and how many were dirty (written back to L2)
 * @param lfbEntriesCleared line fill buffer entries that held (stale) data and were cleared
 * @param cycles            the cost charged for the flush itself: {@code LatencyTable.l1dFlush}, a fixed
 *                          base cost (the estimate in docs/latencies.md is write-back bound, &gt;= 512
 *                          cycles for a fully dirty 32 KiB L1D); it does not depend on the number of dirty
 *                          lines, and the refill misses that follow are charged naturally by later accesses
 */
public record L1dFlushResult(int core, Invalidation l1d, int lfbEntriesCleared, int cycles) {
}
