package dev.asiscope.bench;

import dev.asiscope.sim.mem.FrameAllocator;
import dev.asiscope.sim.paging.PageTableBuilder;
import dev.asiscope.sim.mem.PhysicalMemory;
import dev.asiscope.sim.paging.PageTableEntry;
import dev.asiscope.sim.tables.AddressSpace;
import dev.asiscope.sim.tables.EntryFormat;
import dev.asiscope.sim.tables.PageTableTree;
import dev.asiscope.sim.tables.PagingStructure;
import dev.asiscope.sim.tables.TableDiff;
import dev.asiscope.sim.tables.TableSet;
import java.util.List;
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

/**
 * Reading a page table of a million mapped 4 KiB pages back as a tree ({@link PageTableTree#read}), the
 * work behind {@code asiscope tables} and the page-table view:
 * <ul>
 *   <li>{@link #readMillionPageTree}: read every structure (1 PML4, 1 PDPT, 2 PDs, 1,954 PTs; 1,958
 *       frames, 1,002,496 qword reads) and count the leaves;</li>
 *   <li>{@link #visitEveryLeaf}: walk the already-read tree visiting every leaf with its combined rights
 *       (what a property check or a text dump does per page);</li>
 *   <li>{@link #shareAndDiffTwoTables}: index the frames of the tree and of a second table that shares its
 *       lower half ({@link TableSet}) and ask {@link TableDiff} whether the subtree of the root entry
 *       differs.</li>
 * </ul>
 * The table: 1,000,000 contiguous 4 KiB kernel pages (3.8 GiB) at the direct-map base, mapping frames
 * from 4 GiB up, built with the engine's {@link PageTableBuilder}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PageTableTreeBenchmark {
    static final int PAGES = 1_000_000;
    static final long DIRECT_MAP = 0xffff_8880_0000_0000L;

    @State(Scope.Thread)
    public static class Table {
        PhysicalMemory memory;
        AddressSpace space;
        AddressSpace half;
        PageTableTree tree;

        @Setup(Level.Trial)
        public void build() {
            memory = new PhysicalMemory();
            FrameAllocator frames = new FrameAllocator(0x10_0000, 1L << 32);
            PageTableBuilder b = new PageTableBuilder(memory, frames);
            long root = b.newRoot();
            b.map(root, DIRECT_MAP, 1L << 32, (long) PAGES << 12,
                    PageTableEntry.RW | PageTableEntry.A | PageTableEntry.D | PageTableEntry.XD, false);
            space = new AddressSpace("big", "benchmark", "host-physical", EntryFormat.X86, root, false, 46, true, 1);
            // a second root sharing the PDPT: the same million pages through another table
            long other = b.newRoot();
            b.shareTopLevel(root, other, (int) ((DIRECT_MAP >>> 39) & 0x1ff));
            half = new AddressSpace("other", "benchmark", "host-physical", EntryFormat.X86, other, false, 46, true, 2);
            tree = PageTableTree.read(space, memory);
            if (tree.leafCount() != PAGES) {
                throw new IllegalStateException("expected " + PAGES + " leaves, read " + tree.leafCount());
            }
        }
    }

    @Benchmark
    public long readMillionPageTree(Table t) {
        return PageTableTree.read(t.space, t.memory).leafCount();
    }

    @Benchmark
    public long visitEveryLeaf(Table t) {
        long[] sum = {0};
        t.tree.forEachLeaf((s, i, va, size, pa, rights) -> sum[0] += pa ^ rights);
        return sum[0];
    }

    @Benchmark
    public boolean shareAndDiffTwoTables(Table t) {
        PageTableTree other = PageTableTree.read(t.half, t.memory);
        TableSet set = new TableSet(List.of(t.tree, other));
        PagingStructure root = t.tree.root();
        int index = (int) ((DIRECT_MAP >>> 39) & 0x1ff);
        return set.sharedFrames().isEmpty() || new TableDiff(t.tree, other).subtreeDiffers(root, index);
    }
}
