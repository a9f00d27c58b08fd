package dev.asiscope.sim.engine;

import dev.asiscope.sim.security.Context;
import dev.asiscope.sim.security.ContextKind;

import dev.asiscope.sim.kernel.Handler;
import dev.asiscope.sim.kernel.HostLayout;
import dev.asiscope.sim.security.AddressSpaceId;
import dev.asiscope.sim.kernel.HandlerStep;
import dev.asiscope.sim.kernel.PlacedRegion;
import dev.asiscope.sim.vmx.VmxExitReason;
import java.util.List;

/**
 * VM exits and entries as KVM performs them: an exit queues its handler's accesses and work, the way back to the
 * user-space VMM or a halt, a task switch when due, then the entry path (pre-entry with ASI's re-enter, the
 * entry gate, the policy's L1D flush or VERW right before VMLAUNCH/VMRESUME as {@code vmx_vcpu_enter_exit}
 * does, entry); an IPI kicks a vCPU out of the guest mid-operation. Holds no state: the queues are the
 * threads'.
 */
final class VmTransitions {
    /** The way back into the guest after every exit, in order. */
    private static final Step[] ENTRY_PATH = {Step.PRE_ENTRY, Step.ENTRY_GATE, Step.ENTRY_FLUSH, Step.ENTER_GUEST};

    private final Machine m;

    VmTransitions(Machine m) {
        this.m = m;
    }

    /** A VM exit through the exit reason's handler; {@code sensitive}: it also reads {@link #SENSITIVE_EXIT_REGION}. */
    long vmExit(HardwareThread t, MachineSpec.Task ts, int reason, boolean sensitive) {
        return vmExit(t, ts, reason, defaultExitHandler(reason), null, false, sensitive);
    }

    /** A VM exit through the exit reason's handler; {@code first} (if not null) runs first in it. */
    long vmExit(HardwareThread t, MachineSpec.Task ts, int reason, Step first) {
        return vmExit(t, ts, reason, defaultExitHandler(reason), first, false, false);
    }

    /** {@code yield}: the exit switches to the next task whether or not the timeslice is used up. */
    long vmExit(HardwareThread t, MachineSpec.Task ts, int reason, Handler h, Step first, boolean yield) {
        return vmExit(t, ts, reason, h, first, yield, false);
    }

    /**
     * A VM exit: the exit, {@code first} (if not null), the handler's accesses, the sensitive read (if
     * {@code sensitive}), the handler's work, then the way back in (user-space VMM, halt, task switch if
     * {@code yield} or the timeslice is used up, pre-entry, entry gate, flush/VERW, entry).
     */
    long vmExit(HardwareThread t, MachineSpec.Task ts, int reason, Handler h, Step first, boolean yield,
            boolean sensitive) {
        queueExit(t, ts, reason, h, first, sensitive);
        if (h.exitsToUserspace()) {
            queueReturnToVmm(t, h);
        }
        if (h.blockCycles() > 0) {
            t.steps.addLast(new Step.ExplicitAsiExit(new AsiExitCause.HaltSchedule(h.name())));
            t.steps.addLast(new Step.Block(h.blockCycles()));
        }
        if (t.tasks.size() > 1) {
            t.steps.addLast(new Step.SwitchTask(yield));
        }
        t.steps.addLast(ENTRY_PATH);
        return 0;
    }

