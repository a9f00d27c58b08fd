package dev.asiscope.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asiscope.sim.engine.CostCategory;
import dev.asiscope.sim.engine.ExposureWindow;
import dev.asiscope.sim.engine.Leak;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders run and compare reports as text, JSON or CSV (formats documented in docs/cli.md). */
public final class ReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {
    }

    // ---------------------------------------------------------------- run

    public static ObjectNode runJson(String scenario, RunReport r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("scenario", scenario);
        o.put("policy", r.policy());
        o.put("cycles", r.cycles());
        ArrayNode leaks = o.putArray("leaks");
        for (Leak l : r.leaks()) {
            ObjectNode n = leaks.addObject();
            n.put("cycle", l.reloadCycle());
            n.put("label", l.victimLabel().name());
            n.put("victim", l.victimLabel().domain().id());
            n.put("attacker", l.attackerDomain().id());
            n.put("attackerCpu", l.attackerCpu());
            if (l.attackerVcpu() >= 0) {
                n.put("attackerVcpu", l.attackerVcpu());
            }
            n.put("mechanism", l.mechanism().id());
            n.put("value", l.value());
            n.put("physicalAddress", Hex.of(l.physicalAddress()));
            ObjectNode chain = n.putObject("cause");
            ObjectNode src = chain.putObject("lineFill");
            src.put("cycle", l.source().cycle());
            src.put("cpu", l.source().cpu());
            src.put("context", EventText.fillContext(l.source().context(), l.source().handler()));
            src.put("addressSpace", EventText.space(l.source().addressSpace()));
            src.put("access", l.source().originId());
            chain.put("missingMitigation", EventText.missing(l.missingMitigation()));
            chain.put("transientLoadCycle", l.transientCycle());
            chain.put("probeFillCycle", l.transientCycle());
            chain.put("reloadCycle", l.reloadCycle());
            n.put("explanation", EventText.explain(l));
        }
        o.put("exposureCycles", r.exposureCycles());
        ArrayNode ex = o.putArray("exposureWindows");
        for (ExposureWindow w : r.exposures()) {
            ObjectNode n = ex.addObject();
            n.put("core", w.core());
            n.put("attacker", w.attackerDomain().id());
            n.put("victimLabel", w.victimLabel().name());
            n.put("start", w.startCycle());
            n.put("end", w.endCycle());
        }
        o.put("vmExits", r.vmExits());
        o.put("asiExits", r.asiExits());
        o.put("l1dFlushes", r.l1dFlushes());
        o.put("verws", r.verws());
        o.put("stuns", r.stuns());
        o.put("transientLoads", r.transientLoads());
        o.put("contextSwitches", r.contextSwitches());
        ObjectNode costs = o.putObject("cyclesByCategory");
        r.costs().forEach(costs::put);
        o.put("mitigationCycles", r.mitigationCycles());
        ObjectNode causes = o.putObject("asiExitCauses");
        r.asiExitCauses().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> causes.put(e.getKey(), e.getValue()));
        o.set("cpus", JSON.valueToTree(r.cpus()));
        return o;
    }

    public static String runText(String scenario, RunReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append(scenario).append(" under ").append(r.policy()).append('\n');
        sb.append(String.format("  %,d cycles, %,d VM exits, %,d ASI exits, %,d L1D flushes, %,d VERWs, %,d stuns%n",
                r.cycles(), r.vmExits(), r.asiExits(), r.l1dFlushes(), r.verws(), r.stuns()));
        sb.append(String.format("  exposure: %,d cycles in %d windows%n", r.exposureCycles(), r.exposures().size()));
        sb.append(String.format("  leaks: %d%n", r.leaks().size()));
        int n = 1;
        for (Leak l : r.leaks()) {
            sb.append(String.format("  leak %d at cycle %,d: %s recovered 0x%02x of %s by %s%n", n++, l.reloadCycle(),
                    l.attackerDomain(), l.value(), l.victimLabel(), EventText.title(l.mechanism())));
            for (String line : EventText.explain(l).split("\n")) {
                sb.append("      ").append(line).append('\n');
            }
        }
        sb.append("  cycles by category (all CPUs):\n");
        for (CostCategory c : CostCategory.values()) {
            long v = r.costs().get(c.key());
            if (v > 0) {
                sb.append(String.format("    %-28s %,15d%n", CostCategoryText.title(c), v));
            }
        }
        return sb.toString();
    }

    public static String runCsv(String scenario, RunReport r) {
        List<String> head = new ArrayList<>(List.of("scenario", "policy", "cycles", "leaks", "exposureCycles",
                "vmExits", "asiExits", "l1dFlushes", "verws", "stuns"));
        List<String> row = new ArrayList<>(List.of(csv(scenario), csv(r.policy()), "" + r.cycles(),
                "" + r.leaks().size(), "" + r.exposureCycles(), "" + r.vmExits(), "" + r.asiExits(),
                "" + r.l1dFlushes(), "" + r.verws(), "" + r.stuns()));
        for (Map.Entry<String, Long> e : r.costs().entrySet()) {
            head.add(e.getKey() + "Cycles");
            row.add("" + e.getValue());
        }
        return String.join(",", head) + "\n" + String.join(",", row) + "\n";
    }

    // ---------------------------------------------------------------- compare

    /**
     * One comparison row, relative to the baseline run ({@code none}).
     *
     * @param overheadPercent         how much longer the victims' work takes ({@link RunReport#victimCycles()}):
     *                                the cost of the mitigation to the work it protects
     * @param attackerOverheadPercent the change in the attacker's probing cycles; NaN when the run has none
     */
    public record CompareRow(RunReport report, double overheadPercent, double attackerOverheadPercent) {
    }

    public static List<CompareRow> compareRows(Map<String, RunReport> runs, RunReport baseline) {
        List<CompareRow> rows = new ArrayList<>();
        for (RunReport r : runs.values()) {
            rows.add(new CompareRow(r, percent(r.victimCycles(), baseline.victimCycles()),
                    r.attackerCycles() < 0 ? Double.NaN : percent(r.attackerCycles(), baseline.attackerCycles())));
        }
        return rows;
    }

    private static double percent(long cycles, long base) {
        return base <= 0 ? 0 : 100.0 * (cycles - base) / base;
    }

    /** Simulated clock the per-second rates assume when none is given. */
    public static final double DEFAULT_GHZ = 3.0;

    /**
     * Per-second rates of one run: its length in simulated seconds at {@code ghz} and the events per
     * simulated second, over the whole machine (all logical CPUs together).
     */
    public record Rates(double simulatedSeconds, double l1dFlushesPerSecond, double stunsPerSecond,
            double asiExitsPerSecond, double vmExitsPerSecond) {
        public static Rates of(RunReport r, double ghz) {
            double s = r.cycles() / (ghz * 1e9);
            return s <= 0 ? new Rates(0, 0, 0, 0, 0)
                    : new Rates(s, r.l1dFlushes() / s, r.stuns() / s, r.asiExits() / s, r.vmExits() / s);
        }
    }

    public static ArrayNode compareJson(List<CompareRow> rows) {
        return compareJson(rows, DEFAULT_GHZ);
    }

    /** The compare rows as JSON; rates per simulated second at {@code ghz}. */
    public static ArrayNode compareJson(List<CompareRow> rows, double ghz) {
        ArrayNode a = JSON.createArrayNode();
        for (CompareRow row : rows) {
            RunReport r = row.report();
            ObjectNode o = a.addObject();
            o.put("policy", r.policy());
            o.put("leaks", r.leaks().size());
            o.put("exposureCycles", r.exposureCycles());
            o.put("totalCycles", r.cycles());
            o.put("overheadPercent", Math.round(row.overheadPercent() * 100) / 100.0);
            o.put("l1dFlushes", r.l1dFlushes());
            o.put("stuns", r.stuns());
            o.put("asiExits", r.asiExits());
            o.put("vmExits", r.vmExits());
            o.put("mitigationCycles", r.mitigationCycles());
            Rates rates = Rates.of(r, ghz);
            o.put("ghz", ghz);
            o.put("simulatedSeconds", rates.simulatedSeconds());
            o.put("l1dFlushesPerSecond", round1(rates.l1dFlushesPerSecond()));
            o.put("stunsPerSecond", round1(rates.stunsPerSecond()));
            o.put("asiExitsPerSecond", round1(rates.asiExitsPerSecond()));
            o.put("vmExitsPerSecond", round1(rates.vmExitsPerSecond()));
            o.put("victimCycles", r.victimCycles());
            if (r.attackerCycles() < 0) {
                o.putNull("attackerCycles");
                o.putNull("attackerOverheadPercent");
            } else {
                o.put("attackerCycles", r.attackerCycles());
                o.put("attackerOverheadPercent", Math.round(row.attackerOverheadPercent() * 100) / 100.0);
            }
        }
        return a;
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    public static String compareText(String scenario, List<CompareRow> rows) {
        return compareText(scenario, rows, DEFAULT_GHZ, false, 0);
    }

    /**
     * The compare table, then the per-second rates at {@code ghz} over {@code logicalCpus} CPUs (0: not
     * named), then, when {@code chart} is set, a bar chart of the overhead of each policy.
     */
    public static String compareText(String scenario, List<CompareRow> rows, double ghz, boolean chart,
            int logicalCpus) {
        StringBuilder sb = new StringBuilder(compareTable(scenario, rows));
        sb.append(String.format(Locale.ROOT, "%nper simulated second at %s GHz%s%n", trim(ghz),
                logicalCpus > 0 ? " (all " + logicalCpus + " logical CPUs together)" : ""));
        sb.append(String.format(Locale.ROOT, "%-28s %12s %12s %12s %12s %12s%n", "policy", "sim. time", "flushes/s",
                "stuns/s", "ASI exits/s", "VM exits/s"));
        for (CompareRow row : rows) {
            Rates r = Rates.of(row.report(), ghz);
            sb.append(String.format(Locale.ROOT, "%-28s %12s %,12.0f %,12.0f %,12.0f %,12.0f%n", row.report().policy(),
                    duration(r.simulatedSeconds()), r.l1dFlushesPerSecond(), r.stunsPerSecond(),
                    r.asiExitsPerSecond(), r.vmExitsPerSecond()));
        }
        if (chart) {
            sb.append('\n').append(overheadChart(rows));
        }
        return sb.toString();
    }

    /** Width of the longest bar of {@link #overheadChart}. */
    static final int CHART_WIDTH = 50;

    /** An ASCII bar per policy, proportional to its overhead (the largest overhead gets the full width). */
    public static String overheadChart(List<CompareRow> rows) {
        double max = 0;
        for (CompareRow row : rows) {
            max = Math.max(max, row.overheadPercent());
        }
        StringBuilder sb = new StringBuilder("overhead versus none (# = ");
        sb.append(max > 0 ? String.format(Locale.ROOT, "%.2f%%", max / CHART_WIDTH) : "-").append(")\n");
        for (CompareRow row : rows) {
            int n = max <= 0 || row.overheadPercent() <= 0 ? 0
                    : (int) Math.round(CHART_WIDTH * row.overheadPercent() / max);
            sb.append(String.format(Locale.ROOT, "%-28s |%-" + CHART_WIDTH + "s| %6.1f%%%n", row.report().policy(),
                    "#".repeat(n), row.overheadPercent()));
        }
        return sb.toString();
    }

    private static String duration(double seconds) {
        if (seconds == 0) {
            return "0 s";
        }
        if (seconds < 1e-3) {
            return String.format(Locale.ROOT, "%.1f µs", seconds * 1e6);
        }
        if (seconds < 1) {
            return String.format(Locale.ROOT, "%.1f ms", seconds * 1e3);
        }
        return String.format(Locale.ROOT, "%.3f s", seconds);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static String compareTable(String scenario, List<CompareRow> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(scenario).append('\n');
        sb.append(String.format(Locale.ROOT, "%-28s %6s %14s %14s %9s %14s %9s %9s %8s %9s %9s%n", "policy", "leaks",
                "exposure cyc", "victim cycles", "overhead", "attacker cyc", "att. ovh", "flushes", "stuns",
                "ASI exits", "VM exits"));
        boolean attackers = false;
        for (CompareRow row : rows) {
            RunReport r = row.report();
            attackers |= r.attackerCycles() >= 0;
            String att = r.attackerCycles() < 0 ? String.format(Locale.ROOT, "%14s %9s", "-", "-")
                    : String.format(Locale.ROOT, "%,14d %8.1f%%", r.attackerCycles(), row.attackerOverheadPercent());
            sb.append(String.format(Locale.ROOT, "%-28s %6d %,14d %,14d %8.1f%% %s %,9d %,8d %,9d %,9d%n", r.policy(),
                    r.leaks().size(), r.exposureCycles(), r.victimCycles(), row.overheadPercent(), att,
                    r.l1dFlushes(), r.stuns(), r.asiExits(), r.vmExits()));
        }
        sb.append(attackers ? "victim cycles: the run without the attacker's probing (per CPU: its end less its probing"
                + " cycles; the largest);\noverhead: victim cycles relative to none. attacker cyc: cycles spent probing,"
                + " att. ovh: their change relative to none.\n" : "victim cycles: the run length (no attacker); overhead: relative to none.\n");
        return sb.toString();
    }

    public static String compareCsv(List<CompareRow> rows) {
        return compareCsv(rows, DEFAULT_GHZ);
    }

    /** The compare rows as CSV with a header; the rate columns (per simulated second at {@code ghz}) come last. */
    public static String compareCsv(List<CompareRow> rows, double ghz) {
        StringBuilder sb = new StringBuilder(
                "policy,leaks,exposureCycles,totalCycles,overheadPercent,l1dFlushes,stuns,asiExits,vmExits,"
                        + "simulatedSeconds,l1dFlushesPerSecond,stunsPerSecond,asiExitsPerSecond,vmExitsPerSecond,"
                        + "victimCycles,attackerCycles,attackerOverheadPercent\n");
        for (CompareRow row : rows) {
            RunReport r = row.report();
            sb.append(csv(r.policy())).append(',').append(r.leaks().size()).append(',').append(r.exposureCycles())
                    .append(',').append(r.cycles()).append(',').append(String.format("%.2f", row.overheadPercent()))
                    .append(',').append(r.l1dFlushes()).append(',').append(r.stuns()).append(',').append(r.asiExits())
                    .append(',').append(r.vmExits());
            Rates rates = Rates.of(r, ghz);
            sb.append(String.format(Locale.ROOT, ",%.9f,%.1f,%.1f,%.1f,%.1f", rates.simulatedSeconds(),
                    rates.l1dFlushesPerSecond(), rates.stunsPerSecond(), rates.asiExitsPerSecond(),
                    rates.vmExitsPerSecond()));
            sb.append(',').append(r.victimCycles()).append(',')
                    .append(r.attackerCycles() < 0 ? "" : String.valueOf(r.attackerCycles())).append(',')
                    .append(r.attackerCycles() < 0 ? "" : String.format(Locale.ROOT, "%.2f",
                            row.attackerOverheadPercent())).append('\n');
        }
        return sb.toString();
    }

    public static String json(Object node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
