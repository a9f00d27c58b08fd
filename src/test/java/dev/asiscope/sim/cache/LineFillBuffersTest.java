package dev.asiscope.sim.cache;

import dev.asiscope.sim.security.DataLabel;
import dev.asiscope.sim.security.Context;
import dev.asiscope.sim.security.AddressSpaceId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LineFillBuffersTest {

    private static LineProvenance prov(long pa, String label, long cycle) {
        return new LineProvenance(DataLabel.of(label), 0, Context.hostKernel(false, -1), null, AddressSpaceId.FULL, cycle, AccessOrigin.ARCHITECTURAL,
                pa & ~63L);
    }

    private static LfbEntry alloc(LineFillBuffers b, long pa, String label, long cycle) {
        return b.allocate(pa, prov(pa, label, cycle), cycle);
    }

    @Test
    void defaultHasTenEntriesAndStartsEmpty() {
        LineFillBuffers b = new LineFillBuffers();
        assertEquals(10, b.size());
        assertEquals(List.of(), b.entries());
        assertNull(b.mostRecent());
        assertNull(b.entry(0));
    }

    @Test
    void allocatesRoundRobinAndOverwritesTheOldest() {
        LineFillBuffers b = new LineFillBuffers(3, 64);
        LfbEntry e0 = alloc(b, 0x1010, "a", 1);
        assertEquals(0, e0.slot());
        assertEquals(0x1000, e0.physicalLine());
        alloc(b, 0x2000, "b", 2);
        alloc(b, 0x3000, "c", 3);
        LfbEntry e3 = alloc(b, 0x4000, "d", 4);
        assertEquals(0, e3.slot(), "wrapped around onto the oldest");
        assertFalse(b.contains(0x1000));
        assertEquals(List.of("d", "b", "c"), b.entries().stream().map(e -> e.provenance().label().name()).toList());
        assertEquals(List.of("d", "c", "b"),
                b.entriesNewestFirst().stream().map(e -> e.provenance().label().name()).toList());
        assertEquals(e3, b.mostRecent(), "entries are values (made when read), equal to what allocate returned");
        assertEquals(4, b.allocations());
    }

    @Test
    void staleEntriesStayUntilCleared() {
        LineFillBuffers b = new LineFillBuffers(4, 64);
        alloc(b, 0x5000, "vm:2", 10);
        assertTrue(b.contains(0x503f));
        assertEquals("vm:2", b.find(0x5020).provenance().label().name());
        assertEquals(10, b.find(0x5000).cycle());
        assertEquals(1, b.clear());
        assertFalse(b.contains(0x5000));
        assertNull(b.mostRecent());
        assertEquals(0, b.clear(), "second clear finds nothing");
        assertEquals(2, b.clears());
        assertEquals(0, alloc(b, 0x6000, "x", 11).slot(), "clear resets the allocation pointer");
    }

    @Test
    void findReturnsTheNewestEntryForALine() {
        LineFillBuffers b = new LineFillBuffers(4, 64);
        alloc(b, 0x7000, "old", 1);
        alloc(b, 0x8000, "other", 2);
        alloc(b, 0x7000, "new", 3);
        assertEquals("new", b.find(0x7000).provenance().label().name());
    }

    @Test
    void copyIsIndependentAndHashesMatch() {
        LineFillBuffers a = new LineFillBuffers(2, 64);
        alloc(a, 0x1000, "a", 1);
        LineFillBuffers c = a.copy();
        assertEquals(a.stateHash(), c.stateHash());
        c.clear();
        assertTrue(a.contains(0x1000));
        assertNotEquals(a.stateHash(), c.stateHash());
        LineFillBuffers d = new LineFillBuffers(2, 64);
        alloc(d, 0x1000, "a", 1);
        assertEquals(a.stateHash(), d.stateHash());
        alloc(d, 0x1000, "a", 1);
        assertNotEquals(a.stateHash(), d.stateHash());
    }

    @Test
    void validation() {
        assertThrows(IllegalArgumentException.class, () -> new LineFillBuffers(0, 64));
        assertThrows(IllegalArgumentException.class, () -> new LineFillBuffers(10, 48));
        LineFillBuffers b = new LineFillBuffers(2, 64);
        assertThrows(IndexOutOfBoundsException.class, () -> b.entry(2));
        assertThrows(NullPointerException.class, () -> b.allocate(0, null, 0));
    }
}
