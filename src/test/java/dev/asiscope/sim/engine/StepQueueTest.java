package dev.asiscope.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link StepQueue} behaves as the {@link ArrayDeque} it replaced, for every operation the engine uses. */
class StepQueueTest {
    @Test
    void randomOperationsAgreeWithArrayDeque() {
        for (long seed = 1; seed <= 50; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            StepQueue q = new StepQueue();
            ArrayDeque<Step> d = new ArrayDeque<>();
            for (int op = 0; op < 2_000; op++) {
                Step s = new Step.KernelWork(rnd.nextInt(1_000), CostCategory.EXIT_HANDLING, "w", null);
                switch (rnd.nextInt(9)) {
                    case 0, 1 -> {
                        q.addLast(s);
                        d.addLast(s);
                    }
                    case 2 -> {
                        Step[] run = new Step[rnd.nextInt(40)];
                        for (int i = 0; i < run.length; i++) {
                            run[i] = new Step.KernelWork(i, CostCategory.SYSCALL, "r", null);
                        }
                        q.addLast(run);
                        d.addAll(List.of(run));
                    }
                    case 3 -> {
                        q.addFirst(s);
                        d.addFirst(s);
                    }
                    case 4, 5 -> assertEquals(d.pollFirst(), q.pollFirst());
                    case 6 -> assertEquals(d.pollLast(), q.pollLast());
                    case 7 -> {
                        StepQueue copy = new StepQueue(q);
                        assertEquals(new ArrayList<>(d), new ArrayList<>(copy));
                        q = copy;
                    }
                    default -> {
                        if (rnd.nextInt(20) == 0) {
                            q.clear();
                            d.clear();
                        }
                    }
                }
                assertEquals(d.size(), q.size());
                assertEquals(d.isEmpty(), q.isEmpty());
                assertEquals(new ArrayList<>(d), new ArrayList<>(q), "seed " + seed + " op " + op);
            }
        }
    }

    @Test
    void emptyQueuePollsNull() {
        StepQueue q = new StepQueue();
        assertNull(q.pollFirst());
        assertNull(q.pollLast());
        q.addLast(Step.PRE_ENTRY);
        assertEquals(Step.PRE_ENTRY, q.pollLast());
        assertNull(q.pollFirst());
    }

    @Test
    void hashesAsTheDequeDid() {
        StepQueue q = new StepQueue();
        ArrayDeque<Step> d = new ArrayDeque<>();
        for (Step s : new Step[] {Step.PRE_ENTRY, Step.ENTRY_GATE, Step.ENTRY_FLUSH, Step.ENTER_GUEST}) {
            q.addLast(s);
            d.addLast(s);
        }
        q.pollFirst();
        d.pollFirst();
        assertEquals(StateHash.of(d), StateHash.of(q));
    }
}
