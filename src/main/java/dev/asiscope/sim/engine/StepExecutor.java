package dev.asiscope.sim.engine;

import dev.asiscope.sim.security.Context;
import dev.asiscope.sim.security.ContextKind;

import dev.asiscope.sim.kernel.HostLayout;
import dev.asiscope.sim.security.AddressSpaceId;

/** Executes one micro-step of a composite operation: a visitor over every {@link Step}. */
final class StepExecutor implements Step.Visitor<Void> {
    private final Machine m;

    private HardwareThread t;
    private TaskState task;
    private MachineSpec.Task ts;
    private int vm;
    /** The latency of the last step executed. */
    private long latency;

    StepExecutor(Machine m) {
        this.m = m;
    }

    long execute(HardwareThread t, Step s) {
        if (s instanceof Step.KernelAccess) {
            // Most steps are a handler's accesses, one per line: a type check here is much cheaper than the
            // visitor's interface call, which the JIT cannot inline across twenty step types.
            return m.kernelAccess(t, (Step.KernelAccess) s);
        }
        if (this.t != t || this.task != t.task()) {
            // Stored only when another thread or task steps: consecutive steps mostly share both.
            this.t = t;
            this.task = t.task();
            this.ts = task == null ? null : task.spec;
            this.vm = ts == null ? -1 : ts.vm();
        }
        s.accept(this);
        return latency;
    }

    private Void done(long cycles) {
        latency = cycles;
        return null;
    }

    @Override
    public Void exitToHost(Step.ExitToHost e) {
        vmExit(Context.hostKernel(t.currAsi != null, vm), e.handler().name(), e.handler().setsFlushRequest(),
                CostCategory.EXIT_HANDLING);
        if (m.counted(EventKind.VM_EXIT, t.id)) {
            m.logInterned(EventKind.VM_EXIT, t.id, -1, m.vmExitFact(e));
        }
        m.coreScheduling.wakeSibling(t);
        return null;
    }

    @Override
    public Void kickedExit(Step.KickedExit k) {
        vmExit(Context.hostKernel(t.currAsi != null, vm).withKind(ContextKind.STUNNED), "stun IPI", true,
                CostCategory.STUN_WAIT);
        if (m.counted(EventKind.VM_EXIT, t.id)) {
            m.log(EventKind.VM_EXIT, t.id, -1, new EventFact.StunIpiExit(t.stunnedBy));
        }
        return null;
    }

    @Override
    public Void reschedIpiExit(Step.ReschedIpiExit k) {
        // IRQ entry sets the L1D flush request (docs/model.md, section 6)
        vmExit(Context.hostKernel(t.currAsi != null, vm), "reschedule IPI", true, CostCategory.EXIT_HANDLING);
        if (m.counted(EventKind.VM_EXIT, t.id)) {
            m.log(EventKind.VM_EXIT, t.id, -1, new EventFact.ReschedIpiExit(k.fromCpu()));
        }
        return null;
    }

    /**
     * A VM exit of this thread's vCPU into the host kernel in context {@code c}: the handler that runs, the
     * L1D flush request it sets (or leaves) and half of the exit-and-entry cost, charged to {@code category}.
     * The caller counts and logs the exit after it (the log's order: the context change, then the exit).
     */
    private void vmExit(Context c, String handler, boolean setsFlushRequest, CostCategory category) {
        m.setContext(t, c);
        t.handler = handler;
        if (setsFlushRequest) {
            t.flushRequest = true;
        }
        long lat = m.spec.latency().vmExitEntry() / 2;
        m.add(t, category, lat);
        done(lat);
    }

    @Override
    public Void kernelAccess(Step.KernelAccess a) {
        return done(m.kernelAccess(t, a));
    }

    @Override
    public Void kernelWork(Step.KernelWork w) {
        m.add(t, w.category(), w.cycles());
        return done(w.cycles());
    }

    @Override
    public Void explicitAsiExit(Step.ExplicitAsiExit x) {
        if (t.currAsi != null) {
            return done(m.asi.exit(t, x.cause(), -1, null));
        }
        return done(0);
    }

    @Override
    public Void userspace(Step.Userspace u) {
        m.setContext(t, new Context(ContextKind.HOST_USER, vm, -1, -1));
        t.flushRequest = true; // the next KVM_RUN sets the flush request (docs/model.md, section 6)
        m.add(t, CostCategory.USERSPACE_VMM, u.cycles());
        return done(u.cycles());
    }

