package dev.asiscope.bench;

import dev.asiscope.sim.security.Context;
import dev.asiscope.sim.security.AddressSpaceId;
import dev.asiscope.sim.cache.AccessOrigin;
import dev.asiscope.sim.cache.AccessOutcome;
import dev.asiscope.sim.cache.Cache;
import dev.asiscope.sim.cache.CacheGeometry;
import dev.asiscope.sim.cache.HierarchyLevel;
import dev.asiscope.sim.cache.LineFillBuffers;
import dev.asiscope.sim.cache.MemoryHierarchy;
import dev.asiscope.sim.cache.Replacement;
import dev.asiscope.sim.mem.PhysicalMemory;
import dev.asiscope.sim.timing.LatencyTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
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
 *   <li>{@link #trace}: the native yardstick's trace (see {@link Trace}), one whole pass per invocation on a
 *       fresh hierarchy, as the C reference measures it; the score is accesses per second.</li>
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
    static final Context CONTEXT = Context.hostKernel(false, -1);
    static final AddressSpaceId SPACE = AddressSpaceId.FULL;

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
                hierarchy.access(0, a, false, AccessOrigin.ARCHITECTURAL, CONTEXT, null, SPACE, cycle++);
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

    /**
     * The cache trace of the native yardstick ({@code gen_inputs.py}: 5,000,000 accesses, 50 % to a hot
     * 16 KiB set, 30 % to a 256 KiB set, 20 % spread over 64 MiB, 25 % stores, 8-byte aligned), read from
     * {@code cache.addr} (little-endian u64 physical addresses) and {@code cache.store} (u8 store flags) in
     * {@link #dir}. {@code scripts/bench-vs-c.sh} generates the files and runs this benchmark and the C
     * reference on them in one run.
     *
     * <p>With {@code replacement=LRU} (the default) every level is true LRU, as in the C reference, so both
     * must count the same hits, misses and dirty evictions per level: {@link #check} prints ours as one JSON
     * line ({@code asiscope-cache-counters}) for the script to compare. {@code replacement=DEFAULT} uses the
     * machine's default geometries instead (tree-PLRU L1D).
     */
    @State(Scope.Thread)
    public static class Trace {
        /** The directory holding {@code cache.addr} and {@code cache.store}. */
        @Param("target/bench-work")
        public String dir;
        /** {@code LRU} (every level LRU, as the C reference) or {@code DEFAULT} (the machine's geometries). */
        @Param("LRU")
        public String replacement;

        long[] addresses;
        boolean[] stores;
        PhysicalMemory memory;
        MemoryHierarchy hierarchy;
        long cycles;
        int passes;

        @Setup(Level.Trial)
        public void read() {
            Path d = Path.of(dir);
            try {
                byte[] a = Files.readAllBytes(d.resolve("cache.addr"));
                byte[] st = Files.readAllBytes(d.resolve("cache.store"));
                if (a.length != 8L * st.length) {
                    throw new IllegalStateException(d + ": cache.addr holds " + a.length / 8 + " addresses but cache.store "
                            + st.length + " flags");
                }
                addresses = new long[st.length];
                ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(addresses);
                stores = new boolean[st.length];
                for (int i = 0; i < st.length; i++) {
                    stores[i] = st[i] != 0;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no cache trace in " + d.toAbsolutePath()
                        + " (scripts/bench-vs-c.sh generates it; or -p dir=DIR)", e);
            }
            // Label the trace's three regions as gen_inputs.py lays them out, so that a fill reads a real
            // label (one frame lookup per miss) as it does in the machine.
            memory = new PhysicalMemory();
            memory.setLabel(0x1000_0000L, 16 * 1024, "host-kernel-sensitive");
            memory.setLabel(0x2000_0000L, 256 * 1024, "vm:1");
            memory.setLabel(0x4000_0000L, 64 * 1024 * 1024, "vm:2");
        }

        @Setup(Level.Invocation)
        public void freshHierarchy() {
            if (replacement.equals("LRU")) {
                hierarchy = new MemoryHierarchy(2, 2, lru("L1D", 32 * 1024, 8), lru("L2", 1024 * 1024, 16),
                        lru("LLC", 8 * 1024 * 1024, 16), LineFillBuffers.DEFAULT_ENTRIES, LatencyTable.defaults(),
                        memory);
            } else if (replacement.equals("DEFAULT")) {
                hierarchy = newHierarchy(memory);
            } else {
                throw new IllegalArgumentException("replacement must be LRU or DEFAULT, got " + replacement);
            }
        }

        private static CacheGeometry lru(String name, long size, int ways) {
            return new CacheGeometry(name, size, ways, LINE, Replacement.LRU);
        }

        /** After the last pass: our counters, as one JSON line named like the C reference's fields. */
        @TearDown(Level.Trial)
        public void check() {
            Cache l1 = hierarchy.l1d(0);
            Cache l2 = hierarchy.l2(0);
            Cache llc = hierarchy.llc();
            System.out.println(String.format(Locale.ROOT, "{\"tool\": \"asiscope-cache-counters\", \"replacement\": \"%s\", "
                    + "\"accesses\": %d, \"passes\": %d, \"l1_hits\": %d, \"l1_misses\": %d, \"l2_hits\": %d, "
                    + "\"l2_misses\": %d, \"llc_hits\": %d, \"llc_misses\": %d, \"l1_dirty_evictions\": %d, "
                    + "\"l2_dirty_evictions\": %d, \"llc_dirty_evictions\": %d}",
                    replacement, addresses.length, passes, l1.hits(), l1.misses(), l2.hits(), l2.misses(),
                    llc.hits(), llc.misses(), l1.writebacks(), l2.writebacks(), llc.writebacks()));
        }
    }

    /** Accesses in one pass of the default trace ({@code gen_inputs.py --cache-n}). */
    static final int TRACE_ACCESSES = 5_000_000;

    /**
     * One pass over the whole trace on a fresh hierarchy; the score counts accesses (the trace must hold
     * {@link #TRACE_ACCESSES} of them, the generator's default, or the score is scaled wrong: checked).
     */
    @Benchmark
    @OperationsPerInvocation(TRACE_ACCESSES)
    public long trace(Trace s) {
        long[] a = s.addresses;
        boolean[] w = s.stores;
        if (a.length != TRACE_ACCESSES) {
            throw new IllegalStateException("the trace holds " + a.length + " accesses, the score assumes "
                    + TRACE_ACCESSES);
        }
        MemoryHierarchy h = s.hierarchy;
        long cycles = 0;
        for (int i = 0; i < a.length; i++) {
            cycles += h.access(0, a[i], w[i], AccessOrigin.ARCHITECTURAL, CONTEXT, null, SPACE, cycles).latency();
        }
        s.cycles = cycles;
        s.passes++;
        return cycles;
    }

    /** One access that hits the L1D. */
    @Benchmark
    public void hotWorkingSet(Hot s, Blackhole bh) {
        int i = s.next++ & (Hot.TRACE - 1);
        AccessOutcome o = s.hierarchy.access(0, s.addresses[i], s.writes[i], AccessOrigin.ARCHITECTURAL, CONTEXT,
                null, SPACE, s.cycle);
        s.cycle += o.latency();
        bh.consume(o);
    }

    /** One access to a random line of a region eight times the LLC. */
    @Benchmark
    public void randomSpread(Spread s, Blackhole bh) {
        long z = s.nextRandom();
        long pa = Spread.BASE + ((z >>> 40) & (Spread.LINES - 1)) * LINE;
        boolean write = (z & 0x300) == 0;
        AccessOutcome o = s.hierarchy.access(0, pa, write, AccessOrigin.ARCHITECTURAL, CONTEXT, null, SPACE, s.cycle);
        s.cycle += o.latency();
        bh.consume(o);
    }
}
