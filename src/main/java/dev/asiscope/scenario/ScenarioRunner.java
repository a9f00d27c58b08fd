package dev.asiscope.scenario;

import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.EventLog;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.engine.Policy;
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
        Policy policy = new ScenarioCompiler("--policy", null).policy(policySpec, "--policy");
        EventLog log = stopAfter == null ? null : new EventLog();
        Machine m = new Machine(s.spec(), policy, log);
        try {
            long next = 1_000_000;
            while (m.nextCycle() <= untilCycle && (log == null || log.count(stopAfter) == 0) && m.step()) {
                if (progress != null && m.cycle() >= next) {
                    progress.at(m.cycle());
                    next = m.cycle() + 1_000_000;
                }
            }
            if (m.done() && (log == null || log.count(stopAfter) == 0)) {
                m.finish();
            } else {
                if (log == null) {
                    m.runUntil(untilCycle);
                }
                m.stopHere();
            }
        } catch (SimulationException e) {
            throw new ScenarioException(s.source() == null ? s.name() : s.source().toString(), 0, 0, null,
                    "cycle " + m.cycle() + ": " + e.getMessage());
        }
        return RunReport.of(policySpec, m);
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
                long v = r.metric(b.getKey(), e.leakLabel(), e.mechanism());
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

    /** {@code leaks[host-secret, l1tf]} when the leak count is filtered, else the metric's name. */
    private static String metricName(String metric, Expectation e) {
        if (!metric.equals("leaks") || (e.leakLabel() == null && e.mechanism() == null)) {
            return metric;
        }
        List<String> filter = new ArrayList<>();
        if (e.leakLabel() != null) {
            filter.add(e.leakLabel());
        }
        if (e.mechanism() != null) {
            filter.add(e.mechanism());
        }
        return metric + "[" + String.join(", ", filter) + "]";
    }
}
