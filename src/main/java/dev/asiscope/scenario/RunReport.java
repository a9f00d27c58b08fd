package dev.asiscope.scenario;

import dev.asiscope.sim.engine.CostCategory;
import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.ExposureWindow;
import dev.asiscope.sim.engine.Leak;
import dev.asiscope.sim.engine.Machine;
import java.util.ArrayList;
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
 * @param cpus          the same counts per logical CPU
 * @param asiExitCauses ASI exits by cause, in words
 * @param victimCycles  the length of the work that is not attacker probing ({@link Machine#victimCycles()});
 *                      a mitigation's cost is its effect on this, not on the attacker's probe loops
 * @param attackerCycles cycles of attacker probing over all CPUs (transient loads, probe flushes and reloads);
 *                      -1 if the run has none
 */
public record RunReport(String policy, long cycles, List<Leak> leaks, List<ExposureWindow> exposures,
        long exposureCycles, long vmExits, long asiExits, long l1dFlushes, long verws, long stuns, long transientLoads,
        long contextSwitches, Map<String, Long> costs, List<CpuCounts> cpus, Map<String, Long> asiExitCauses,
        long victimCycles, long attackerCycles) {

    /**
     * One logical CPU's share of a run (its JSON form is this record's, field by field). {@code stunned}
     * counts the stun IPIs this CPU received (being only held before its next entry, with no IPI, is not
     * a stun, as in {@link #stuns}); {@code leaks} the leaks this CPU recovered (as the attacker);
     * {@code cyclesByCategory} its cycles per cost category.
     */
    public record CpuCounts(int cpu, int core, boolean online, long vmExits, long asiExits, long asiEnters,
            long l1dFlushes, long verws, long stunned, long contextSwitches, long transientLoads, long leaks,
            Map<String, Long> cyclesByCategory) {
    }

    /** Which leaks (or ASI exits) a metric counts; null fields match everything. */
    public record Filter(String label, String mechanism, String attacker, Integer attackerCpu, Integer attackerVcpu,
            String asiExitCause) {
        /** Matches everything. */
        public static final Filter ALL = new Filter(null, null, null, null, null, null);

        boolean matches(Leak l) {
            return (label == null || l.victimLabel().name().equals(label))
                    && (mechanism == null || l.mechanism().id().equals(mechanism))
                    && (attacker == null || l.attackerDomain().id().equals(attacker))
                    && (attackerCpu == null || l.attackerCpu() == attackerCpu)
                    && (attackerVcpu == null || l.attackerVcpu() == attackerVcpu);
        }
    }

    /** Reads the totals off a finished machine. */
    public static RunReport of(String policy, Machine m) {
        Map<String, Long> costs = new LinkedHashMap<>();
        for (CostCategory c : CostCategory.values()) {
            costs.put(c.key(), m.cost(c));
        }
        List<Leak> leaks = m.leaks();
        List<CpuCounts> cpus = new ArrayList<>();
        for (int i = 0; i < m.cpuCount(); i++) {
            Map<String, Long> c = new LinkedHashMap<>();
            for (CostCategory k : CostCategory.values()) {
                c.put(k.key(), m.cpu(i).cost(k));
            }
            int cpu = i;
            cpus.add(new CpuCounts(i, m.cpu(i).core(), m.cpu(i).online(), m.events(i, EventKind.VM_EXIT),
                    m.events(i, EventKind.ASI_EXIT), m.events(i, EventKind.ASI_ENTER), m.events(i, EventKind.L1D_FLUSH),
                    m.events(i, EventKind.VERW), m.stuns(i), m.events(i, EventKind.CONTEXT_SWITCH),
                    m.events(i, EventKind.TRANSIENT_LOAD), leaks.stream().filter(l -> l.attackerCpu() == cpu).count(),
                    c));
        }
        long attack = m.cost(CostCategory.ATTACK);
        Map<String, Long> causes = new java.util.TreeMap<>();
        m.asiExitCauses().forEach((cause, n) -> causes.merge(EventText.cause(cause), n, Long::sum));
        return new RunReport(policy, m.cycle(), leaks, m.exposures(), m.exposureCycles(), m.vmExits(),
                m.asiExits(), m.l1dFlushes(), m.verws(), m.stuns(), m.transientLoads(), m.contextSwitches(), costs,
                List.copyOf(cpus), Map.copyOf(causes), m.victimCycles(), attack == 0 ? -1 : attack);
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

    /** A metric by the name expectations use, unfiltered. */
    public long metric(String name, String label, String mechanism) {
        return metric(name, new Filter(label, mechanism, null, null, null, null));
    }

    /**
     * A metric by the name expectations use: {@code leaks} counts the leaks {@code f} matches,
     * {@code asiExits} the ASI exits whose cause contains {@code f.asiExitCause()}.
     */
    public long metric(String name, Filter f) {
        return switch (name) {
            case "leaks" -> leaks.stream().filter(f::matches).count();
            case "asiExits" -> f.asiExitCause() == null ? asiExits : asiExitCauses.entrySet().stream()
                    .filter(e -> e.getKey().contains(f.asiExitCause())).mapToLong(Map.Entry::getValue).sum();
            case "l1dFlushes" -> l1dFlushes;
            case "stuns" -> stuns;
            case "vmExits" -> vmExits;
            case "exposureCycles" -> exposureCycles;
            case "totalCycles" -> cycles;
            default -> throw new IllegalArgumentException("unknown metric " + name);
        };
    }
}
