package dev.asiscope.sim.engine;

import dev.asiscope.sim.security.Context;
import dev.asiscope.sim.security.ContextKind;

import dev.asiscope.sim.cache.AccessOrigin;
import dev.asiscope.sim.cache.AccessOutcome;
import dev.asiscope.sim.cache.HierarchyLevel;
import dev.asiscope.sim.cache.L1dFlushResult;
import dev.asiscope.sim.cache.LfbEntry;
import dev.asiscope.sim.cache.LineProvenance;
import dev.asiscope.sim.cache.MemoryHierarchy;
import dev.asiscope.sim.kernel.Handler;
import dev.asiscope.sim.kernel.HandlerStep;
import dev.asiscope.sim.kernel.HostLayout;
import dev.asiscope.sim.kernel.KernelRegion;
import dev.asiscope.sim.kernel.KvmExitHandlers;
import dev.asiscope.sim.kernel.PlacedRegion;
import dev.asiscope.sim.mem.PhysicalMemory;
import dev.asiscope.sim.mem.QwordMemory;
import dev.asiscope.sim.paging.AccessType;
import dev.asiscope.sim.paging.ControlRegisters;
import dev.asiscope.sim.paging.PageTableEntry;
import dev.asiscope.sim.paging.PageWalker;
import dev.asiscope.sim.paging.WalkResult;
import dev.asiscope.sim.program.Op;
import dev.asiscope.sim.security.AddressSpaceId;
import dev.asiscope.sim.security.DataLabel;
import dev.asiscope.sim.security.SecurityDomain;
import dev.asiscope.sim.tlb.Tlb;
import dev.asiscope.sim.tlb.TlbEntry;
import dev.asiscope.sim.vmx.Ept;
import dev.asiscope.sim.vmx.GuestLayout;
import dev.asiscope.sim.vmx.VmxExitReason;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated host: memory, caches, logical CPUs and the rules that move them, cycle by cycle.
 * Each logical CPU executes one step at a time; a step takes effect at its start cycle and keeps the
 * CPU busy for its latency. The machine always executes the step with the earliest start (ties by
 * CPU number), so a run is fully determined by the spec, the policy and the seed.
 *
 * <p>All mutable state lives here and in the objects it owns; {@link #copy()} gives an independent
 * machine (a checkpoint). The event log is not part of the state: a copy logs nowhere until given one.
 */
public final class Machine {
    final MachineSpec spec;
    final Policy policy;
    final HostLayout layout;
    final KvmExitHandlers exitHandlers;
    final PageWalker walker;
    final PhysicalMemory memory;
    final MemoryHierarchy caches;
    final HardwareThread[] cpus;
    final L1dCensus census;
    final ExposureTracker exposure;
    final boolean[] refillPending;
    final Mmu mmu;
    final SyscallPath syscallPath;
    final VmTransitions vmTransitions;
    final CoreScheduling coreScheduling;
    final Asi asi;
    final CacheFlushes cacheFlushes;
    final FlushReload flushReload;
    final TransientExecution transients;
    final Mmu.CachePort port;
    final LeakAttribution leakAttribution;
    final OpExecutor opExecutor = new OpExecutor(this);
    final StepExecutor stepExecutor = new StepExecutor(this);
    /** {@link MachineSpec#smtThroughput()} in thousandths, for exact integer arithmetic. */
    final int smtPermille;
    /**
     * Whether a step can be slowed by its sibling ({@link #smtContention}): two threads per core that
     * together run slower than twice one. Fixed by the spec; decided once instead of on every step.
     */
    private final boolean contends;
    EventLog log;
    long cycle;
    /**
     * How many of spec.edits() have been applied. Copied with the machine but deliberately not in
     * {@link #stateHash()}: it is progress through this spec's edit list, not machine state, and a run whose
     * edits were applied from outside (WhatIf, from a checkpoint of the unedited run) must hash equal to one
     * whose spec carries the same edits.
     */
    int editsApplied;
    /** {@code spec.edits().size()}: configuration. */
    private final int editCount;
    final Counters counters;
    /**
     * The id of the thread {@link #step} executes and the executing cycles charged to it so far in that step
     * (what {@link #smtContention} stretches); not state (-1 and 0 between steps).
     */
    private int stepping = -1;
    /** When each thread is next due ({@link HardwareThread#dues}); derived from the threads, not state. */
    private DueCycles dues;
    private long stepWork;
    /** Memos of values derived from the scenario, shared by all copies of this machine; not state. */
    final RunMemos memos;

    /**
     * Totals the reports need; part of the state. VM exits, ASI exits and stuns are not kept twice: they are
     * the sums of the per-CPU VM_EXIT counts, of the ASI exits by cause and of the stun IPIs per CPU.
     */
    static final class Counters {
        long asiEnters;
        long l1dFlushes;
        long verws;
        long transientLoads;
        long exposureCycles;
        long contextSwitches;
        SharedHistory<Leak> leakList = new SharedHistory<>();
        SharedHistory<ExposureWindow> exposures = new SharedHistory<>();
        /** Events per logical CPU and kind (every countable step logs one event, so these are the per-CPU counts). */
        long[][] eventsByCpu = new long[0][];
        /** ASI exits by cause (insertion order: the order of first occurrence, so the same in every run). */
        java.util.LinkedHashMap<AsiExitCause, Long> asiExitCauses = new java.util.LinkedHashMap<>();
        /**
         * Stun IPIs received per logical CPU. Not the CPU's STUN events: a sibling that runs no guest code
         * is only held, which logs a STUN event but sends no IPI and is not a stun; these add up to
         * {@link Machine#stuns()}.
         */
        long[] stunIpisByCpu = new long[0];

        Counters copy() {
            Counters c = new Counters();
            c.stunIpisByCpu = stunIpisByCpu.clone();
            c.eventsByCpu = new long[eventsByCpu.length][];
            for (int i = 0; i < eventsByCpu.length; i++) {
                c.eventsByCpu[i] = eventsByCpu[i].clone();
            }
            c.asiExitCauses = new java.util.LinkedHashMap<>(asiExitCauses);
            c.asiEnters = asiEnters;
            c.l1dFlushes = l1dFlushes;
            c.verws = verws;
            c.transientLoads = transientLoads;
            c.exposureCycles = exposureCycles;
            c.contextSwitches = contextSwitches;
            c.leakList = leakList.copy();
            c.exposures = exposures.copy();
            return c;
        }

        /** Every field {@link #copy()} copies, the leaks and exposure windows in full (not only their number). */
        long hash() {
            long h = StateHash.SEED;
            for (long v : new long[] {asiEnters, l1dFlushes, verws, transientLoads, exposureCycles,
                contextSwitches}) {
                h = StateHash.mix(h, v);
            }
            h = StateHash.mix(h, leakList);
            h = StateHash.mix(h, exposures);
            h = StateHash.mix(h, eventsByCpu);
            h = StateHash.mix(h, asiExitCauses);
            return StateHash.mix(h, stunIpisByCpu);
        }
    }

    /** Builds the machine for {@code spec} under {@code policy}, at cycle 0, logging to {@code log}. */
    public Machine(MachineSpec spec, Policy policy, EventLog log) {
        this.spec = spec;
        this.editCount = spec.edits().size();
        this.policy = policy;
        this.log = log;
        this.memory = new PhysicalMemory();
        List<HostLayout.VmMemory> vms = new ArrayList<>();
        for (MachineSpec.VmSpec v : spec.vms()) {
            vms.add(new HostLayout.VmMemory(v.id(), v.memoryBytes(), v.fill()));
        }
        List<HostLayout.ProcessMemory> procs = new ArrayList<>();
        for (MachineSpec.ProcessSpec p : spec.processes()) {
            procs.add(new HostLayout.ProcessMemory(p.id(), p.memoryBytes(), p.fill()));
        }
        List<KernelRegion> regions = spec.regions();
        if (spec.l1dFlushMethod() == L1dFlushMethod.SOFTWARE) {
            // vmx_l1d_flush_pages: 64 KiB of kernel memory, filled with a different byte per page; ordinary
            // (non-sensitive) kernel memory, so the flush also works on a restricted ASI page table.
            regions = new ArrayList<>(regions);
            regions.add(0, KernelRegion.global(FLUSH_PAGES, FLUSH_PAGES_SIZE, "host-kernel-nonsensitive").withFill(1));
        }
        this.layout = HostLayout.build(memory, regions, vms, procs, !(policy.asi() || policy.kpti()));
        this.exitHandlers = KvmExitHandlers.defaults().with(spec.exitHandlers());
        this.leakAttribution = new LeakAttribution(policy, layout);
        this.walker = new PageWalker(spec.maxPhysAddr());
        this.caches = new MemoryHierarchy(spec.cores(), spec.threadsPerCore(), spec.l1d(), spec.l2(), spec.llc(),
                spec.lfbEntries(), spec.latency(), memory);
        this.census = new L1dCensus(spec.cores());
        caches.setListener(census);
        this.exposure = new ExposureTracker(this, spec.cores());
        this.refillPending = new boolean[spec.cores()];
        this.counters = new Counters();
        this.counters.eventsByCpu = new long[spec.logicalCpus()][EventKind.values().length];
        this.counters.stunIpisByCpu = new long[spec.logicalCpus()];
        this.memos = new RunMemos();
        this.cpus = new HardwareThread[spec.logicalCpus()];
        for (int i = 0; i < cpus.length; i++) {
            HardwareThread t = new HardwareThread(i, i / spec.threadsPerCore(), i % spec.threadsPerCore());
            t.tlb = new Tlb(spec.tlbEntries(), spec.tlbWays());
            t.regs = hostRegisters(layout.fullRoot() | HostLayout.FULL_PCID);
            cpus[i] = t;
        }
        this.dues = new DueCycles(cpus.length);
        for (HardwareThread t : cpus) {
            t.joinDues(dues);
        }
        this.mmu = new Mmu(this);
        this.syscallPath = new SyscallPath(this);
        this.vmTransitions = new VmTransitions(this);
        this.coreScheduling = new CoreScheduling(this);
        this.asi = new Asi(this);
        this.cacheFlushes = new CacheFlushes(this);
        this.flushReload = new FlushReload(this);
        this.transients = new TransientExecution(this);
        this.port = mmu.new CachePort();
        this.smtPermille = (int) Math.round(spec.smtThroughput() * 1000);
        this.contends = smtPermille < 2000 && spec.threadsPerCore() >= 2;
        for (int i = 0; i < cpus.length; i++) {
            HardwareThread t = cpus[i];
            boolean offline = !policy.smt() && t.threadIndex > 0;
            HardwareThread runsOn = offline ? cpus[i - t.threadIndex] : t;
            if (i < spec.programs().size()) {
                int n = 0;
                for (MachineSpec.Task task : spec.programs().get(i).tasks()) {
                    runsOn.tasks.add(new TaskState(task, spec.seed() * 7919L + i * 131L + n++));
                }
            }
            if (offline) {
                t.online = false;
                setContext(t, Context.OFFLINE);
                t.setFinished(true);
                t.operation = HardwareThread.NoOperation.OFFLINE_NOSMT;
            }
        }
        for (HardwareThread t : cpus) {
            if (t.online) {
                if (t.tasks.isEmpty()) {
                    t.setFinished(true);
                } else {
                    switchIn(t, 0);
                }
            }
        }
    }

    private Machine(Machine o) {
        spec = o.spec;
        editCount = o.editCount;
        policy = o.policy;
        layout = o.layout;
        exitHandlers = o.exitHandlers;
        leakAttribution = o.leakAttribution;
        walker = o.walker;
        memory = o.memory.copy();
        caches = o.caches.copy(memory);
        census = o.census.copy();
        caches.setListener(census);
        exposure = o.exposure.copyFor(this);
        refillPending = o.refillPending.clone();
        cpus = new HardwareThread[o.cpus.length];
        dues = new DueCycles(o.cpus.length);
        for (int i = 0; i < cpus.length; i++) {
            cpus[i] = o.cpus[i].copy();
            cpus[i].joinDues(dues);
        }
        counters = o.counters.copy();
        memos = o.memos;
        cycle = o.cycle;
        editsApplied = o.editsApplied;
        log = null;
        mmu = new Mmu(this);
        syscallPath = new SyscallPath(this);
        vmTransitions = new VmTransitions(this);
        coreScheduling = new CoreScheduling(this);
        asi = new Asi(this);
        cacheFlushes = new CacheFlushes(this);
        flushReload = new FlushReload(this);
        transients = new TransientExecution(this);
        port = mmu.new CachePort();
        smtPermille = o.smtPermille;
        contends = o.contends;
    }

    /** An independent copy of the whole state (a checkpoint); it logs nowhere. */
    public Machine copy() {
        return new Machine(this);
    }

    /** Sets where events go (null: nowhere, as during replay). */
    public void setLog(EventLog log) {
        this.log = log;
    }

    ControlRegisters hostRegisters(long cr3) {
        return new ControlRegisters(true, cr3, true, false, true, true, true, false, true, false, 0);
    }

    // ------------------------------------------------------------------ running

    /** The cycle of the last executed step (the "now" of the state). */
    public long cycle() {
        return cycle;
    }

    /** Start cycle of the next step to execute, or {@code Long.MAX_VALUE} when nothing can run. */
    public long nextCycle() {
        HardwareThread t = nextThread();
        return t == null ? Long.MAX_VALUE : t.busyUntil;
    }

    /**
     * The thread to step next: the runnable thread due first (the lowest id among equals), or null if none can
     * run. {@link DueCycles} keeps the order as the threads' due cycles change (in a step or between steps, as
     * a what-if edit does), so asking again costs a read.
     */
    HardwareThread nextThread() {
        int first = dues.first();
        return first < 0 ? null : cpus[first];
    }

    /** Whether every program has finished (or the cycle limit is reached). */
    public boolean done() {
        long n = nextCycle();
        return n == Long.MAX_VALUE || n > spec.maxCycles();
    }

    /** Executes one step; returns false when nothing is left to run. */
    public boolean step() {
        return stepUntil(Long.MAX_VALUE);
    }

    /**
     * Executes the next step if it starts at or before {@code untilCycle}; returns false (and does nothing)
     * when it starts later or nothing is left to run. The run loops' one call per step: it finds the next
     * thread once, where asking {@link #nextCycle()} and then {@link #step()} found it twice.
     */
    public boolean stepUntil(long untilCycle) {
        HardwareThread t = nextThread();
        if (t == null || t.busyUntil > untilCycle || t.busyUntil > spec.maxCycles()) {
            return false;
        }
        dues.stepBegins(t.id);
        applyEditsBefore(t.busyUntil);
        cycle = t.busyUntil;
        long attackBefore = t.costs[CostCategory.ATTACK.ordinal()];
        stepping = t.id;
        stepWork = 0;
        long lat = execute(t);
        stepping = -1;
        t.attacking = t.costs[CostCategory.ATTACK.ordinal()] > attackBefore;
        if (contends) {
            lat += smtContention(t, stepWork);
        } else {
            contendedAs(t, null);
        }
        t.setBusyUntil(cycle + lat);
        exposure.update(t.core);
        return true;
    }

    /** What-if edits (MachineSpec.edits) take effect after every step starting at or before their cycle. */
    void applyEditsBefore(long stepStart) {
        if (editsApplied == editCount) {
            return; // every step of a run without what-if edits
        }
        List<MachineEdit> edits = spec.edits();
        while (editsApplied < editCount && edits.get(editsApplied).cycle() < stepStart) {
            edits.get(editsApplied++).apply(this);
        }
    }

    /** Executes every step that starts at or before {@code target}; the state is then that of {@code target}. */
    public void runUntil(long target) {
        while (stepUntil(target)) {
            // keep going
        }
        if (target > cycle && target != Long.MAX_VALUE) {
            cycle = target;
        }
    }

    /** Runs to the end; closes open exposure windows and logs the end. */
    public void runToEnd() {
        while (step()) {
            // keep going
        }
        finish();
    }

    /** Advances to the end of the last operation, closes open exposure windows and logs the end. */
    public void finish() {
        long end = 0;
        for (HardwareThread t : cpus) {
            if (t.busyUntil != Long.MAX_VALUE) {
                end = Math.max(end, Math.min(t.busyUntil, spec.maxCycles()));
            }
        }
        cycle = Math.max(cycle, end);
        stopHere();
    }

    /** Ends the run at the current cycle (for runs cut short): closes exposure windows and logs the end. */
    public void stopHere() {
        exposure.closeAll();
        emit(EventKind.END, -1, -1, new EventFact.RunEnd());
    }

    /**
     * Whether cycles of category {@code c} are spent executing something (all categories but waiting, idling
     * and contention): the work {@link #smtContention} stretches.
     */
    static final boolean[] EXECUTING = executing();

    private static boolean[] executing() {
        boolean[] e = new boolean[CostCategory.values().length];
        for (CostCategory c : CostCategory.values()) {
            e[c.ordinal()] = c != CostCategory.IDLE && c != CostCategory.STUN_WAIT && c != CostCategory.CORESCHED_IDLE
                    && c != CostCategory.SMT_CONTENTION;
        }
        return e;
    }

    /**
     * SMT contention: two busy hyperthreads share one core's execution resources, so together they do
     * {@code smtThroughput} (e.g. 1.3) times the work of one thread alone and each runs at half that speed.
     * A step of {@code work} cycles that starts while the sibling runs code (guest, host kernel or user; not
     * idle, halted, stunned, forced idle or offline) takes {@code work x 2 / smtThroughput} cycles; the
     * difference is charged as {@link CostCategory#SMT_CONTENTION}, or as {@link CostCategory#ATTACK} when either
     * thread is probing (the slowdown of and by an attacker is part of the attack's cost, not of a
     * mitigation's: with SMT off the same probing takes the victim's time directly). The sibling's state is sampled when the
     * step starts (a documented approximation: a long step is not re-timed when the sibling stops or starts
     * mid-way). With SMT off there is no sibling, so a thread always runs at full speed. Called only when the
     * spec {@link #contends}.
     */
    long smtContention(HardwareThread t, long work) {
        HardwareThread s = work <= 0 ? null : sibling(t);
        if (s == null || !runsCode(s)) {
            contendedAs(t, null);
            return 0;
        }
        long extra = work * (2000 - smtPermille) / smtPermille;
        CostCategory c = s.attacking || t.attacking ? CostCategory.ATTACK : CostCategory.SMT_CONTENTION;
        contendedAs(t, c);
        add(t, c, extra);
        return extra;
    }

    /** Sets {@code t.contendedAs}, storing only a change (most steps keep it). */
    private static void contendedAs(HardwareThread t, CostCategory c) {
        if (t.contendedAs != c) {
            t.contendedAs = c;
        }
    }

    /** Whether the thread is executing instructions (and so competes for its core's resources). */
    static boolean runsCode(HardwareThread s) {
        if (!s.online || s.finished || s.blocked) {
            return false;
        }
        ContextKind k = s.context.kind();
        return k != ContextKind.IDLE && k != ContextKind.STUNNED && k != ContextKind.OFFLINE;
    }

    long execute(HardwareThread t) {
        if (!t.steps.isEmpty()) {
            Step s = t.steps.pollFirst();
            t.operation = s;
            t.opStart = cycle;
            t.inGuestCompute = false;
            return stepExecutor.execute(t, s);
        }
        TaskState task = t.task();
        if (task != null && policy.coreScheduling() && coreScheduling.forcedIdleByCookie(t, task)) {
            return 0;
        }
        Op op = task == null ? null : task.next();
        if (op == null) {
            return finishTask(t);
        }
        t.operation = op;
        t.opStart = cycle;
        t.inGuestCompute = false;
        if (counted(EventKind.OP, t.id)) {
            EventFact.OpStart interned = task.startFact(op);
            if (interned != null) {
                logInterned(EventKind.OP, t.id, -1, interned);
            } else {
                log(EventKind.OP, t.id, -1, new EventFact.OpStart(op));
            }
        }
        return opExecutor.execute(t, task, op);
    }

    /**
     * The running task's program is done. A vCPU still in the guest first leaves it the only way a guest
     * can, by a VM exit: its power-off I/O exit to the user-space VMM, which then does not call KVM_RUN
     * again ({@link VmTransitions#powerOff}, docs/model.md, section 4); that exit runs now, and its last step
     * comes back here. Otherwise the thread switches to its next unfinished task, or idles for good (under
     * ASI through the idle class when its taints or a stunned sibling require, as a halted vCPU does).
     */
    long finishTask(HardwareThread t) {
        TaskState task = t.task();
        if (task != null && t.context.kind().isGuest()) {
            vmTransitions.powerOff(t, task.spec);
            return execute(t);
        }
        if (task != null) {
            task.finished = true;
        }
        for (int i = 1; i <= t.tasks.size(); i++) {
            int n = (t.currentTask + i) % t.tasks.size();
            if (!t.tasks.get(n).finished) {
                // The task's exit runs in the kernel (restricted if it still is, as kpti-on-asi's kernel entry).
                setContext(t, Context.hostKernel(t.currAsi != null, -1));
                return switchTo(t, n);
            }
        }
        long lat = stepExecutor.idleAsiEnter(t);
        t.setFinished(true);
        exposure.threadChanged(t.core);
        setContext(t, Context.IDLE);
        t.operation = HardwareThread.NoOperation.FINISHED;
        coreScheduling.wakeSibling(t);
        return lat;
    }

    // ------------------------------------------------------------------ tasks

    /**
     * Makes task {@code n} the running one. {@code switch_mm} loads the task's own page table and the
     * address space goes with it (the current ASI space is always the one CR3 holds): a vCPU thread or
     * kernel task resumes in the host kernel on the full table, unrestricted (its entry path enters ASI
     * again); a process resumes in user mode on its user-visible table (PTI user table, its user-class
     * ASI table, or its kernel table).
     */
    void switchIn(HardwareThread t, int n) {
        t.setCurrentTask(n);
        t.taskSince = cycle;
        TaskState task = t.tasks.get(n);
        MachineSpec.Task ts = task.spec;
        if (ts.kind() == MachineSpec.Task.Kind.PROCESS) {
            HostLayout.ProcessTables p = layout.process(ts.process());
            setContext(t, Context.hostUser(ts.process()));
            if (policy.kptiOnAsi()) {
                t.currAsi = AddressSpaceId.restrictedProcess(ts.process());
                mmu.setCr3(t, p.asiRoot(), p.asiPcid());
            } else {
                t.currAsi = null;
                if (policy.kpti()) {
                    mmu.setCr3(t, p.userRoot(), p.userPcid());
                } else {
                    mmu.setCr3(t, p.kernelRoot(), p.kernelPcid());
                }
            }
        } else {
            setContext(t, Context.hostKernel(false, ts.kind() == MachineSpec.Task.Kind.VCPU ? ts.vm() : -1));
            t.currAsi = null;
            mmu.setCr3(t, layout.fullRoot(), HostLayout.FULL_PCID);
        }
        if (!task.saved.isEmpty()) {
            t.steps.addAll(task.saved);
            task.saved.clear();
        } else if (ts.kind() == MachineSpec.Task.Kind.VCPU) {
            if (task.guestRegs == null) {
                GuestLayout g = layout.guest(ts.vm());
                task.guestRegs = new ControlRegisters(true, g.guestCr3(), true, false, false, false, false, false,
                        true, false, 0);
            }
            t.flushRequest = true; // KVM_RUN after vcpu_load sets KVM's L1D flush request (docs/model.md, section 6)
            t.steps.addLast(Step.PRE_ENTRY);
            t.steps.addLast(Step.ENTRY_GATE);
            t.steps.addLast(Step.ENTRY_FLUSH);
            t.steps.addLast(Step.ENTER_GUEST);
        }
        if (ts.kind() == MachineSpec.Task.Kind.PROCESS) {
            coreScheduling.reschedSiblingForCookie(t, SecurityDomain.process(ts.process()));
        }
    }

    long switchTo(HardwareThread t, int n) {
        TaskState old = t.task();
        if (old != null && !old.finished) {
            old.saved.addAll(t.steps);
        }
        t.steps.clear();
        long lat = spec.latency().contextSwitch();
        add(t, CostCategory.CONTEXT_SWITCH, lat);
        counters.contextSwitches++;
        t.flushRequest = true; // vcpu_load sets KVM's L1D flush request (docs/model.md, section 6)
        if ((t.taints & AsiTaint.GUEST_DATA.bit()) != 0) {
            // ASI RFC v2: on an mm switch, guest taints become other-mm taints.
            t.taints = (t.taints & ~AsiTaint.GUEST_DATA.bit()) | AsiTaint.OTHER_MM_DATA.bit();
        }
        emit(EventKind.CONTEXT_SWITCH, t.id, -1, new EventFact.TaskSwitch(t.tasks.get(n).spec.domain()));
        switchIn(t, n);
        coreScheduling.wakeSibling(t); // a sibling forced idle because of the old task re-checks at its entry gate
        return lat;
    }

    // ------------------------------------------------------------------ operations

    void requireGuest(HardwareThread t, Op op) {
        if (!t.context.kind().isGuest()) {
            throw new SimulationException(new SimulationException.OpNeedsGuest(t.id, op, t.context));
        }
    }

    void requireUser(HardwareThread t, Op op) {
        if (t.context.kind() != ContextKind.HOST_USER) {
            throw new SimulationException(new SimulationException.OpNeedsHostUser(t.id, op, t.context));
        }
    }

    Handler kernelHandler(String name) {
        Handler h = spec.kernelHandlers().get(name);
        if (h == null) {
            h = DefaultKernelHandlers.get(name);
        }
        if (h == null) {
            throw new SimulationException(new SimulationException.UnknownKernelHandler(name));
        }
        return h;
    }

    // ------------------------------------------------------------------ guest work and VM exits

    /** A compute operation's lines are this many bytes apart in its working set. */
    static final long COMPUTE_STRIDE = 64;

    long compute(HardwareThread t, long cycles, int lines, CostCategory category) {
        long extra = 0;
        long walks = 0;
        boolean refill = refillPending[t.core];
        long base = t.context.kind().isGuest() ? GuestLayout.WORKING_SET_BASE : HostLayout.USER_BASE;
        long l1Hit = spec.latency().l1Hit();
        int i = 0;
        while (i < lines) {
            long va = base + COMPUTE_STRIDE * i;
            port.reset();
            long pa = mmu.translateCurrent(t, va, AccessType.READ);
            walks += port.cycles;
            if (pa < 0) {
                break;
            }
            AccessOutcome o = access(t, pa, false, AccessOrigin.ARCHITECTURAL);
            extra += Math.max(0, o.latency() - l1Hit);
            i++;
            // The following lines of the same 4 KiB page, while they hit in the L1D: each would find the same
            // DTLB entry (nothing in between changes the TLB) and cost nothing over an L1 hit, so they are
            // counted and touched in order without a translation or an access each (the same state, the same run).
            TlbEntry hit = mmu.lastTlbHit;
            if (hit != null && i < lines) {
                int samePage = (int) Math.min(lines - i, (0xfff - (va & 0xfff)) / COMPUTE_STRIDE);
                int hits = samePage == 0 ? 0 : caches.l1ReadHits(t.id, pa + COMPUTE_STRIDE, COMPUTE_STRIDE, samePage);
                if (hits > 0) {
                    t.tlb.lookupAgain(hit, hits);
                    i += hits;
                }
            }
        }
        if (t.context.kind().isGuest()) {
            refillPending[t.core] = false;
        }
        add(t, category, cycles);
        add(t, refill ? CostCategory.CACHE_REFILL : category, extra);
        add(t, CostCategory.TLB_REFILL, walks);
        t.inGuestCompute = t.context.kind().isGuest();
        return cycles + extra + walks;
    }

    /**
     * The sensitive data a {@linkplain Op.VmExit#sensitive() sensitive} exit reads besides its handler's: one
     * line of the host secret, as a network interrupt touching a socket key would.
     */
    static final String SENSITIVE_EXIT_REGION = "host-secret";

    PlacedRegion resolveRegion(String name, MachineSpec.Task ts) {
        java.util.HashMap<String, PlacedRegion> byName =
                memos.regionsByTask.computeIfAbsent(ts, x -> new java.util.HashMap<>());
        PlacedRegion r = byName.get(name);
        if (r == null) {
            r = placeRegion(name, ts);
            byName.put(name, r);
        }
        return r;
    }

    /** {@link #resolveRegion} without the memo: the task's own copy of the region if it has one, else the shared one. */
    private PlacedRegion placeRegion(String name, MachineSpec.Task ts) {
        PlacedRegion r = null;
        if (ts.kind() == MachineSpec.Task.Kind.VCPU) {
            r = layout.region(name + ":vm" + ts.vm());
        } else if (ts.kind() == MachineSpec.Task.Kind.PROCESS) {
            r = layout.region(name + ":p" + ts.process());
        }
        if (r == null) {
            r = layout.region(name);
        }
        if (r == null) {
            throw new SimulationException(new SimulationException.UnknownHandlerRegion(name));
        }
        return r;
    }

    long kernelAccess(HardwareThread t, Step.KernelAccess a) {
        long lat = 0;
        AccessType type = a.write() ? AccessType.WRITE : AccessType.READ;
        port.reset();
        long pa = mmu.translateHost(t, a.virtualAddress(), type, false);
        long walks = port.cycles;
        if (pa < 0 && t.currAsi != null) {
            emit(EventKind.PAGE_FAULT, t.id, a.virtualAddress(), new EventFact.RestrictedPageFault(a.region()));
            // The #PF that leads to asi_exit is an exception entry and return like any other: ASI's cost.
            lat += spec.latency().interrupt();
            add(t, CostCategory.ASI_SWITCH, spec.latency().interrupt());
            lat += asi.exit(t, new AsiExitCause.PageFault(a.region(), a.cause()), a.virtualAddress(), a.region());
            port.reset();
            pa = mmu.translateHost(t, a.virtualAddress(), type, false);
            walks += port.cycles;
        }
        if (pa < 0) {
            throw new SimulationException(new SimulationException.KernelAccessUnmapped(t.id, a.virtualAddress(),
                    a.region()));
        }
        AccessOutcome o = access(t, pa, a.write(), AccessOrigin.ARCHITECTURAL);
        logEvictions(t, o);
        if (o.level() != HierarchyLevel.L1 && counted(EventKind.CACHE_FILL, t.id)) {
            log(EventKind.CACHE_FILL, t.id, pa, new EventFact.L1dFill(o.provenance().label(),
                    a.write() ? AccessType.WRITE : AccessType.READ, a.region(), a.cause()));
        }
        CostCategory c = t.context.kind() == ContextKind.HOST_USER || isProcess(t) ? CostCategory.SYSCALL
                : CostCategory.EXIT_HANDLING;
        add(t, c, o.latency());
        add(t, CostCategory.TLB_REFILL, walks);
        return lat + o.latency() + walks;
    }

    boolean isProcess(HardwareThread t) {
        TaskState ts = t.task();
        return ts != null && ts.spec.kind() == MachineSpec.Task.Kind.PROCESS;
    }

    // ------------------------------------------------------------------ siblings and vCPUs

    HardwareThread sibling(HardwareThread t) {
        // Thread ids are core x threadsPerCore + index and a core has at most two threads: the other is id ^ 1.
        return spec.threadsPerCore() < 2 ? null : cpus[t.id ^ 1];
    }

    boolean isVcpu(HardwareThread t) {
        TaskState ts = t.task();
        return ts != null && ts.spec.kind() == MachineSpec.Task.Kind.VCPU;
    }

    // ------------------------------------------------------------------ flushes

    /** The software flush's buffer: Linux's {@code vmx_l1d_flush_pages}, {@code PAGE_SIZE << L1D_CACHE_ORDER}. */
    static final String FLUSH_PAGES = "l1d-flush-pages";
    static final long FLUSH_PAGES_SIZE = 4096L << 4;

    // ------------------------------------------------------------------ translation

    /** Logs the L1D lines an architectural access evicted (the line's label says whose data left). */
    void logEvictions(HardwareThread t, AccessOutcome o) {
        List<dev.asiscope.sim.cache.CacheLine> victims = o.l1dVictims();
        for (int i = 0; i < victims.size(); i++) { // indexed: no iterator per access
            dev.asiscope.sim.cache.CacheLine v = victims.get(i);
            if (counted(EventKind.CACHE_EVICT, t.id)) {
                log(EventKind.CACHE_EVICT, t.id, v.physicalLine(), new EventFact.L1dEvict(
                        v.provenance().label(), v.set(), v.way(), v.dirty()));
            }
        }
    }

    long dataAccess(HardwareThread t, long va, AccessType type, AccessOrigin origin) {
        port.reset();
        long pa = mmu.translateCurrent(t, va, type);
        long walks = port.cycles;
        add(t, CostCategory.TLB_REFILL, walks);
        if (pa < 0) {
            emit(EventKind.PAGE_FAULT, t.id, va, new EventFact.PageFault(type, t.context));
            long lat = spec.latency().interrupt();
            add(t, categoryOf(t), lat);
            return walks + lat;
        }
        AccessOutcome o = access(t, pa, type == AccessType.WRITE, origin);
        logEvictions(t, o);
        if (type == AccessType.WRITE) {
            memory.writeByte(pa, (byte) 0);
        }
        if (o.level() != HierarchyLevel.L1 && counted(EventKind.CACHE_FILL, t.id)) {
            log(EventKind.CACHE_FILL, t.id, pa, new EventFact.L1dFill(o.provenance().label(), type, null,
                    null));
        }
        add(t, categoryOf(t), o.latency());
        return walks + o.latency();
    }

    CostCategory categoryOf(HardwareThread t) {
        return switch (t.context.kind()) {
            case GUEST_KERNEL, GUEST_USER -> CostCategory.GUEST;
            case HOST_USER -> CostCategory.HOST_USER;
            default -> CostCategory.EXIT_HANDLING;
        };
    }

    // ------------------------------------------------------------------ helpers

    /** The totals (for collaborators in this package). */
    Counters counters() {
        return counters;
    }

    /** The L1D census (for collaborators in this package). */
    L1dCensus census() {
        return census;
    }

    /** Charges {@code cycles} of category {@code c} to {@code t}. */
    void add(HardwareThread t, CostCategory c, long cycles) {
        t.costs[c.ordinal()] += cycles;
        if (t.id == stepping && EXECUTING[c.ordinal()]) {
            stepWork += cycles;
        }
    }

    /** Takes back {@code cycles} of category {@code c} charged to {@code t} for work it will not do (a kick). */
    void takeBack(HardwareThread t, CostCategory c, long cycles) {
        add(t, c, -cycles);
    }

    /** Counts and logs an event (for events that are rare; hot ones check {@link #counted} before building the fact). */
    void emit(EventKind kind, int cpu, long address, EventFact fact) {
        if (counted(kind, cpu)) {
            log(kind, cpu, address, fact);
        }
    }

    /**
     * The one instance of the logged fact of the VM exit {@code e}: for an exit through its reason's default
     * handler (almost every exit) kept in {@link RunMemos#exitFactMemo}, looked up in the pool once; else from
     * the pool.
     */
    EventFact.VmExit vmExitFact(Step.ExitToHost e) {
        int r = e.reason();
        boolean memo = r >= 0 && r < memos.exitFactMemo.length && memos.exitHandlerMemo[r] == e.handler();
        EventFact.VmExit f = memo ? memos.exitFactMemo[r] : null;
        if (f == null) {
            f = (EventFact.VmExit) pooled(new EventFact.VmExit(r, e.handler().name()));
            if (memo) {
                memos.exitFactMemo[r] = f;
            }
        }
        return f;
    }

    /**
     * Counts an event of {@code kind} on {@code cpu} (every event is counted, logged or not) and tells whether
     * a log is attached: only then does the caller build the event's fact and {@link #log} it, so a run with no
     * log allocates nothing for its events.
     */
    boolean counted(EventKind kind, int cpu) {
        if (cpu >= 0) {
            counters.eventsByCpu[cpu][kind.ordinal()]++;
        }
        return log != null;
    }

    void log(EventKind kind, int cpu, long address, EventFact fact) {
        log.append(cycle, cpu, kind, address, pooled(fact));
    }

    /** {@link #log} of a fact its maker already keeps as the one instance of its value (not looked up in the pool). */
    void logInterned(EventKind kind, int cpu, long address, EventFact fact) {
        log.append(cycle, cpu, kind, address, fact);
    }

    /**
     * The one instance of a fact equal to {@code fact}: facts are values and most repeat (the same context,
     * exit, CR3 switch or fill of the same region thousands of times), so the log keeps one object per
     * distinct fact, as it kept one string per distinct detail before facts were typed. Without this a long
     * run's log holds a young object per event and the collector spends more time copying them than the
     * engine spends running.
     */
    private EventFact pooled(EventFact fact) {
        if (!fact.repeats()) {
            return fact;
        }
        EventFact known = memos.factPool.putIfAbsent(fact, fact);
        return known == null ? fact : known;
    }

    /**
     * Sets a thread's context, logging every change (the user-space VMM, a halted vCPU and a thread blocked
     * at its entry gate included), so the timeline reads each thread's contexts from the log.
     */
    void setContext(HardwareThread t, Context c) {
        if (!c.equals(t.context) && counted(EventKind.CONTEXT_CHANGE, t.id)) {
            logInterned(EventKind.CONTEXT_CHANGE, t.id, -1, t.contextChange(c));
        }
        if (c != t.context && (c.kind().isGuest() || t.context.kind().isGuest())) {
            // exposure reads of a thread only the guest it runs, if any
            exposure.threadChanged(t.core);
        }
        t.context = c;
    }

    DataLabel labelAt(long pa) {
        return pa >= 0 ? memory.labelOf(pa) : null;
    }

    /**
     * One access of {@code t} through the cache hierarchy at this cycle; a line it fills records what {@code t}
     * runs, its handler (in the host kernel) and the page table it translates with, as values.
     */
    AccessOutcome access(HardwareThread t, long pa, boolean write, AccessOrigin origin) {
        // An L1D hit (most accesses) fills nothing: what a fill would record is worked out only for a miss.
        AccessOutcome hit = caches.l1Hit(t.id, pa, write);
        if (hit != null) {
            return hit;
        }
        String handler = t.context.kind().isHostKernel() ? t.handler : null;
        return caches.miss(t.id, pa, write, origin, t.context, handler, space(t), cycle);
    }

    /** The page table {@code t} translates with now. */
    AddressSpaceId addressSpace(HardwareThread t) {
        ContextKind k = t.context.kind();
        if (k.isGuest()) {
            return AddressSpaceId.guest(t.context.vm());
        }
        if (t.currAsi != null) {
            return t.currAsi;
        }
        if (k == ContextKind.HOST_USER && policy.kpti()) {
            return new AddressSpaceId.PtiUser(t.context.process());
        }
        return AddressSpaceId.FULL;
    }

    /**
     * {@link #addressSpace}, memoised per thread on (context, ASI space), which change far less often than the
     * thread accesses memory: an access then allocates no id.
     */
    AddressSpaceId space(HardwareThread t) {
        if (t.context != t.spaceContext || t.currAsi != t.spaceAsi || t.space == null) {
            t.space = addressSpace(t);
            t.spaceContext = t.context;
            t.spaceAsi = t.currAsi;
        }
        return t.space;
    }

    // ------------------------------------------------------------------ inspection (read-only)

    public MachineSpec spec() {
        return spec;
    }

    public Policy policy() {
        return policy;
    }

    public HostLayout layout() {
        return layout;
    }

    /** Physical memory (read it; do not write). */
    public PhysicalMemory memory() {
        return memory;
    }

    /** The caches (read them with peek methods only). */
    public MemoryHierarchy caches() {
        return caches;
    }

    public PageWalker walker() {
        return walker;
    }

    public int cpuCount() {
        return cpus.length;
    }

    public HardwareThread cpu(int i) {
        return cpus[i];
    }

    public long vmExits() {
        long n = 0;
        for (long[] byKind : counters.eventsByCpu) {
            n += byKind[EventKind.VM_EXIT.ordinal()];
        }
        return n;
    }

    public long asiExits() {
        long n = 0;
        for (long c : counters.asiExitCauses.values()) {
            n += c;
        }
        return n;
    }

    public long l1dFlushes() {
        return counters.l1dFlushes;
    }

    public long verws() {
        return counters.verws;
    }

    public long stuns() {
        long n = 0;
        for (long c : counters.stunIpisByCpu) {
            n += c;
        }
        return n;
    }

    /** Stun IPIs logical CPU {@code cpu} has received so far (a held sibling, sent none, is not counted). */
    public long stuns(int cpu) {
        return counters.stunIpisByCpu[cpu];
    }

    public long transientLoads() {
        return counters.transientLoads;
    }

    public long contextSwitches() {
        return counters.contextSwitches;
    }

    /** Events of {@code kind} logical CPU {@code cpu} has logged so far (logged or not: counted always). */
    public long events(int cpu, EventKind kind) {
        return counters.eventsByCpu[cpu][kind.ordinal()];
    }

    /** ASI exits so far by cause, in the order each cause first happened. */
    public java.util.Map<AsiExitCause, Long> asiExitCauses() {
        return java.util.Collections.unmodifiableMap(counters.asiExitCauses);
    }

    /** Leaks recovered so far. */
    public List<Leak> leaks() {
        return List.copyOf(counters.leakList);
    }

    /** Closed exposure windows (open ones are closed by {@link #finish()}). */
    public List<ExposureWindow> exposures() {
        return List.copyOf(counters.exposures);
    }

    /** Cycles of closed exposure windows. */
    public long exposureCycles() {
        return counters.exposureCycles;
    }

    /**
     * The length of the victims' work: for each logical CPU, when it finished (now, if it has not) less
     * the cycles it spent on attacker probing ({@link CostCategory#ATTACK}: transient loads, probe flushes
     * and reloads, and the SMT slowdown a probing sibling inflicted); the largest of these. The attacker's own loops are thereby left out of a mitigation's
     * cost (a flush that makes the attacker's reload faster must not make a mitigation look free).
     */
    public long victimCycles() {
        long end = 0;
        for (HardwareThread t : cpus) {
            long finished = t.finished && t.busyUntil != Long.MAX_VALUE ? t.busyUntil : cycle;
            end = Math.max(end, Math.min(finished, cycle) - t.costs[CostCategory.ATTACK.ordinal()]);
        }
        return end;
    }

    /** Total cycles of {@code c} over all CPUs. */
    public long cost(CostCategory c) {
        long sum = 0;
        for (HardwareThread t : cpus) {
            sum += t.costs[c.ordinal()];
        }
        return sum;
    }

    /**
     * A hash of the complete state, the same in every JVM run: equal states give equal hashes, and every field a
     * checkpoint ({@link #copy()}) restores is in it ({@code StateHashCoverageTest} checks this field by field).
     * Left out: the spec, policy and what is built from them (layout, handlers, walker, SMT factor), the event
     * log, the scratch port, the string pool and {@link #editsApplied} (see there).
     */
    public long stateHash() {
        long h = StateHash.mix(StateHash.SEED, cycle);
        h = StateHash.mix(h, memory.stateHash());
        h = StateHash.mix(h, caches.stateHash());
        h = StateHash.mix(h, census.stateHash());
        for (HardwareThread t : cpus) {
            h = StateHash.mix(h, t.stateHash());
        }
        h = StateHash.mix(h, counters.hash());
        h = StateHash.mix(h, exposure.stateHash());
        return StateHash.mix(h, refillPending);
    }
}
