package dev.asiscope.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.scenario.ReportWriter;
import dev.asiscope.scenario.RunReport;
import dev.asiscope.scenario.ScenarioException;
import dev.asiscope.scenario.ScenarioRunner;
import dev.asiscope.sim.engine.MachineSpec;
import dev.asiscope.sim.program.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code compare --sweep sensitive-share=...}: each policy's overhead as the share of VM exits whose handling
 * touches sensitive memory grows. Every {@code workload} operation of the scenario gets that share
 * ({@link Op.Workload#sensitiveShare()}); at each share every policy is compared with {@code none} at the
 * same share. This is the form in which ASI's claim can be checked: it is cheap exactly as long as few exits
 * leave the restricted address space.
 *
 * @param scenario the scenario's file name
 * @param shares   the shares swept, in percent
 * @param policies the policies, in order
 * @param runs     {@code runs.get(i).get(p)}: the comparison row of policy {@code p} at {@code shares.get(i)}
 */
record SensitiveShareSweep(String scenario, List<Double> shares, List<String> policies,
        List<Map<String, ReportWriter.CompareRow>> runs) {

    /** The parameter name {@code --sweep} accepts. */
    static final String PARAMETER = "sensitive-share";

    /**
     * Parses {@code sensitive-share=0,10,...,100}: numbers in percent, where {@code a,b,...,z} continues the
     * step {@code b - a} up to {@code z}.
     */
    static List<Double> parse(String spec) throws ScenarioException {
        String prefix = PARAMETER + "=";
        if (spec == null || !spec.startsWith(prefix)) {
            throw error("expected " + prefix + "V,V,... (e.g. " + prefix + "0,10,...,100); got '" + spec + "'");
        }
        String[] parts = spec.substring(prefix.length()).split(",", -1);
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.equals("...")) {
                if (values.size() < 2 || i + 1 >= parts.length) {
                    throw error("'...' needs two values before it and one after, as in 0,10,...,100");
                }
                double step = values.get(values.size() - 1) - values.get(values.size() - 2);
                double end = number(parts[i + 1].trim());
                if (step <= 0) {
                    throw error("the values before '...' must increase");
                }
                // Integer steps so that 0,10,...,100 gives exactly 0, 10, ..., 100.
                double start = values.get(values.size() - 1);
                for (int k = 1; start + k * step < end - 1e-9; k++) {
                    values.add(start + k * step);
                }
                continue;
            }
            values.add(number(p));
        }
        for (int i = 0; i < values.size(); i++) {
            double v = values.get(i);
            if (!(v >= 0 && v <= 100)) {
                throw error("a share is a percentage, 0..100; got " + trim(v));
            }
            if (i > 0 && v <= values.get(i - 1)) {
                throw error("shares must increase; got " + trim(values.get(i - 1)) + " then " + trim(v));
            }
        }
        return values;
    }

    private static double number(String s) throws ScenarioException {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw error("'" + s + "' is not a number");
        }
    }

    private static ScenarioException error(String message) {
        return new ScenarioException("--sweep", 0, 0, null, message);
    }

    /**
     * Runs the sweep: for each share, {@code none} and every policy, up to {@code threads} runs at once (the
     * result does not depend on the thread count).
     */
    static SensitiveShareSweep run(String name, LoadedScenario s, List<String> policies, List<Double> shares,
            int threads) throws ScenarioException {
        if (!hasWorkload(s.spec())) {
            throw new ScenarioException(name, 0, 0, null, "--sweep " + PARAMETER + " needs a scenario with at least one"
                    + " \"workload\" operation (the share applies to the exits it generates)");
        }
        List<String> list = new ArrayList<>();
        for (String p : policies) {
            list.add(p.trim());
        }
        List<String> perShare = new ArrayList<>(list);
        if (!list.contains("none")) {
            perShare.add("none");
        }
        // Every (share, policy) run at once, listed share by share: one pool for the whole sweep keeps all
        // cores busy even when there are fewer policies than cores.
        List<ParallelRuns.Run<RunReport>> jobs = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (double share : shares) {
            LoadedScenario at = withShare(s, share);
            for (String p : perShare) {
                jobs.add(() -> ScenarioRunner.run(at, p));
                labels.add(trim(share) + "% " + p);
            }
        }
        ProgressBar bar = new ProgressBar("sweeping");
        List<RunReport> all = ParallelRuns.run(jobs, labels, threads, bar);
        bar.done();
        List<Map<String, ReportWriter.CompareRow>> runs = new ArrayList<>();
        for (int i = 0; i < shares.size(); i++) {
            List<RunReport> at = all.subList(i * perShare.size(), (i + 1) * perShare.size());
            Map<String, RunReport> reports = new LinkedHashMap<>();
            for (int k = 0; k < list.size(); k++) {
                reports.put(list.get(k), at.get(k));
            }
            RunReport baseline = at.get(perShare.indexOf("none"));
            Map<String, ReportWriter.CompareRow> rows = new LinkedHashMap<>();
            for (ReportWriter.CompareRow row : ReportWriter.compareRows(reports, baseline)) {
                rows.put(row.report().policy(), row);
            }
            runs.add(rows);
        }
        return new SensitiveShareSweep(name, List.copyOf(shares), List.copyOf(list), List.copyOf(runs));
    }

    /** The scenario with every workload's sensitive share set to {@code share}. */
    static LoadedScenario withShare(LoadedScenario s, double share) {
        List<MachineSpec.CpuProgram> programs = new ArrayList<>();
        for (MachineSpec.CpuProgram p : s.spec().programs()) {
            List<MachineSpec.Task> tasks = new ArrayList<>();
            for (MachineSpec.Task t : p.tasks()) {
                tasks.add(new MachineSpec.Task(t.kind(), t.vm(), t.vcpu(), t.process(), withShare(t.ops(), share)));
            }
            programs.add(new MachineSpec.CpuProgram(tasks));
        }
        return new LoadedScenario(s.source(), s.name(), s.description(), s.spec().withPrograms(programs),
                s.policyName(), s.policy(), s.narration(), s.breakpoints(), s.guidedStep(), s.expectations(), s.raw());
    }

    private static List<Op> withShare(List<Op> ops, double share) {
        List<Op> out = new ArrayList<>(ops.size());
        for (Op op : ops) {
            if (op instanceof Op.Workload w) {
                out.add(w.withSensitiveShare(share));
            } else if (op instanceof Op.Repeat r) {
                out.add(new Op.Repeat(r.label(), r.count(), withShare(r.body(), share)));
            } else {
                out.add(op);
            }
        }
        return out;
    }

    private static boolean hasWorkload(MachineSpec spec) {
        for (MachineSpec.CpuProgram p : spec.programs()) {
            for (MachineSpec.Task t : p.tasks()) {
                if (hasWorkload(t.ops())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasWorkload(List<Op> ops) {
        for (Op op : ops) {
            if (op instanceof Op.Workload || op instanceof Op.Repeat r && hasWorkload(r.body())) {
                return true;
            }
        }
        return false;
    }

    /** Overhead of {@code policy} at the {@code i}-th share, in percent of {@code none}'s victim cycles. */
    double overhead(int i, String policy) {
        return runs.get(i).get(policy).overheadPercent();
    }

    /** Leaks of {@code policy} at the {@code i}-th share. */
    int leaks(int i, String policy) {
        return runs.get(i).get(policy).report().leaks().size();
    }

    /** Two tables, policies by shares: the overhead, then the leaks. */
    String text() {
        StringBuilder sb = new StringBuilder();
        sb.append(scenario).append(": overhead versus none as the share of VM exits touching sensitive memory grows\n");
        table(sb, (i, p) -> String.format(Locale.ROOT, " %7.1f%%", overhead(i, p)));
        sb.append('\n').append("leaks\n");
        table(sb, (i, p) -> String.format(Locale.ROOT, " %8d", leaks(i, p)));
        sb.append("\noverhead: victim cycles (the run without the attacker's probing) relative to none at the same"
                + " share.\n");
        return sb.toString();
    }

    private void table(StringBuilder sb, java.util.function.BiFunction<Integer, String, String> cell) {
        sb.append(String.format(Locale.ROOT, "%-26s", "sensitive exits"));
        for (double v : shares) {
            sb.append(String.format(Locale.ROOT, " %8s", trim(v) + "%"));
        }
        sb.append('\n');
        for (String p : policies) {
            sb.append(String.format(Locale.ROOT, "%-26s", p));
            for (int i = 0; i < shares.size(); i++) {
                sb.append(cell.apply(i, p));
            }
            sb.append('\n');
        }
    }

    /** One object: the parameter, its values, and per policy the series of overheads and counts. */
    ObjectNode json() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("scenario", scenario);
        o.put("parameter", PARAMETER);
        ArrayNode values = o.putArray("valuesPercent");
        shares.forEach(values::add);
        ArrayNode ps = o.putArray("policies");
        for (String p : policies) {
            ObjectNode n = ps.addObject();
            n.put("policy", p);
            ArrayNode overhead = n.putArray("overheadPercent");
            ArrayNode leaks = n.putArray("leaks");
            ArrayNode victims = n.putArray("victimCycles");
            ArrayNode asiExits = n.putArray("asiExits");
            ArrayNode flushes = n.putArray("l1dFlushes");
            ArrayNode stuns = n.putArray("stuns");
            for (int i = 0; i < shares.size(); i++) {
                RunReport r = runs.get(i).get(p).report();
                overhead.add(Math.round(overhead(i, p) * 100) / 100.0);
                leaks.add(r.leaks().size());
                victims.add(r.victimCycles());
                asiExits.add(r.asiExits());
                flushes.add(r.l1dFlushes());
                stuns.add(r.stuns());
            }
        }
        return o;
    }

    /** One row per share and policy. */
    String csv() {
        StringBuilder sb = new StringBuilder("sensitiveSharePercent,policy,overheadPercent,leaks,victimCycles,asiExits,"
                + "l1dFlushes,stuns\n");
        for (int i = 0; i < shares.size(); i++) {
            for (String p : policies) {
                RunReport r = runs.get(i).get(p).report();
                sb.append(trim(shares.get(i))).append(',').append(p.contains(",") ? "\"" + p + "\"" : p).append(',')
                        .append(String.format(Locale.ROOT, "%.2f", overhead(i, p))).append(',')
                        .append(r.leaks().size()).append(',').append(r.victimCycles()).append(',').append(r.asiExits())
                        .append(',').append(r.l1dFlushes()).append(',').append(r.stuns()).append('\n');
            }
        }
        return sb.toString();
    }

    static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
