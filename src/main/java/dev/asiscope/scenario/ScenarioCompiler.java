package dev.asiscope.scenario;

import dev.asiscope.sim.cache.CacheGeometry;
import dev.asiscope.sim.cache.Replacement;
import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.Leak;
import dev.asiscope.sim.engine.L1dFlushMethod;
import dev.asiscope.sim.engine.MachineDefaults;
import dev.asiscope.sim.engine.MachineSpec;
import dev.asiscope.sim.engine.Policy;
import dev.asiscope.sim.kernel.Handler;
import dev.asiscope.sim.kernel.HandlerStep;
import dev.asiscope.sim.kernel.HostLayout;
import dev.asiscope.sim.kernel.KernelRegion;
import dev.asiscope.sim.paging.PageSize;
import dev.asiscope.sim.kernel.KvmExitHandlers;
import dev.asiscope.sim.mem.Sensitivity;
import dev.asiscope.sim.paging.AccessType;
import dev.asiscope.sim.program.Op;
import dev.asiscope.sim.timing.LatencyTable;
import dev.asiscope.sim.vmx.VmxExitReason;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a parsed {@link Scenario} into a {@link LoadedScenario}: checks every cross-reference (CPUs,
 * VMs, processes, regions, handlers, exit reasons, event kinds, policies) and reports the first problem
 * as a {@link ScenarioException} located at the offending JSON value.
 */
public final class ScenarioCompiler {
    /** Kernel handlers every scenario may use by name (see docs/scenario-format.md). */
    public static final List<String> DEFAULT_KERNEL_HANDLERS = List.of("getpid", "read", "read-secret", "timer",
            "network");

    private final String file;
    private final String json;

    /** @param file file name for messages; @param json the text, used to locate errors */
    public ScenarioCompiler(String file, String json) {
        this.file = file;
        this.json = json;
    }

    /**
     * Applies the {@code sensitivity} edits to the region list: a region (default or the scenario's)
     * gets a new class before the layout is built, so they take effect at cycle 0 only.
     */
    private void sensitivityEdits(Scenario s, List<KernelRegion> regions, Set<Integer> vmIds) throws ScenarioException {
        for (int i = 0; i < s.edits().size(); i++) {
            Scenario.EditSpec e = s.edits().get(i);
            if (!e.edit().equals("sensitivity")) {
                continue;
            }
            String path = "$.edits[" + i + "]";
            if (e.cycle() != 0) {
                throw error(path + ".cycle", "a sensitivity edit takes effect at cycle 0 (the layout is built then)");
            }
            if (e.sensitivity() == null) {
                throw error(path, "a sensitivity edit needs a \"sensitivity\"");
            }
            Sensitivity sens;
            try {
                sens = Sensitivity.fromId(e.sensitivity());
            } catch (IllegalArgumentException ex) {
                throw error(path + ".sensitivity", ex.getMessage());
            }
            int owner = e.owner() == null ? -1 : e.owner();
            if (sens == Sensitivity.LOCAL_NONSENSITIVE && !vmIds.contains(owner)) {
                throw error(path + ".owner", "local-nonsensitive needs an \"owner\" that is one of the VMs " + vmIds);
            }
            KernelRegion old = null;
            int at = -1;
            for (int r = 0; r < regions.size(); r++) {
                if (regions.get(r).name().equals(e.region())) {
                    old = regions.get(r);
                    at = r;
                }
            }
            if (old == null) {
                for (KernelRegion d : HostLayout.defaultRegions()) {
                    if (d.name().equals(e.region())) {
                        old = d;
                    }
                }
            }
            if (old == null) {
                List<String> known = new ArrayList<>();
                HostLayout.defaultRegions().forEach(d -> known.add(d.name()));
                regions.forEach(r -> known.add(r.name()));
                throw error(path + ".region", "no default or scenario region '" + e.region() + "'"
                        + DidYouMean.hint(String.valueOf(e.region()), known) + " (known: " + String.join(", ", known)
                        + ")");
            }
            KernelRegion changed = new KernelRegion(old.name(), old.size(), sens, owner, old.label(),
                    old.globalBitBug(), old.fill(), old.pageSize());
            if (at >= 0) {
                regions.set(at, changed);
            } else {
                regions.add(changed);
            }
        }
    }

    /** Cycle-0 edits of exits must say so. */
    private void cycleZero(Scenario.EditSpec e, String path) throws ScenarioException {
        if (e.cycle() != 0) {
            throw error(path + ".cycle", "an " + e.edit() + " edit takes effect at cycle 0 (workloads and handlers"
                    + " are compiled before the run)");
        }
    }

