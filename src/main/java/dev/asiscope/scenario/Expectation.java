package dev.asiscope.scenario;

import java.util.Map;

/**
 * What a run under one policy must show: bounds on its metrics, and optionally which leaks (by label,
 * mechanism, attacker) and which ASI exits (by cause) the counts concern.
 *
 * @param policy    policy spec to run under ({@code none}, {@code l1d-flush-always+nosmt}, ...)
 * @param bounds    metric name ({@code leaks}, {@code asiExits}, {@code l1dFlushes}, {@code stuns},
 *                  {@code vmExits}, {@code exposureCycles}, {@code totalCycles}) to its bounds
 * @param filter    which leaks {@code leaks} counts and which ASI exits {@code asiExits} counts
 * @param note      why, in words (shown when the expectation fails)
 */
public record Expectation(String policy, Map<String, Bound> bounds, RunReport.Filter filter, String note) {
    /** When set, the {@code leaks} count only counts leaks of this label. */
    public String leakLabel() {
        return filter.label();
    }

    /** When set, the {@code leaks} count only counts leaks by this mechanism ({@code l1tf}, ...). */
    public String mechanism() {
        return filter.mechanism();
    }

    /** Inclusive bounds; null means unbounded. */
    public record Bound(Long min, Long max) {
        public boolean holds(long v) {
            return (min == null || v >= min) && (max == null || v <= max);
        }

        public String describe() {
            if (min != null && max != null) {
                return min.equals(max) ? "= " + min : "in [" + min + ", " + max + "]";
            }
            return min != null ? ">= " + min : "<= " + max;
        }
    }
}
