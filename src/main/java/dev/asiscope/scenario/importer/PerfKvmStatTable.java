package dev.asiscope.scenario.importer;

import java.util.List;
import java.util.Locale;

/**
 * One table of {@code perf kvm stat} output with its header information.
 *
 * @param eventType    the first column's title: {@code VM-EXIT}, {@code IO Port Access}, {@code MSR Access},
 *                     {@code MMIO Access}
 * @param vmScope      {@code all VMs}, {@code pid(s) 1234}, or null when not printed (old perf, or cut)
 * @param vcpuScope    {@code all VCPUs}, {@code VCPU 0}, or null when not printed
 * @param rows         the rows in printed order
 * @param totalSamples from the {@code Total Samples:N, ...} footer, or null
 * @param totalTimeUs  from the {@code Total events handled time:Tus.} footer, or null
 * @param elided       whether the table contains an elision ({@code [..]}); then rows do not add up
 * @param hasMinMax    whether the layout has Min/Max Time columns
 * @param command      the {@code perf kvm stat ...} command line printed before the table, or null
 * @param timestamp    the {@code HH:MM:SS.uuuuuu} line {@code perf kvm stat live} prints before a refresh, or null
 * @param headerLine   1-based line of the column header
 */
public record PerfKvmStatTable(String eventType, String vmScope, String vcpuScope, List<PerfKvmStatRow> rows,
                               Long totalSamples, Double totalTimeUs, boolean elided, boolean hasMinMax,
                               String command, String timestamp, int headerLine) {

    /** What a table's keys are. */
    public enum Kind {
        /** {@code --event=vmexit}: exit reasons. */
        VMEXIT,
        /** {@code --event=ioport}: I/O ports. */
        IOPORT,
        /** {@code --event=msr}: MSRs. */
        MSR,
        /** {@code --event=mmio}: MMIO addresses. */
        MMIO,
        /** Anything else. */
        OTHER
    }

    public PerfKvmStatTable {
        rows = List.copyOf(rows);
    }

    /** The kind of events, from {@link #eventType()}. */
    public Kind kind() {
        String t = eventType.toUpperCase(Locale.ROOT);
        if (t.contains("VM-EXIT") || t.contains("VMEXIT")) {
            return Kind.VMEXIT;
        }
        if (t.contains("IO PORT") || t.contains("IOPORT")) {
            return Kind.IOPORT;
        }
        if (t.contains("MSR")) {
            return Kind.MSR;
        }
        if (t.contains("MMIO")) {
            return Kind.MMIO;
        }
        return Kind.OTHER;
    }

    /** Sum of the rows' samples. */
    public long listedSamples() {
        long s = 0;
        for (PerfKvmStatRow r : rows) {
            s += r.samples();
        }
        return s;
    }

    /** The exit mix of this table (rows keyed by VMX name when they map; same-key rows combined). */
    public ExitMix exitMix() {
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        java.util.Map<String, Double> weighted = new java.util.HashMap<>();
        java.util.Map<String, Double> avg = new java.util.HashMap<>();
        for (PerfKvmStatRow r : rows) {
            String k = r.reasonKey();
            boolean first = !counts.containsKey(k);
            counts.merge(k, r.samples(), Long::sum);
            weighted.merge(k, r.avgTimeUs() * r.samples(), Double::sum);
            // a single row keeps its printed mean exactly; several rows (e.g. UNKNOWN codes) are weighted
            avg.put(k, first ? r.avgTimeUs() : counts.get(k) == 0 ? Double.NaN : weighted.get(k) / counts.get(k));
        }
        long total = totalSamples != null ? totalSamples : listedSamples();
        return new ExitMix(counts, avg, Math.max(total, listedSamples()), "perf kvm stat " + eventType);
    }
}