    /** {@code exit-mix} edits: the workload operations (of every CPU, or of one) get the new mix. */
    private Scenario withEditedMix(Scenario s) throws ScenarioException {
        Scenario out = s;
        for (int i = 0; i < s.edits().size(); i++) {
            Scenario.EditSpec e = s.edits().get(i);
            if (!e.edit().equals("exit-mix")) {
                continue;
            }
            String path = "$.edits[" + i + "]";
            cycleZero(e, path);
            if (e.mix() == null || e.mix().isEmpty()) {
                throw error(path + ".mix", "an exit-mix edit needs a \"mix\", e.g. {\"MSR_WRITE\": 50}");
            }
            for (Map.Entry<String, Double> m : e.mix().entrySet()) {
                reason(m.getKey(), path + ".mix." + m.getKey());
                if (m.getValue() == null || !(m.getValue() > 0)) {
                    throw error(path + ".mix." + m.getKey(), "a weight must be > 0");
                }
            }
            List<Scenario.Program> programs = new ArrayList<>();
            boolean any = false;
            for (Scenario.Program p : out.programs()) {
                List<Scenario.TaskSpec> tasks = new ArrayList<>();
                for (Scenario.TaskSpec t : p.tasks()) {
                    List<OpJson> ops = new ArrayList<>();
                    for (OpJson op : t.ops()) {
                        if (op instanceof OpJson.Workload w && (e.cpu() == null || e.cpu().equals(p.cpu()))) {
                            ops.add(new OpJson.Workload(w.exits(), w.meanGuestCycles(), w.lines(), e.mix(), w.seed(),
                                    w.sensitiveShare()));
                            any = true;
                        } else {
                            ops.add(op);
                        }
                    }
                    tasks.add(new Scenario.TaskSpec(t.vm(), t.vcpu(), t.process(), ops));
                }
                programs.add(new Scenario.Program(p.cpu(), tasks));
            }
            if (!any) {
                throw error(path, "no workload operation" + (e.cpu() == null ? "" : " on CPU " + e.cpu())
                        + " to give a new mix");
            }
            out = new Scenario(out.format(), out.name(), out.description(), out.machine(), out.cpus(), out.memory(),
                    out.regions(), out.vms(), out.processes(), out.exitHandlers(), out.kernelHandlers(), programs,
                    out.policy(), out.narration(), out.breakpoints(), out.guided(), out.expectations(), out.edits());
        }
        return out;
    }

    /** {@code exit-handler} edits: an exit reason is handled by another reason's or a kernel handler. */
    private void exitHandlerEdits(Scenario s, Map<Integer, Handler> exitHandlers, Map<String, Handler> kernelHandlers)
            throws ScenarioException {
        dev.asiscope.sim.kernel.KvmExitHandlers current = dev.asiscope.sim.kernel.KvmExitHandlers.defaults()
                .with(exitHandlers);
        Map<Integer, Handler> changed = new LinkedHashMap<>();
        for (int i = 0; i < s.edits().size(); i++) {
            Scenario.EditSpec e = s.edits().get(i);
            if (!e.edit().equals("exit-handler")) {
                continue;
            }
            String path = "$.edits[" + i + "]";
            cycleZero(e, path);
            if (e.reason() == null) {
                throw error(path, "an exit-handler edit needs a \"reason\"");
            }
            int code = reason(e.reason(), path + ".reason");
            if (e.handler() == null) {
                throw error(path, "an exit-handler edit needs a \"handler\" (an exit reason or a kernel handler)");
            }
            Handler h = kernelHandlers.get(e.handler());
            if (h == null) {
                int other = reason(e.handler(), path + ".handler");
                h = current.handlerFor(other, e.handler());
            }
            changed.put(code, h);
        }
        exitHandlers.putAll(changed);
    }

