package dev.asiscope.scenario.importer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code kvm_exit} events of an ftrace / trace-cmd / perf trace, per vCPU, with counts.
 *
 * @param exits                all exits in input order
 * @param exitsByVcpu          vCPU → its exits in input order (sorted by vCPU)
 * @param countsByReason       reason key (VMX name, SVM names mapped; else the normalised printed name) →
 *                             count, by descending count
 * @param countsByOriginalName normalised printed name ({@code EXIT_NPF} → {@code NPF}, {@code npf} →
 *                             {@code NPF}, {@code PENDING_INTERRUPT}) → count, by descending count
 * @param countsByVcpu         vCPU → count (sorted by vCPU)
 * @param kvmEntryCount        number of {@code kvm_entry} events
 * @param otherEvents          other event name → count (e.g. {@code kvm_fpu}, {@code kvm_page_fault})
 * @param skippedLines         input lines not used: other events, comments, garbage, broken events
 *                             (blank lines are not counted)
 * @param skippedExamples      up to {@link SkippedLine#MAX_EXAMPLES} of the garbage/broken ones
 * @param vcpuSource           where the vCPU numbers came from
 * @param notes                human-readable remarks (vCPU inference, truncated events, ...)
 * @param lineCount            physical lines read
 */
public record KvmExitTrace(List<KvmExit> exits, Map<Integer, List<KvmExit>> exitsByVcpu,
                           Map<String, Long> countsByReason, Map<String, Long> countsByOriginalName,
                           Map<Integer, Long> countsByVcpu, long kvmEntryCount, Map<String, Long> otherEvents,
                           int skippedLines, List<SkippedLine> skippedExamples, VcpuSource vcpuSource,
                           List<String> notes, int lineCount) {

    /** Where the vCPU numbers of a trace came from. */
    public enum VcpuSource {
        /** Every {@code kvm_exit} carried {@code vcpu N} (kernels ≥ ~5.10). */
        EXIT_FIELD,
        /** Some exits had no vcpu field; it was taken from {@code kvm_entry: vcpu N} of the same thread. */
        ENTRY_EVENTS,
        /** No vcpu numbers at all for some threads: numbered by the thread's first appearance. */
        THREAD_ORDER,
        /** No exits. */
        NONE
    }

    /** Number of exits. */
    public long totalExits() {
        return exits.size();
    }

    /**
     * The exit mix of the whole trace: count per reason key and mean handling time (exit to the same
     * thread's next {@code kvm_entry}) where the trace has the entries.
     */
    public ExitMix exitMix() {
        Map<String, Long> timed = new HashMap<>();
        Map<String, Long> sumNs = new HashMap<>();
        for (KvmExit e : exits) {
            if (e.durationNs() >= 0) {
                String k = e.reasonKey();
                timed.merge(k, 1L, Long::sum);
                sumNs.merge(k, e.durationNs(), Long::sum);
            }
        }
        Map<String, Double> avg = new HashMap<>();
        for (Map.Entry<String, Long> e : timed.entrySet()) {
            avg.put(e.getKey(), sumNs.get(e.getKey()) / 1000.0 / e.getValue());
        }
        return new ExitMix(countsByReason, avg, exits.size(), "kvm_exit trace");
    }
}
