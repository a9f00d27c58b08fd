package dev.asiscope.sim.tlb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link Tlb#lookupAgain}: the same TLB as that many lookups of the entry, and refused for any other entry. */
class TlbLookupAgainTest {
    private static final long BASE = 0x4000_0000L;

    private static Tlb filled() {
        Tlb tlb = new Tlb();
        for (int i = 0; i < 80; i++) { // more than it holds: evictions, so the LRU order matters
            tlb.insert(TlbTest.entry4k(1, 0, BASE + i * TlbTest.KB4, false));
        }
        return tlb;
    }

    @Test
    void equalsRepeatedLookupsAndLeavesTheSameReplacementOrder() {
        Tlb looked = filled();
        Tlb again = filled();
        long va = BASE + 79 * TlbTest.KB4 + 0x40;
        TlbEntry e = looked.lookup(1, 0, va);
        for (int i = 0; i < 15; i++) {
            assertSame(e, looked.lookup(1, 0, va + 64L * (i + 1)));
        }
        TlbEntry found = again.lookup(1, 0, va);
        assertEquals(e, found);
        again.lookupAgain(found, 15);
        assertEquals(looked.hits(), again.hits());
        assertEquals(looked.stateHash(), again.stateHash());
        // the next fills evict the same entries
        for (int i = 0; i < 8; i++) {
            TlbEntry n = TlbTest.entry4k(1, 0, BASE + (200 + i) * TlbTest.KB4, false);
            assertEquals(looked.insert(n), again.insert(n));
        }
        assertEquals(looked.stateHash(), again.stateHash());
    }

    @Test
    void refusedForAnEntryTheLastLookupDidNotFind() {
        Tlb tlb = filled();
        TlbEntry e = tlb.lookup(1, 0, BASE + 79 * TlbTest.KB4);
        tlb.lookup(1, 0, 0x7000_0000L); // a miss
        assertThrows(IllegalStateException.class, () -> tlb.lookupAgain(e, 1));
    }
}
