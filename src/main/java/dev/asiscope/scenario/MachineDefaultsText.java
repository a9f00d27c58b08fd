package dev.asiscope.scenario;

import dev.asiscope.sim.engine.MachineDefaults;
import java.util.Locale;

/**
 * The one table of machine defaults ({@link MachineDefaults}) as people read it: the plain-text table
 * {@code asiscope run --help-defaults} prints, and the Markdown rows of docs/scenario-format.md (a test checks
 * the page holds exactly these rows). The table itself is data in {@code sim}; its words are made here.
 */
public final class MachineDefaultsText {
    private MachineDefaultsText() {
    }

    /** The default as written in a scenario ({@code 46}, {@code 1.3}, {@code "msr"}). */
    public static String value(MachineDefaults.Entry e) {
        return e.value() instanceof String s ? "\"" + s + "\"" : String.valueOf(e.value());
    }

    /** The accepted values in words: {@code 36..52}, {@code msr, software}, {@code >= 0}, or {@code any}. */
    public static String allowed(MachineDefaults.Entry e) {
        if (!e.choices().isEmpty()) {
            return String.join(", ", e.choices());
        }
        if (e.min() != null && e.max() != null) {
            return e.min() + ".." + e.max();
        }
        if (e.min() != null) {
            return ">= " + e.min();
        }
        return e.max() != null ? "<= " + e.max() : "any";
    }

    /** The table of {@link MachineDefaults#machine()} as the Markdown rows of docs/scenario-format.md, "machine". */
    public static String markdownMachine() {
        StringBuilder b = new StringBuilder();
        b.append("| field | type | unit | default | allowed | meaning | source of the default |\n");
        b.append("|---|---|---|---|---|---|---|\n");
        for (MachineDefaults.Entry e : MachineDefaults.machine()) {
            b.append("| `").append(e.name()).append("` | ").append(e.type()).append(" | ").append(e.unit())
                    .append(" | `").append(value(e)).append("` | ").append(allowed(e)).append(" | ")
                    .append(cell(e.description())).append(" | ").append(cell(e.source())).append(" |\n");
        }
        return b.toString();
    }

    /**
     * The table of {@link MachineDefaults#latencies()} as the Markdown rows of docs/scenario-format.md,
     * "machine.latencies".
     */
    public static String markdownLatencies() {
        StringBuilder b = new StringBuilder();
        b.append("| name | default (cycles) | what it charges | source of the default |\n");
        b.append("|---|---:|---|---|\n");
        for (MachineDefaults.Entry e : MachineDefaults.latencies()) {
            b.append("| `").append(e.name().substring("latencies.".length())).append("` | ").append(value(e))
                    .append(" | ").append(cell(e.description())).append(" | ").append(cell(e.source())).append(" |\n");
        }
        return b.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    /** The whole table as plain text, {@code width} columns wide (what {@code asiscope run --help-defaults} prints). */
    public static String plain(int width) {
        StringBuilder b = new StringBuilder();
        wrap(b, "Machine defaults: the fields of a scenario's \"machine\" object (latencies under"
                + " \"machine.latencies\"), their defaults and where each default comes from. Latency sources are the"
                + " labels of docs/latencies.md, \"Sources\".", "", width);
        b.append('\n');
        int nameWidth = 0;
        for (MachineDefaults.Entry e : MachineDefaults.all()) {
            nameWidth = Math.max(nameWidth, e.name().length());
        }
        String row = "%-" + nameWidth + "s  %-13s  %-7s  %-12s  %s";
        b.append(String.format(Locale.ROOT, row, "FIELD", "TYPE", "UNIT", "DEFAULT", "ALLOWED").stripTrailing())
                .append('\n');
        String indent = " ".repeat(4);
        for (MachineDefaults.Entry e : MachineDefaults.all()) {
            b.append(String.format(Locale.ROOT, row, e.name(), e.type(), e.unit(), value(e), allowed(e))
                    .stripTrailing()).append('\n');
            wrap(b, e.description(), indent, width);
            wrap(b, "source: " + e.source(), indent, width);
        }
        return b.toString();
    }

    /** Appends {@code text} as lines of at most {@code width} columns (at least 20 for the words), each indented. */
    private static void wrap(StringBuilder b, String text, String indent, int width) {
        int room = Math.max(20, width - indent.length());
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > room) {
                b.append(indent).append(line).append('\n');
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            b.append(indent).append(line).append('\n');
        }
    }
}
