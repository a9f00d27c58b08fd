package dev.asiscope.sim.engine;

import java.util.Locale;

/**
 * How the hypervisor flushes L1D, as {@code vmx_l1d_flush()} in Linux {@code arch/x86/kvm/vmx/vmx.c} chooses:
 * the {@code IA32_FLUSH_CMD} MSR when the CPU has it ({@code X86_FEATURE_FLUSH_L1D}, microcode), else a
 * software sequence that displaces every L1D line by reading a 64 KiB buffer.
 */
public enum L1dFlushMethod {
    /**
     * {@code wrmsr(MSR_IA32_FLUSH_CMD, L1D_FLUSH)}: the core writes back every dirty L1D line, invalidates
     * them all and clears the fill buffers.
     */
    MSR,
    /**
     * The fallback without the MSR: touch one byte of each of the 16 pages of {@code vmx_l1d_flush_pages}
     * (TLB prefill), {@code CPUID} (serialise), then load one byte every 64 bytes of the 64 KiB
     * ({@code PAGE_SIZE << L1D_CACHE_ORDER}), twice the L1D, because replacement is not exactly LRU.
     * Whatever the loads displace is evicted (dirty lines written back); nothing is invalidated.
     */
    SOFTWARE;

    /** The name used in scenario files: {@code msr} or {@code software}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The method called {@code id} in scenario files. */
    public static L1dFlushMethod fromId(String id) {
        for (L1dFlushMethod m : values()) {
            if (m.id().equals(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown L1D flush method '" + id + "'");
    }
}
