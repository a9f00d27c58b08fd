package dev.asiscope.sim.engine;

import dev.asiscope.sim.cache.CacheGeometry;
import dev.asiscope.sim.kernel.Handler;
import dev.asiscope.sim.kernel.KernelRegion;
import dev.asiscope.sim.program.Op;
import dev.asiscope.sim.timing.LatencyTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds a {@link MachineSpec} starting from the defaults of {@link MachineDefaults}. */
public final class MachineSpecBuilder {
    private int cores = MachineDefaults.CORES.intValue();
    private int threadsPerCore = MachineDefaults.THREADS_PER_CORE.intValue();
    private int maxPhysAddr = MachineDefaults.MAX_PHYS_ADDR.intValue();
    private CacheGeometry l1d = CacheGeometry.l1dDefault();
    private CacheGeometry l2 = CacheGeometry.l2Default();
    private CacheGeometry llc = CacheGeometry.llcDefault();
    private int lfbEntries = MachineDefaults.LFB_ENTRIES.intValue();
    private int tlbEntries = MachineDefaults.TLB_ENTRIES.intValue();
    private int tlbWays = MachineDefaults.TLB_WAYS.intValue();
    private LatencyTable latency = LatencyTable.defaults();
    private final List<KernelRegion> regions = new ArrayList<>();
    private final List<MachineSpec.VmSpec> vms = new ArrayList<>();
    private final List<MachineSpec.ProcessSpec> processes = new ArrayList<>();
    private final Map<Integer, Handler> exitHandlers = new HashMap<>();
    private final Map<String, Handler> kernelHandlers = new HashMap<>();
    private final Map<Integer, List<MachineSpec.Task>> programs = new HashMap<>();
    private long seed = MachineDefaults.SEED.longValue();
    private long maxCycles = MachineDefaults.MAX_CYCLES.longValue();
    private long timeslice = MachineDefaults.TIMESLICE.longValue();
    private double smtThroughput = MachineDefaults.SMT_THROUGHPUT.doubleValue();
    private L1dFlushMethod l1dFlushMethod = L1dFlushMethod.fromId(MachineDefaults.L1D_FLUSH_METHOD.stringValue());

    public MachineSpecBuilder topology(int cores, int threadsPerCore) {
        this.cores = cores;
        this.threadsPerCore = threadsPerCore;
        return this;
    }

    public MachineSpecBuilder maxPhysAddr(int bits) {
        this.maxPhysAddr = bits;
        return this;
    }

    public MachineSpecBuilder caches(CacheGeometry l1d, CacheGeometry l2, CacheGeometry llc, int lfbEntries) {
        this.l1d = l1d;
        this.l2 = l2;
        this.llc = llc;
        this.lfbEntries = lfbEntries;
        return this;
    }

    public MachineSpecBuilder tlb(int entries, int ways) {
        this.tlbEntries = entries;
        this.tlbWays = ways;
        return this;
    }

    public MachineSpecBuilder latency(LatencyTable latency) {
        this.latency = latency;
        return this;
    }

    public MachineSpecBuilder region(KernelRegion r) {
        regions.add(r);
        return this;
    }

    public MachineSpecBuilder vm(int id, int fill) {
        vms.add(new MachineSpec.VmSpec(id, "vm" + id, MachineSpec.VmSpec.DEFAULT_MEMORY, fill));
        return this;
    }

    public MachineSpecBuilder vm(MachineSpec.VmSpec vm) {
        vms.add(vm);
        return this;
    }

    public MachineSpecBuilder process(int id, int fill) {
        processes.add(new MachineSpec.ProcessSpec(id, "process" + id, MachineSpec.ProcessSpec.DEFAULT_MEMORY, fill));
        return this;
    }

    public MachineSpecBuilder exitHandler(int reason, Handler h) {
        exitHandlers.put(reason, h);
        return this;
    }

    public MachineSpecBuilder kernelHandler(Handler h) {
        kernelHandlers.put(h.name(), h);
        return this;
    }

    /** Pins a vCPU task running {@code ops} to logical CPU {@code cpu}. */
    public MachineSpecBuilder vcpu(int cpu, int vm, int vcpu, List<Op> ops) {
        programs.computeIfAbsent(cpu, k -> new ArrayList<>()).add(MachineSpec.Task.vcpu(vm, vcpu, ops));
        return this;
    }

    /** Pins a host process task running {@code ops} to logical CPU {@code cpu}. */
    public MachineSpecBuilder processTask(int cpu, int process, List<Op> ops) {
        programs.computeIfAbsent(cpu, k -> new ArrayList<>()).add(MachineSpec.Task.process(process, ops));
        return this;
    }

    public MachineSpecBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    public MachineSpecBuilder maxCycles(long maxCycles) {
        this.maxCycles = maxCycles;
        return this;
    }

    public MachineSpecBuilder timeslice(long cycles) {
        this.timeslice = cycles;
        return this;
    }

    /** Throughput of a core running two busy threads, relative to one (see {@link MachineSpec#smtThroughput()}). */
    public MachineSpecBuilder smtThroughput(double throughput) {
        this.smtThroughput = throughput;
        return this;
    }

    public MachineSpecBuilder l1dFlushMethod(L1dFlushMethod method) {
        this.l1dFlushMethod = method;
        return this;
    }

    public MachineSpec build() {
        int n = cores * threadsPerCore;
        List<MachineSpec.CpuProgram> progs = new ArrayList<>();
        int last = programs.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
        if (last >= n) {
            throw new IllegalArgumentException("program for cpu" + last + " but the machine has " + n + " CPUs");
        }
        for (int i = 0; i <= last; i++) {
            progs.add(new MachineSpec.CpuProgram(programs.getOrDefault(i, List.of())));
        }
        return new MachineSpec(cores, threadsPerCore, maxPhysAddr, l1d, l2, llc, lfbEntries, tlbEntries, tlbWays,
                latency, regions, vms, processes, exitHandlers, kernelHandlers, progs, seed, maxCycles, timeslice,
                smtThroughput, l1dFlushMethod);
    }
}
