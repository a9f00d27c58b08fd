package dev.asiscope.scenario.importer;

import dev.asiscope.sim.vmx.VmxExitReason;

/**
 * One row of a {@code perf kvm stat report} / {@code perf kvm stat live} table:
 * {@code %20s %10llu %8.2f%% %8.2f%% %9.2fus %9.2fus %9.2fus ( +-%7.2f%% )}.
 *
 * @param reason          the key as printed: an exit reason ({@code EPT_VIOLATION}, {@code npf}, {@code UNKNOWN}),
 *                        an MSR/port/MMIO key ({@code 0x6e0:W}, {@code 0xc090:POUT}, {@code 0xfee00380:W})
 * @param vmxReason       the VMX exit reason {@code reason} maps to (VM-EXIT tables only), or null
 * @param samples         number of events
 * @param samplesPercent  share of events, in percent
 * @param timePercent     share of handling time, in percent
 * @param minTimeUs       minimum handling time in µs, or null in layouts without the column (old perf)
 * @param maxTimeUs       maximum handling time in µs, or null in layouts without the column
 * @param avgTimeUs       mean handling time in µs
 * @param stddevPercent   relative standard deviation of the mean in percent, or null when not printed
 * @param unknownExitCode for {@code UNKNOWN} rows: the code from the preceding
 *                        {@code unknown kvm exit code:N on VMX} line, or null
 * @param line            1-based line of the row (first line when wrapped)
 */
public record PerfKvmStatRow(String reason, VmxExitReason vmxReason, long samples, double samplesPercent,
                             double timePercent, Double minTimeUs, Double maxTimeUs, double avgTimeUs,
                             Double stddevPercent, Long unknownExitCode, int line) {

    /** The key for an exit mix: the VMX name when mapped, else the printed reason. */
    public String reasonKey() {
        return vmxReason != null ? vmxReason.linuxName() : reason;
    }
}
