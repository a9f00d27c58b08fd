package dev.asiscope.scenario.importer;

import dev.asiscope.sim.vmx.VmxExitReason;

/**
 * One {@code kvm_exit} event of a trace.
 *
 * @param timestampNs host timestamp in nanoseconds (the trace's {@code seconds.fraction} column, exact)
 * @param vcpu        vCPU index (from the event, from {@code kvm_entry} events of the same thread, or
 *                    inferred; see {@link KvmExitTrace#vcpuSource()})
 * @param reasonName  the reason exactly as printed ({@code EPT_VIOLATION}, {@code EXIT_NPF}, {@code npf},
 *                    {@code PENDING_INTERRUPT}, {@code 0x4c}, ...)
 * @param reason      the VMX reason it maps to, or null when unknown
 * @param reasonFlags flag words printed after the reason (e.g. {@code FAILED_VMENTRY}), or null
 * @param rip         guest RIP, or null when not printed
 * @param info1       exit qualification ({@code info1}, or the first value of the older {@code info A B}), or null
 * @param info2       second info value, or null
 * @param intrInfo    {@code intr_info} (newer kernels), or null
 * @param errorCode   {@code error_code} (newer kernels), or null
 * @param hostCpu     host CPU ({@code [003]}), -1 when unknown
 * @param comm        thread name ({@code qemu-system-x86}, {@code CPU 0/KVM}, {@code <...>})
 * @param pid         thread id, -1 when unknown
 * @param line        1-based line where the event started
 * @param durationNs  time until the same thread's next {@code kvm_entry} in ns, or -1 when there was none
 *                    before the thread's next exit / the end of the trace
 */
public record KvmExit(long timestampNs, int vcpu, String reasonName, VmxExitReason reason, String reasonFlags,
                      Long rip, Long info1, Long info2, Long intrInfo, Long errorCode, int hostCpu, String comm,
                      int pid, int line, long durationNs) {

    /** The timestamp in seconds. */
    public double timestampSeconds() {
        return timestampNs / 1e9;
    }

    /** The timestamp in microseconds (truncated). */
    public long timestampMicros() {
        return timestampNs / 1000;
    }

    /** The key this exit is counted under: the VMX name when mapped, else the normalised printed name. */
    public String reasonKey() {
        return reason != null ? reason.linuxName() : VmxExitReason.resolve(reasonName).normalized();
    }
}