    /** The entry/map/unmap edits as engine edits, with every name checked. */
    private List<dev.asiscope.sim.engine.MachineEdit> tableEdits(Scenario s, Set<Integer> vmIds, Set<Integer> procIds,
            Set<String> regionNames) throws ScenarioException {
        List<String> spaces = new ArrayList<>(List.of("full"));
        vmIds.forEach(v -> spaces.add("restricted:vm" + v));
        procIds.forEach(p -> spaces.addAll(List.of("process:p" + p + ":kernel", "process:p" + p + ":user",
                "process:p" + p + ":asi")));
        List<String> entrySpaces = new ArrayList<>(spaces);
        vmIds.forEach(v -> entrySpaces.add("guest:vm" + v));
        List<dev.asiscope.sim.engine.MachineEdit> out = new ArrayList<>();
        for (int i = 0; i < s.edits().size(); i++) {
            Scenario.EditSpec e = s.edits().get(i);
            String path = "$.edits[" + i + "]";
            if (List.of("sensitivity", "exit-handler", "exit-mix").contains(e.edit())) {
                continue;
            }
            List<String> allowed = e.edit().equals("entry") ? entrySpaces
                    : spaces.stream().filter(n -> !n.equals("full")).toList();
            if (e.space() == null || !allowed.contains(e.space())) {
                throw error(path + ".space", (e.space() == null ? "an edit needs a \"space\""
                        : "no table '" + e.space() + "'" + DidYouMean.hint(e.space(), allowed))
                        + " (" + e.edit() + " edits take: " + String.join(", ", allowed) + ")");
            }
            if (e.edit().equals("entry")) {
                if (e.va() == null) {
                    throw error(path, "an entry edit needs a \"va\" (a linear address the entry translates)");
                }
                long va;
                try {
                    va = Hex.parse(e.va());
                } catch (NumberFormatException ex) {
                    throw error(path + ".va", ex.getMessage());
                }
                dev.asiscope.sim.paging.PagingLevel level = null;
                for (dev.asiscope.sim.paging.PagingLevel l : dev.asiscope.sim.paging.PagingLevel.values()) {
                    if (l != dev.asiscope.sim.paging.PagingLevel.PML5 && l.id().equals(e.level())) {
                        level = l;
                    }
                }
                if (level == null) {
                    throw error(path + ".level", "expected pml4, pdpt, pd or pt, got '" + e.level() + "'");
                }
                var bits = dev.asiscope.sim.tables.EntryEdit.BITS.keySet();
                for (String n : java.util.stream.Stream.concat(e.set().stream(), e.clear().stream()).toList()) {
                    if (!bits.contains(n)) {
                        throw error(path, "unknown bit '" + n + "'" + DidYouMean.hint(n, bits) + " (known: "
                                + String.join(", ", bits) + ")");
                    }
                }
                long set = dev.asiscope.sim.tables.EntryEdit.mask(e.set());
                long clear = dev.asiscope.sim.tables.EntryEdit.mask(e.clear());
                if (set == 0 && clear == 0) {
                    throw error(path, "an entry edit needs bits to \"set\" or \"clear\"");
                }
                out.add(new dev.asiscope.sim.tables.EntryEdit(e.cycle(), e.space(), va, level, set, clear));
            } else {
                if (e.region() == null || !regionNames.contains(e.region())
                        || List.of("vcpu-state", "vmcs", "guest-memory").contains(e.region())) {
                    throw error(path + ".region", "unknown region '" + e.region() + "'"
                            + DidYouMean.hint(String.valueOf(e.region()), regionNames));
                }
                out.add(new dev.asiscope.sim.tables.RegionMapEdit(e.cycle(), e.space(), e.region(),
                        e.edit().equals("map")));
            }
        }
        return out;
    }

    private ScenarioException error(String path, String message) {
        int[] loc = JsonLocator.locate(json, path);
        return new ScenarioException(file, loc[0], loc[1], path, message);
    }

