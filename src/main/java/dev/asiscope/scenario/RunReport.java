package dev.asiscope.scenario;

import dev.asiscope.sim.engine.CostCategory;
import dev.asiscope.sim.engine.ExposureWindow;
import dev.asiscope.sim.engine.Leak;
import dev.asiscope.sim.engine.Machine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one run: leaks with their causal chains, exposure, switches, flushes and the cycles
 * spent per cost category. Derived from the final machine state only.
 *
 * @param policy        policy spec the run used
 * @param cycles        length of the run (makespan)
 * @param leaks         realised leaks
 * @param exposures     exposure windows
 * @param exposureCycles total cycles of exposure
 * @param vmExits       VM exits
 * @param asiExits      ASI exits
 * @param l1dFlushes    L1D flushes
 * @param verws         VERWs
 * @param stuns         sibling stuns
 * @param transientLoads transient loads attempted
 * @param contextSwitches task switches
 * @param costs         cycles per cost category (summed over CPUs), by {@link CostCategory#key()}
 * @param victimCycles  the length of the work that is not attacker probing ({@link Machine#victimCycles()});
 *                      a mitigation's cost is its effect on this, not on the attacker's probe loops
 * @param attackerCycles cycles of attacker probing over all CPUs (transient loads, probe flushes and reloads);
 *                      -1 if the run has none
 */
public record RunReport(String policy, long cycles, List<Leak> leaks, List<ExposureWindow> exposures,
        long exposureCycles, long vmExits, long asiExits, long l1dFlushes, long verws, long stuns, long transientLoads,
        long contextSwitches, Map<String, Long> costs, long victimCycles, long attackerCycles) {

    /** Reads the totals off a finished machine. */
    public static RunReport of(String policy, Machine m) {
        Map<String, Long> costs = new LinkedHashMap<>();
        for (CostCategory c : CostCategory.values()) {
            costs.put(c.key(), m.cost(c));
        }
        long attack = m.cost(CostCategory.ATTACK);
        return new RunReport(policy, m.cycle(), m.leaks(), m.exposures(), m.exposureCycles(), m.vmExits(),
                m.asiExits(), m.l1dFlushes(), m.verws(), m.stuns(), m.transientLoads(), m.contextSwitches(), costs,
                m.victimCycles(), attack == 0 ? -1 : attack);
    }

    /** Cycles spent on mitigations (flushes, switches, stuns, forced idle, refills), over all CPUs. */
    public long mitigationCycles() {
        long sum = 0;
        for (CostCategory c : CostCategory.values()) {
            if (c.isMitigation()) {
                sum += costs.get(c.key());
            }
        }
        return sum;
    }

    /** A metric by the name expectations use. */
    public long metric(String name, String label, String mechanism) {
        return switch (name) {
            case "leaks" -> leaks.stream().filter(l -> label == null || l.victimLabel().equals(label))
                    .filter(l -> mechanism == null || l.mechanism().id().equals(mechanism)).count();
            case "asiExits" -> asiExits;
            case "l1dFlushes" -> l1dFlushes;
            case "stuns" -> stuns;
            case "vmExits" -> vmExits;
            case "exposureCycles" -> exposureCycles;
            case "totalCycles" -> cycles;
            default -> throw new IllegalArgumentException("unknown metric " + name);
        };
    }
}
