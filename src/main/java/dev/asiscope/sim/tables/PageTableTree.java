package dev.asiscope.sim.tables;

import dev.asiscope.sim.mem.QwordMemory;
import dev.asiscope.sim.paging.PageSize;
import dev.asiscope.sim.paging.PageTableEntry;
import dev.asiscope.sim.paging.PagingLevel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The page tables of one address space as they are in memory: every paging structure reachable from the
 * root, level by level, entries as stored. Reading follows the walker's rules (an entry is followed when
 * present, not reserved and not a leaf), so the leaves of the tree are exactly the pages a walk can
 * translate to, with the rights a walk combines over the levels (SDM Vol. 3A 4.6: R/W and U/S restrict
 * when 0 at any level, XD when 1 at any level; EPT: read/write/execute ANDed over the levels).
 *
 * <p>A frame reached twice at the same level (two entries pointing to one table) is one
 * {@link PagingStructure}; the same frame reached at different levels (a recursive mapping) is read once
 * per level, which bounds the tree by the number of levels. Immutable once read; reading never writes
 * memory and costs one 8-byte read per entry of every structure reached.
 */
public final class PageTableTree {
    /** Rights bits passed to a {@link LeafVisitor}. */
    public static final int READ = 1;
    public static final int WRITE = 2;
    public static final int EXECUTE = 4;
    /** x86: user-mode accesses allowed (U/S=1 at every level). */
    public static final int USER = 8;

    private final AddressSpace space;
    private final List<PagingStructure> structures;
    private final long frameMask;
    private final long[] leafCounts = new long[PageSize.values().length];

    /** Receives every leaf of the tree, in address order. */
    @FunctionalInterface
    public interface LeafVisitor {
        /**
         * @param structure     the structure holding the leaf entry
         * @param index         its index there
         * @param linearAddress first linear (EPT: guest-physical) address of the page
         * @param size          page size
         * @param physicalBase  physical base of the page
         * @param rights        {@link #READ} | {@link #WRITE} | {@link #EXECUTE} | {@link #USER}, combined
         *                      over every level of the walk
         */
        void leaf(PagingStructure structure, int index, long linearAddress, PageSize size, long physicalBase,
                int rights);
    }

    private PageTableTree(AddressSpace space, List<PagingStructure> structures) {
        this.space = space;
        this.structures = Collections.unmodifiableList(structures);
        this.frameMask = PageTableEntry.ADDRESS_FIELD & ((1L << space.maxPhysAddr()) - 1);
        forEachLeaf((s, i, va, size, pa, rights) -> leafCounts[size.ordinal()]++);
    }

    /** Reads the tree of {@code space} from {@code memory}. */
    public static PageTableTree read(AddressSpace space, QwordMemory memory) {
        long frameMask = PageTableEntry.ADDRESS_FIELD & ((1L << space.maxPhysAddr()) - 1);
        EntryFormat format = space.format();
        List<PagingStructure> list = new ArrayList<>();
        Map<Long, Integer> seen = new HashMap<>();
        PagingLevel top = space.fiveLevel() ? PagingLevel.PML5 : PagingLevel.PML4;
        long rootAddress = space.root() & frameMask;
        list.add(new PagingStructure(0, rootAddress, top, 0, readFrame(memory, rootAddress), -1, -1));
        seen.put(rootAddress | top.ordinal(), 0);
        ArrayDeque<PagingStructure> work = new ArrayDeque<>();
        work.push(list.get(0));
        while (!work.isEmpty()) {
            PagingStructure s = work.pop();
            PagingLevel level = s.level();
            if (level == PagingLevel.PT) {
                continue;
            }
            PagingLevel next = level.next();
            for (int i = 0; i < 512; i++) {
                long raw = s.raw(i);
                if (!format.isPresent(raw) || (raw & format.reservedBits(level, raw, frameMask, space.nxe())) != 0
                        || format.isLeaf(level, raw)) {
                    continue;
                }
                long address = format.target(level, raw, false, frameMask);
                Long key = address | next.ordinal();
                Integer existing = seen.get(key);
                if (existing != null) {
                    s.setChild(i, existing);
                    continue;
                }
                long base = canonical(space, s.linearBase() + ((long) i << level.shift()));
                PagingStructure child = new PagingStructure(list.size(), address, next, base,
                        readFrame(memory, address), s.id(), i);
                list.add(child);
                seen.put(key, child.id());
                s.setChild(i, child.id());
                work.push(child);
            }
        }
        return new PageTableTree(space, list);
    }

    private static long[] readFrame(QwordMemory memory, long address) {
        long[] e = new long[512];
        for (int i = 0; i < 512; i++) {
            e[i] = memory.readQword(address + 8L * i);
        }
        return e;
    }

    /** Sign-extends an x86 linear address from bit 47 (57 with LA57); EPT addresses are left as they are. */
    private static long canonical(AddressSpace space, long address) {
        if (space.format() == EntryFormat.EPT) {
            return address;
        }
        int unused = 64 - space.addressBits();
        return (address << unused) >> unused;
    }