    /** Compiles {@code s}; {@code source} is recorded in the result (may be null). */
    public LoadedScenario compile(Scenario s, Path source) throws ScenarioException {
        s = withEditedMix(s);
        Scenario.Machine mj = s.machine();
        int cpus = mj.cores() * mj.threadsPerCore();
        Set<Integer> vmIds = new LinkedHashSet<>();
        List<MachineSpec.VmSpec> vms = new ArrayList<>();
        for (int i = 0; i < s.vms().size(); i++) {
            Scenario.Vm v = s.vms().get(i);
            if (!vmIds.add(v.id())) {
                throw error("$.vms[" + i + "].id", "duplicate VM id " + v.id());
            }
            vms.add(new MachineSpec.VmSpec(v.id(), v.name(), v.memory(), (int) (long) v.fill()));
        }
        Set<Integer> procIds = new LinkedHashSet<>();
        List<MachineSpec.ProcessSpec> procs = new ArrayList<>();
        for (int i = 0; i < s.processes().size(); i++) {
            Scenario.Process p = s.processes().get(i);
            if (!procIds.add(p.id())) {
                throw error("$.processes[" + i + "].id", "duplicate process id " + p.id());
            }
            procs.add(new MachineSpec.ProcessSpec(p.id(), p.name(), p.memory(), (int) (long) p.fill()));
        }
        if (procs.size() > HostLayout.MAX_PROCESSES) {
            // Every page table gets its own PCID (HostLayout): 9 bits number a class's tables, so the
            // processes' kernel, user and ASI tables have room for this many processes.
            throw error("$.processes[" + HostLayout.MAX_PROCESSES + "]", "too many processes for the PCID space: "
                    + procs.size() + " declared, at most " + HostLayout.MAX_PROCESSES + " fit (each process's page"
                    + " tables need a PCID of their own, PCIDs " + HostLayout.FIRST_PROCESS_CONTEXT + ".."
                    + HostLayout.MAX_CONTEXT + ")");
        }
        List<KernelRegion> regions = new ArrayList<>();
        Set<String> regionNames = new LinkedHashSet<>();
        for (KernelRegion r : HostLayout.defaultRegions()) {
            regionNames.add(r.name());
        }
        for (int v : vmIds) {
            for (String base : List.of("vcpu-state", "vmcs", "guest-memory")) {
                regionNames.add(base);
                regionNames.add(base + ":vm" + v);
            }
        }
        for (int p : procIds) {
            regionNames.add("user-memory:p" + p);
            regionNames.add("probe:p" + p);
        }
        for (int i = 0; i < s.regions().size(); i++) {
            Scenario.Region r = s.regions().get(i);
            String path = "$.regions[" + i + "]";
            Sensitivity sens = Sensitivity.fromId(r.sensitivity());
            int owner = r.owner() == null ? -1 : r.owner();
            if (sens == Sensitivity.LOCAL_NONSENSITIVE && !vmIds.contains(owner)) {
                throw error(path + ".owner", "local-nonsensitive region '" + r.name() + "' needs an \"owner\" that is"
                        + " one of the VMs " + vmIds);
            }
            try {
                PageSize pageSize = switch (r.pageSize()) {
                    case "2m" -> PageSize.SIZE_2M;
                    case "1g" -> PageSize.SIZE_1G;
                    default -> PageSize.SIZE_4K;
                };
                regions.add(new KernelRegion(r.name(), r.size(), sens, owner, r.label(), r.globalBitBug(),
                        (int) (long) r.fill(), pageSize));
            } catch (IllegalArgumentException e) {
                throw error(path, e.getMessage());
            }
            regionNames.add(r.name());
        }
        sensitivityEdits(s, regions, vmIds);
        Map<String, Handler> kernelHandlers = new LinkedHashMap<>();
        for (Map.Entry<String, Scenario.HandlerSpec> e : new TreeMap<>(s.kernelHandlers()).entrySet()) {
            kernelHandlers.put(e.getKey(), handler(e.getKey(), e.getValue(), "$.kernelHandlers." + e.getKey(),
                    regionNames));
        }
        Set<String> handlerNames = new LinkedHashSet<>(DEFAULT_KERNEL_HANDLERS);
        handlerNames.addAll(kernelHandlers.keySet());
        Map<Integer, Handler> exitHandlers = new LinkedHashMap<>();
        for (Map.Entry<String, Scenario.HandlerSpec> e : new TreeMap<>(s.exitHandlers()).entrySet()) {
            String path = "$.exitHandlers." + e.getKey();
            int code = reason(e.getKey(), path);
            exitHandlers.put(code, handler(VmxExitReason.fromCode(code).map(VmxExitReason::linuxName)
                    .orElse(e.getKey()), e.getValue(), path, regionNames));
        }
        exitHandlerEdits(s, exitHandlers, kernelHandlers);
        List<List<MachineSpec.Task>> programs = new ArrayList<>();
        for (int i = 0; i < cpus; i++) {
            programs.add(new ArrayList<>());
        }
        Set<Integer> seenCpus = new LinkedHashSet<>();
        int lastCpu = -1;
        for (int i = 0; i < s.programs().size(); i++) {
            Scenario.Program pr = s.programs().get(i);
            String path = "$.programs[" + i + "]";
            if (pr.cpu() >= cpus) {
                throw error(path + ".cpu", "no CPU " + pr.cpu() + ": the machine has " + cpus + " logical CPUs ("
                        + mj.cores() + " cores x " + mj.threadsPerCore() + " threads)");
            }
            if (!seenCpus.add(pr.cpu())) {
                throw error(path + ".cpu", "CPU " + pr.cpu() + " has two programs; put its tasks in one");
            }
            lastCpu = Math.max(lastCpu, pr.cpu());
            for (int k = 0; k < pr.tasks().size(); k++) {
                Scenario.TaskSpec t = pr.tasks().get(k);
                String tp = path + ".tasks[" + k + "]";
                List<Op> ops = ops(t.ops(), tp + ".ops", regionNames, handlerNames);
                if (t.vm() != null) {
                    if (!vmIds.contains(t.vm())) {
                        throw error(tp + ".vm", "no VM " + t.vm() + "; declared VMs: " + vmIds);
                    }
                    programs.get(pr.cpu()).add(MachineSpec.Task.vcpu(t.vm(), t.vcpu(), ops));
                } else {
                    if (!procIds.contains(t.process())) {
                        throw error(tp + ".process", "no process " + t.process() + "; declared processes: " + procIds);
                    }
                    programs.get(pr.cpu()).add(MachineSpec.Task.process(t.process(), ops));
                }
            }
        }
        List<MachineSpec.CpuProgram> progs = new ArrayList<>();
        for (int i = 0; i <= lastCpu; i++) {
            progs.add(new MachineSpec.CpuProgram(programs.get(i)));
        }
        LatencyTable latency = latencies(mj.latencies());
        int tlbEntries = mj.tlb() == null || mj.tlb().entries() == null ? MachineDefaults.TLB_ENTRIES.intValue()
                : mj.tlb().entries();
        int tlbWays = mj.tlb() == null || mj.tlb().ways() == null ? MachineDefaults.TLB_WAYS.intValue()
                : mj.tlb().ways();
        if (tlbEntries < 1 || tlbWays < 1 || tlbEntries % tlbWays != 0) {
            throw error("$.machine.tlb", "tlb.ways must divide tlb.entries (got " + tlbEntries + " entries, " + tlbWays
                    + " ways)");
        }
        MachineSpec spec;
        try {
            spec = new MachineSpec(mj.cores(), mj.threadsPerCore(), mj.maxPhysAddr(),
                    geometry("L1D", mj.l1d(), CacheGeometry.l1dDefault(), "$.machine.l1d"),
                    geometry("L2", mj.l2(), CacheGeometry.l2Default(), "$.machine.l2"),
                    geometry("LLC", mj.llc(), CacheGeometry.llcDefault(), "$.machine.llc"), mj.lfbEntries(),
                    tlbEntries, tlbWays, latency, regions, vms, procs,
                    exitHandlers, kernelHandlers, progs, mj.seed(), mj.maxCycles(), mj.timeslice(), mj.smtThroughput(),
                    L1dFlushMethod.fromId(mj.l1dFlushMethod()));
        } catch (IllegalArgumentException e) {
            throw error("$.machine", e.getMessage());
        }
        spec = spec.withEdits(tableEdits(s, vmIds, procIds, regionNames));
        if (spec.l1d().lineSize() != spec.l2().lineSize() || spec.l2().lineSize() != spec.llc().lineSize()) {
            throw error("$.machine", "all cache levels must have the same lineSize (got " + spec.l1d().lineSize() + ", "
                    + spec.l2().lineSize() + ", " + spec.llc().lineSize() + ")");
        }
        Policy policy = policy(s.policy(), "$.policy");
        List<Narration> narration = new ArrayList<>();
        for (int i = 0; i < s.narration().size(); i++) {
            Scenario.Caption c = s.narration().get(i);
            if (c.event() != null) {
                eventKind(c.event(), "$.narration[" + i + "].event");
            }
            narration.add(new Narration(c.cycle() == null ? -1 : c.cycle(), c.event(), c.occurrence(), c.cpu(),
                    c.title(), c.text()));
        }
        List<Breakpoint> breakpoints = new ArrayList<>();
        for (int i = 0; i < s.breakpoints().size(); i++) {
            Scenario.BreakpointSpec b = s.breakpoints().get(i);
            breakpoints.add(new Breakpoint(eventKind(b.event(), "$.breakpoints[" + i + "].event"), b.cpu(), b.label(),
                    b.contains()));
        }
        List<Expectation> expectations = new ArrayList<>();
        for (int i = 0; i < s.expectations().size(); i++) {
            expectations.add(expectation(s.expectations().get(i), "$.expectations[" + i + "]", cpus));
        }
        return new LoadedScenario(source, s.name(), s.description(), spec, s.policy(), policy, narration, breakpoints,
                s.guided(), expectations, s);
    }

