package dev.asiscope.scenario;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.asiscope.sim.engine.MachineDefaults;
import dev.asiscope.sim.engine.MachineSpec;
import java.util.List;
import java.util.Map;

/**
 * A scenario file (JSON, {@code "format": 1}). Every field has a default, so {@code {"format": 1}} is a
 * valid scenario. The field-by-field reference is {@code docs/scenario-format.md}.
 *
 * @param format      file-format version; only 1 exists
 * @param name        short title shown in the window and reports
 * @param description free text for the reader
 * @param machine     machine geometry
 * @param cpus        per-logical-CPU architectural state, index = CPU number
 * @param memory      raw physical memory contents (page tables, data)
 */
@JsonPropertyOrder({"format", "name", "description", "machine", "cpus", "memory", "regions", "vms", "processes",
    "exitHandlers", "kernelHandlers", "programs", "policy", "narration", "breakpoints", "guided", "expectations",
    "edits"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Scenario(
        Integer format,
        String name,
        String description,
        Machine machine,
        List<Cpu> cpus,
        List<MemoryInit> memory,
        List<Region> regions,
        List<Vm> vms,
        List<Process> processes,
        Map<String, HandlerSpec> exitHandlers,
        Map<String, HandlerSpec> kernelHandlers,
        List<Program> programs,
        String policy,
        List<Caption> narration,
        List<BreakpointSpec> breakpoints,
        String guided,
        List<ExpectationSpec> expectations,
        List<EditSpec> edits) {

    /** The only format version so far. */
    public static final int FORMAT = 1;

    public Scenario {
        format = format == null ? FORMAT : format;
        if (format != FORMAT) {
            throw new IllegalArgumentException("unsupported format " + format + "; expected 1");
        }
        name = name == null ? "untitled" : name;
        description = description == null ? "" : description;
        machine = machine == null ? Machine.defaults() : machine;
        cpus = cpus == null || cpus.isEmpty() ? List.of(Cpu.defaults()) : List.copyOf(cpus);
        memory = memory == null ? List.of() : List.copyOf(memory);
        regions = regions == null ? List.of() : List.copyOf(regions);
        vms = vms == null ? List.of() : List.copyOf(vms);
        processes = processes == null ? List.of() : List.copyOf(processes);
        exitHandlers = exitHandlers == null ? Map.of() : Map.copyOf(exitHandlers);
        kernelHandlers = kernelHandlers == null ? Map.of() : Map.copyOf(kernelHandlers);
        programs = programs == null ? List.of() : List.copyOf(programs);
        policy = policy == null ? "none" : policy;
        narration = narration == null ? List.of() : List.copyOf(narration);
        breakpoints = breakpoints == null ? List.of() : List.copyOf(breakpoints);
        if (guided != null && !List.of("cycle", "event", "narration").contains(guided)) {
            throw new IllegalArgumentException("guided must be \"cycle\", \"event\" or \"narration\", got \""
                    + guided + "\"" + DidYouMean.hint(guided, List.of("cycle", "event", "narration")));
        }
        expectations = expectations == null ? List.of() : List.copyOf(expectations);
        edits = edits == null ? List.of() : List.copyOf(edits);
    }

    /** The same scenario with {@code more} edits after its own (what "save as scenario" writes). */
    public Scenario withEdits(List<EditSpec> more) {
        List<EditSpec> all = new java.util.ArrayList<>(edits);
        all.addAll(more);
        return new Scenario(format, name, description, machine, cpus, memory, regions, vms, processes, exitHandlers,
                kernelHandlers, programs, policy, narration, breakpoints, guided, expectations, all);
    }

    /**
     * A "what if" edit (docs/scenario-format.md, "edits"): {@code entry} sets/clears bits of one
     * paging-structure entry, {@code map}/{@code unmap} put a region into or take it out of one table,
     * {@code sensitivity} reclassifies a region before the layout is built.
     *
     * @param edit        {@code entry}, {@code map}, {@code unmap} or {@code sensitivity}
     * @param cycle       when (after every step starting at or before it); 0 for {@code sensitivity}
     * @param space       the table ({@code asiscope tables} names), for entry/map/unmap
     * @param va          entry: a linear address the entry translates (hex string)
     * @param level       entry: {@code pml4}, {@code pdpt}, {@code pd} or {@code pt}
     * @param set         entry: bits to set, by SDM name
     * @param clear       entry: bits to clear
     * @param region      map/unmap/sensitivity: the region
     * @param sensitivity sensitivity: the new class
     * @param owner       sensitivity: owner VM of a local-nonsensitive region
     * @param reason      exit-handler: the exit reason whose handler changes
     * @param handler     exit-handler: another exit reason (its handler) or a scenario kernel handler
     * @param mix         exit-mix: the new mix (exit reason -> weight) of the workload operations
     * @param cpu         exit-mix: only the workloads of this CPU's program (default: every one)
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record EditSpec(String edit, @JsonDeserialize(using = HexLongDeserializer.class) Long cycle, String space,
            String va, String level, List<String> set, List<String> clear, String region, String sensitivity,
            Integer owner, String reason, String handler, Map<String, Double> mix, Integer cpu) {
        /** The edit kinds. */
        public static final List<String> KINDS = List.of("entry", "map", "unmap", "sensitivity", "exit-handler",
                "exit-mix");

        /** A page-table or sensitivity edit (no exit fields). */
        public EditSpec(String edit, Long cycle, String space, String va, String level, List<String> set,
                List<String> clear, String region, String sensitivity, Integer owner) {
            this(edit, cycle, space, va, level, set, clear, region, sensitivity, owner, null, null, null, null);
        }

        public EditSpec {
            if (edit == null) {
                throw new IllegalArgumentException("an edit needs an \"edit\" kind (one of: " + String.join(", ", KINDS)
                        + ")");
            }
            if (!KINDS.contains(edit)) {
                throw new IllegalArgumentException("unknown edit \"" + edit + "\"" + DidYouMean.hint(edit, KINDS)
                        + " (expected one of: " + String.join(", ", KINDS) + ")");
            }
            cycle = cycle == null ? 0L : cycle;
            if (cycle < 0) {
                throw new IllegalArgumentException("an edit's cycle must be >= 0");
            }
            set = set == null ? List.of() : List.copyOf(set);
            clear = clear == null ? List.of() : List.copyOf(clear);
        }
    }

    /**
     * Machine geometry and engine parameters. A missing field takes its default from
     * {@link MachineDefaults}, the one table of machine defaults (also the source of the bounds checked here).
     *
     * @param maxPhysAddr    MAXPHYADDR in bits
     * @param cores          physical cores
     * @param threadsPerCore 1 or 2
     * @param l1d            L1D geometry
     * @param l2             L2 geometry
     * @param llc            LLC geometry
     * @param lfbEntries     line fill buffers per core
     * @param tlb            DTLB geometry
     * @param latencies      overrides of latency-table fields, by name (cycles)
     * @param seed           seed of all random choices
     * @param maxCycles      the run stops here
     * @param timeslice      cycles before a CPU with several tasks switches at the next exit
     * @param smtThroughput  throughput of a core running two busy threads relative to one
     * @param l1dFlushMethod how L1D is flushed: {@code msr} (IA32_FLUSH_CMD) or {@code software} (KVM's fallback)
     */
    public record Machine(Integer maxPhysAddr, Integer cores, Integer threadsPerCore, CacheSpec l1d, CacheSpec l2,
            CacheSpec llc, Integer lfbEntries, TlbSpec tlb, Map<String, Integer> latencies,
            @JsonDeserialize(using = HexLongDeserializer.class) Long seed,
            @JsonDeserialize(using = HexLongDeserializer.class) Long maxCycles,
            @JsonDeserialize(using = HexLongDeserializer.class) Long timeslice,
            Double smtThroughput, String l1dFlushMethod) {
        public Machine {
            MachineDefaults.Entry smt = MachineDefaults.SMT_THROUGHPUT;
            smtThroughput = smtThroughput == null ? smt.doubleValue() : smtThroughput;
            if (!smt.inRange(smtThroughput)) {
                throw new IllegalArgumentException("smtThroughput must be between " + smt.min() + " (no gain from a"
                        + " second thread) and " + smt.max() + " (no contention), got " + smtThroughput);
            }
            List<String> methods = MachineDefaults.L1D_FLUSH_METHOD.choices();
            l1dFlushMethod = l1dFlushMethod == null ? MachineDefaults.L1D_FLUSH_METHOD.stringValue() : l1dFlushMethod;
            if (!methods.contains(l1dFlushMethod)) {
                throw new IllegalArgumentException("l1dFlushMethod must be \"msr\" or \"software\", got \""
                        + l1dFlushMethod + "\"" + DidYouMean.hint(l1dFlushMethod, methods));
            }
            maxPhysAddr = between(maxPhysAddr, MachineDefaults.MAX_PHYS_ADDR);
            cores = between(cores, MachineDefaults.CORES);
            threadsPerCore = threadsPerCore == null ? MachineDefaults.THREADS_PER_CORE.intValue() : threadsPerCore;
            if (!MachineDefaults.THREADS_PER_CORE.inRange(threadsPerCore)) {
                throw new IllegalArgumentException("threadsPerCore must be 1 or 2, got " + threadsPerCore);
            }
            lfbEntries = between(lfbEntries, MachineDefaults.LFB_ENTRIES);
            latencies = latencies == null ? Map.of() : Map.copyOf(latencies);
            seed = seed == null ? MachineDefaults.SEED.longValue() : seed;
            maxCycles = maxCycles == null ? MachineDefaults.MAX_CYCLES.longValue() : maxCycles;
            timeslice = timeslice == null ? MachineDefaults.TIMESLICE.longValue() : timeslice;
        }

        /** {@code value}, or the entry's default if absent; out of the entry's range is an error. */
        private static int between(Integer value, MachineDefaults.Entry d) {
            int v = value == null ? d.intValue() : value;
            if (!d.inRange(v)) {
                throw new IllegalArgumentException(d.name() + " must be between " + d.min() + " and " + d.max()
                        + ", got " + v);
            }
            return v;
        }

        /** A machine with every default. */
        public static Machine defaults() {
            return new Machine(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        }
    }

    /**
     * A cache's geometry; missing fields take the level's default.
     *
     * @param size        bytes ({@code "32K"})
     * @param ways        associativity
     * @param lineSize    bytes per line (all levels must agree)
     * @param replacement {@code lru} or {@code tree-plru}
     */
    public record CacheSpec(@JsonDeserialize(using = SizeDeserializer.class) Long size, Integer ways, Integer lineSize,
            String replacement) {
        public CacheSpec {
            if (replacement != null && !List.of("lru", "tree-plru").contains(replacement)) {
                throw new IllegalArgumentException("replacement must be \"lru\" or \"tree-plru\", got \"" + replacement
                        + "\"" + DidYouMean.hint(replacement, List.of("lru", "tree-plru")));
            }
        }
    }

    /** @param entries DTLB entries; @param ways associativity */
    public record TlbSpec(Integer entries, Integer ways) {
    }

    /**
     * A named piece of host memory (see docs/scenario-format.md "Regions"; defaults in HostLayout).
     *
     * @param name         region name; an existing default name replaces that region
     * @param size         bytes
     * @param sensitivity  {@code sensitive}, {@code global-nonsensitive} or {@code local-nonsensitive}
     * @param owner        owning VM id for local-nonsensitive memory
     * @param label        security label of its data (default: the name)
     * @param fill         byte value its memory holds
     * @param globalBitBug kernel mapping keeps the Global bit under PTI/ASI (the 2022 bug)
     * @param pageSize     page size of its kernel mapping: {@code 4k} (default), {@code 2m} or {@code 1g}
     */
    public record Region(String name, @JsonDeserialize(using = SizeDeserializer.class) Long size, String sensitivity,
            Integer owner, String label, @JsonDeserialize(using = HexLongDeserializer.class) Long fill,
            Boolean globalBitBug, String pageSize) {
        /** The page sizes a region may be mapped with, as written in a scenario. */
        public static final List<String> PAGE_SIZES = List.of("4k", "2m", "1g");

        public Region {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("region needs a \"name\"");
            }
            size = size == null ? 4096L : size;
            sensitivity = sensitivity == null ? "sensitive" : sensitivity;
            List<String> known = List.of("sensitive", "global-nonsensitive", "local-nonsensitive");
            if (!known.contains(sensitivity)) {
                throw new IllegalArgumentException("unknown sensitivity \"" + sensitivity + "\""
                        + DidYouMean.hint(sensitivity, known) + " (expected one of: " + String.join(", ", known) + ")");
            }
            label = label == null ? name : label;
            fill = fill == null ? -1L : fill;
            if (fill < -1 || fill > 255) {
                throw new IllegalArgumentException("fill must be a byte value 0..255");
            }
            globalBitBug = globalBitBug != null && globalBitBug;
            pageSize = pageSize == null ? "4k" : pageSize;
            if (!PAGE_SIZES.contains(pageSize)) {
                throw new IllegalArgumentException("unknown pageSize \"" + pageSize + "\""
                        + DidYouMean.hint(pageSize, PAGE_SIZES) + " (expected one of: " + String.join(", ", PAGE_SIZES)
                        + ")");
            }
        }
    }

    /** A VM: @param id 1..60 @param name display name @param memory bytes (>= 4M) @param fill its data byte */
    public record Vm(Integer id, String name, @JsonDeserialize(using = SizeDeserializer.class) Long memory,
            @JsonDeserialize(using = HexLongDeserializer.class) Long fill) {
        public Vm {
            if (id == null || id < 1 || id > 60) {
                throw new IllegalArgumentException("vm needs an \"id\" between 1 and 60");
            }
            name = name == null ? "vm" + id : name;
            memory = memory == null ? MachineSpec.VmSpec.DEFAULT_MEMORY : memory;
            if (memory < MachineSpec.VmSpec.DEFAULT_MEMORY) {
                throw new IllegalArgumentException("vm memory must be at least 4M");
            }
            fill = fill == null ? (long) (0x10 + id) : fill;
            if (fill < 0 || fill > 255) {
                throw new IllegalArgumentException("fill must be a byte value 0..255");
            }
        }
    }

    /** A host user process: @param id @param name @param memory bytes @param fill its data byte */
    public record Process(Integer id, String name, @JsonDeserialize(using = SizeDeserializer.class) Long memory,
            @JsonDeserialize(using = HexLongDeserializer.class) Long fill) {
        public Process {
            if (id == null || id < 1 || id > 900) {
                throw new IllegalArgumentException("process needs an \"id\" between 1 and 900");
            }
            name = name == null ? "process" + id : name;
            memory = memory == null ? MachineSpec.ProcessSpec.DEFAULT_MEMORY : memory;
            fill = fill == null ? (long) (0x30 + id % 16) : fill;
            if (fill < 0 || fill > 255) {
                throw new IllegalArgumentException("fill must be a byte value 0..255");
            }
        }
    }

    /**
     * A kernel code path: the regions it touches, its other work, and its effects.
     *
     * @param steps            memory touched, in order
     * @param work             cycles of computation
     * @param setsFlushRequest sets KVM's L1D flush request
     * @param userspaceCycles  &gt; 0: the exit completes in the user-space VMM for this long
     * @param blockCycles      &gt; 0: the vCPU blocks (halts) for this long
     */
    public record HandlerSpec(List<StepSpec> steps, @JsonDeserialize(using = HexLongDeserializer.class) Long work,
            Boolean setsFlushRequest, @JsonDeserialize(using = HexLongDeserializer.class) Long userspaceCycles,
            @JsonDeserialize(using = HexLongDeserializer.class) Long blockCycles) {
        public HandlerSpec {
            steps = steps == null ? List.of() : List.copyOf(steps);
            work = work == null ? 0L : work;
            setsFlushRequest = setsFlushRequest != null && setsFlushRequest;
            userspaceCycles = userspaceCycles == null ? 0L : userspaceCycles;
            blockCycles = blockCycles == null ? 0L : blockCycles;
        }
    }

    /** @param region region name @param offset bytes into it @param lines lines touched @param write stores */
    public record StepSpec(String region, @JsonDeserialize(using = HexLongDeserializer.class) Long offset,
            Integer lines, Boolean write) {
        public StepSpec {
            if (region == null) {
                throw new IllegalArgumentException("a handler step needs a \"region\"");
            }
            offset = offset == null ? 0L : offset;
            if (offset < 0) {
                throw new IllegalArgumentException("offset must not be negative");
            }
            lines = lines == null ? 1 : lines;
            if (lines < 1) {
                throw new IllegalArgumentException("lines must be at least 1");
            }
            write = write != null && write;
        }
    }

    /** The tasks of one logical CPU. @param cpu logical CPU number @param tasks run in turn */
    public record Program(Integer cpu, List<TaskSpec> tasks) {
        public Program {
            if (cpu == null || cpu < 0) {
                throw new IllegalArgumentException("program needs a \"cpu\" >= 0");
            }
            tasks = tasks == null ? List.of() : List.copyOf(tasks);
        }
    }

    /**
     * A task: a vCPU ({@code vm} and {@code vcpu} set) or a host process ({@code process} set).
     *
     * @param vm      VM id for a vCPU task
     * @param vcpu    vCPU number (default 0)
     * @param process process id for a host process task
     * @param ops     the program
     */
    public record TaskSpec(Integer vm, Integer vcpu, Integer process, List<OpJson> ops) {
        public TaskSpec {
            if ((vm == null) == (process == null)) {
                throw new IllegalArgumentException("a task needs either \"vm\" (a vCPU) or \"process\"");
            }
            vcpu = vcpu == null ? 0 : vcpu;
            ops = ops == null ? List.of() : List.copyOf(ops);
        }
    }

    /**
     * A narration caption anchored at a cycle or at the n-th event of a kind.
     *
     * @param cycle      anchor cycle
     * @param event      or: event kind id ({@code leak}, {@code asi-exit}, ...)
     * @param occurrence which occurrence (default 1)
     * @param cpu        only events of this CPU
     * @param title      heading
     * @param text       caption
     */
    public record Caption(@JsonDeserialize(using = HexLongDeserializer.class) Long cycle, String event,
            Integer occurrence, Integer cpu, String title, String text) {
        public Caption {
            if ((cycle == null) == (event == null)) {
                throw new IllegalArgumentException("a caption needs either \"cycle\" or \"event\"");
            }
            if (text == null) {
                throw new IllegalArgumentException("a caption needs a \"text\"");
            }
            occurrence = occurrence == null ? 1 : occurrence;
            cpu = cpu == null ? -1 : cpu;
            title = title == null ? "" : title;
        }
    }

    /**
     * A breakpoint: an event kind, optionally on one CPU, with a label, or with text in its detail
     * (e.g. a VM-exit reason name).
     */
    public record BreakpointSpec(String event, Integer cpu, String label, String contains) {
        public BreakpointSpec {
            if (event == null) {
                throw new IllegalArgumentException("a breakpoint needs an \"event\" kind such as \"asi-exit\"");
            }
            cpu = cpu == null ? -1 : cpu;
        }
    }

    /**
     * What must hold when the scenario runs under {@code policy}: bounds on metrics.
     *
     * @param policy    policy to run under
     * @param leaks     bounds on leaks (of {@code label} / {@code mechanism} if given)
     * @param label     only leaks of this label count
     * @param mechanism only leaks by this mechanism count ({@code l1tf}, {@code mds}, {@code meltdown}, {@code spectre-v1})
     * @param asiExits  bounds on ASI exits
     * @param l1dFlushes bounds on L1D flushes
     * @param stuns     bounds on sibling stuns
     * @param vmExits   bounds on VM exits
     * @param exposureCycles bounds on exposure cycles
     * @param totalCycles bounds on the run's length
     * @param note      why (shown on failure)
     * @param attacker  only leaks recovered by this domain count ({@code vm:2}, {@code process:1})
     * @param attackerCpu only leaks recovered on this logical CPU count
     * @param attackerVcpu only leaks recovered by this vCPU index count (with {@code attacker} naming its VM)
     * @param asiExitCause only ASI exits whose cause contains this text count towards {@code asiExits}
     */
    public record ExpectationSpec(String policy, Range leaks, String label, String mechanism, Range asiExits,
            Range l1dFlushes, Range stuns, Range vmExits, Range exposureCycles, Range totalCycles, String note,
            String attacker, Integer attackerCpu, Integer attackerVcpu, String asiExitCause) {
        public ExpectationSpec {
            if (policy == null) {
                throw new IllegalArgumentException("an expectation needs a \"policy\"");
            }
        }
    }

    /** Inclusive bounds, either or both. */
    public record Range(@JsonDeserialize(using = HexLongDeserializer.class) Long min,
            @JsonDeserialize(using = HexLongDeserializer.class) Long max) {
        public Range {
            if (min == null && max == null) {
                throw new IllegalArgumentException("a range needs \"min\" and/or \"max\"");
            }
        }
    }

    /**
     * One logical CPU's paging-relevant registers. Defaults are those of a modern Linux host:
     * CR0.WP, CR4.PGE/SMEP/SMAP and EFER.NXE on; LA57, PCIDE, PKE and RFLAGS.AC off; CR3 0; PKRU 0.
     */
    public record Cpu(
            Cr0 cr0,
            @JsonDeserialize(using = HexLongDeserializer.class) Long cr3,
            Cr4 cr4,
            Efer efer,
            Rflags rflags,
            @JsonDeserialize(using = HexLongDeserializer.class) Long pkru) {
        public Cpu {
            cr0 = cr0 == null ? new Cr0(null) : cr0;
            cr3 = cr3 == null ? 0L : cr3;
            cr4 = cr4 == null ? new Cr4(null, null, null, null, null, null) : cr4;
            efer = efer == null ? new Efer(null) : efer;
            rflags = rflags == null ? new Rflags(null) : rflags;
            pkru = pkru == null ? 0L : pkru;
            if ((pkru >>> 32) != 0) {
                throw new IllegalArgumentException("pkru is a 32-bit register, got " + Hex.of(pkru));
            }
        }

        static Cpu defaults() {
            return new Cpu(null, null, null, null, null, null);
        }
    }

    /** @param wp CR0.WP, default true */
    public record Cr0(Boolean wp) {
        public Cr0 {
            wp = wp == null || wp;
        }
    }

    /** CR4 paging bits; defaults: pge, smep, smap true; la57, pcide, pke false. */
    public record Cr4(Boolean la57, Boolean pcide, Boolean pge, Boolean smep, Boolean smap, Boolean pke) {
        public Cr4 {
            la57 = la57 != null && la57;
            pcide = pcide != null && pcide;
            pge = pge == null || pge;
            smep = smep == null || smep;
            smap = smap == null || smap;
            pke = pke != null && pke;
        }
    }

    /** @param nxe IA32_EFER.NXE, default true */
    public record Efer(Boolean nxe) {
        public Efer {
            nxe = nxe == null || nxe;
        }
    }

    /** @param ac RFLAGS.AC, default false */
    public record Rflags(Boolean ac) {
        public Rflags {
            ac = ac != null && ac;
        }
    }

    /**
     * Consecutive little-endian 64-bit values written from a physical address on.
     *
     * @param address physical address of the first value (8-byte aligned)
     * @param qwords  the values
     */
    public record MemoryInit(
            @JsonDeserialize(using = HexLongDeserializer.class) Long address,
            @JsonDeserialize(contentUsing = HexLongDeserializer.class) List<Long> qwords) {
        public MemoryInit {
            if (address == null) {
                throw new IllegalArgumentException("memory entry needs an \"address\"");
            }
            if ((address & 7) != 0) {
                throw new IllegalArgumentException("address " + Hex.of(address) + " is not 8-byte aligned");
            }
            qwords = qwords == null ? List.of() : List.copyOf(qwords);
        }
    }
}
