package dev.asiscope.sim.mem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link FrameTable}: a map by frame number, and copies that share pages but never each other's writes. */
class FrameTableTest {
    /** A frame of the test: its number and a version, so a replacement is told from the original. */
    record F(long number, int version) {
    }

    @Test
    void copiesAreIndependentThroughGrowthAndReplacement() {
        SplittableRandom rnd = new SplittableRandom(42);
        List<FrameTable<F>> tables = new ArrayList<>();
        List<Map<Long, F>> models = new ArrayList<>();
        tables.add(new FrameTable<>(F::number));
        models.add(new HashMap<>());
        for (int op = 0; op < 60_000; op++) {
            int k = rnd.nextInt(tables.size());
            FrameTable<F> t = tables.get(k);
            Map<Long, F> model = models.get(k);
            if (op % 5_000 == 4_999) {
                tables.add(t.copy()); // a checkpoint
                models.add(new HashMap<>(model));
                continue;
            }
            long key = rnd.nextInt(3) == 0 ? rnd.nextLong(1L << 40) : rnd.nextInt(20_000);
            F f = new F(key, op);
            t.put(f);
            model.put(key, f);
            long probe = rnd.nextInt(20_000);
            assertEquals(model.get(probe), t.get(probe), "table " + k + " key " + probe);
        }
        for (int k = 0; k < tables.size(); k++) {
            Map<Long, F> model = models.get(k);
            FrameTable<F> t = tables.get(k);
            assertEquals(model.size(), t.size());
            for (Map.Entry<Long, F> e : model.entrySet()) {
                assertEquals(e.getValue(), t.get(e.getKey()));
            }
            assertArrayEquals(model.keySet().stream().mapToLong(Long::longValue).sorted().toArray(), t.sortedKeys());
        }
    }
}