    private Handler handler(String name, Scenario.HandlerSpec h, String path, Set<String> regions)
            throws ScenarioException {
        List<HandlerStep> steps = new ArrayList<>();
        for (int i = 0; i < h.steps().size(); i++) {
            Scenario.StepSpec st = h.steps().get(i);
            if (!regions.contains(st.region())) {
                throw error(path + ".steps[" + i + "].region", "unknown region '" + st.region() + "'"
                        + DidYouMean.hint(st.region(), regions) + " (known: " + String.join(", ", regions) + ")");
            }
            steps.add(new HandlerStep(st.region(), st.offset(), st.lines(), st.write()));
        }
        return new Handler(name, steps, h.work(), h.setsFlushRequest(), h.userspaceCycles() > 0, h.userspaceCycles(),
                h.blockCycles());
    }

    private List<Op> ops(List<OpJson> in, String path, Set<String> regions, Set<String> handlers)
            throws ScenarioException {
        List<Op> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            out.add(op(in.get(i), path + "[" + i + "]", regions, handlers));
        }
        return out;
    }

    private Op op(OpJson o, String path, Set<String> regions, Set<String> handlers) throws ScenarioException {
        if (o instanceof OpJson.Compute c) {
            return new Op.Compute(c.cycles(), c.lines());
        } else if (o instanceof OpJson.Idle i) {
            return new Op.Idle(i.cycles());
        } else if (o instanceof OpJson.Load l) {
            return new Op.Access(l.address(), AccessType.READ);
        } else if (o instanceof OpJson.Store st) {
            return new Op.Access(st.address(), AccessType.WRITE);
        } else if (o instanceof OpJson.Fetch f) {
            return new Op.Access(f.address(), AccessType.FETCH);
        } else if (o instanceof OpJson.Clflush c) {
            return new Op.Clflush(c.address());
        } else if (o instanceof OpJson.VmExit v) {
            return new Op.VmExit(reason(v.reason(), path + ".reason"));
        } else if (o instanceof OpJson.Hlt) {
            return new Op.VmExit(VmxExitReason.HLT.code());
        } else if (o instanceof OpJson.L1tf l) {
            boolean reserved = l1tfVia(l.via(), path + ".via");
            return l.target() == null ? new Op.L1tf(null, l.hostPhysical(), reserved)
                    : new Op.L1tf(region(l.target(), path + ".target", regions), l.offset(), reserved);
        } else if (o instanceof OpJson.MdsSample) {
            return new Op.MdsSample();
        } else if (o instanceof OpJson.Meltdown m) {
            return m.target() == null ? new Op.Meltdown(null, m.address())
                    : new Op.Meltdown(region(m.target(), path + ".target", regions), m.offset());
        } else if (o instanceof OpJson.SpectreV1 m) {
            int exit = m.reason() == null ? Op.SpectreV1.DEFAULT_EXIT_REASON : reason(m.reason(), path + ".reason");
            return m.target() == null ? new Op.SpectreV1(null, m.address(), exit)
                    : new Op.SpectreV1(region(m.target(), path + ".target", regions), m.offset(), exit);
        } else if (o instanceof OpJson.ProbeFlush) {
            return new Op.ProbeFlush();
        } else if (o instanceof OpJson.ProbeReload) {
            return new Op.ProbeReload();
        } else if (o instanceof OpJson.Syscall sc) {
            return new Op.Syscall(handlerName(sc.handler(), path + ".handler", handlers));
        } else if (o instanceof OpJson.Irq irq) {
            return new Op.Interrupt(handlerName(irq.handler(), path + ".handler", handlers));
        } else if (o instanceof OpJson.Yield) {
            return new Op.Yield();
        } else if (o instanceof OpJson.AsiEnter) {
            return new Op.Asi(Op.Asi.Kind.ENTER);
        } else if (o instanceof OpJson.AsiRelax) {
            return new Op.Asi(Op.Asi.Kind.RELAX);
        } else if (o instanceof OpJson.AsiExit) {
            return new Op.Asi(Op.Asi.Kind.EXIT);
        } else if (o instanceof OpJson.L1dFlush) {
            return new Op.Flush(true);
        } else if (o instanceof OpJson.Verw) {
            return new Op.Flush(false);
        } else if (o instanceof OpJson.Invlpg inv) {
            return new Op.Invlpg(inv.address());
        } else if (o instanceof OpJson.Invpcid inv) {
            return new Op.Invpcid(inv.type(), inv.pcid(), inv.address());
        } else if (o instanceof OpJson.MovCr3 m) {
            return new Op.MovCr3(m.value());
        } else if (o instanceof OpJson.Repeat r) {
            return new Op.Repeat(r.label(), r.count(), ops(r.body(), path + ".body", regions, handlers));
        } else if (o instanceof OpJson.Workload w) {
            Map<Integer, Double> mix = new TreeMap<>();
            for (Map.Entry<String, Double> e : new TreeMap<>(w.mix()).entrySet()) {
                if (e.getValue() == null || e.getValue() < 0) {
                    throw error(path + ".mix." + e.getKey(), "weights must be >= 0");
                }
                mix.merge(reason(e.getKey(), path + ".mix." + e.getKey()), e.getValue(), Double::sum);
            }
            return new Op.Workload(w.exits(), w.meanGuestCycles(), w.lines(), mix, w.seed(), w.sensitiveShare());
        }
        throw error(path, "unsupported operation");
    }

    private String region(String name, String path, Set<String> regions) throws ScenarioException {
        if (!regions.contains(name)) {
            throw error(path, "unknown region '" + name + "'" + DidYouMean.hint(name, regions) + " (known: "
                    + String.join(", ", regions) + ")");
        }
        return name;
    }

    private String handlerName(String name, String path, Set<String> handlers) throws ScenarioException {
        if (!handlers.contains(name)) {
            throw error(path, "unknown kernel handler '" + name + "'" + DidYouMean.hint(name, handlers)
                    + " (known: " + String.join(", ", handlers) + "; declare others under \"kernelHandlers\")");
        }
        return name;
    }

    /** A VMX exit reason by Linux name (or SVM name, or decimal code). */
    /** Whether an {@code l1tf} goes through a present PTE with a reserved bit (else a not-present one). */
    private boolean l1tfVia(String via, String path) throws ScenarioException {
        if (via == null || via.equals("not-present")) {
            return false;
        }
        if (via.equals("reserved-bit")) {
            return true;
        }
        List<String> known = List.of("not-present", "reserved-bit");
        throw error(path, "unknown l1tf trigger '" + via + "'" + DidYouMean.hint(via, known)
                + " (expected not-present or reserved-bit)");
    }

    int reason(String name, String path) throws ScenarioException {
        String n = name.trim();
        if (!n.isEmpty() && n.chars().allMatch(Character::isDigit)) {
            int code = Integer.parseInt(n);
            if (VmxExitReason.fromCode(code).isEmpty()) {
                throw error(path, "unknown VMX exit reason code " + code);
            }
            return code;
        }
        var r = VmxExitReason.fromName(n);
        if (r.isEmpty()) {
            List<String> names = Arrays.stream(VmxExitReason.values()).map(VmxExitReason::linuxName).toList();
            throw error(path, "unknown VM exit reason '" + name + "'" + DidYouMean.hint(n.toUpperCase(), names)
                    + " (expected a VMX basic exit reason such as EXTERNAL_INTERRUPT, MSR_WRITE, EPT_VIOLATION)");
        }
        return r.get().code();
    }

    private EventKind eventKind(String id, String path) throws ScenarioException {
        try {
            return EventKind.fromId(id);
        } catch (IllegalArgumentException e) {
            List<String> ids = Arrays.stream(EventKind.values()).map(EventKind::id).toList();
            throw error(path, "unknown event kind '" + id + "'" + DidYouMean.hint(id, ids) + " (known: "
                    + String.join(", ", ids) + ")");
        }
    }

    Policy policy(String spec, String path) throws ScenarioException {
        try {
            return PolicyText.parse(spec);
        } catch (IllegalArgumentException e) {
            throw error(path, e.getMessage());
        }
    }

    private Expectation expectation(Scenario.ExpectationSpec e, String path, int logicalCpus) throws ScenarioException {
        policy(e.policy(), path + ".policy");
        if (e.mechanism() != null) {
            List<String> ids = Arrays.stream(Leak.Mechanism.values()).map(Leak.Mechanism::id).toList();
            if (!ids.contains(e.mechanism())) {
                throw error(path + ".mechanism", "unknown mechanism '" + e.mechanism() + "'"
                        + DidYouMean.hint(e.mechanism(), ids) + " (known: " + String.join(", ", ids) + ")");
            }
        }
        Map<String, Expectation.Bound> bounds = new LinkedHashMap<>();
        put(bounds, "leaks", e.leaks());
        put(bounds, "asiExits", e.asiExits());
        put(bounds, "l1dFlushes", e.l1dFlushes());
        put(bounds, "stuns", e.stuns());
        put(bounds, "vmExits", e.vmExits());
        put(bounds, "exposureCycles", e.exposureCycles());
        put(bounds, "totalCycles", e.totalCycles());
        if (bounds.isEmpty()) {
            throw error(path, "an expectation needs at least one bound (leaks, asiExits, l1dFlushes, stuns, vmExits,"
                    + " exposureCycles, totalCycles)");
        }
        if (e.attacker() != null && !e.attacker().matches("(vm|process):[0-9]+")) {
            throw error(path + ".attacker", "expected an attacker domain such as \"vm:2\" or \"process:1\", got '"
                    + e.attacker() + "'");
        }
        if (e.attackerCpu() != null && (e.attackerCpu() < 0 || e.attackerCpu() >= logicalCpus)) {
            throw error(path + ".attackerCpu", "no logical CPU " + e.attackerCpu() + " (the machine has " + logicalCpus
                    + ": 0.." + (logicalCpus - 1) + ")");
        }
        if (e.attackerVcpu() != null && (e.attacker() == null || !e.attacker().startsWith("vm:"))) {
            throw error(path + ".attackerVcpu", "attackerVcpu needs \"attacker\" naming the VM, e.g. \"vm:2\"");
        }
        if (e.asiExitCause() != null && e.asiExits() == null) {
            throw error(path + ".asiExitCause", "asiExitCause filters the asiExits count; give \"asiExits\" too");
        }
        boolean attackerFilter = e.attacker() != null || e.attackerCpu() != null || e.attackerVcpu() != null;
        if (attackerFilter && e.leaks() == null) {
            throw error(path, "attacker, attackerCpu and attackerVcpu filter the leaks count; give \"leaks\" too");
        }
        return new Expectation(e.policy(), bounds, new RunReport.Filter(e.label(), e.mechanism(), e.attacker(),
                e.attackerCpu(), e.attackerVcpu(), e.asiExitCause()), e.note());
    }

    private static void put(Map<String, Expectation.Bound> m, String key, Scenario.Range r) {
        if (r != null) {
            m.put(key, new Expectation.Bound(r.min(), r.max()));
        }
    }

    private CacheGeometry geometry(String name, Scenario.CacheSpec c, CacheGeometry d, String path)
            throws ScenarioException {
        if (c == null) {
            return d;
        }
        try {
            return new CacheGeometry(name, c.size() == null ? d.sizeBytes() : c.size(),
                    c.ways() == null ? d.ways() : c.ways(), c.lineSize() == null ? d.lineSize() : c.lineSize(),
                    c.replacement() == null ? d.replacement()
                            : c.replacement().equals("lru") ? Replacement.LRU : Replacement.TREE_PLRU);
        } catch (IllegalArgumentException e) {
            throw error(path, e.getMessage());
        }
    }

    private LatencyTable latencies(Map<String, Integer> overrides) throws ScenarioException {
        LatencyTable d = LatencyTable.defaults();
        RecordComponent[] comps = LatencyTable.class.getRecordComponents();
        Object[] values = new Object[comps.length];
        Class<?>[] types = new Class<?>[comps.length];
        List<String> names = new ArrayList<>();
        try {
            for (int i = 0; i < comps.length; i++) {
                values[i] = comps[i].getAccessor().invoke(d);
                types[i] = comps[i].getType();
                names.add(comps[i].getName());
            }
            for (Map.Entry<String, Integer> e : new TreeMap<>(overrides).entrySet()) {
                int i = names.indexOf(e.getKey());
                if (i < 0) {
                    throw error("$.machine.latencies." + e.getKey(), "unknown latency '" + e.getKey() + "'"
                            + DidYouMean.hint(e.getKey(), names) + " (known: " + String.join(", ", names) + ")");
                }
                if (e.getValue() == null || e.getValue() < 0) {
                    throw error("$.machine.latencies." + e.getKey(), "latencies are cycles >= 0");
                }
                values[i] = e.getValue();
            }
            return LatencyTable.class.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("LatencyTable is a record with a canonical constructor", e);
        }
    }

    /** The names of the default exit handlers, for documentation and help. */
    public static List<String> defaultExitHandlerNames() {
        return KvmExitHandlers.defaults().all().values().stream().map(Handler::name).sorted().toList();
    }
}
