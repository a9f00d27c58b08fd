package dev.asiscope.sim.engine;

import dev.asiscope.sim.cache.CacheGeometry;
import dev.asiscope.sim.kernel.Handler;
import dev.asiscope.sim.kernel.KernelRegion;
import dev.asiscope.sim.program.Op;
import dev.asiscope.sim.timing.LatencyTable;
import dev.asiscope.sim.vmx.GuestLayout;
import java.util.List;
import java.util.Map;

/**
 * Everything the engine needs to build and run a machine, independent of any file format: topology,
 * geometry, latencies, memory regions, VMs, host processes, handlers and one program per logical CPU.
 * The policy is given separately so the same spec can be run under several policies.
 *
 * @param cores           physical cores
 * @param threadsPerCore  1 or 2 hardware threads per core
 * @param maxPhysAddr     MAXPHYADDR
 * @param l1d             L1D geometry (per core, shared by siblings)
 * @param l2              L2 geometry (per core)
 * @param llc             LLC geometry (shared)
 * @param lfbEntries      line fill buffers per core
 * @param tlbEntries      DTLB entries per logical CPU
 * @param tlbWays         DTLB associativity
 * @param latency         the latency table
 * @param regions         extra host regions, or replacements of default ones (same name)
 * @param vms             the VMs
 * @param processes       host user processes
 * @param exitHandlers    replacements of default VM-exit handlers, by exit-reason code
 * @param kernelHandlers  syscall and interrupt handlers, by name
 * @param programs        what each logical CPU runs (index = CPU); missing CPUs idle
 * @param seed            seed of every random choice
 * @param maxCycles       the run stops here if programs have not finished
 * @param timeslice       cycles a task runs before a CPU with several tasks switches at the next exit
 * @param smtThroughput   throughput of a core running two busy hyperthreads, relative to one thread running
 *                        alone (1.0: no gain, each of two busy threads runs at half speed; 2.0: no contention);
 *                        default {@link #DEFAULT_SMT_THROUGHPUT} (docs/latencies.md)
 * @param l1dFlushMethod  how an L1D flush is done: the IA32_FLUSH_CMD MSR or KVM's software fallback
 * @param edits           "what if" edits applied during the run, in cycle order (stable)
 */
