package dev.asiscope.bench;

import dev.asiscope.sim.cache.AccessOrigin;
import dev.asiscope.sim.cache.AccessOutcome;
import dev.asiscope.sim.cache.HierarchyLevel;
import dev.asiscope.sim.cache.MemoryHierarchy;
import dev.asiscope.sim.mem.PhysicalMemory;
import dev.asiscope.sim.timing.LatencyTable;
import java.util.Random;
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
 * {@link MemoryHierarchy#access} calls per second on the default machine (2 cores x 2 threads, L1D 32 KiB
 * 8-way tree-PLRU, L2 1 MiB 16-way, LLC 8 MiB 16-way, 10 LFBs per core, default latencies), from logical
 * CPU 0, one store in four.
 *
 * <ul>
 *   <li>{@link #hotWorkingSet}: random lines of a 16 KiB labelled buffer, warmed in setup: every access is
 *       an L1D hit (the common case of a simulated program);</li>
 *   <li>{@link #randomSpread}: random lines of a 64 MiB labelled region, eight times the LLC: most accesses
 *       miss every level and go to DRAM (87.5% DRAM, 10.9% LLC, 1.5% L2 hits), filling the levels that missed,
 *       allocating an LFB entry, evicting victims and writing dirty ones back. The addresses come from a seeded xorshift generator inline (a few
 *       cycles) rather than from a stored trace, because a trace that repeats would soon fit in the LLC.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// A fixed, pre-touched heap: a growing heap is faulted in page by page during the first seconds, which
// roughly quartered CacheBenchmark.randomSpread for a few iterations (see docs/performance.md).
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CacheBenchmark {
    static final int LINE = 64;
    static final String CONTEXT = "host-kernel-full";
    static final String SPACE = "full";

    static MemoryHierarchy newHierarchy(PhysicalMemory memory) {
        return MemoryHierarchy.withDefaults(2, 2, LatencyTable.defaults(), memory);
    }

    /** A 16 KiB buffer that stays in the L1D. */
    @State(Scope.Thread)
    public static class Hot {
        static final long SEED = 0x5EED_0000_0000_0004L;
        static final long BASE = 0x4000_0000L;
        static final int BYTES = 16 * 1024;
        static final int TRACE = 1 << 16;
        MemoryHierarchy hierarchy;
        long[] addresses;
        boolean[] writes;
        int next;
        long cycle;

        @Setup(Level.Trial)
        public void build() {
            PhysicalMemory memory = new PhysicalMemory();
            memory.setLabel(BASE, BYTES, "host-kernel-sensitive");
            hierarchy = newHierarchy(memory);
            Random r = new Random(SEED);
            addresses = new long[TRACE];
            writes = new boolean[TRACE];
            for (int i = 0; i < TRACE; i++) {
                addresses[i] = BASE + (long) r.nextInt(BYTES / LINE) * LINE + r.nextInt(LINE / 8) * 8;
                writes[i] = r.nextInt(4) == 0;
            }
            for (long a = BASE; a < BASE + BYTES; a += LINE) {
                hierarchy.access(0, a, false, AccessOrigin.ARCHITECTURAL, CONTEXT, SPACE, cycle++);
            }
            for (long a = BASE; a < BASE + BYTES; a += LINE) {
                if (hierarchy.peekLevel(0, a) != HierarchyLevel.L1) {
                    throw new IllegalStateException("hot set not in L1D: 0x" + Long.toHexString(a));
                }
            }
        }
    }

    /** A 64 MiB region, far larger than the LLC. */
    @State(Scope.Thread)
    public static class Spread {
        static final long SEED = 0x5EED_0000_0000_0005L;
        static final long BASE = 0x1_0000_0000L;
        static final int BYTES = 64 * 1024 * 1024;
        static final int LINES = BYTES / LINE;
        MemoryHierarchy hierarchy;
        long rng;
        long cycle;

        @Setup(Level.Trial)
        public void build() {
            PhysicalMemory memory = new PhysicalMemory();
            memory.setLabel(BASE, BYTES / 2, "vm:1");
            memory.setLabel(BASE + BYTES / 2, BYTES / 2, "host-kernel-sensitive");
            hierarchy = newHierarchy(memory);
            rng = SEED;
        }

        /** xorshift64* step. */
        long nextRandom() {
            long x = rng;
            x ^= x >>> 12;
            x ^= x << 25;
            x ^= x >>> 27;
            rng = x;
            return x * 0x2545_F491_4F6C_DD1DL;
        }
    }

    /** One access that hits the L1D. */
    @Benchmark
    public void hotWorkingSet(Hot s, Blackhole bh) {
        int i = s.next++ & (Hot.TRACE - 1);
        AccessOutcome o = s.hierarchy.access(0, s.addresses[i], s.writes[i], AccessOrigin.ARCHITECTURAL, CONTEXT,
                SPACE, s.cycle);
        s.cycle += o.latency();
        bh.consume(o);
    }

    /** One access to a random line of a region eight times the LLC. */
    @Benchmark
    public void randomSpread(Spread s, Blackhole bh) {
        long z = s.nextRandom();
        long pa = Spread.BASE + ((z >>> 40) & (Spread.LINES - 1)) * LINE;
        boolean write = (z & 0x300) == 0;
        AccessOutcome o = s.hierarchy.access(0, pa, write, AccessOrigin.ARCHITECTURAL, CONTEXT, SPACE, s.cycle);
        s.cycle += o.latency();
        bh.consume(o);
    }
}
