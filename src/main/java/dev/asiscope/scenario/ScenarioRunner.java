package dev.asiscope.scenario;

import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.EventLog;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.engine.Policy;
import dev.asiscope.sim.engine.Simulation;
import dev.asiscope.sim.engine.SimulationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs scenarios headless: one policy, several policies, or every expectation. */
public final class ScenarioRunner {
    private ScenarioRunner() {
    }

    /** Receives the cycle now and then during a run (for progress bars). */
    public interface Progress {
        void at(long cycle);
    }

    /**
     * Runs {@code s} under {@code policySpec} to the end, or until {@code untilCycle}, or until just after the
     * first event of kind {@code stopAfter} (when not null). A run cut short ends at that cycle, with its open
     * exposure windows closed there.
     */
    public static RunReport run(LoadedScenario s, String policySpec, long untilCycle, EventKind stopAfter,
            Progress progress) throws ScenarioException {
        return runLogged(s, policySpec, untilCycle, stopAfter, false, progress).report();
    }

    /** A run's report and, when asked for, its event log (null otherwise). */
    public record Logged(RunReport report, EventLog log) {
    }

    /** As {@link #run(LoadedScenario, String, long, EventKind, Progress)}, keeping the event log if {@code keepLog}. */
    public static Logged runLogged(LoadedScenario s, String policySpec, long untilCycle, EventKind stopAfter,
            boolean keepLog, Progress progress) throws ScenarioException {
        Policy policy = policy(policySpec);
        EventLog log = stopAfter == null && !keepLog ? null : new EventLog();
        Machine m = new Machine(s.spec(), policy, log);
        try {
            long[] next = {1_000_000};
            if (stopAfter == null || log.count(stopAfter) == 0) {
                Simulation.drive(m, untilCycle, x -> {
                    if (progress != null && x.cycle() >= next[0]) {
                        progress.at(x.cycle());
                        next[0] = x.cycle() + 1_000_000;
                    }
                    return stopAfter == null || log.count(stopAfter) == 0;
                });
            }
            if (m.done() && (stopAfter == null || log.count(stopAfter) == 0)) {
                m.finish();
            } else {
                if (stopAfter == null) {
                    m.runUntil(untilCycle);
                }
                m.stopHere();
            }
        } catch (SimulationException e) {
            throw new ScenarioException(s.source() == null ? s.name() : s.source().toString(), 0, 0, null,
                    "cycle " + m.cycle() + ": " + SimulationErrorText.of(e));
        }
        return new Logged(RunReport.of(policySpec, m), keepLog ? log : null);
    }

    private static Policy policy(String policySpec) throws ScenarioException {
        return new ScenarioCompiler("--policy", null).policy(policySpec, "--policy");
    }

    /**
     * The machine at {@code cycle}, reached as the window reaches it: the whole run is recorded with
     * checkpoints, then the state is rebuilt from the nearest earlier checkpoint and replayed to
     * {@code cycle}. {@code freshHash} is the state hash of a fresh run stepped straight to that cycle,
     * so a caller can check that rewinding gives the very same state.
     *
     * @param history  the recorded run (its log holds every event of the whole run)
     * @param machine  the state at {@code cycle}, from a checkpoint
     * @param freshHash state hash of a fresh machine run to {@code cycle}
     */
    public record StateAt(Simulation history, Machine machine, long freshHash) {
    }

    /** Records {@code s} under {@code policySpec} and seeks to {@code cycle} (clamped to the run). */
    public static StateAt stateAt(LoadedScenario s, String policySpec, long cycle, Progress progress)
            throws ScenarioException {
        Policy policy = policy(policySpec);
        try {
            Simulation sim = Simulation.run(s.spec(), policy, Simulation.DEFAULT_INTERVAL,
                    progress == null ? null : progress::at);
            long target = Math.max(0, Math.min(cycle, sim.endCycle()));
            Machine at = sim.stateAt(target);
            Machine fresh = new Machine(s.spec(), policy, null);
            fresh.runUntil(target);
            return new StateAt(sim, at, fresh.stateHash());
        } catch (SimulationException e) {
            throw new ScenarioException(s.source() == null ? s.name() : s.source().toString(), 0, 0, null,
                    SimulationErrorText.of(e));
        }
    }

    /** Runs {@code s} under {@code policySpec} to the end. */
    public static RunReport run(LoadedScenario s, String policySpec) throws ScenarioException {
        return run(s, policySpec, Long.MAX_VALUE, null, null);
    }

    /** The result of checking one expectation. */
    public record ExpectationResult(Expectation expectation, boolean passed, String message) {
    }

    /** Checks every expectation of {@code s} (one run per distinct policy). */
    public static List<ExpectationResult> check(LoadedScenario s) throws ScenarioException {
        Map<String, RunReport> runs = new LinkedHashMap<>();
        List<ExpectationResult> results = new ArrayList<>();
        for (Expectation e : s.expectations()) {
            RunReport r = runs.get(e.policy());
            if (r == null) {
                r = run(s, e.policy());
                runs.put(e.policy(), r);
            }
            List<String> failures = new ArrayList<>();
            for (Map.Entry<String, Expectation.Bound> b : e.bounds().entrySet()) {
                long v = r.metric(b.getKey(), e.filter());
                if (!b.getValue().holds(v)) {
                    failures.add(metricName(b.getKey(), e) + " = " + v + ", expected " + b.getValue().describe());
                }
            }
            StringBuilder what = new StringBuilder("under ").append(e.policy()).append(": ");
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, Expectation.Bound> b : e.bounds().entrySet()) {
                parts.add(metricName(b.getKey(), e) + " " + b.getValue().describe());
            }
            what.append(String.join(", ", parts));
            if (failures.isEmpty()) {
                results.add(new ExpectationResult(e, true, what.toString()));
            } else {
                results.add(new ExpectationResult(e, false, what + " FAILED: " + String.join("; ", failures)
                        + (e.note() == null ? "" : " (" + e.note() + ")")));
            }
        }
        return results;
    }

    /**
     * {@code leaks[host-secret, l1tf]} when the leak count is filtered, {@code asiExits[cause ~ "..."]} when
     * the ASI exits are, else the metric's name.
     */
    private static String metricName(String metric, Expectation e) {
        RunReport.Filter f = e.filter();
        if (metric.equals("asiExits") && f.asiExitCause() != null) {
            return metric + "[cause ~ \"" + f.asiExitCause() + "\"]";
        }
        if (!metric.equals("leaks")) {
            return metric;
        }
        List<String> filter = new ArrayList<>();
        if (f.label() != null) {
            filter.add(f.label());
        }
        if (f.mechanism() != null) {
            filter.add(f.mechanism());
        }
        if (f.attacker() != null) {
            filter.add("by " + f.attacker() + (f.attackerVcpu() == null ? "" : "/vcpu" + f.attackerVcpu()));
        }
        if (f.attackerCpu() != null) {
            filter.add("on cpu" + f.attackerCpu());
        }
        return filter.isEmpty() ? metric : metric + "[" + String.join(", ", filter) + "]";
    }
}