    public AddressSpace space() {
        return space;
    }

    /** Every structure reached, the root first; {@link PagingStructure#id()} indexes this list. */
    public List<PagingStructure> structures() {
        return structures;
    }

    public PagingStructure root() {
        return structures.get(0);
    }

    /** Number of pages of {@code size} the tree maps (a page reached twice counts twice). */
    public long leafCount(PageSize size) {
        return leafCounts[size.ordinal()];
    }

    /** Number of pages of every size the tree maps. */
    public long leafCount() {
        long n = 0;
        for (long c : leafCounts) {
            n += c;
        }
        return n;
    }

    /** Entry {@code index} of {@code structure}, decoded. */
    public TableEntry entry(PagingStructure structure, int index) {
        long raw = structure.raw(index);
        PagingLevel level = structure.level();
        EntryFormat format = space.format();
        long linear = canonical(space, structure.linearBase() + ((long) index << level.shift()));
        EntryKind kind;
        long target;
        PageSize size = null;
        if (raw == 0) {
            kind = EntryKind.NOT_PRESENT;
            target = -1;
        } else if (!format.isPresent(raw)) {
            kind = EntryKind.NOT_PRESENT;
            target = raw & PageTableEntry.ADDRESS_FIELD; // as an L1TF load would use it: unmasked
        } else if ((raw & format.reservedBits(level, raw, frameMask, space.nxe())) != 0) {
            kind = EntryKind.RESERVED;
            target = raw & PageTableEntry.ADDRESS_FIELD;
        } else if (format.isLeaf(level, raw)) {
            kind = EntryKind.LEAF;
            size = PageSize.ofLeafLevel(level);
            target = format.target(level, raw, true, frameMask);
        } else {
            kind = EntryKind.TABLE;
            target = format.target(level, raw, false, frameMask);
        }
        return new TableEntry(level, index, structure.address(), raw, kind, linear, target, size,
                format.setFlags(level, raw));
    }

    /** The non-zero entries of {@code structure}, decoded, in index order. */
    public List<TableEntry> entries(PagingStructure structure) {
        List<TableEntry> out = new ArrayList<>();
        for (int i = 0; i < 512; i++) {
            if (structure.raw(i) != 0) {
                out.add(entry(structure, i));
            }
        }
        return out;
    }

    /**
     * The structure at {@code level} that a walk of {@code linearAddress} reads, or null when the walk
     * stops above it (not present, reserved or a larger leaf).
     */
    public PagingStructure structureAt(PagingLevel level, long linearAddress) {
        PagingStructure s = root();
        while (s.level() != level) {
            if (s.level() == PagingLevel.PT) {
                return null;
            }
            int child = s.child(s.level().indexOf(linearAddress));
            if (child < 0) {
                return null;
            }
            s = structures.get(child);
        }
        return s;
    }

    /** Visits every leaf, depth first in address order, with the rights combined over its walk. */
    public void forEachLeaf(LeafVisitor visitor) {
        visit(root(), root().linearBase(), READ | WRITE | EXECUTE | USER, visitor);
    }

    private void visit(PagingStructure s, long base, int rights, LeafVisitor visitor) {
        EntryFormat format = space.format();
        PagingLevel level = s.level();
        for (int i = 0; i < 512; i++) {
            long raw = s.raw(i);
            if (!format.isPresent(raw) || (raw & format.reservedBits(level, raw, frameMask, space.nxe())) != 0) {
                continue;
            }
            int r = rights & rightsOf(raw);
            long va = canonical(space, base + ((long) i << level.shift()));
            if (format.isLeaf(level, raw)) {
                visitor.leaf(s, i, va, PageSize.ofLeafLevel(level), format.target(level, raw, true, frameMask), r);
            } else {
                visit(structures.get(s.child(i)), va, r, visitor);
            }
        }
    }

    /**
     * The rights a walk through entry {@code index} of {@code structure} ends up with, combined over that
     * entry and the entries above it on the path the tree first reached {@code structure} by.
     */
    public int rights(PagingStructure structure, int index) {
        int r = rightsOf(structure.raw(index));
        PagingStructure s = structure;
        while (s.parent() >= 0) {
            PagingStructure up = structures.get(s.parent());
            r &= rightsOf(up.raw(s.parentIndex()));
            s = up;
        }
        return r;
    }

    /** The rights one entry allows (SDM 4.6 for x86; SDM 29.3.3.2 for EPT). */
    private int rightsOf(long raw) {
        if (space.format() == EntryFormat.EPT) {
            return (int) (raw & 7) | USER; // R=1, W=2, X=4: the same bit positions
        }
        int r = READ;
        r |= (raw & PageTableEntry.RW) != 0 ? WRITE : 0;
        r |= (raw & PageTableEntry.US) != 0 ? USER : 0;
        r |= space.nxe() && (raw & PageTableEntry.XD) != 0 ? 0 : EXECUTE;
        return r;
    }
}
