package dev.asiscope.sim.engine;

import dev.asiscope.sim.cache.CacheGeometry;
import dev.asiscope.sim.cache.LineFillBuffers;
import dev.asiscope.sim.cache.Replacement;
import dev.asiscope.sim.timing.LatencyTable;
import dev.asiscope.sim.tlb.Tlb;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one table of machine defaults: every field of a scenario's {@code machine} object (and of its
 * {@code latencies}), with its type, unit, default, allowed values, meaning and the source of the default.
 * The scenario reader, {@link MachineSpecBuilder}, the JSON Schema ({@code docs/scenario.schema.json}), the
 * field reference ({@code docs/scenario-format.md}) and {@code asiscope run --help-defaults} all read it;
 * tests check that the schema and the reference are its rendering. The table is data here; its text (the
 * plain table, the Markdown rows, a default as written in a scenario) is made by
 * {@code scenario.MachineDefaultsText}.
 *
 * <p>Each value is written once. Defaults of the modelled hardware structures stay with the class that
 * models them ({@link CacheGeometry#l1dDefault()}, {@link LineFillBuffers#DEFAULT_ENTRIES},
 * {@link Tlb#DEFAULT_ENTRIES}, {@link LatencyTable#defaults()}) and are read from there; the engine's own
 * parameters are written here. Sources of latencies use the labels of {@code docs/latencies.md}, "Sources"
 * (a test checks each against that page's row).
 */
public final class MachineDefaults {
    private MachineDefaults() {
    }

    /**
     * One default.
     *
     * @param name        field name inside {@code machine}; nested fields are dotted ({@code l1d.size},
     *                    {@code tlb.ways}, {@code latencies.l1Hit})
     * @param type        JSON type as the field reference names it ({@code integer}, {@code 64-bit number},
     *                    {@code number}, {@code size}, {@code string})
     * @param unit        unit of the value, or {@code -}
     * @param value       the default: an {@link Integer}, {@link Long}, {@link Double} or {@link String}
     * @param min         smallest value accepted, or null if the reader sets no lower bound
     * @param max         largest value accepted, or null
     * @param choices     the accepted strings of a {@code string} field, else empty
     * @param description what the field means (plain text; backquotes mark names)
     * @param source      where the default comes from
     */
    public record Entry(String name, String type, String unit, Object value, Number min, Number max,
            List<String> choices, String description, String source) {
        public Entry {
            choices = List.copyOf(choices);
        }

        /** The default as an int (integer fields). */
        public int intValue() {
            return ((Number) value).intValue();
        }

        /** The default as a long (integer and 64-bit fields). */
        public long longValue() {
            return ((Number) value).longValue();
        }

        /** The default as a double ({@code number} fields). */
        public double doubleValue() {
            return ((Number) value).doubleValue();
        }

        /** The default of a {@code string} field. */
        public String stringValue() {
            return (String) value;
        }

        /** Whether {@code v} is within {@link #min()}..{@link #max()} (an unbounded side accepts anything). */
        public boolean inRange(double v) {
            return (min == null || v >= min.doubleValue()) && (max == null || v <= max.doubleValue());
        }
    }

    /** MAXPHYADDR. */
    public static final Entry MAX_PHYS_ADDR = new Entry("maxPhysAddr", "integer", "bits", 46, 36, 52, List.of(),
            "MAXPHYADDR, the physical-address width (CPUID.80000008H:EAX[7:0]). Entry address bits at or above it"
                    + " are reserved (a present entry with one set faults with RSVD); CR3 bits at or above it are"
                    + " ignored. Used by the engine's walks and by `translate`.",
            "model.md 1.3, a common server value");
    /** Physical cores. */
    public static final Entry CORES = new Entry("cores", "integer", "-", 2, 1, 64, List.of(), "Physical cores.",
            "model.md 1.1");
    /** Hardware threads per core. */
    public static final Entry THREADS_PER_CORE = new Entry("threadsPerCore", "integer", "-", 2, 1, 2, List.of(),
            "Hardware threads per core (2 = SMT). Logical CPU n is thread n % threadsPerCore of core"
                    + " n / threadsPerCore, so CPUs 0 and 1 are siblings.",
            "model.md 1.1 (hyperthreaded cores, the L1TF/MDS setting)");
    /** Line fill buffers per core. */
    public static final Entry LFB_ENTRIES = new Entry("lfbEntries", "integer", "entries",
            LineFillBuffers.DEFAULT_ENTRIES, 1, 64, List.of(),
            "Line fill buffers per physical core (what `mds-sample` reads; cleared by VERW and the L1D flush).",
            "Skylake-class cores have 10-12 (model.md 1.5, latencies.md geometry)");
    /** DTLB entries. */
    public static final Entry TLB_ENTRIES = new Entry("tlb.entries", "integer", "entries", Tlb.DEFAULT_ENTRIES, 1,
            null, List.of(),
            "DTLB entries per logical CPU; one array for 4 KiB, 2 MiB and 1 GiB pages, tagged by VPID and PCID.",
            "Skylake L1 DTLB for 4 KiB pages (model.md 1.4, latencies.md geometry)");
    /** DTLB associativity. */
    public static final Entry TLB_WAYS = new Entry("tlb.ways", "integer", "-", Tlb.DEFAULT_WAYS, 1, null, List.of(),
            "DTLB associativity (true LRU per set); must divide `tlb.entries`.",
            "Skylake L1 DTLB for 4 KiB pages (model.md 1.4, latencies.md geometry)");
    /** Seed. */
    public static final Entry SEED = new Entry("seed", "64-bit number", "-", 1L, null, null, List.of(),
            "Seed of every random choice (workload draws, per-CPU and per-task generators). One scenario + one"
                    + " seed = one run, bit for bit.",
            "convention");
    /**
     * Safety stop. Two billion, not one: it is what every scenario file has always run with (and what the
     * field reference documents), so no sample's length changes; {@link MachineSpecBuilder} used one
     * billion only for specs built in code.
     */
    public static final Entry MAX_CYCLES = new Entry("maxCycles", "64-bit number", "cycles", 2_000_000_000L, null,
            null, List.of(),
            "The run stops here if the programs have not finished (about 0.67 s at 3 GHz). Not range-checked: a"
                    + " value <= 0 ends the run at once.",
            "convention (a safety stop)");
    /** Timeslice. */
    public static final Entry TIMESLICE = new Entry("timeslice", "64-bit number", "cycles", 100_000L, null, null,
            List.of(),
            "A CPU running several tasks switches to the next one at a VM exit once the current task has run this"
                    + " long (costs `contextSwitch`; sets KVM's L1D flush request as `vcpu_load` does). Also"
                    + " applies to the tasks a `nosmt` policy moves onto the first thread. Not range-checked.",
            "assumption (about 33 us at 3 GHz)");
    /** SMT throughput. */
    public static final Entry SMT_THROUGHPUT = new Entry("smtThroughput", "number", "-", 1.3, 1.0, 2.0, List.of(),
            "Throughput of a core running two busy hyperthreads, relative to one thread alone. Each of two busy"
                    + " siblings runs at smtThroughput / 2 of full speed: a step that starts while the sibling runs"
                    + " code takes 2 / smtThroughput times as long, the extra charged as \"sharing the core with a"
                    + " busy sibling\" (or as attacker probing when either thread is probing). 2.0: no contention;"
                    + " 1.0: SMT adds nothing.",
            "Intel: Hyper-Threading gives \"up to 30%\" more throughput (latencies.md, SMT contention)");
    /** L1D flush method. */
    public static final Entry L1D_FLUSH_METHOD = new Entry("l1dFlushMethod", "string", "-", "msr", null, null,
            List.of("msr", "software"),
            "How the hypervisor flushes L1D, as vmx_l1d_flush() chooses: `msr` writes IA32_FLUSH_CMD (write back"
                    + " and invalidate every line, clear the fill buffers); `software` is KVM's fallback for CPUs"
                    + " without it: 16 page touches, CPUID, then 1,024 loads of a 64 KiB buffer"
                    + " (`l1d-flush-pages`, added to the host regions) that displace what L1D held.",
            "Linux arch/x86/kvm/vmx/vmx.c (latencies.md, L1D flush)");

    private static final List<String> REPLACEMENTS = List.of("lru", "tree-plru");

    /** Every {@code machine} field that is not a latency, in the order of the field reference. */
    public static List<Entry> machine() {
        List<Entry> out = new ArrayList<>(List.of(MAX_PHYS_ADDR, CORES, THREADS_PER_CORE));
        out.addAll(cache("l1d", CacheGeometry.l1dDefault(), "L1 data cache per physical core, shared by its threads",
                "Skylake-class L1D (model.md 1.5, latencies.md geometry)"));
        out.addAll(cache("l2", CacheGeometry.l2Default(), "L2 per physical core",
                "Skylake-SP server core (model.md 1.5, latencies.md geometry)"));
        out.addAll(cache("llc", CacheGeometry.llcDefault(), "Last-level cache shared by all cores",
                "Skylake-class desktop LLC; LRU stands in for Intel's unpublished adaptive policy (latencies.md"
                        + " geometry)"));
        out.addAll(List.of(LFB_ENTRIES, TLB_ENTRIES, TLB_WAYS, SEED, MAX_CYCLES, TIMESLICE, SMT_THROUGHPUT,
                L1D_FLUSH_METHOD));
        return out;
    }

    private static List<Entry> cache(String level, CacheGeometry g, String what, String source) {
        return List.of(
                new Entry(level + ".size", "size", "bytes", g.sizeBytes(), 1L, null, List.of(), what
                        + ": capacity in bytes, an integer or \"32K\", \"4M\", \"1G\"; size / (ways * lineSize) must"
                        + " be a power of two.", source),
                new Entry(level + ".ways", "integer", "-", g.ways(), 1, null, List.of(), what
                        + ": associativity (a power of two <= 64 with tree-plru).", source),
                new Entry(level + ".lineSize", "integer", "bytes", g.lineSize(), 8, null, List.of(), what
                        + ": line size, a power of two; all three levels must have the same.", source),
                new Entry(level + ".replacement", "string", "-", replacementId(g.replacement()), null, null,
                        REPLACEMENTS, what + ": replacement policy.", source));
    }

    /** The scenario spelling of a replacement policy. */
    public static String replacementId(Replacement r) {
        return r.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Every field of {@link LatencyTable}, named {@code latencies.<field>}, with its default from {@link LatencyTable#defaults()}. */
    public static List<Entry> latencies() {
        LatencyTable d = LatencyTable.defaults();
        List<Entry> out = new ArrayList<>();
        for (RecordComponent c : LatencyTable.class.getRecordComponents()) {
            LatencyText text = LATENCY_TEXT.get(c.getName());
            if (text == null) {
                throw new IllegalStateException("LatencyTable." + c.getName() + " has no description in MachineDefaults");
            }
            int value;
            try {
                value = (Integer) c.getAccessor().invoke(d);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            out.add(new Entry("latencies." + c.getName(), "integer", "cycles", value, 0, null, List.of(),
                    text.description(), text.source()));
        }
        return out;
    }

    /** {@link #machine()} then {@link #latencies()}. */
    public static List<Entry> all() {
        List<Entry> out = new ArrayList<>(machine());
        out.addAll(latencies());
        return out;
    }

    /**
     * What each latency charges and the source of its default, by {@link LatencyTable} field. Bracketed labels
     * are those of docs/latencies.md, "Sources"; "assumption" marks a value chosen without a source (the page
     * gives the reason).
     */
    private static final Map<String, LatencyText> LATENCY_TEXT = Map.ofEntries(
            latency("l1Hit", "L1D hit, load to use.",
                "[LAT-DATA] (4-5 cycles, Skylake upper end)"),
            latency("l2Hit", "L2 hit.", "[LAT-DATA]"),
            latency("llcHit", "LLC hit (line not shared).", "[LAT-DATA]"),
            latency("dram", "DRAM access (LLC miss).", "[LAT-DATA] (190-210 measured)"),
            latency("vmExitEntry", "VM exit plus VM entry of a trivial exit; half charged at"
                    + " the exit, half at the entry.", "[SVM-TIMING] (AMD SVM, the only data point)"),
            latency("cr3Write", "MOV to CR3 (ASI and PTI switches, `mov-cr3`).",
                "[PTI-DOC] (\"on the order of a hundred cycles\")"),
            latency("l1dFlush", "Fixed part of an L1D flush via IA32_FLUSH_CMD (the WRMSR);"
                    + " the flush then takes the longer of walking every L1D line at 2 per cycle and writing back its"
                    + " dirty lines at `l1dWriteBack` each: 344 cycles for a clean 32 KiB L1D, 600 for a fully dirty"
                    + " one. Refills are charged separately, as they happen.",
                "[L1D-FLUSH-FORUM] (estimate for 32 KiB, write-back bound); 88 = 600 - 512, assumption"),
            latency("verw", "VERW with MD_CLEAR (clears fill buffers, store buffer, load"
                    + " ports).", "assumption (no measurement; [MDS-DOC] gives none)"),
            latency("ipi", "Inter-processor interrupt, send to handler.",
                "[IPI-BLOG] / model.md 1.6 (below the blog's range)"),
            latency("syscall", "Syscall entry plus exit without PTI (half at entry, half at"
                    + " return).", "[MODE-SWITCH]"),
            latency("interrupt", "Interrupt or exception entry plus return; also the cost of"
                    + " a page fault taken by an access, and of the #PF after an L1TF/MDS/Meltdown load.",
                "assumption (= `syscall`)"),
            latency("contextSwitch", "Scheduler context switch (the CR3 write and the refills"
                    + " are charged separately).", "assumption (same order as a VM exit + entry)"),
            latency("invlpg", "INVLPG and INVPCID.",
                "assumption (same order as a CR3 write, [PTI-DOC])"),
            latency("stunSignal", "Stunning the sibling, on the stunning thread (only when"
                    + " the sibling runs guest code).", "assumption (one IPI, = `ipi` [IPI-BLOG]; protocol"
                    + " [ASI-STUN-2022])"),
            latency("clflush", "CLFLUSH of one line (also each of the 256 lines of"
                    + " `probe-flush`).", "assumption (= `llcHit`)"),
            latency("l1dWriteBack", "Writing one dirty L1D line back to L2 during an MSR"
                    + " flush.", "[L1D-FLUSH-FORUM] (64 B/cycle L1 -> L2)"),
            latency("cpuid", "The CPUID that serialises the software L1D flush.",
                "assumption (a serialising instruction, like a CR3 write)"));

    /** What a latency charges and where its default comes from. */
    private record LatencyText(String description, String source) {
    }

    private static Map.Entry<String, LatencyText> latency(String field, String description, String source) {
        return Map.entry(field, new LatencyText(description, source));
    }
}
