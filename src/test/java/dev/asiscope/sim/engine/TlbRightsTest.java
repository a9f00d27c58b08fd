package dev.asiscope.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.asiscope.sim.program.Op;
import dev.asiscope.sim.paging.AccessType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A TLB hit grants only what the walk granted: rights are cached with the translation (SDM 4.10.2.2). */
class TlbRightsTest {
    private static int faults(Op... ops) {
        MachineSpec spec = new MachineSpecBuilder().topology(1, 1).process(1, 0x33).processTask(0, 1, List.of(ops))
                .build();
        EventLog log = new EventLog();
        Machine m = new Machine(spec, Policy.NONE, log);
        m.runToEnd();
        return log.count(EventKind.PAGE_FAULT);
    }

    @Test
    void fetchFromAnExecuteDisabledPageFaultsEvenWhenItsTranslationIsCached() {
        // User data pages carry XD; the load caches the translation, the fetch must still fault.
        assertEquals(1, faults(new Op.Access(0x40_0000, AccessType.READ), new Op.Access(0x40_0000, AccessType.FETCH)));
        assertEquals(2, faults(new Op.Access(0x40_0000, AccessType.READ), new Op.Access(0x40_0000, AccessType.FETCH),
                new Op.Access(0x40_0000, AccessType.FETCH)));
    }

    @Test
    void cachedTranslationsStillServeTheAccessesTheyGrant() {
        assertEquals(0, faults(new Op.Access(0x40_0000, AccessType.READ), new Op.Access(0x40_0000, AccessType.WRITE),
                new Op.Access(0x40_0008, AccessType.READ)));
    }
}
