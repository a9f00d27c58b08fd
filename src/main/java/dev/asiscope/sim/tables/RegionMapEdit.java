package dev.asiscope.sim.tables;

import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.engine.SimulationException;
import dev.asiscope.sim.engine.MachineEdit;
import dev.asiscope.sim.mem.FrameAllocator;
import dev.asiscope.sim.paging.PageTableBuilder;
import dev.asiscope.sim.kernel.PlacedRegion;
import dev.asiscope.sim.mem.QwordMemory;
import dev.asiscope.sim.paging.PageSize;
import dev.asiscope.sim.paging.PageTableEntry;
import dev.asiscope.sim.paging.PagingLevel;
import java.util.ArrayList;
import java.util.List;

/**
 * "What if this table mapped (or did not map) this region": maps a region's kernel pages into host table
 * {@code space} exactly as the full table maps them (same frames, flags and page sizes, as ASI requires
 * of every restricted mapping), or clears every leaf that maps them there; then flushes every CPU's TLB.
 * Paging structures a mapping needs come from a pool at 512 GiB physical, which no region reaches.
 *
 * @param cycle  when
 * @param space  a host table ({@code restricted:vm1}, {@code process:p1:asi}, ...; not {@code full})
 * @param region region name
 * @param map    true to map, false to unmap
 */
public record RegionMapEdit(long cycle, String space, String region, boolean map) implements MachineEdit {
    /** Physical base of the frames new paging structures are taken from. */
    public static final long TABLE_POOL = 1L << 39;

    @Override
    public void apply(Machine machine) {
        AddressSpace sp = Edits.space(machine, space);
        if (!sp.domain().equals(MachineTables.HOST) || sp.format() != EntryFormat.X86) {
            throw new SimulationException(new SimulationException.NotHostTable(space));
        }
        PlacedRegion r = machine.layout().region(region);
        if (r == null) {
            throw new SimulationException(new SimulationException.NoRegion(region));
        }
        QwordMemory memory = machine.memory();
        PageTableTree full = MachineTables.read(machine, Edits.space(machine, "full"));
        List<long[]> leaves = new ArrayList<>(); // {va, raw, level ordinal}
        full.forEachLeaf((s, i, va, size, pa, rights) -> {
            if (Long.compareUnsigned(va, r.virtualBase()) >= 0
                    && Long.compareUnsigned(va, r.virtualBase() + r.mappedSize()) < 0) {
                leaves.add(new long[] {va, s.raw(i), s.level().ordinal()});
            }
        });
        if (map) {
            PageTableBuilder builder = new PageTableBuilder(memory, new FrameAllocator(firstFreeFrame(machine), 1L << 40));
            for (long[] l : leaves) {
                PageSize size = PageSize.ofLeafLevel(PagingLevel.values()[(int) l[2]]);
                long frameBits = PageTableEntry.ADDRESS_FIELD & ~size.offsetMask();
                builder.mapOne(sp.root(), l[0], l[1] & frameBits, size, l[1] & ~frameBits & ~PageTableEntry.P);
            }
        } else {
            PageTableTree tree = MachineTables.read(machine, sp);
            for (long[] l : leaves) {
                PagingLevel level = PagingLevel.values()[(int) l[2]];
                PagingStructure s = tree.structureAt(level, l[0]);
                if (s != null) {
                    memory.writeQword(s.address() + 8L * level.indexOf(l[0]), 0);
                }
            }
        }
        Edits.flushAllTlbs(machine);
    }

    /** The first frame of the pool no earlier edit took (deterministic: memory decides). */
    private static long firstFreeFrame(Machine machine) {
        long f = TABLE_POOL;
        while (machine.memory().isPopulated(f)) {
            f += 4096;
        }
        return f;
    }
}
