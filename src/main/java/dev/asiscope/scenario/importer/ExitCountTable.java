package dev.asiscope.scenario.importer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A per-reason VM-exit count table from bcc {@code kvmexit.py}, perf-prof {@code kvm-exit}, or a
 * per-exit-code counter dump.
 *
 * @param tool       which tool's layout it had
 * @param command    the command line printed before it ({@code ./kvmexit.py 6}), or null
 * @param title      the tool's description or the caption before it ({@code Display kvm exit reasons ...},
 *                   {@code kvm-exit latency THREAD 126953}, {@code With ept:}), or null
 * @param timestamp  a timestamp printed before it (perf-prof), or null
 * @param rows       rows in printed order (rows with count 0 included)
 * @param headerLine 1-based line of the header (or of the first row when there is none)
 */
public record ExitCountTable(Tool tool, String command, String title, String timestamp, List<ExitCountRow> rows,
                             int headerLine) {

    /** Known layouts. */
    public enum Tool {
        /** bcc {@code tools/kvmexit.py}: {@code PID TID KVM_EXIT_REASON COUNT} (columns vary with options). */
        BCC_KVMEXIT,
        /** perf-prof {@code kvm-exit}: {@code exit_reason calls total(us) min(us) avg(us) max(us) %gsys}. */
        PERF_PROF_KVM_EXIT,
        /** Counters indexed by basic exit code: {@code N- count, ...} or {@code N- a -> b -> c}. */
        EXIT_CODE_COUNTERS
    }

    public ExitCountTable {
        rows = List.copyOf(rows);
    }

    /** Sum of the counts. */
    public long totalCount() {
        long s = 0;
        for (ExitCountRow r : rows) {
            s += r.count();
        }
        return s;
    }

    /** Counts per reason key, rows of the same reason (e.g. several threads) added; zero counts left out. */
    public ExitMix exitMix() {
        Map<String, Long> counts = new HashMap<>();
        Map<String, Double> weighted = new HashMap<>();
        Map<String, Long> timed = new HashMap<>();
        Map<String, Double> avg = new HashMap<>();
        for (ExitCountRow r : rows) {
            if (r.count() == 0) {
                continue;
            }
            String k = r.reasonKey();
            counts.merge(k, r.count(), Long::sum);
            if (r.avgUs() != null) {
                boolean first = !timed.containsKey(k);
                weighted.merge(k, r.avgUs() * r.count(), Double::sum);
                timed.merge(k, r.count(), Long::sum);
                // a single row keeps its printed mean exactly
                avg.put(k, first ? r.avgUs() : weighted.get(k) / timed.get(k));
            }
        }
        return new ExitMix(counts, avg, totalCount(), tool.name().toLowerCase(java.util.Locale.ROOT)
                + (title == null ? "" : " " + title));
    }
}
