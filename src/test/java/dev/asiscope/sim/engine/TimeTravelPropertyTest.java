package dev.asiscope.sim.engine;

import dev.asiscope.scenario.EventText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.sim.cache.CacheGeometry;
import dev.asiscope.sim.cache.Replacement;
import dev.asiscope.sim.program.Op;
import dev.asiscope.sim.program.SplitMix64;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Properties of the engine on random scenarios: seeking equals a fresh run, stepping forward then back
 * returns to the same state, and one seed gives one event log.
 */
class TimeTravelPropertyTest {
    private static final String[] POLICIES = {"none", "l1d-flush-always", "l1d-flush-cond", "asi", "asi-stun",
        "asi-stun-coresched", "core-scheduling", "l1d-flush-always+nosmt", "verw", "kpti", "asi+kpti-on-asi"};
    private static final int[] REASONS = {1, 10, 12, 30, 32, 48, 49, 52};

    static MachineSpec randomSpec(long seed) {
        SplitMix64 r = new SplitMix64(seed);
        int cores = 1 + r.nextInt(2);
        int threads = 1 + r.nextInt(2);
        MachineSpecBuilder b = new MachineSpecBuilder().topology(cores, threads).seed(seed)
                .caches(new CacheGeometry("L1D", 32 * 1024, 8, 64, Replacement.TREE_PLRU),
                        new CacheGeometry("L2", 128 * 1024, 8, 64, Replacement.TREE_PLRU),
                        new CacheGeometry("LLC", 256 * 1024, 16, 64, Replacement.LRU), 10)
                .vm(1, 0x11).vm(2, 0x22).process(1, 0x33).process(2, 0x44)
                .exitHandler(1, Scenarios.secretIrq()).timeslice(20_000);
        for (int cpu = 0; cpu < cores * threads; cpu++) {
            int vm = 1 + r.nextInt(2);
            List<Op> ops = new ArrayList<>();
            int n = 5 + r.nextInt(20);
            for (int i = 0; i < n; i++) {
                switch (r.nextInt(10)) {
                    case 0, 1 -> ops.add(new Op.Compute(100 + r.nextInt(3000), r.nextInt(40)));
                    case 2, 3 -> ops.add(new Op.VmExit(REASONS[r.nextInt(REASONS.length)]));
                    case 4 -> ops.add(new Op.L1tf("host-secret", 0, r.nextInt(2) == 0));
                    case 5 -> ops.add(new Op.MdsSample());
                    case 6 -> ops.add(new Op.Interrupt("network"));
                    case 7 -> ops.add(new Op.SpectreV1("host-secret", 0));
                    case 8 -> ops.add(new Op.Yield());
                    default -> ops.add(new Op.Access(0x20_0000L + 64L * r.nextInt(4096),
                            r.nextInt(2) == 0 ? dev.asiscope.sim.paging.AccessType.READ
                                    : dev.asiscope.sim.paging.AccessType.WRITE));
                }
            }
            if (r.nextInt(3) == 0) {
                ops.add(new Op.Workload(20, 2000, 8, Map.of(1, 1.0, 32, 3.0, 52, 1.0), seed));
            }
            b.vcpu(cpu, vm, cpu, ops);
            if (r.nextInt(3) == 0) {
                // A host process shares this CPU: task switches, syscalls, interrupts and gadgets in user mode.
                List<Op> p = new ArrayList<>();
                for (int i = 0; i < 3 + r.nextInt(6); i++) {
                    switch (r.nextInt(5)) {
                        case 0 -> p.add(new Op.Syscall("read"));
                        case 1 -> p.add(new Op.Interrupt("timer"));
                        case 2 -> p.add(new Op.SpectreV1("host-secret", 0));
                        case 3 -> p.add(new Op.Yield());
                        default -> p.add(new Op.Compute(100 + r.nextInt(3000), r.nextInt(20)));
                    }
                }
                b.processTask(cpu, 1 + r.nextInt(2), p); // two processes: two core-scheduling cookies
            }
        }
        return b.build();
    }

    @Test
    void seekingGivesTheStateOfAFreshRunAndBackAndForthReturnsToIt() {
        int checked = 0;
        for (long seed = 1; seed <= 24; seed++) {
            MachineSpec spec = randomSpec(seed);
            Policy policy = Policy.parse(POLICIES[(int) (seed % POLICIES.length)]);
            Simulation sim = Simulation.run(spec, policy, 5_000, null);
            long endCycle = sim.endCycle();
            SplitMix64 r = new SplitMix64(seed * 31);
            for (int k = 0; k < 3; k++) {
                long c = (long) (r.nextDouble() * endCycle);
                Machine fresh = new Machine(spec, policy, null);
                fresh.runUntil(c);
                long expected = fresh.stateHash();
                assertEquals(expected, sim.seek(c).stateHash(), "seek(" + c + ") seed " + seed);
                long later = Math.min(endCycle, c + 1 + (long) (r.nextDouble() * endCycle / 3));
                sim.seek(later);
                assertEquals(expected, sim.seek(c).stateHash(), "forward to " + later + " and back to " + c);
                assertEquals(expected, sim.stateAt(c).stateHash());
                checked++;
            }
        }
        assertTrue(checked >= 72);
    }

    @Test
    void oneSeedOneEventLog() {
        for (long seed = 100; seed < 110; seed++) {
            MachineSpec spec = randomSpec(seed);
            Policy policy = Policy.parse(POLICIES[(int) (seed % POLICIES.length)]);
            EventLog a = Simulation.run(spec, policy).log();
            EventLog b = Simulation.run(randomSpec(seed), policy).log();
            assertEquals(a.size(), b.size());
            assertTrue(a.size() > 10);
            for (int i = 0; i < a.size(); i++) {
                Event x = a.get(i);
                Event y = b.get(i);
                assertEquals(EventText.describe(x), EventText.describe(y), "event " + i + " seed " + seed);
                assertEquals(x.fact(), y.fact(), "event " + i + " seed " + seed);
            }
        }
    }

    @Test
    void loggingDoesNotChangeTheState() {
        MachineSpec spec = randomSpec(7);
        Machine logged = new Machine(spec, Policy.NONE, new EventLog());
        Machine silent = new Machine(spec, Policy.NONE, null);
        logged.runUntil(40_000);
        silent.runUntil(40_000);
        assertEquals(logged.stateHash(), silent.stateHash());
    }

    @Test
    void reverseContinueFindsThePreviousMatchingEvent() {
        Simulation sim = Simulation.run(Scenarios.sameThreadL1tf(), Policy.NONE);
        sim.seek(sim.endCycle());
        assertTrue(sim.reverseContinue(e -> e.kind() == EventKind.LEAK));
        long lastLeak = sim.cursor().cycle();
        assertEquals(sim.log().ofKind(EventKind.LEAK).get(2).cycle(), lastLeak);
        assertTrue(sim.reverseContinue(e -> e.kind() == EventKind.LEAK));
        assertEquals(sim.log().ofKind(EventKind.LEAK).get(1).cycle(), sim.cursor().cycle());
        assertTrue(sim.continueTo(e -> e.kind() == EventKind.LEAK));
        assertEquals(lastLeak, sim.cursor().cycle());
    }
}
