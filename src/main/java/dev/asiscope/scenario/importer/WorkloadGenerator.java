package dev.asiscope.scenario.importer;

import dev.asiscope.scenario.OpJson;
import dev.asiscope.scenario.Scenario;
import dev.asiscope.sim.engine.MachineDefaults;
import dev.asiscope.sim.kernel.Handler;
import dev.asiscope.sim.kernel.HandlerStep;
import dev.asiscope.sim.kernel.KvmExitHandlers;
import dev.asiscope.sim.timing.LatencyTable;
import dev.asiscope.sim.vmx.VmxExitReason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an imported VM-exit mix into a {@link Scenario} that replays it: one vCPU per logical CPU, each
 * running a {@code workload} whose reason weights are the imported counts, guest time between exits from
 * the measured (trace) or assumed (perf, exit counts) exit rate, and exit handlers whose work follows the
 * measured mean handling time per reason while touching the memory of asiscope's default handlers
 * ({@link KvmExitHandlers#defaults()}).
 *
 * <p>The result is deterministic: the same input and options always give the same scenario. The
 * scenario's description names the source, the mix and every assumption, so a reader of the file (or of
 * a cost report) can see what was measured and what was assumed.
 */
public final class WorkloadGenerator {
    /** Total exits of a generated scenario when {@link Options#exitsPerVcpu()} is not given. */
    public static final long DEFAULT_TOTAL_EXITS = 20_000;
    /** Exit rate assumed for inputs without timestamps. */
    public static final double DEFAULT_EXITS_PER_SECOND = 20_000;
    /** Simulated clock. */
    public static final double DEFAULT_GHZ = 3.0;
    /** Cap on the halted time replayed per HLT exit. */
    public static final long DEFAULT_MAX_BLOCK_CYCLES = 200_000;

    private static final int SHOWN_REASONS = 6;

    private WorkloadGenerator() {
    }

    /**
     * What to generate. Null fields take their defaults.
     *
     * @param sourceName     the input's file name, for the scenario's name and description
     * @param ghz            simulated clock in GHz (default 3.0), converts µs and rates to cycles
     * @param exitsPerSecond exits per vCPU per second of guest execution; default 20,000 for inputs without
     *                       timestamps; given for a trace, it replaces the measured rate
     * @param exitsPerVcpu   exits each vCPU replays (default: 20,000 in total over all vCPUs)
     * @param cores          physical cores (default 2)
     * @param threadsPerCore hardware threads per core (default 2)
     * @param vms            VMs (default 2, or the trace's vCPU count when larger; at most the logical CPUs)
     * @param seed           seed of the machine and the workloads (default 1)
     * @param maxBlockCycles cap on the halted time of one HLT exit (default 200,000 cycles)
     */
    public record Options(String sourceName, Double ghz, Double exitsPerSecond, Long exitsPerVcpu, Integer cores,
            Integer threadsPerCore, Integer vms, Long seed, Long maxBlockCycles) {
        public Options {
            sourceName = sourceName == null ? "imported data" : sourceName;
            ghz = ghz == null ? DEFAULT_GHZ : ghz;
            if (!(ghz > 0) || ghz.isInfinite() || ghz > 100) {
                throw new IllegalArgumentException("--ghz must be a clock in GHz, > 0 and <= 100; got " + ghz);
            }
            if (exitsPerSecond != null && (!(exitsPerSecond > 0) || exitsPerSecond.isInfinite())) {
                throw new IllegalArgumentException("--exits-per-second must be > 0; got " + exitsPerSecond);
            }
            if (exitsPerVcpu != null && (exitsPerVcpu < 1 || exitsPerVcpu > 100_000_000)) {
                throw new IllegalArgumentException("--exits must be 1..100,000,000 per vCPU; got " + exitsPerVcpu);
            }
            cores = cores == null ? 2 : cores;
            if (cores < 1 || cores > 64) {
                throw new IllegalArgumentException("--cores must be 1..64; got " + cores);
            }
            threadsPerCore = threadsPerCore == null ? 2 : threadsPerCore;
            if (threadsPerCore < 1 || threadsPerCore > 2) {
                throw new IllegalArgumentException("--threads must be 1 or 2; got " + threadsPerCore);
            }
            if (vms != null && (vms < 1 || vms > 60)) {
                throw new IllegalArgumentException("--vms must be 1..60; got " + vms);
            }
            seed = seed == null ? 1L : seed;
            maxBlockCycles = maxBlockCycles == null ? DEFAULT_MAX_BLOCK_CYCLES : maxBlockCycles;
            if (maxBlockCycles < 1) {
                throw new IllegalArgumentException("the HLT cap must be at least 1 cycle; got " + maxBlockCycles);
            }
        }

        /** All defaults, for input {@code sourceName}. */
        public static Options defaults(String sourceName) {
            return new Options(sourceName, null, null, null, null, null, null, null, null);
        }

        /** Logical CPUs. */
        public int logicalCpus() {
            return cores * threadsPerCore;
        }
    }

    /**
     * Guest time between exits and how it was obtained.
     *
     * @param meanGuestCycles mean guest cycles between two exits of one vCPU
     * @param explanation     one sentence for the description
     */
    record GuestTiming(long meanGuestCycles, String explanation) {
    }

    /**
     * The replay of a perf-kvm-stat or exit-count mix (no timestamps): the guest runs
     * {@code 1 / exitsPerSecond} seconds between exits.
     *
     * @throws IllegalArgumentException when no reason of the mix is a VMX exit reason, or an option is bad
     */
    public static Scenario generate(ExitMix mix, Options o) {
        return build(mix, o, assumedTiming(o, "the input has no timestamps"), 0);
    }

    /**
     * The replay of a {@code kvm_exit} trace: guest time between exits from the trace's timestamps
     * (kvm_entry to the next kvm_exit of the thread when the trace has entries, else the time between
     * exits of a vCPU), unless {@link Options#exitsPerSecond()} is given.
     */
    public static Scenario generate(KvmExitTrace trace, Options o) {
        GuestTiming timing = o.exitsPerSecond() != null ? assumedTiming(o, null)
                : measuredTiming(trace, o.ghz()).orElseGet(() -> assumedTiming(o,
                        "no vCPU of the trace has two exits at different times, so no rate can be measured"));
        return build(trace.exitMix(), o, timing, trace.countsByVcpu().size());
    }

    /**
     * The exit mix of a perf report to replay: its first VM-EXIT table; without one, the first table's
     * MSR, IO-port or MMIO accesses as the exits that caused them ({@code :W}/{@code :R} MSR accesses as
     * MSR_WRITE/MSR_READ, ports as IO_INSTRUCTION, local-APIC MMIO (0xfee00000-0xfee00fff) as APIC_ACCESS,
     * other MMIO as EPT_MISCONFIG).
     */
    public static ExitMix exitMix(PerfKvmStatReport report) {
        Optional<PerfKvmStatTable> vmexit = report.firstVmExitTable();
        if (vmexit.isPresent()) {
            return vmexit.get().exitMix();
        }
        PerfKvmStatTable t = report.first();
        Map<String, Long> counts = new HashMap<>();
        Map<String, Double> weighted = new HashMap<>();
        for (PerfKvmStatRow r : t.rows()) {
            String reason = accessReason(t.kind(), r.reason());
            if (reason == null) {
                reason = r.reasonKey();
            }
            counts.merge(reason, r.samples(), Long::sum);
            weighted.merge(reason, r.avgTimeUs() * r.samples(), Double::sum);
        }
        Map<String, Double> avg = new HashMap<>();
        counts.forEach((k, n) -> avg.put(k, n == 0 ? Double.NaN : weighted.get(k) / n));
        long total = t.totalSamples() != null ? t.totalSamples() : t.listedSamples();
        return new ExitMix(counts, avg, Math.max(total, t.listedSamples()),
                "perf kvm stat " + t.eventType() + " (accesses counted as the exits that cause them)");
    }

    private static String accessReason(PerfKvmStatTable.Kind kind, String key) {
        String k = key.trim().toUpperCase(Locale.ROOT);
        switch (kind) {
            case MSR:
                return k.endsWith(":W") ? "MSR_WRITE" : k.endsWith(":R") ? "MSR_READ" : null;
            case IOPORT:
                return "IO_INSTRUCTION";
            case MMIO: {
                int colon = k.indexOf(':');
                String addr = colon < 0 ? k : k.substring(0, colon);
                try {
                    long a = Long.parseUnsignedLong(addr.startsWith("0X") ? addr.substring(2) : addr, 16);
                    return (a & ~0xfffL) == 0xfee00000L ? "APIC_ACCESS" : "EPT_MISCONFIG";
                } catch (NumberFormatException e) {
                    return "EPT_MISCONFIG";
                }
            }
            default:
                return null;
        }
    }

    // ------------------------------------------------------------------ timing

    /** {@code why}: why the rate is assumed, or null when --exits-per-second gave it. */
    private static GuestTiming assumedTiming(Options o, String why) {
        double eps = o.exitsPerSecond() == null ? DEFAULT_EXITS_PER_SECOND : o.exitsPerSecond();
        long cycles = Math.max(1, Math.round(o.ghz() * 1e9 / eps));
        return new GuestTiming(cycles, String.format(Locale.ROOT, "Guest time between exits: %s exits per vCPU per "
                + "second of guest execution (%s) = %,d cycles at %s GHz, exponentially distributed.", num(eps),
                why == null ? "--exits-per-second" : "assumed: " + why + "; --exits-per-second changes it", cycles,
                num(o.ghz())));
    }

    /** The trace's guest time between exits, when it has at least two exits on some vCPU. */
    static Optional<GuestTiming> measuredTiming(KvmExitTrace t, double ghz) {
        long intervals = 0;
        long spanNs = 0;
        long guestNs = 0;
        long guestN = 0;
        for (List<KvmExit> exits : t.exitsByVcpu().values()) {
            List<KvmExit> list = new ArrayList<>(exits);
            list.sort(Comparator.comparingLong(KvmExit::timestampNs));
            if (list.size() < 2) {
                continue;
            }
            spanNs += list.get(list.size() - 1).timestampNs() - list.get(0).timestampNs();
            intervals += list.size() - 1;
            for (int i = 0; i + 1 < list.size(); i++) {
                KvmExit a = list.get(i);
                if (a.durationNs() >= 0) {
                    long g = list.get(i + 1).timestampNs() - a.timestampNs() - a.durationNs();
                    if (g >= 0) {
                        guestNs += g;
                        guestN++;
                    }
                }
            }
        }
        if (intervals == 0 || spanNs <= 0) {
            return Optional.empty();
        }
        double rate = intervals / (spanNs / 1e9);
        if (guestN > 0) {
            double meanNs = (double) guestNs / guestN;
            long cycles = Math.max(1, Math.round(meanNs * ghz));
            return Optional.of(new GuestTiming(cycles, String.format(Locale.ROOT, "Guest time between exits: "
                    + "measured, %s exits per vCPU per second over the trace; the guest ran %s µs on average from "
                    + "kvm_entry to the next kvm_exit (%s) = %,d cycles at %s GHz, exponentially "
                    + "distributed.", num(rate), num(meanNs / 1000), plural(guestN, "interval"), cycles, num(ghz))));
        }
        long cycles = Math.max(1, Math.round(1e9 / rate * ghz));
        return Optional.of(new GuestTiming(cycles, String.format(Locale.ROOT, "Guest time between exits: measured, "
                + "%s exits per vCPU per second over the trace (%s; no kvm_entry events, so the time "
                + "between exits includes their handling) = %,d cycles at %s GHz, exponentially distributed.",
                num(rate), plural(intervals, "interval"), cycles, num(ghz))));
    }

    // ------------------------------------------------------------------ the scenario

    private static Scenario build(ExitMix mix, Options o, GuestTiming timing, int traceVcpus) {
        Map<String, Long> replayed = new LinkedHashMap<>();
        Map<String, Long> dropped = new LinkedHashMap<>();
        Map<String, Double> weightedUs = new HashMap<>();
        Map<String, Long> timed = new HashMap<>();
        for (Map.Entry<String, Long> e : mix.counts().entrySet()) {
            if (e.getValue() <= 0) {
                continue;
            }
            Optional<VmxExitReason> r = e.getKey().isBlank() ? Optional.empty() : VmxExitReason.fromName(e.getKey());
            if (r.isPresent()) {
                String name = r.get().linuxName();
                replayed.merge(name, e.getValue(), Long::sum);
                Double avg = mix.avgTimeUs().get(e.getKey());
                if (avg != null) {
                    // several keys can map to one reason (a numeric code and its name): count-weighted mean
                    weightedUs.merge(name, avg * e.getValue(), Double::sum);
                    timed.merge(name, e.getValue(), Long::sum);
                }
            } else {
                dropped.merge(e.getKey(), e.getValue(), Long::sum);
            }
        }
        if (replayed.isEmpty()) {
            throw new IllegalArgumentException("cannot generate a workload: no reason of the exit mix is a VMX exit "
                    + "reason" + (dropped.isEmpty() ? " (the mix is empty)" : " (" + String.join(", ",
                            dropped.keySet()) + ")"));
        }
        Map<String, Double> meanUs = new HashMap<>();
        weightedUs.forEach((k, v) -> meanUs.put(k, v / timed.get(k)));

        int cpus = o.logicalCpus();
        int vms = Math.min(cpus, o.vms() != null ? o.vms() : Math.max(2, traceVcpus));
        long exitsPerVcpu = o.exitsPerVcpu() != null ? o.exitsPerVcpu()
                : Math.max(1, (DEFAULT_TOTAL_EXITS + cpus - 1) / cpus);

        LatencyTable lat = LatencyTable.defaults();
        KvmExitHandlers defaults = KvmExitHandlers.defaults();
        Map<String, Scenario.HandlerSpec> handlers = new LinkedHashMap<>();
        List<String> handlerNotes = new ArrayList<>();
        List<String> slow = new ArrayList<>();
        double expectedHandling = 0;
        long total = 0;
        for (Map.Entry<String, Long> e : replayed.entrySet()) {
            VmxExitReason r = VmxExitReason.fromName(e.getKey()).orElseThrow();
            Handler d = defaults.handlerFor(r.code(), r.linuxName());
            Double us = meanUs.get(e.getKey());
            long work = d.workCycles();
            long userspace = d.userspaceCycles();
            long block = d.blockCycles();
            if (us != null) {
                long measured = Math.round(us * o.ghz() * 1000);
                long budget = Math.max(0, measured - lat.vmExitEntry());
                if (d.blockCycles() > 0) {
                    work = Math.min(d.workCycles(), budget);
                    long halted = budget - work;
                    block = Math.max(1, Math.min(halted, o.maxBlockCycles()));
                    if (halted > o.maxBlockCycles()) {
                        handlerNotes.add(String.format(Locale.ROOT, "%s: measured %s µs (%,d cycles) is mostly halted "
                                + "time; replayed as %,d cycles of work and %,d blocked cycles (capped at %,d)",
                                e.getKey(), num(us), measured, work, block, o.maxBlockCycles()));
                    }
                } else if (d.exitsToUserspace()) {
                    work = Math.min(d.workCycles(), budget);
                    userspace = Math.max(1, budget - work);
                } else {
                    work = budget;
                }
                if (us >= 1000 && d.blockCycles() == 0) {
                    slow.add(e.getKey() + " " + num(us) + " µs");
                }
            }
            total += e.getValue();
            expectedHandling += e.getValue() * (double) (lat.vmExitEntry() + work + userspace + block + 2_000);
            List<Scenario.StepSpec> steps = new ArrayList<>();
            for (HandlerStep s : d.steps()) {
                steps.add(new Scenario.StepSpec(s.region(), s.offset() == 0 ? null : s.offset(), s.lines(),
                        s.write() ? Boolean.TRUE : null));
            }
            handlers.put(e.getKey(), new Scenario.HandlerSpec(steps, work,
                    d.setsFlushRequest() ? Boolean.TRUE : null, d.exitsToUserspace() ? userspace : null,
                    d.blockCycles() > 0 ? block : null));
        }
        double perExit = timing.meanGuestCycles() + expectedHandling / total;
        // room for the slowest policies (no SMT, core scheduling, stuns) several times over; never below the
        // default safety stop
        double estimate = perExit * exitsPerVcpu * 10;
        long maxCycles = estimate > 4e18 ? 4_000_000_000_000_000_000L
                : Math.max(MachineDefaults.MAX_CYCLES.longValue(), (long) Math.ceil(estimate / 1e9) * 1_000_000_000L);

        Map<String, Double> weights = new LinkedHashMap<>();
        replayed.forEach((k, v) -> weights.put(k, (double) v));
        List<Scenario.Vm> vmList = new ArrayList<>();
        for (int v = 1; v <= vms; v++) {
            vmList.add(new Scenario.Vm(v, "vm" + v, null, null));
        }
        List<Scenario.Program> programs = new ArrayList<>();
        for (int cpu = 0; cpu < cpus; cpu++) {
            int vm = cpu % vms + 1;
            int vcpu = cpu / vms;
            OpJson.Workload w = new OpJson.Workload(exitsPerVcpu, timing.meanGuestCycles(), null, weights,
                    o.seed() + cpu, null);
            programs.add(new Scenario.Program(cpu, List.of(new Scenario.TaskSpec(vm, vcpu, null, List.of(w)))));
        }
        Scenario.Machine machine = new Scenario.Machine(null, o.cores(), o.threadsPerCore(), null, null, null, null,
                null, null, o.seed(), maxCycles, null, null, null);
        String description = describe(mix, o, timing, replayed, dropped, meanUs, handlerNotes, slow, cpus, vms,
                exitsPerVcpu);
        return new Scenario(Scenario.FORMAT, "Exit-mix replay of " + o.sourceName(), description, machine, null, null,
                null, vmList, null, handlers, null, programs, "none", null, null, null, null, null);
    }

    private static String describe(ExitMix mix, Options o, GuestTiming timing, Map<String, Long> replayed,
            Map<String, Long> dropped, Map<String, Double> meanUs, List<String> handlerNotes, List<String> slow,
            int cpus, int vms, long exitsPerVcpu) {
        StringBuilder sb = new StringBuilder();
        sb.append("Generated from ").append(o.sourceName()).append(" (").append(mix.source()).append(", ")
                .append(String.format(Locale.ROOT, "%,d", mix.totalExits())).append(" exits). ");
        List<String> top = new ArrayList<>();
        int i = 0;
        long rest = 0;
        for (Map.Entry<String, Long> e : replayed.entrySet()) {
            if (i++ < SHOWN_REASONS || replayed.size() == SHOWN_REASONS + 1) {
                top.add(e.getKey() + " " + pct(e.getValue(), mix.totalExits())
                        + (meanUs.containsKey(e.getKey()) ? " (" + num(meanUs.get(e.getKey())) + " µs)" : ""));
            } else {
                rest += e.getValue();
            }
        }
        if (rest > 0) {
            top.add((replayed.size() - SHOWN_REASONS) + " other reasons " + pct(rest, mix.totalExits()));
        }
        sb.append("Mix: ").append(String.join(", ", top)).append(". ");
        long droppedCount = 0;
        for (long v : dropped.values()) {
            droppedCount += v;
        }
        if (droppedCount > 0) {
            sb.append("Not replayed: ").append(String.format(Locale.ROOT, "%,d", droppedCount)).append(" exits (")
                    .append(pct(droppedCount, mix.totalExits())).append(") of reasons that are not VMX exit reasons (")
                    .append(String.join(", ", dropped.keySet())).append("). ");
        }
        if (mix.unlistedExits() > 0) {
            sb.append("Not replayed: ").append(String.format(Locale.ROOT, "%,d", mix.unlistedExits()))
                    .append(" exits (").append(pct(mix.unlistedExits(), mix.totalExits()))
                    .append(") the input counted but did not list by reason. ");
        }
        sb.append(String.format(Locale.ROOT, "Machine: %s x %s; one vCPU per logical CPU, %d in %s%s; %,d exits per "
                + "vCPU (%,d in all), reasons drawn with the imported counts as weights. ", plural(o.cores(), "core"),
                plural(o.threadsPerCore(), "thread"), cpus, plural(vms, "VM"), vms > 1 && o.threadsPerCore() > 1
                        ? ", assigned round-robin so hyperthread siblings run different VMs" : "",
                exitsPerVcpu, exitsPerVcpu * cpus));
        sb.append(timing.explanation()).append(' ');
        sb.append(String.format(Locale.ROOT, "Handlers: the memory they touch and their flags (L1D-flush request, "
                + "exit to the user-space VMM, blocking) are asiscope's defaults; where the input has a mean handling "
                + "time, the handler's work is that time x %s GHz minus the simulated %,d-cycle VM exit+entry "
                + "(at least 0); for exits completed in the user-space VMM the time beyond the default kernel work "
                + "is user-space time; HLT's time is halted time, capped at %,d cycles per exit. Reasons without a "
                + "measured time keep the default work. ", num(o.ghz()), LatencyTable.defaults().vmExitEntry(),
                o.maxBlockCycles()));
        for (String n : handlerNotes) {
            sb.append(n).append(". ");
        }
        if (!slow.isEmpty()) {
            sb.append("Mean handling times of 1 ms or more (").append(String.join(", ", slow))
                    .append(") probably include sleeping or user space; they are replayed as kernel work. ");
        }
        sb.append("No attacker runs: compare the policies' cost; leaks stay 0.");
        return sb.toString();
    }

    private static String plural(long n, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }

    private static String pct(long part, long whole) {
        return whole == 0 ? "0%" : String.format(Locale.ROOT, "%.2f%%", 100.0 * part / whole);
    }

    /** A number without needless decimals: 20000, 3, 2.5, 7.78. */
    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        String s = String.format(Locale.ROOT, "%,.2f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
