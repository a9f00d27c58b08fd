package dev.asiscope.sim.tables;

import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.engine.SimulationException;
import dev.asiscope.sim.engine.MachineEdit;
import dev.asiscope.sim.paging.PageTableEntry;
import dev.asiscope.sim.paging.PagingLevel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "What if this entry had other bits": sets and clears bits of the paging-structure entry at
 * {@code level} on the walk of {@code linearAddress} in table {@code space}, then flushes every CPU's TLB
 * (as the kernel's {@code flush_tlb_all()} after changing a kernel mapping), so the next access walks the
 * changed entry. Only x86 tables; the entry must exist (its structure must be on the walk).
 *
 * @param cycle         when
 * @param space         table name ({@code full}, {@code restricted:vm1}, {@code guest:vm1}, ...)
 * @param linearAddress an address the entry translates
 * @param level         the entry's level
 * @param set           bits to set
 * @param clear         bits to clear
 */
public record EntryEdit(long cycle, String space, long linearAddress, PagingLevel level, long set, long clear)
        implements MachineEdit {

    /** Bits an edit may name, by SDM name. {@code RSVD} is bit 51, reserved below a MAXPHYADDR of 52. */
    public static final Map<String, Long> BITS;

    static {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("P", PageTableEntry.P);
        m.put("R/W", PageTableEntry.RW);
        m.put("U/S", PageTableEntry.US);
        m.put("PWT", PageTableEntry.PWT);
        m.put("PCD", PageTableEntry.PCD);
        m.put("A", PageTableEntry.A);
        m.put("D", PageTableEntry.D);
        m.put("PS", PageTableEntry.PS);
        m.put("G", PageTableEntry.G);
        m.put("XD", PageTableEntry.XD);
        m.put("RSVD", 1L << 51);
        BITS = java.util.Collections.unmodifiableMap(m);
    }

    /**
     * The mask of bits named in {@code names}; an unknown name throws (the scenario compiler checks the names
     * first and words the error for people).
     */
    public static long mask(List<String> names) {
        long m = 0;
        for (String n : names) {
            Long bit = BITS.get(n);
            if (bit == null) {
                throw new IllegalArgumentException("unknown bit '" + n + "'");
            }
            m |= bit;
        }
        return m;
    }

    /** SDM names of the bits in {@code mask}. */
    public static List<String> names(long mask) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : BITS.entrySet()) {
            if ((mask & e.getValue()) != 0) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    @Override
    public void apply(Machine machine) {
        AddressSpace sp = Edits.space(machine, space);
        if (sp.format() != EntryFormat.X86) {
            throw new SimulationException(new SimulationException.NotX86Table(space));
        }
        PageTableTree tree = MachineTables.read(machine, sp);
        PagingStructure s = tree.structureAt(level, linearAddress);
        if (s == null) {
            throw new SimulationException(new SimulationException.WalkDoesNotReach(space, linearAddress, level));
        }
        long address = s.address() + 8L * level.indexOf(linearAddress);
        var memory = MachineTables.memoryOf(machine, sp);
        memory.writeQword(address, (memory.readQword(address) | set) & ~clear);
        Edits.flushAllTlbs(machine);
    }
}