public record MachineSpec(
        int cores,
        int threadsPerCore,
        int maxPhysAddr,
        CacheGeometry l1d,
        CacheGeometry l2,
        CacheGeometry llc,
        int lfbEntries,
        int tlbEntries,
        int tlbWays,
        LatencyTable latency,
        List<KernelRegion> regions,
        List<VmSpec> vms,
        List<ProcessSpec> processes,
        Map<Integer, Handler> exitHandlers,
        Map<String, Handler> kernelHandlers,
        List<CpuProgram> programs,
        long seed,
        long maxCycles,
        long timeslice,
        double smtThroughput,
        L1dFlushMethod l1dFlushMethod,
        List<MachineEdit> edits) {

    /** Default {@link #smtThroughput} ({@link MachineDefaults#SMT_THROUGHPUT}, with its source). */
    public static final double DEFAULT_SMT_THROUGHPUT = MachineDefaults.SMT_THROUGHPUT.doubleValue();

    /** A spec without edits, with the default SMT throughput and L1D flush method. */
    public MachineSpec(int cores, int threadsPerCore, int maxPhysAddr, CacheGeometry l1d, CacheGeometry l2,
            CacheGeometry llc, int lfbEntries, int tlbEntries, int tlbWays, LatencyTable latency,
            List<KernelRegion> regions, List<VmSpec> vms, List<ProcessSpec> processes,
            Map<Integer, Handler> exitHandlers, Map<String, Handler> kernelHandlers, List<CpuProgram> programs,
            long seed, long maxCycles, long timeslice) {
        this(cores, threadsPerCore, maxPhysAddr, l1d, l2, llc, lfbEntries, tlbEntries, tlbWays, latency, regions, vms,
                processes, exitHandlers, kernelHandlers, programs, seed, maxCycles, timeslice, DEFAULT_SMT_THROUGHPUT,
                L1dFlushMethod.fromId(MachineDefaults.L1D_FLUSH_METHOD.stringValue()));
    }

    /** A spec without edits. */
    public MachineSpec(int cores, int threadsPerCore, int maxPhysAddr, CacheGeometry l1d, CacheGeometry l2,
            CacheGeometry llc, int lfbEntries, int tlbEntries, int tlbWays, LatencyTable latency,
            List<KernelRegion> regions, List<VmSpec> vms, List<ProcessSpec> processes,
            Map<Integer, Handler> exitHandlers, Map<String, Handler> kernelHandlers, List<CpuProgram> programs,
            long seed, long maxCycles, long timeslice, double smtThroughput, L1dFlushMethod l1dFlushMethod) {
        this(cores, threadsPerCore, maxPhysAddr, l1d, l2, llc, lfbEntries, tlbEntries, tlbWays, latency, regions, vms,
                processes, exitHandlers, kernelHandlers, programs, seed, maxCycles, timeslice, smtThroughput,
                l1dFlushMethod, List.of());
    }

    public MachineSpec {
        if (cores < 1 || cores > 64) {
            throw new IllegalArgumentException("cores must be 1..64, got " + cores);
        }
        if (threadsPerCore < 1 || threadsPerCore > 2) {
            throw new IllegalArgumentException("threadsPerCore must be 1 or 2, got " + threadsPerCore);
        }
        regions = List.copyOf(regions);
        vms = List.copyOf(vms);
        processes = List.copyOf(processes);
        exitHandlers = Map.copyOf(exitHandlers);
        kernelHandlers = Map.copyOf(kernelHandlers);
        programs = List.copyOf(programs);
        List<MachineEdit> sorted = new java.util.ArrayList<>(edits == null ? List.of() : edits);
        sorted.sort(java.util.Comparator.comparingLong(MachineEdit::cycle));
        edits = List.copyOf(sorted);
        if (!(smtThroughput >= 1.0 && smtThroughput <= 2.0)) {
            throw new IllegalArgumentException("smtThroughput must be between 1.0 and 2.0, got " + smtThroughput);
        }
        if (l1dFlushMethod == null) {
            throw new IllegalArgumentException("l1dFlushMethod is required");
        }
        if (programs.size() > cores * threadsPerCore) {
            throw new IllegalArgumentException("programs for " + programs.size() + " CPUs but the machine has "
                    + cores * threadsPerCore);
        }
    }

    /** The same machine with {@code more} edits added to its own. */
    public MachineSpec withEdits(List<MachineEdit> more) {
        List<MachineEdit> all = new java.util.ArrayList<>(edits);
        all.addAll(more);
        return new MachineSpec(cores, threadsPerCore, maxPhysAddr, l1d, l2, llc, lfbEntries, tlbEntries, tlbWays,
                latency, regions, vms, processes, exitHandlers, kernelHandlers, programs, seed, maxCycles, timeslice,
                smtThroughput, l1dFlushMethod, all);
    }

    /** This spec with other programs (e.g. the same workloads with a different sensitive share). */
    public MachineSpec withPrograms(List<CpuProgram> newPrograms) {
        return new MachineSpec(cores, threadsPerCore, maxPhysAddr, l1d, l2, llc, lfbEntries, tlbEntries, tlbWays, latency,
                regions, vms, processes, exitHandlers, kernelHandlers, newPrograms, seed, maxCycles, timeslice,
                smtThroughput, l1dFlushMethod, edits);
    }

    /** Logical CPUs. */
    public int logicalCpus() {
        return cores * threadsPerCore;
    }

    /**
     * A VM.
     *
     * @param id          VM number (1-based; names use {@code vm<id>})
     * @param name        display name
     * @param memoryBytes guest memory (at least 4 MiB)
     * @param fill        byte its memory is filled with (its "data")
     */
    public record VmSpec(int id, String name, long memoryBytes, int fill) {
        /** Guest memory of a VM that does not say (also the least a VM may have: its guest layout's size). */
        public static final long DEFAULT_MEMORY = GuestLayout.MIN_SIZE;

        public VmSpec {
            if (id < 1 || id > 60) {
                throw new IllegalArgumentException("VM ids are 1..60, got " + id);
            }
        }
    }

    /**
     * A host user process.
     *
     * @param id          process number (1-based)
     * @param name        display name
     * @param memoryBytes its user memory
     * @param fill        byte its memory is filled with
     */
    public record ProcessSpec(int id, String name, long memoryBytes, int fill) {
        /** User memory of a process that does not say. */
        public static final long DEFAULT_MEMORY = 64 * 1024;
    }

    /**
     * One schedulable task: a vCPU of a VM (starts in the guest), a host user process, or a kernel
     * thread.
     */
    public record Task(Kind kind, int vm, int vcpu, int process, List<Op> ops) {
        public enum Kind { VCPU, PROCESS, KERNEL }

        public Task {
            ops = List.copyOf(ops);
        }

        public static Task vcpu(int vm, int vcpu, List<Op> ops) {
            return new Task(Kind.VCPU, vm, vcpu, -1, ops);
        }

        public static Task process(int process, List<Op> ops) {
            return new Task(Kind.PROCESS, -1, -1, process, ops);
        }

        public static Task kernel(List<Op> ops) {
            return new Task(Kind.KERNEL, -1, -1, -1, ops);
        }

        /** The domain whose code the task runs. */
        public dev.asiscope.sim.security.SecurityDomain domain() {
            return switch (kind) {
                case VCPU -> dev.asiscope.sim.security.SecurityDomain.vm(vm);
                case PROCESS -> dev.asiscope.sim.security.SecurityDomain.process(process);
                case KERNEL -> dev.asiscope.sim.security.SecurityDomain.HOST;
            };
        }
    }

    /** The tasks pinned to one logical CPU, run in turn. */
    public record CpuProgram(List<Task> tasks) {
        public CpuProgram {
            tasks = List.copyOf(tasks);
        }

        public static CpuProgram of(Task... tasks) {
            return new CpuProgram(List.of(tasks));
        }

        public static CpuProgram idle() {
            return new CpuProgram(List.of());
        }
    }
}