    /**
     * The end of a guest program. A vCPU stops running guest code only by a VM exit, and {@code KVM_RUN}
     * ends only by returning to the user-space VMM: the guest's last act is its power-off, a write to the
     * ACPI PM1a control port (SLP_EN with the S5 sleep type; a test kernel writes its exit port the same way),
     * an IO_INSTRUCTION exit (basic reason 30) that KVM's {@code handle_io()} cannot complete in the kernel and
     * hands to the VMM as {@code KVM_EXIT_IO} (arch/x86/kvm/vmx/vmx.c, arch/x86/kvm/x86.c;
     * Documentation/virt/kvm/api.rst, "The kvm_run structure"). The exit, the handler, the ASI exit before returning to
     * user space and the VMM's time are those of every IO exit; instead of the way back in, the VMM does not
     * call {@code KVM_RUN} again ({@link Step.KvmRunEnds}). Always to user space: the power-off port belongs to
     * the VMM's device model, whatever the scenario's IO_INSTRUCTION handler says of other ports.
     */
    void powerOff(HardwareThread t, MachineSpec.Task ts) {
        int reason = VmxExitReason.IO_INSTRUCTION.code();
        Handler h = defaultExitHandler(reason);
        queueExit(t, ts, reason, h, null, false);
        queueReturnToVmm(t, h);
        t.steps.addLast(Step.KVM_RUN_ENDS);
    }

    /** The exit itself, {@code first} (if not null), the handler's accesses, the sensitive read, its work. */
    private void queueExit(HardwareThread t, MachineSpec.Task ts, int reason, Handler h, Step first,
            boolean sensitive) {
        Step[] run = first == null ? exitRun(t, ts, reason, h) : null;
        if (run != null) {
            t.steps.addLast(run);
        } else {
            t.steps.addLast(new Step.ExitToHost(reason, h));
            if (first != null) {
                t.steps.addLast(first);
            }
            queueHandler(t, h, ts);
        }
        if (sensitive) {
            // Read with the handler's other data, before its work (the data is used while it works).
            Step work = h.workCycles() > 0 ? t.steps.pollLast() : null;
            PlacedRegion r = m.resolveRegion(Machine.SENSITIVE_EXIT_REGION, ts);
            t.steps.addLast(new Step.KernelAccess(r.name(), r.virtualBase(), false, h.name()));
            if (work != null) {
                t.steps.addLast(work);
            }
        }
    }

    /** The kernel leaves ASI before returning to user space; the VMM completes the exit there. */
    private void queueReturnToVmm(HardwareThread t, Handler h) {
        t.steps.addLast(new Step.ExplicitAsiExit(new AsiExitCause.ReturnToVmm(h.name())));
        t.steps.addLast(new Step.Userspace(h.userspaceCycles()));
    }

    Handler defaultExitHandler(int reason) {
        Handler[] memo = m.memos.exitHandlerMemo;
        Handler h = reason >= 0 && reason < memo.length ? memo[reason] : null;
        if (h == null) {
            h = m.exitHandlers.handlerFor(reason,
                    VmxExitReason.fromCode(reason).map(VmxExitReason::linuxName).orElse("EXIT_" + reason));
            if (reason >= 0 && reason < memo.length) {
                memo[reason] = h;
            }
        }
        return h;
    }

    /**
     * The exit of reason {@code reason} through its default handler {@code h}, as the running task {@code ts}
     * takes it: the exit step, then the handler's steps ({@link #queueHandler}), made once per task, reason and
     * whether it came from user mode ({@link TaskState#exitRuns}); null for any other handler or task.
     */
    private Step[] exitRun(HardwareThread t, MachineSpec.Task ts, int reason, Handler h) {
        TaskState task = t.task();
        if (task == null || task.spec != ts || reason < 0 || reason >= m.memos.exitHandlerMemo.length
                || m.memos.exitHandlerMemo[reason] != h) {
            return null;
        }
        int u = t.context.kind() == ContextKind.HOST_USER ? 1 : 0;
        Step[][] runs = task.exitRuns();
        Step[] run = runs[2 * reason + u];
        if (run == null) {
            Step[] handler = handlerRun(h, ts, u == 1);
            run = new Step[1 + handler.length];
            run[0] = new Step.ExitToHost(reason, h);
            System.arraycopy(handler, 0, run, 1, handler.length);
            runs[2 * reason + u] = run;
        }
        return run;
    }

    /** Queues handler {@code h}'s accesses (one step per line) and its work, as task {@code ts} runs it. */
    void queueHandler(HardwareThread t, Handler h, MachineSpec.Task ts) {
        t.steps.addLast(handlerRun(h, ts, t.context.kind() == ContextKind.HOST_USER));
    }

