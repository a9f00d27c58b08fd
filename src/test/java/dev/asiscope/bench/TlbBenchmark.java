package dev.asiscope.bench;

import dev.asiscope.sim.paging.PageSize;
import dev.asiscope.sim.tlb.Tlb;
import dev.asiscope.sim.tlb.TlbEntry;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * DTLB operations per second on the default geometry (64 entries, 4-way, 16 sets), with CR4.PCIDE on.
 *
 * <ul>
 *   <li>{@link #lookupHit}: a full TLB of 48 user entries (PCID 1) and 16 global kernel entries (created
 *       under PCID 0, matched through the G flag), looked up under PCID 1 at random addresses inside those
 *       64 pages: every lookup hits and updates the set's LRU order;</li>
 *   <li>{@link #lookupInsertOnMiss}: random addresses over 65,536 distinct 4 KiB user pages: almost every
 *       lookup (all but about 0.1%) misses and is followed by an {@link Tlb#insert} that evicts the set's LRU
 *       way. The inserted entries are built in setup, so the figure is the TLB's cost, not the entry
 *       allocation's.</li>
 * </ul>
 * Traces are fixed by the seeds in each state.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// A fixed, pre-touched heap: a growing heap is faulted in page by page during the first seconds, which
// roughly quartered CacheBenchmark.randomSpread for a few iterations (see docs/performance.md).
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TlbBenchmark {
    static final int TRACE = 1 << 16;
    static final int USER_PCID = 1;
    static final long USER_BASE = 0x0000_7f12_3400_0000L;
    /** Linux direct map base (4-level layout, Documentation/arch/x86/x86_64/mm.rst). */
    static final long KERNEL_BASE = 0xffff_8880_0000_0000L;

    /** A full TLB whose 64 entries cover every address of the trace. */
    @State(Scope.Thread)
    public static class Hits {
        static final long SEED = 0x5EED_0000_0000_0002L;
        Tlb tlb;
        long[] addresses;
        int next;

        @Setup(Level.Trial)
        public void fill() {
            tlb = new Tlb();
            long[] pages = new long[Tlb.DEFAULT_ENTRIES];
            // 16 consecutive kernel pages take one way of each of the 16 sets, 48 consecutive user pages the
            // other three.
            for (int k = 0; k < 16; k++) {
                pages[k] = KERNEL_BASE + ((long) k << 12);
                tlb.insert(new TlbEntry(0, 0, pages[k], PageSize.SIZE_4K, 0x0100_0000L + ((long) k << 12),
                        true, false, false, true, true, 0));
            }
            for (int k = 0; k < 48; k++) {
                pages[16 + k] = USER_BASE + ((long) k << 12);
                tlb.insert(new TlbEntry(0, USER_PCID, pages[16 + k], PageSize.SIZE_4K,
                        0x2000_0000L + ((long) k << 12), true, true, false, false, false, 0));
            }
            if (tlb.size() != Tlb.DEFAULT_ENTRIES || tlb.evictions() != 0) {
                throw new IllegalStateException("hit set does not fit the TLB: " + tlb);
            }
            Random r = new Random(SEED);
            addresses = new long[TRACE];
            for (int i = 0; i < TRACE; i++) {
                addresses[i] = pages[r.nextInt(pages.length)] + r.nextInt(4096);
            }
            for (long a : addresses) {
                if (tlb.peek(0, USER_PCID, a) == null) {
                    throw new IllegalStateException("trace address misses: 0x" + Long.toHexString(a));
                }
            }
        }
    }

    /** Random pages far more numerous than the TLB's entries, with the entry each would be filled with. */
    @State(Scope.Thread)
    public static class Misses {
        static final long SEED = 0x5EED_0000_0000_0003L;
        static final int PAGES = 1 << 16;
        Tlb tlb;
        long[] addresses;
        TlbEntry[] fills;
        int next;

        @Setup(Level.Trial)
        public void build() {
            tlb = new Tlb();
            Random r = new Random(SEED);
            long[] pageBase = new long[PAGES];
            TlbEntry[] pageEntry = new TlbEntry[PAGES];
            Set<Long> seen = new HashSet<>();
            for (int p = 0; p < PAGES; p++) {
                do {
                    pageBase[p] = (1L + (r.nextLong() >>> 30)) << 12; // a distinct page in the user half
                } while (!seen.add(pageBase[p]));
                pageEntry[p] = new TlbEntry(0, USER_PCID, pageBase[p], PageSize.SIZE_4K,
                        (0x4000_0000L + ((long) p << 12)), true, true, false, false, false, 0);
            }
            addresses = new long[TRACE];
            fills = new TlbEntry[TRACE];
            for (int i = 0; i < TRACE; i++) {
                int p = r.nextInt(PAGES);
                addresses[i] = pageBase[p] + r.nextInt(4096);
                fills[i] = pageEntry[p];
            }
        }
    }

    /** One lookup that hits. */
    @Benchmark
    public void lookupHit(Hits s, Blackhole bh) {
        bh.consume(s.tlb.lookup(0, USER_PCID, s.addresses[s.next++ & (TRACE - 1)]));
    }

    /** One lookup and, on the (usual) miss, the fill that follows the walk. */
    @Benchmark
    public void lookupInsertOnMiss(Misses s, Blackhole bh) {
        int i = s.next++ & (TRACE - 1);
        TlbEntry e = s.tlb.lookup(0, USER_PCID, s.addresses[i]);
        if (e == null) {
            e = s.fills[i];
            bh.consume(s.tlb.insert(e));
        }
        bh.consume(e);
    }
}
