package dev.asiscope.bench;

import dev.asiscope.sim.security.Context;
import dev.asiscope.sim.security.AddressSpaceId;
import dev.asiscope.sim.cache.AccessOrigin;
import dev.asiscope.sim.cache.AccessOutcome;
import dev.asiscope.sim.cache.MemoryHierarchy;
import dev.asiscope.sim.mem.PhysicalMemory;
import dev.asiscope.sim.mem.QwordMemory;
import dev.asiscope.sim.paging.AccessType;
import dev.asiscope.sim.paging.ControlRegisters;
import dev.asiscope.sim.paging.PageTableEntry;
import dev.asiscope.sim.paging.PageWalker;
import dev.asiscope.sim.paging.PagingLevel;
import dev.asiscope.sim.paging.WalkBuffer;
import dev.asiscope.sim.paging.WalkResult;
import dev.asiscope.sim.timing.LatencyTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Page walks per second, each walk standing for a TLB miss: {@link PageWalker#walk} from CR3 down to a
 * 4 KiB leaf (four 8-byte entry reads) for random addresses over a populated 4-level page table.
 *
 * <p>The table: 48 user regions and 16 kernel (vmalloc-area) regions of 1,024 contiguous 4 KiB pages each,
 * 65,536 pages (256 MiB) in all, at random 4 MiB-aligned linear addresses, mapping random data frames;
 * 235 paging-structure frames (128 page tables and the directories above them, 940 KiB), so the page-table
 * entries a random walk reads do not fit in the L1D: through the caches a walk averages three L1D hits and
 * one L2 hit, 27 simulated cycles. All A flags are set up front (the steady state of a running system), so
 * walks with {@code setAccessedDirty=true} read four entries and write none.
 *
 * <ul>
 *   <li>{@link #walkRawMemory}: the walker reads {@link PhysicalMemory} directly (the side-effect-free
 *       inspection path and the lower bound of a walk's cost);</li>
 *   <li>{@link #walkThroughCaches}: every entry read goes through {@link MemoryHierarchy#access} first
 *       ({@link AccessOrigin#PAGE_WALK}), as the machine does, so walks fill and evict cache lines.</li>
 *   <li>{@link #translateRawMemory} and {@link #translateThroughCaches}: the same two walks through
 *       {@link PageWalker#translate} into a reused {@link WalkBuffer} (the TLB-miss path, which allocates
 *       nothing) instead of a new {@link WalkResult} per walk.</li>
 *   <li>{@link #translateImage}: the native yardstick's page-table image and trace ({@link Image}), so the
 *       figure compares with the C reference's walks per second on the same entries.</li>
 * </ul>
 * The trace (addresses, user/supervisor) is fixed by {@link Tables#SEED}; setup checks that every
 * address in it translates without a fault.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// A fixed, pre-touched heap: a growing heap is faulted in page by page during the first seconds, which
// roughly quartered CacheBenchmark.randomSpread for a few iterations (see docs/performance.md).
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PageWalkBenchmark {

    /** The page table, its trace and both ways of reading it. */
    @State(Scope.Thread)
    public static class Tables {
        static final long SEED = 0x5EED_0000_0000_0001L;
        static final int USER_REGIONS = 48;
        static final int KERNEL_REGIONS = 16;
        static final int PAGES_PER_REGION = 1024;
        static final int TRACE = 1 << 16;
        /** Linux vmalloc area base (4-level layout, Documentation/arch/x86/x86_64/mm.rst). */
        static final long VMALLOC_BASE = 0xffff_c900_0000_0000L;
        static final long REGION_BYTES = (long) PAGES_PER_REGION << 12;

        PhysicalMemory memory;
        ControlRegisters cr;
        PageWalker walker;
        MemoryHierarchy hierarchy;
        ThroughCaches cached;
        long[] addresses;
        boolean[] user;
        /** The reused buffer of the allocation-free {@link PageWalker#translate} path. */
        final WalkBuffer buffer = new WalkBuffer();
        int next;
        private long nextTableFrame = 0x0020_0000L;

        @Setup(Level.Trial)
        public void build() {
            Random r = new Random(SEED);
            memory = new PhysicalMemory();
            long root = allocateTable();
            cr = ControlRegisters.linuxDefaults(root);
            walker = new PageWalker(46);
            long[] regionBase = new long[USER_REGIONS + KERNEL_REGIONS];
            Set<Long> used = new HashSet<>();
            for (int i = 0; i < regionBase.length; i++) {
                boolean kernel = i >= USER_REGIONS;
                long base;
                do {
                    // user: one of 2^22 4 MiB slots in the low 16 TiB (never page 0);
                    // kernel: one of 2^23 4 MiB slots in the 32 TiB vmalloc area
                    long slot = kernel ? r.nextInt(1 << 23) : 1 + (r.nextLong() >>> 42);
                    base = (kernel ? VMALLOC_BASE : 0) + slot * REGION_BYTES;
                } while (!used.add(base));
                regionBase[i] = base;
                for (int p = 0; p < PAGES_PER_REGION; p++) {
                    long frame = (1L << 30) + ((r.nextLong() >>> 31) << 12); // 1 GiB .. 32 TiB, below MAXPHYADDR 46
                    long leaf = frame | PageTableEntry.P | PageTableEntry.RW | PageTableEntry.A
                            | (kernel ? PageTableEntry.G | PageTableEntry.XD : PageTableEntry.US);
                    map(root, base + ((long) p << 12), leaf, !kernel);
                }
            }
            addresses = new long[TRACE];
            user = new boolean[TRACE];
            for (int i = 0; i < TRACE; i++) {
                int region = r.nextInt(regionBase.length);
                addresses[i] = regionBase[region] + ((long) r.nextInt(PAGES_PER_REGION) << 12) + (r.nextInt(512) << 3);
                user[i] = region < USER_REGIONS;
            }
            for (int i = 0; i < TRACE; i++) {
                WalkResult w = walker.walk(cr, addresses[i], AccessType.READ, user[i], memory, false);
                if (w.faulted()) {
                    throw new IllegalStateException("benchmark table broken at trace " + i + ": " + w.fault());
                }
            }
            hierarchy = MemoryHierarchy.withDefaults(2, 2, LatencyTable.defaults(), memory);
            cached = new ThroughCaches(hierarchy, memory, 0);
        }

        private long allocateTable() {
            long f = nextTableFrame;
            nextTableFrame += 4096;
            memory.writeQword(f, 0); // create the frame
            return f;
        }

        private void map(long root, long va, long leaf, boolean userRegion) {
            long upper = PageTableEntry.P | PageTableEntry.RW | PageTableEntry.A | (userRegion ? PageTableEntry.US : 0);
            long table = root;
            for (PagingLevel level : new PagingLevel[] {PagingLevel.PML4, PagingLevel.PDPT, PagingLevel.PD}) {
                long entryAddress = table + 8L * level.indexOf(va);
                long e = memory.readQword(entryAddress);
                if ((e & PageTableEntry.P) == 0) {
                    e = allocateTable() | upper;
                    memory.writeQword(entryAddress, e);
                }
                table = e & PageTableEntry.ADDRESS_FIELD;
            }
            memory.writeQword(table + 8L * PagingLevel.PT.indexOf(va), leaf);
        }

        int nextIndex() {
            return next++ & (TRACE - 1);
        }
    }

    /**
     * A walker port that charges every entry read and A/D write to the cache hierarchy of one logical CPU
     * before touching memory, advancing its own cycle count by the latency of each access.
     */
    static final Context HOST_KERNEL = Context.hostKernel(false, -1);
    static final Context HOST_USER = Context.hostUser(0);

    static final class ThroughCaches implements QwordMemory {
        private final MemoryHierarchy hierarchy;
        private final PhysicalMemory memory;
        private final int logicalCpu;
        Context context = HOST_KERNEL;
        long cycle;

        ThroughCaches(MemoryHierarchy hierarchy, PhysicalMemory memory, int logicalCpu) {
            this.hierarchy = hierarchy;
            this.memory = memory;
            this.logicalCpu = logicalCpu;
        }

        @Override
        public long readQword(long physicalAddress) {
            AccessOutcome o = hierarchy.access(logicalCpu, physicalAddress, false, AccessOrigin.PAGE_WALK, context, null,
                    AddressSpaceId.FULL, cycle);
            cycle += o.latency();
            return memory.readQword(physicalAddress);
        }

        @Override
        public void writeQword(long physicalAddress, long value) {
            AccessOutcome o = hierarchy.access(logicalCpu, physicalAddress, true, AccessOrigin.PAGE_WALK, context, null,
                    AddressSpaceId.FULL, cycle);
            cycle += o.latency();
            memory.writeQword(physicalAddress, value);
        }
    }

    /** One walk reading raw physical memory. */
    @Benchmark
    public void walkRawMemory(Tables t, Blackhole bh) {
        int i = t.nextIndex();
        bh.consume(t.walker.walk(t.cr, t.addresses[i], AccessType.READ, t.user[i], t.memory, true));
    }

    /** One walk whose every entry read is a {@link MemoryHierarchy#access} first. */
    @Benchmark
    public void walkThroughCaches(Tables t, Blackhole bh) {
        int i = t.nextIndex();
        t.cached.context = t.user[i] ? HOST_USER : HOST_KERNEL;
        bh.consume(t.walker.walk(t.cr, t.addresses[i], AccessType.READ, t.user[i], t.cached, true));
    }

    /** One walk reading raw physical memory, into a reused buffer (no allocation). */
    @Benchmark
    public long translateRawMemory(Tables t) {
        int i = t.nextIndex();
        return t.walker.translate(t.cr, t.addresses[i], AccessType.READ, t.user[i], t.memory, true, t.buffer);
    }

    /** One walk through the caches, into a reused buffer. */
    @Benchmark
    public long translateThroughCaches(Tables t) {
        int i = t.nextIndex();
        t.cached.context = t.user[i] ? HOST_USER : HOST_KERNEL;
        return t.walker.translate(t.cr, t.addresses[i], AccessType.READ, t.user[i], t.cached, true, t.buffer);
    }

    /**
     * The native yardstick's page tables ({@code gen_inputs.py}): {@code pt.image} (u64 root, u64 count, then
     * count (physical address, qword) pairs) and {@code pt.vas} (65,536 linear addresses that all map to
     * 4 KiB pages: 48 user and 16 kernel regions of 1,024 pages, 66,282 entries, 940 KiB of tables, all A
     * flags set), read from {@link #dir}. MAXPHYADDR 40 as in the C reference. Every address is walked as a
     * supervisor read with RFLAGS.AC=1, so every walk succeeds (checked) and checks all the rights; the
     * XOR of one pass's physical addresses is printed ({@code pa_xor_one_pass}) for
     * {@code scripts/bench-vs-c.sh} to compare with the C reference's.
     */
    @State(Scope.Thread)
    public static class Image {
        /** The directory holding {@code pt.image} and {@code pt.vas}. */
        @Param("target/bench-work")
        public String dir;

        PhysicalMemory memory;
        ControlRegisters cr;
        PageWalker walker;
        long[] addresses;
        final WalkBuffer buffer = new WalkBuffer();
        int next;

        @Setup(Level.Trial)
        public void read() {
            Path d = Path.of(dir);
            LongBuffer image;
            LongBuffer vas;
            try {
                image = ByteBuffer.wrap(Files.readAllBytes(d.resolve("pt.image"))).order(ByteOrder.LITTLE_ENDIAN)
                        .asLongBuffer();
                vas = ByteBuffer.wrap(Files.readAllBytes(d.resolve("pt.vas"))).order(ByteOrder.LITTLE_ENDIAN)
                        .asLongBuffer();
            } catch (IOException e) {
                throw new UncheckedIOException("no page-table image in " + d.toAbsolutePath()
                        + " (scripts/bench-vs-c.sh generates it; or -p dir=DIR)", e);
            }
            long root = image.get(0);
            long pairs = image.get(1);
            if (image.limit() != 2 + 2 * pairs) {
                throw new IllegalStateException(d + "/pt.image: " + pairs + " pairs announced, "
                        + (image.limit() - 2) / 2 + " present");
            }
            memory = new PhysicalMemory();
            for (int i = 0; i < pairs; i++) {
                memory.writeQword(image.get(2 + 2 * i), image.get(3 + 2 * i));
            }
            // Linux defaults with RFLAGS.AC set, as inside copy_from_user (STAC): the image's first 2 MiB are
            // identity-mapped supervisor-only and share the top-level entry with the user regions, so a user
            // access to them faults; supervisor reads with AC=1 reach every page (SMAP permits it, SDM 4.6).
            ControlRegisters d0 = ControlRegisters.linuxDefaults(root);
            cr = new ControlRegisters(d0.cr0Wp(), root, d0.cr4Pge(), d0.cr4La57(), d0.cr4Pcide(), d0.cr4Smep(),
                    d0.cr4Smap(), d0.cr4Pke(), d0.eferNxe(), true, d0.pkru());
            walker = new PageWalker(40);
            int n = vas.limit();
            if (Integer.bitCount(n) != 1) {
                throw new IllegalStateException(d + "/pt.vas: " + n + " addresses, expected a power of two");
            }
            addresses = new long[n];
            vas.get(addresses);
            long xor = 0;
            for (int i = 0; i < n; i++) {
                long pa = walker.translate(cr, addresses[i], AccessType.READ, false, memory, false, buffer);
                if (pa < 0) {
                    throw new IllegalStateException("pt.vas[" + i + "] = 0x" + Long.toHexString(addresses[i])
                            + " does not translate: " + buffer.fault());
                }
                xor ^= pa;
            }
            System.out.println("{\"tool\": \"asiscope-walk-check\", \"walks\": " + n
                    + ", \"pa_xor_one_pass\": \"0x" + Long.toHexString(xor) + "\"}");
        }
    }

    /** One walk of the yardstick's trace over its page-table image (raw memory, reused buffer). */
    @Benchmark
    public long translateImage(Image m) {
        int i = m.next++ & (m.addresses.length - 1);
        return m.walker.translate(m.cr, m.addresses[i], AccessType.READ, false, m.memory, true, m.buffer);
    }
}