    /** Handler {@code h}'s steps as task {@code ts} runs it ({@link #handlerSteps}), memoised by the machine. */
    private Step[] handlerRun(Handler h, MachineSpec.Task ts, boolean fromUser) {
        java.util.IdentityHashMap<MachineSpec.Task, Step[][]> byTask = m.memos.handlerSteps.get(h);
        if (byTask == null) {
            // A handler not seen as this instance: one equal to a known one (made afresh for this use, as an
            // interrupt's exit handler is) shares its steps; hashing a handler hashes all its accesses, so
            // only instances the identity lookup misses are hashed.
            h = m.memos.handlerValues.computeIfAbsent(h, x -> x);
            byTask = m.memos.handlerSteps.computeIfAbsent(h, x -> new java.util.IdentityHashMap<>());
        }
        Step[][] runs = byTask.get(ts);
        if (runs == null) {
            runs = new Step[2][];
            byTask.put(ts, runs);
        }
        int u = fromUser ? 1 : 0;
        if (runs[u] == null) {
            runs[u] = handlerSteps(h, ts, fromUser);
        }
        return runs[u];
    }

    /**
     * The steps of a handler run: one access per line of each region it touches (a region's own copy for
     * the task's VM or process if it has one; lines past the region's end are not touched), then its work.
     * Built once per distinct run and shared (steps are immutable), so an exit allocates no steps.
     */
    private Step[] handlerSteps(Handler h, MachineSpec.Task task, boolean fromUser) {
        List<Step> out = new java.util.ArrayList<>();
        for (HandlerStep s : h.steps()) {
            PlacedRegion r = m.resolveRegion(s.region(), task);
            for (int i = 0; i < s.lines(); i++) {
                long off = s.offset() + 64L * i;
                if (off >= r.size()) {
                    break;
                }
                out.add(new Step.KernelAccess(r.name(), r.virtualBase() + off, s.write(), h.name()));
            }
        }
        if (h.workCycles() > 0) {
            out.add(new Step.KernelWork(h.workCycles(), fromUser ? CostCategory.SYSCALL
                    : CostCategory.EXIT_HANDLING, h.name(), null));
        }
        return out.toArray(Step[]::new);
    }

    /**
     * Before the entry gate: return to the restricted space (ASI), whose post-enter hook flushes if an
     * ASI exit happened and releases a stunned sibling. The policy's own flush comes after the gate
     * ({@link #entryFlush}), right before VM entry, as {@code vmx_l1d_flush} runs in
     * {@code vmx_vcpu_enter_exit}: lines a sibling brings in while this thread waits must not survive it.
     */
    long preEntry(HardwareThread t, int vm) {
        long lat = 0;
        t.flushedForEntry = false;
        ContextKind k = t.context.kind();
        if (k == ContextKind.IDLE || k == ContextKind.HOST_USER) {
            // Back from a halt (kvm_vcpu_block() returns) or from the VMM (the next KVM_RUN ioctl): KVM's entry
            // path runs in the host kernel, on the table the ASI state says, before asi_enter.
            inHostKernel(t, vm);
        }
        if (m.policy.asi()) {
            long before = t.costs[CostCategory.L1D_FLUSH.ordinal()];
            lat += m.asi.enter(t, AddressSpaceId.restrictedVm(vm), m.layout.restrictedRoot(vm),
                    HostLayout.restrictedPcid(vm));
            t.flushedForEntry = t.costs[CostCategory.L1D_FLUSH.ordinal()] != before;
        }
        return lat;
    }

