package dev.asiscope.scenario.importer;

import java.util.ArrayList;
import java.util.List;

/**
 * A column of the {@code perf kvm stat report} layout that perf prints since Linux 6.4, when the report
 * moved onto perf's histogram code ({@code tools/perf/builtin-kvm.c}, the {@code kvm_dimension}s of Leo Yan's
 * 2023 series "perf kvm: Support histograms"): {@code Event name}, then any of {@code Samples},
 * {@code Sample%}, {@code Time (ns)}, {@code Time%}, {@code Max Time (ns)}, {@code Min Time (ns)},
 * {@code Mean Time (ns)}, in the order the header names them. Times are whole nanoseconds ({@code %*lu});
 * note that Max comes before Min, unlike the older layout.
 */
enum NsColumn {
    SAMPLES("Samples"),
    SAMPLE_PERCENT("Sample%"),
    TIME("Time (ns)"),
    TIME_PERCENT("Time%"),
    MAX("Max Time (ns)"),
    MIN("Min Time (ns)"),
    MEAN("Mean Time (ns)");

    private final String header;

    NsColumn(String header) {
        this.header = header;
    }

    /**
     * The columns after {@code Event name}, or null when {@code header} is not this layout (it must
     * start with {@code Event name}, name only known columns, and include Samples and a way to get the mean).
     */
    static List<NsColumn> parseHeader(String header) {
        String h = header.strip();
        if (!h.startsWith("Event name")) {
            return null;
        }
        List<NsColumn> cols = new ArrayList<>();
        int i = "Event name".length();
        while (true) {
            i = ImportText.skipSpaces(h, i);
            if (i >= h.length()) {
                break;
            }
            NsColumn found = null;
            for (NsColumn c : values()) {
                if (h.startsWith(c.header, i) && (found == null || c.header.length() > found.header.length())) {
                    found = c;
                }
            }
            if (found == null || cols.contains(found)) {
                return null;
            }
            cols.add(found);
            i += found.header.length();
        }
        if (!cols.contains(SAMPLES) || !(cols.contains(MEAN) || cols.contains(TIME))) {
            return null;
        }
        return List.copyOf(cols);
    }

    /** A row of this layout: the name (may contain blanks), then one value per column; null when it is not one. */
    static PerfKvmStatImporter.Row parseRow(String text, List<NsColumn> cols) {
        List<String> tok = ImportText.tokens(text, 0);
        int n = cols.size();
        if (tok.size() < n + 1) {
            return null;
        }
        int first = tok.size() - n;
        long samples = -1;
        double sp = Double.NaN;
        double tp = Double.NaN;
        double timeNs = Double.NaN;
        Double maxNs = null;
        Double minNs = null;
        Double meanNs = null;
        for (int k = 0; k < n; k++) {
            String t = tok.get(first + k);
            switch (cols.get(k)) {
                case SAMPLES -> samples = ImportText.parseUnsignedDecimal(t);
                case SAMPLE_PERCENT -> sp = percent(t);
                case TIME_PERCENT -> tp = percent(t);
                case TIME -> timeNs = number(t);
                case MAX -> maxNs = boxed(number(t));
                case MIN -> minNs = boxed(number(t));
                case MEAN -> meanNs = boxed(number(t));
            }
        }
        boolean bad = samples < 0
                || (cols.contains(SAMPLE_PERCENT) && Double.isNaN(sp))
                || (cols.contains(TIME_PERCENT) && Double.isNaN(tp))
                || (cols.contains(TIME) && Double.isNaN(timeNs))
                || (cols.contains(MAX) && maxNs == null)
                || (cols.contains(MIN) && minNs == null)
                || (cols.contains(MEAN) && meanNs == null);
        if (bad) {
            return null;
        }
        double mean = meanNs != null ? meanNs : samples == 0 ? 0 : timeNs / samples;
        double[] times = minNs != null && maxNs != null
                ? new double[] {minNs / 1000, maxNs / 1000, mean / 1000}
                : new double[] {mean / 1000};
        String name = String.join(" ", tok.subList(0, first));
        return new PerfKvmStatImporter.Row(name, samples, Double.isNaN(sp) ? 0 : sp, Double.isNaN(tp) ? 0 : tp,
                times, null);
    }

    private static Double boxed(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private static double number(String t) {
        return ImportText.parseDecimal(t);
    }

    private static double percent(String t) {
        return t.endsWith("%") ? ImportText.parseDecimal(t.substring(0, t.length() - 1)) : Double.NaN;
    }
}
