package dev.asiscope.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedHistoryTest {
    @Test
    void copiesShareTheirCommonPartAndNeverSeeEachOthersAppends() {
        SharedHistory<Integer> a = new SharedHistory<>();
        for (int i = 0; i < 20; i++) {
            a.add(i);
        }
        SharedHistory<Integer> b = a.copy();
        SharedHistory<Integer> c = a.copy();
        a.add(100); // a extends the shared store
        b.add(200); // b is behind it now: forks
        c.add(300); // so is c
        b.add(201);
        assertEquals(ints(0, 20, 100), a);
        assertEquals(ints(0, 20, 200, 201), b);
        assertEquals(ints(0, 20, 300), c);
        // A copy of a copy, then both grow past the store's capacity.
        SharedHistory<Integer> d = b.copy();
        for (int i = 0; i < 50; i++) {
            b.add(1000 + i);
            d.add(2000 + i);
        }
        assertEquals(72, b.size());
        assertEquals(72, d.size());
        assertEquals(1049, b.get(71));
        assertEquals(2049, d.get(71));
        assertEquals(ints(0, 20, 200, 201), b.subList(0, 22));
        assertEquals(ints(0, 20, 200, 201), d.subList(0, 22));
        assertEquals(ints(0, 20, 100), a);
    }

    private static List<Integer> ints(int from, int to, int... more) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(i);
        }
        for (int m : more) {
            out.add(m);
        }
        return out;
    }
}