    /** Right before VM entry: the policy's L1D flush (always, or cond when requested), else VERW. */
    long entryFlush(HardwareThread t, int vm) {
        long lat = 0;
        // Through the gate, from forced idle or a stun: the rest of the entry path runs in the host kernel.
        inHostKernel(t, vm);
        if (m.policy.asi() && t.currAsi == null) {
            // Left ASI while forced idle at the entry gate: re-enter (and flush) now.
            long before = t.costs[CostCategory.L1D_FLUSH.ordinal()];
            lat += m.asi.enter(t, AddressSpaceId.restrictedVm(vm), m.layout.restrictedRoot(vm),
                    HostLayout.restrictedPcid(vm));
            t.flushedForEntry |= t.costs[CostCategory.L1D_FLUSH.ordinal()] != before;
        }
        boolean flushed = t.flushedForEntry;
        boolean want = m.policy.l1dFlush() == Policy.L1dFlushMode.ALWAYS
                || (m.policy.l1dFlush() == Policy.L1dFlushMode.COND && t.flushRequest);
        if (want && !flushed) {
            lat += m.cacheFlushes.flushL1d(t, m.policy.l1dFlush() == Policy.L1dFlushMode.ALWAYS ? new FlushReason.EntryAlways()
                    : new FlushReason.EntryCond(t.handler));
            flushed = true;
        }
        t.flushRequest = false;
        if (m.policy.verwOnEntry() && !flushed) {
            lat += m.cacheFlushes.verw(t, new FlushReason.VerwBeforeEntry());
        }
        t.flushedForEntry = false;
        return lat;
    }

    /** Puts {@code t} in the host kernel (for {@code vm}), restricted if it is in an ASI space, unless it is there. */
    private void inHostKernel(HardwareThread t, int vm) {
        if (!t.context.kind().isHostKernel()) {
            m.setContext(t, Context.hostKernel(t.currAsi != null, vm));
        }
    }

    /**
     * An IPI forces {@code s} out of the guest now, through {@code exit}; the rest of what it was doing
     * resumes after its way back in, which is that of every VM entry: pre-entry, the entry gate, the
     * policy's flush or VERW, entry. An operation takes effect at its start, so only its remaining time is
     * left: guest compute and attacker probing are re-queued as such (their remaining cycles are given back
     * and charged again when they run); any other operation (already charged in full) as a plain resume.
     * Invariant: after this, {@code s.busyUntil <= cycle} and every cycle {@code s} was charged for the part
     * not run (work and the SMT contention that stretched it) has been taken back off its costs.
     */
    void kickOutOfGuest(HardwareThread s, Step exit) {
        if (s.busyUntil > m.cycle) {
            long remaining = s.busyUntil - m.cycle;
            if (s.inGuestCompute || s.attacking) {
                // Give back the part not run: the work and, if the step was stretched by SMT contention,
                // the matching contention (re-applied when the work resumes, if the sibling is busy then).
                long work = s.contendedAs != null ? remaining * m.smtPermille / 2000 : remaining;
                CostCategory category = s.inGuestCompute ? CostCategory.GUEST : CostCategory.ATTACK;
                m.takeBack(s, category, work);
                if (s.contendedAs != null) {
                    m.takeBack(s, s.contendedAs, remaining - work);
                }
                s.steps.addFirst(s.inGuestCompute ? new Step.GuestCompute(work)
                        : new Step.KernelWork(work, CostCategory.ATTACK, null, interrupted(s.operation)));
            } else {
                s.steps.addFirst(new Step.Resume(remaining, interrupted(s.operation)));
            }
            s.setBusyUntil(m.cycle);
        }
        s.steps.addFirst(Step.ENTER_GUEST);
        s.steps.addFirst(Step.ENTRY_FLUSH);
        s.steps.addFirst(Step.ENTRY_GATE);
        s.steps.addFirst(Step.PRE_ENTRY);
        s.steps.addFirst(exit);
        s.inGuestCompute = false;
    }

    /**
     * What a thread kicked out while doing {@code activity} resumes later: the activity itself, or, if it was
     * already resuming something a kick interrupted (a second stun before the rest ran), that first thing.
     */
    static Object interrupted(Object activity) {
        if (activity instanceof Step.Resume r) {
            return r.resumed();
        }
        if (activity instanceof Step.KernelWork w && w.resumed() != null) {
            return w.resumed();
        }
        return activity;
    }
}
