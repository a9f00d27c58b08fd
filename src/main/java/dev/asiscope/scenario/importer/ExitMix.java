package dev.asiscope.scenario.importer;

import dev.asiscope.sim.vmx.VmxExitReason;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A VM-exit mix: how many exits of each reason, and how long each took to handle on average, as
 * measured by whatever produced the input ({@code perf kvm stat}: from {@code kvm_exit} to the vCPU's next
 * {@code kvm_entry}; a trace: the same, computed from the events).
 *
 * <p>Keys are the Linux VMX names ({@code EPT_VIOLATION}, ...) when the printed reason maps to a
 * {@link VmxExitReason} (SVM names are mapped to the closest VMX reason), otherwise the printed name in
 * upper case ({@code UNKNOWN}). Iteration order is by descending count.
 *
 * @param counts       reason → number of exits
 * @param avgTimeUs    reason → mean handling time in microseconds (absent when unknown)
 * @param totalExits   all exits of the source, which can exceed the sum of {@code counts} when the source
 *                     elided rows ({@code [..]} in a perf table)
 * @param source       a short description of where the mix came from
 */
public record ExitMix(Map<String, Long> counts, Map<String, Double> avgTimeUs, long totalExits, String source) {

    public ExitMix {
        counts = Collections.unmodifiableMap(sortedByCount(counts));
        Map<String, Double> avg = new LinkedHashMap<>();
        for (String k : counts.keySet()) {
            Double v = avgTimeUs.get(k);
            if (v != null && !v.isNaN()) {
                avg.put(k, v);
            }
        }
        avgTimeUs = Collections.unmodifiableMap(avg);
    }

    private static Map<String, Long> sortedByCount(Map<String, Long> in) {
        Map<String, Long> out = new LinkedHashMap<>();
        in.entrySet().stream()
                .sorted((x, y) -> x.getValue().equals(y.getValue()) ? x.getKey().compareTo(y.getKey())
                        : Long.compare(y.getValue(), x.getValue()))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** Sum of {@link #counts()}. */
    public long listedExits() {
        long s = 0;
        for (long v : counts.values()) {
            s += v;
        }
        return s;
    }

    /** Exits the source counted but did not list per reason ({@code totalExits - listedExits}, at least 0). */
    public long unlistedExits() {
        return Math.max(0, totalExits - listedExits());
    }

    /** The share (0..1) of all exits that had this reason key. */
    public double share(String reason) {
        Long c = counts.get(reason);
        return c == null || totalExits == 0 ? 0 : (double) c / totalExits;
    }

    /** The counts of the reasons that map to a VMX reason, keyed by it. */
    public Map<VmxExitReason, Long> byVmxReason() {
        Map<VmxExitReason, Long> out = new EnumMap<>(VmxExitReason.class);
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            VmxExitReason.fromName(e.getKey()).ifPresent(r -> out.merge(r, e.getValue(), Long::sum));
        }
        return out;
    }

    /** Mean handling time over all exits with a known time, weighted by count; NaN when none. */
    public double weightedAvgTimeUs() {
        double sum = 0;
        long n = 0;
        for (Map.Entry<String, Double> e : avgTimeUs.entrySet()) {
            long c = counts.getOrDefault(e.getKey(), 0L);
            sum += e.getValue() * c;
            n += c;
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
