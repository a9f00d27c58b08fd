package dev.asiscope.sim.timing;

/**
 * Every latency the simulator charges, in core clock cycles. One table per machine; a scenario may
 * override any field. The defaults and their sources are documented in {@code docs/latencies.md}; the
 * short label after each field names the source (see the "Sources" table there).
 *
 * @param l1Hit            L1D hit, load-to-use (4-5 cycles on Nehalem..Skylake) [LAT-DATA]
 * @param l2Hit            L2 hit (~12 cycles, Haswell-EP/Skylake) [LAT-DATA]
 * @param llcHit           LLC hit, unshared line (~40 cycles) [LAT-DATA]
 * @param dram             DRAM access (~200 cycles; 190-210 measured) [LAT-DATA]
 * @param vmExitEntry      VM exit plus VM entry for a trivial exit (~1,350 cycles, AMD SVM) [SVM-TIMING]
 * @param cr3Write         MOV to CR3 ("on the order of a hundred cycles") [PTI-DOC]
 * @param l1dFlush         fixed part of an L1D flush via IA32_FLUSH_CMD (the serialising WRMSR); the flush
 *                         then takes the longer of walking every L1D line at 2 lines per cycle and writing
 *                         back the dirty ones at {@code l1dWriteBack} each, so a fully dirty 32 KiB L1D costs
 *                         88 + 512 = 600 cycles, the estimate of [L1D-FLUSH-FORUM]; refill misses are charged
 *                         naturally
 * @param verw             VERW with MD_CLEAR (no published figure; 60 cycles is our assumption) [MDS-DOC]
 * @param ipi              inter-processor interrupt send to handler (~1-3 us; 2,000 cycles) [IPI-BLOG]
 * @param syscall          syscall entry plus exit without PTI (~210-250 cycles) [MODE-SWITCH]
 * @param interrupt        interrupt entry plus return (assumption: equal to a syscall round trip)
 * @param contextSwitch    scheduler context switch (assumption; excludes CR3 write and TLB refills)
 * @param invlpg           INVLPG / INVPCID (assumption, same order as a CR3 write)
 * @param stunSignal       cost on the stunning thread of stunning its sibling (assumption: one IPI, as [IPI-BLOG])
 * @param clflush          CLFLUSH of one line (assumption: an L1 write-back round trip)
 * @param l1dWriteBack     writing one dirty 64-byte L1D line back to L2 during a flush (64 B/cycle) [L1D-FLUSH-FORUM]
 * @param cpuid            CPUID executed in the host, which serialises the software L1D flush (assumption)
 */
public record LatencyTable(
        int l1Hit,
        int l2Hit,
        int llcHit,
        int dram,
        int vmExitEntry,
        int cr3Write,
        int l1dFlush,
        int verw,
        int ipi,
        int syscall,
        int interrupt,
        int contextSwitch,
        int invlpg,
        int stunSignal,
        int clflush,
        int l1dWriteBack,
        int cpuid) {

    /**
     * The documented defaults (the one place they are written; {@code MachineDefaults} reads them from here and
     * adds each one's meaning and source).
     */
    public static LatencyTable defaults() {
        return DEFAULTS;
    }

    private static final LatencyTable DEFAULTS = new LatencyTable(5, 12, 40, 200, 1350, 100, 88, 60, 2000, 240, 240,
            1500, 100, 2000, 40, 1, 100);

    /** A table with the default {@code l1dWriteBack} and {@code cpuid}. */
    public LatencyTable(int l1Hit, int l2Hit, int llcHit, int dram, int vmExitEntry, int cr3Write, int l1dFlush, int verw,
            int ipi, int syscall, int interrupt, int contextSwitch, int invlpg, int stunSignal, int clflush) {
        this(l1Hit, l2Hit, llcHit, dram, vmExitEntry, cr3Write, l1dFlush, verw, ipi, syscall, interrupt, contextSwitch,
                invlpg, stunSignal, clflush, DEFAULTS.l1dWriteBack(), DEFAULTS.cpuid());
    }
}