    @Override
    public Void block(Step.Block b) {
        long lat = idleAsiEnter(t);
        m.setContext(t, Context.IDLE);
        t.flushRequest = true; // vcpu_load after the wake-up
        m.emit(EventKind.HALT, t.id, -1, new EventFact.Halt(b.cycles()));
        m.coreScheduling.wakeSibling(t);
        m.add(t, CostCategory.IDLE, b.cycles());
        return done(lat + b.cycles());
    }

    /**
     * A CPU about to idle (a halted vCPU, or one with nothing left to run) under ASI: the idle loop enters the
     * Idle-ASI class (global non-sensitive memory only) when the taints or a stunned sibling require it; its
     * post-enter hook flushes and releases the sibling, so idling does not keep it stunned. Returns the cycles.
     */
    long idleAsiEnter(HardwareThread t) {
        long lat = 0;
        HardwareThread sib = m.sibling(t);
        if (m.policy.asi() && ((t.taints & AsiTaint.DATA_MASK) != 0 || (sib != null && sib.stunnedBy == t.id))) {
            m.emit(EventKind.ASI_ENTER, t.id, -1, new EventFact.AsiEnter(AddressSpaceId.IDLE));
            lat += m.mmu.writeCr3(t, m.layout.idleRoot(), HostLayout.IDLE_PCID, CostCategory.ASI_SWITCH,
                    EventFact.Cr3Reason.IDLE_ASI_ENTER);
            t.currAsi = AddressSpaceId.IDLE;
            if ((t.taints & (AsiTaint.KERNEL_DATA.bit() | AsiTaint.OTHER_MM_DATA.bit())) != 0) {
                lat += m.cacheFlushes.flushL1d(t, new FlushReason.AsiPostEnter(true, t.taints));
            }
            t.taints &= ~AsiTaint.DATA_MASK;
            if (sib != null && sib.stunnedBy == t.id) {
                m.asi.unstun(t, sib);
            }
        }
        return lat;
    }

    @Override
    public Void kvmRunEnds(Step.KvmRunEnds k) {
        return done(m.finishTask(t));
    }

    @Override
    public Void switchTask(Step.SwitchTask st) {
        if (st.now() || m.cycle - t.taskSince >= m.spec.timeslice()) {
            for (int k = 1; k < t.tasks.size(); k++) {
                int n = (t.currentTask + k) % t.tasks.size();
                if (!t.tasks.get(n).finished) {
                    long lat = 0;
                    if (t.currAsi != null) {
                        lat += m.asi.exit(t, new AsiExitCause.ContextSwitch(t.tasks.get(n).spec.domain()), -1,
                                null);
                    }
                    return done(lat + m.switchTo(t, n));
                }
            }
        }
        return done(0);
    }

    @Override
    public Void preEntry(Step.PreEntry p) {
        return done(m.vmTransitions.preEntry(t, vm));
    }

    @Override
    public Void entryGate(Step.EntryGate g) {
        return done(m.coreScheduling.entryGate(t, vm));
    }

    @Override
    public Void entryFlush(Step.EntryFlush f) {
        return done(m.vmTransitions.entryFlush(t, vm));
    }

    @Override
    public Void enterGuest(Step.EnterGuest e) {
        m.setContext(t, Context.guest(vm, ts.vcpu(), true));
        if (m.policy.asi()) {
            t.taints |= AsiTaint.GUEST_DATA.bit();
        }
        if (m.counted(EventKind.VM_ENTRY, t.id)) {
            m.log(EventKind.VM_ENTRY, t.id, -1, task.entryFact());
        }
        long lat = m.spec.latency().vmExitEntry() - m.spec.latency().vmExitEntry() / 2;
        m.add(t, CostCategory.EXIT_HANDLING, lat);
        return done(lat);
    }

    @Override
    public Void resume(Step.Resume r) {
        return done(r.cycles());
    }

    @Override
    public Void guestCompute(Step.GuestCompute g) {
        m.add(t, CostCategory.GUEST, g.cycles());
        t.inGuestCompute = true;
        return done(g.cycles());
    }

    @Override
    public Void syscallEnter(Step.SyscallEnter e) {
        return done(m.syscallPath.syscallEnter(t, ts, e.handler(), e.interrupt()));
    }

    @Override
    public Void syscallReturn(Step.SyscallReturn r) {
        return done(m.syscallPath.syscallReturn(t, ts, r.interrupt()));
    }

    @Override
    public Void spectreGadget(Step.SpectreGadget g) {
        return done(m.transients.spectreGadget(t, ts, g.kernelAddress()));
    }
}
