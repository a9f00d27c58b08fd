package dev.asiscope.scenario.importer;

import dev.asiscope.sim.vmx.VmxExitReason;

/**
 * One row of a per-reason VM-exit count table produced by a tool other than {@code perf kvm stat}.
 *
 * @param reason    the reason as printed ({@code EXIT_REASON_HLT}, {@code MSR_WRITE}); for counter dumps
 *                  indexed by exit code, the Linux name of the code or {@code CODE_n} when Linux has none
 * @param vmxReason the VMX reason, or null
 * @param code      the numeric exit code when the input was indexed by code, else null
 * @param count     number of exits
 * @param pid       process id column (bcc), or null
 * @param tid       thread id column (bcc; perf-prof per-thread tables), or null
 * @param totalUs   total handling time in µs (perf-prof), or null
 * @param minUs     minimum handling time in µs (perf-prof), or null
 * @param avgUs     mean handling time in µs (perf-prof), or null
 * @param maxUs     maximum handling time in µs (perf-prof), or null
 * @param gsysPercent perf-prof's {@code %gsys} column, or null
 * @param line      1-based line
 */
public record ExitCountRow(String reason, VmxExitReason vmxReason, Integer code, long count, Long pid, Long tid,
                           Double totalUs, Double minUs, Double avgUs, Double maxUs, Double gsysPercent, int line) {

    /** The key for an exit mix: the VMX name when mapped, else the printed reason. */
    public String reasonKey() {
        return vmxReason != null ? vmxReason.linuxName() : reason;
    }
}
