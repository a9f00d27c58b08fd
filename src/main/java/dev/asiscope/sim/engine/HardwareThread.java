package dev.asiscope.sim.engine;

import dev.asiscope.sim.security.Context;

import dev.asiscope.sim.paging.ControlRegisters;
import dev.asiscope.sim.program.Op;
import dev.asiscope.sim.security.AddressSpaceId;
import dev.asiscope.sim.tlb.Tlb;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One logical CPU (a hyperthread): architectural registers, its DTLB, its context, ASI state, stun
 * state, the tasks pinned to it and the micro-steps it is executing. Mutable; owned by a
 * {@link Machine}; {@link #copy()} for checkpoints.
 */
public final class HardwareThread {
    final int id;
    final int core;
    final int threadIndex;
    boolean online = true;
    ControlRegisters regs;
    Tlb tlb;
    Context context = Context.IDLE;
    /** The restricted ASI space CR3 holds, or null when unrestricted. */
    AddressSpaceId.Restricted currAsi;
    int taints;
    int stunnedBy = -1;
    boolean flushRequest;
    /** The ASI post-enter hook already flushed L1D for the VM entry in progress. */
    boolean flushedForEntry;
    final List<TaskState> tasks;
    int currentTask = -1;
    /** {@code tasks.get(currentTask)} or null: read on every step, so kept instead of looked up. */
    private TaskState current;
    long taskSince;
    final StepQueue steps;
    long busyUntil;
    boolean blocked;
    boolean blockedForStun;
    long blockedSince;
    boolean finished;
    /**
     * What the thread is doing ({@link #activity()}): an {@link Op}, a {@link Step}, a {@link WaitingForStun} or
     * a {@link NoOperation}.
     */
    Object operation = NoOperation.IDLE;
    long opStart;
    boolean inGuestCompute;
    /**
     * Where the SMT contention of the current step was charged ({@code SMT_CONTENTION}, or {@code ATTACK} when
     * the busy sibling was probing), or null if the step was not stretched.
     */
    CostCategory contendedAs;
    /** The current step is attacker probing (charged to {@code ATTACK}). */
    boolean attacking;
    String handler;
    final long[] costs;
    /**
     * Encodings waiting for a reload, by probe line; null while there are none (most threads never probe, and
     * a checkpoint then copies nothing for them). Read with {@link #probe(int)}, written with {@link #encode}.
     */
    ProbeEncoding[] probe;
    long waitSince = -1;
    /** Memo of the address space of (context, ASI space) ({@code Machine.space}); not state. */
    Context spaceContext;
    AddressSpaceId.Restricted spaceAsi;
    AddressSpaceId space;

    /**
     * The last contexts this thread changed to and their logged facts ({@link EventFact.ContextChange#of}),
     * compared by identity: a thread moves among a handful of interned contexts, and this spares the shared
     * table's hashing on every change. A memo, not state: a copy starts without it.
     */
    private final Context[] changedTo = new Context[4];
    private final EventFact.ContextChange[] changeFacts = new EventFact.ContextChange[4];
    private int changeNext;

    /** The logged fact of a change to {@code c} (the one instance of it). */
    EventFact.ContextChange contextChange(Context c) {
        Context[] k = changedTo;
        for (int i = 0; i < k.length; i++) {
            if (k[i] == c) {
                return changeFacts[i];
            }
        }
        EventFact.ContextChange f = EventFact.ContextChange.of(c);
        int slot = changeNext++ & (k.length - 1);
        k[slot] = c;
        changeFacts[slot] = f;
        return f;
    }

    /** A thread blocked at its entry gate until {@code byCpu} releases it. */
    public record WaitingForStun(int byCpu) {
    }

    /** A thread that runs no operation: why. */
    public enum NoOperation {
        /** Nothing to run yet, or idle between tasks. */
        IDLE,
        /** A sibling taken offline by {@code nosmt}. */
        OFFLINE_NOSMT,
        /** Its programs are done. */
        FINISHED,
        /** Held idle by core scheduling (the sibling runs another cookie). */
        FORCED_IDLE
    }

    HardwareThread(int id, int core, int threadIndex) {
        this(id, core, threadIndex, new ArrayList<>(), new StepQueue(), new long[COST_CATEGORIES]);
    }

    /** Costs per {@link CostCategory}: the number of categories (values() makes a new array per call). */
    private static final int COST_CATEGORIES = CostCategory.values().length;

    /** A thread with these (a checkpoint's copies: nothing allocated that the copy replaces). */
    private HardwareThread(int id, int core, int threadIndex, List<TaskState> tasks, StepQueue steps, long[] costs) {
        this.id = id;
        this.core = core;
        this.threadIndex = threadIndex;
        this.tasks = tasks;
        this.steps = steps;
        this.costs = costs;
    }

    HardwareThread copy() {
        List<TaskState> taskCopies = new ArrayList<>(tasks.size());
        for (TaskState ts : tasks) {
            taskCopies.add(ts.copy());
        }
        HardwareThread t = new HardwareThread(id, core, threadIndex, taskCopies, new StepQueue(steps), costs.clone());
        t.online = online;
        t.regs = regs;
        t.tlb = tlb.copy();
        t.context = context;
        t.currAsi = currAsi;
        t.taints = taints;
        t.stunnedBy = stunnedBy;
        t.flushRequest = flushRequest;
        t.flushedForEntry = flushedForEntry;
        t.currentTask = currentTask;
        t.current = currentTask < 0 ? null : t.tasks.get(currentTask);
        t.taskSince = taskSince;
        t.busyUntil = busyUntil;
        t.blocked = blocked;
        t.blockedForStun = blockedForStun;
        t.blockedSince = blockedSince;
        t.finished = finished;
        t.operation = operation;
        t.opStart = opStart;
        t.inGuestCompute = inGuestCompute;
        t.contendedAs = contendedAs;
        t.attacking = attacking;
        t.handler = handler;
        t.probe = probe == null ? null : probe.clone();
        t.waitSince = waitSince;
        return t;
    }

    private static final ProbeEncoding[] NO_PROBES = new ProbeEncoding[256];

    /** The encoding waiting in probe line {@code line}, or null. */
    ProbeEncoding probe(int line) {
        return probe == null ? null : probe[line];
    }

    /** Records that a transient load encoded {@code e} in probe line {@code line}. */
    void encode(int line, ProbeEncoding e) {
        if (probe == null) {
            probe = new ProbeEncoding[256];
        }
        probe[line] = e;
    }

    /** Forgets every waiting encoding (the probe lines were flushed or reloaded). */
    void clearProbes() {
        probe = null;
    }

    /**
     * When each thread of this thread's machine is next due: {@link #busyUntil} while it can run, else
     * {@code Long.MAX_VALUE}. Shared by the machine's threads and kept by the setters below, so the run loop
     * finds the next thread without reading every thread. Derived; not state.
     */
    DueCycles dues;

    /** Joins {@code dues} (the machine's) and writes this thread's entry. */
    void joinDues(DueCycles machineDues) {
        dues = machineDues;
        due();
    }

    void setBusyUntil(long cycle) {
        busyUntil = cycle;
        due();
    }

    void setBlocked(boolean b) {
        blocked = b;
        due();
    }

    void setFinished(boolean f) {
        finished = f;
        due();
    }

    private void due() {
        if (dues != null) {
            dues.set(id, finished || blocked ? Long.MAX_VALUE : busyUntil);
        }
    }

    /** The running task, or null. */
    TaskState task() {
        return current;
    }

    /** Makes task {@code n} (an index into {@link #tasks}) the running one. */
    void setCurrentTask(int n) {
        currentTask = n;
        current = tasks.get(n);
    }

    public int id() {
        return id;
    }

    public int core() {
        return core;
    }

    public boolean online() {
        return online;
    }

    public Context context() {
        return context;
    }

    public ControlRegisters registers() {
        return regs;
    }

    /** The running vCPU's guest control registers (its own CR3 and paging bits), or null if no vCPU runs. */
    public ControlRegisters guestRegisters() {
        TaskState t = task();
        return t == null ? null : t.guestRegs;
    }

    /** The DTLB (read it with {@code peek}/{@code entries}; do not mutate). */
    public Tlb tlb() {
        return tlb;
    }

    /**
     * The current restricted ASI space (a VM's KVM class, a process's user class, or the idle class), or
     * null when unrestricted. Invariant: CR3 holds that space's table (the full or a process's kernel table
     * when null).
     */
    public AddressSpaceId.Restricted currentAsi() {
        return currAsi;
    }

    /** ASI taint bitmask ({@link AsiTaint}). */
    public int taints() {
        return taints;
    }

    /** Logical CPU that stunned this one, or -1. */
    public int stunnedBy() {
        return stunnedBy;
    }

    /** KVM's per-CPU L1D-flush request flag. */
    public boolean flushRequested() {
        return flushRequest;
    }

    /**
     * What the thread is doing, as a value: the {@link Op} of its program it runs, a {@link Step} of a composite
     * operation (a VM exit, a syscall), a {@link WaitingForStun}, or a {@link NoOperation}. Views and reports say
     * it in words ({@code scenario.OperationText}).
     */
    public Object activity() {
        return operation;
    }

    public long operationStart() {
        return opStart;
    }

    public long operationEnd() {
        return busyUntil;
    }

    public boolean finished() {
        return finished;
    }

    /** Cycles spent in {@code c} so far. */
    public long cost(CostCategory c) {
        return costs[c.ordinal()];
    }

    /**
     * A hash of everything {@link #copy()} copies, the same in every JVM run. Not included: {@link #id},
     * {@link #core} and {@link #threadIndex} (fixed by the topology), and the address-space memo
     * ({@link #spaceContext}, {@link #spaceAsi}, {@link #space}), which is derived and not copied.
     * {@code StateHashCoverageTest} mutates each field of a restored copy and checks the hash changes.
     */
    long stateHash() {
        long h = StateHash.mix(StateHash.SEED, id);
        h = StateHash.mix(h, online ? 1 : 0);
        h = StateHash.mix(h, regs);
        h = StateHash.mix(h, tlb.stateHash());
        h = StateHash.mix(h, context);
        h = StateHash.mix(h, currAsi);
        h = StateHash.mix(h, taints);
        h = StateHash.mix(h, stunnedBy);
        h = StateHash.mix(h, flushRequest ? 1 : 0);
        h = StateHash.mix(h, flushedForEntry ? 1 : 0);
        h = StateHash.mix(h, tasks.size());
        for (TaskState ts : tasks) {
            h = StateHash.mix(h, ts.stateHash());
        }
        h = StateHash.mix(h, currentTask);
        h = StateHash.mix(h, taskSince);
        h = StateHash.mix(h, steps);
        h = StateHash.mix(h, busyUntil);
        h = StateHash.mix(h, blocked ? 1 : 0);
        h = StateHash.mix(h, blockedForStun ? 1 : 0);
        h = StateHash.mix(h, blockedSince);
        h = StateHash.mix(h, finished ? 1 : 0);
        h = StateHash.mix(h, operation);
        h = StateHash.mix(h, opStart);
        h = StateHash.mix(h, inGuestCompute ? 1 : 0);
        h = StateHash.mix(h, contendedAs);
        h = StateHash.mix(h, attacking ? 1 : 0);
        h = StateHash.mix(h, handler);
        h = StateHash.mix(h, costs);
        h = StateHash.mix(h, probe == null ? NO_PROBES : probe); // no array hashes as an empty one
        return StateHash.mix(h, waitSince);
    }
}
