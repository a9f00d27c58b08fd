package dev.asiscope.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The log gives back every event as appended, whatever its compact storage does: cycles kept as offsets
 * from their chunk's first (or whole, when a chunk spans more than an int), addresses kept only in chunks
 * that have one.
 */
class EventLogTest {
    private static final EventKind[] KINDS = EventKind.values();

    @Test
    void everyEventComesBackAsAppended() {
        SplittableRandom r = new SplittableRandom(7);
        EventLog log = new EventLog();
        List<Event> appended = new ArrayList<>();
        long cycle = 0;
        EventFact fact = new EventFact.RunEnd();
        for (int i = 0; i < 50_000; i++) {
            // Mostly small steps, now and then a gap beyond an int (a chunk of those is stored whole),
            // and an address on one event in a thousand (most chunks then store none).
            int draw = r.nextInt(10_000);
            cycle += draw == 0 ? (1L << 33) + r.nextInt(1000) : r.nextInt(50);
            long address = draw < 10 ? r.nextLong(1L << 40) : -1;
            int cpu = r.nextInt(-1, 8);
            EventKind kind = KINDS[r.nextInt(KINDS.length)];
            long seq = log.append(cycle, cpu, kind, address, fact);
            appended.add(new Event(seq, cycle, cpu, kind, address, fact));
        }
        assertEquals(appended.size(), log.size());
        for (int i = 0; i < appended.size(); i++) {
            Event e = appended.get(i);
            assertEquals(e, log.get(i), "event " + i);
            assertEquals(e.cycle(), log.cycleOf(i), "cycle of event " + i);
        }
        for (int i = 0; i < appended.size(); i += 97) {
            long c = appended.get(i).cycle();
            int expected = 0;
            while (expected < appended.size() && appended.get(expected).cycle() <= c) {
                expected++;
            }
            assertEquals(expected, log.countUpTo(c), "events up to cycle " + c);
        }
    }

    @Test
    void aChunkSpanningMoreThanAnIntKeepsItsEarlierCycles() {
        EventLog log = new EventLog();
        log.append(5, 0, EventKind.OP, -1, null);
        log.append(6, 0, EventKind.OP, 0x1000, null);
        log.append(6 + (1L << 40), 1, EventKind.OP, -1, null);
        log.append(7 + (1L << 40), 1, EventKind.OP, -1, null);
        assertEquals(List.of(5L, 6L, 6 + (1L << 40), 7 + (1L << 40)),
                List.of(log.cycleOf(0), log.cycleOf(1), log.cycleOf(2), log.cycleOf(3)));
        assertEquals(List.of(-1L, 0x1000L, -1L), List.of(log.get(0).address(), log.get(1).address(), log.get(2).address()));
    }
}
