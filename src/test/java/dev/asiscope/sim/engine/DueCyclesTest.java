package dev.asiscope.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link DueCycles} names the thread a scan of every due cycle would (the earliest, the lowest id among
 * equals, -1 if none can run), through steps that move only the stepping thread and changes to any thread.
 */
class DueCyclesTest {
    private static int scan(long[] due) {
        int best = -1;
        for (int i = 0; i < due.length; i++) {
            if (due[i] != Long.MAX_VALUE && (best < 0 || due[i] < due[best])) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void agreesWithAScanThroughStepsAndOtherChanges() {
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            int n = 1 + rnd.nextInt(8);
            DueCycles d = new DueCycles(n);
            long[] due = new long[n];
            for (int i = 0; i < n; i++) {
                due[i] = rnd.nextInt(50);
                d.set(i, due[i]);
            }
            for (int op = 0; op < 5_000; op++) {
                int first = d.first();
                assertEquals(scan(due), first, "seed " + seed + " op " + op);
                if (first >= 0 && rnd.nextInt(4) != 0) {
                    // a step: the thread moves on (often by little, so ties are common), may block or finish,
                    // and now and then moves another thread too (a stun, a wake-up)
                    d.stepBegins(first);
                    due[first] = rnd.nextInt(20) == 0 ? Long.MAX_VALUE : due[first] + rnd.nextInt(5);
                    d.set(first, due[first]);
                    if (rnd.nextInt(10) == 0) {
                        int other = rnd.nextInt(n);
                        due[other] = due[first] == Long.MAX_VALUE ? rnd.nextInt(100) : due[first] + rnd.nextInt(3);
                        d.set(other, due[other]);
                    }
                } else {
                    // between steps: any thread changes (a what-if edit, a checkpoint's threads)
                    int i = rnd.nextInt(n);
                    due[i] = rnd.nextInt(8) == 0 ? Long.MAX_VALUE : rnd.nextInt(200);
                    d.set(i, due[i]);
                }
            }
        }
    }
}
