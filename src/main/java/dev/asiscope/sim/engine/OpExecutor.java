package dev.asiscope.sim.engine;

import dev.asiscope.sim.security.ContextKind;

import dev.asiscope.sim.cache.AccessOrigin;
import dev.asiscope.sim.kernel.Handler;
import dev.asiscope.sim.paging.AccessType;
import dev.asiscope.sim.program.Op;
import dev.asiscope.sim.vmx.VmxExitReason;

/** Executes one operation of the running task: a visitor over every {@link Op}. */
final class OpExecutor implements Op.Visitor<Void> {
    private final Machine m;

    private HardwareThread t;
    private TaskState task;
    private MachineSpec.Task ts;
    private Op op;
    private boolean guest;
    private boolean user;
    /** The latency of the last operation executed. */
    private long latency;

    OpExecutor(Machine m) {
        this.m = m;
    }

    long execute(HardwareThread t, TaskState task, Op op) {
        if (this.t != t || this.task != task) {
            this.t = t;
            this.task = task;
            this.ts = task.spec;
        }
        this.op = op;
        this.guest = t.context.kind().isGuest();
        this.user = t.context.kind() == ContextKind.HOST_USER;
        op.accept(this);
        return latency;
    }

    private Void done(long cycles) {
        latency = cycles;
        return null;
    }

    @Override
    public Void compute(Op.Compute c) {
        return done(m.compute(t, c.cycles(), c.lines(), guest ? CostCategory.GUEST
                : user ? CostCategory.HOST_USER : CostCategory.EXIT_HANDLING));
    }

    @Override
    public Void idle(Op.Idle i) {
        m.add(t, CostCategory.IDLE, i.cycles());
        return done(i.cycles());
    }

    @Override
    public Void access(Op.Access a) {
        long lat = m.dataAccess(t, a.address(), a.type(), AccessOrigin.ARCHITECTURAL);
        return done(lat);
    }

    @Override
    public Void clflush(Op.Clflush c) {
        long pa = m.mmu.translateCurrent(t, c.address(), AccessType.READ);
        if (pa >= 0) {
            m.caches.clflush(pa);
            m.emit(EventKind.CLFLUSH, t.id, pa, new EventFact.Clflush(m.labelAt(pa)));
        }
        return done(m.spec.latency().clflush());
    }

    @Override
    public Void vmExit(Op.VmExit v) {
        m.requireGuest(t, op);
        return done(m.vmTransitions.vmExit(t, ts, v.reason(), v.sensitive()));
    }

    @Override
    public Void l1tf(Op.L1tf l) {
        m.requireGuest(t, op);
        return done(m.transients.l1tf(t, ts, l.region() == null ? l.offset() : m.resolveRegion(l.region(), ts).physicalBase() + l.offset(),
                l.reservedBit()));
    }

    @Override
    public Void mdsSample(Op.MdsSample x) {
        return done(m.transients.mdsSample(t));
    }

    @Override
    public Void meltdown(Op.Meltdown x) {
        return done(m.transients.meltdown(t, x.region() == null ? x.offset()
                : m.resolveRegion(x.region(), ts).virtualBase() + x.offset()));
    }

    @Override
    public Void spectreV1(Op.SpectreV1 s) {
        Step gadget = new Step.SpectreGadget(s.region() == null ? s.offset()
                : m.resolveRegion(s.region(), ts).virtualBase() + s.offset());
        if (guest) {
            // The guest reaches a bounds-check-bypass gadget in a KVM exit handler with an index it
            // controls, as the MSR/APIC/IOAPIC handlers hardened with array_index_nospec() in 2019
            // ("KVM: x86: Protect ... from Spectre-v1/L1TF attacks") were.
            return done(m.vmTransitions.vmExit(t, ts, s.exitReason(), gadget));
        }
        m.requireUser(t, op);
        Handler h = Handler.of("spectre-v1-gadget", 50);
        t.steps.addLast(new Step.SyscallEnter(h.name()));
        t.steps.addLast(gadget);
        t.steps.addLast(new Step.SyscallReturn());
        return done(1);
    }

    @Override
    public Void probeFlush(Op.ProbeFlush p) {
        return done(m.flushReload.probeFlush(t));
    }

    @Override
    public Void probeReload(Op.ProbeReload p) {
        return done(m.flushReload.probeReload(t));
    }

    @Override
    public Void syscall(Op.Syscall s) {
        m.requireUser(t, op);
        Handler h = m.kernelHandler(s.handler());
        t.steps.addLast(new Step.SyscallEnter(h.name()));
        m.vmTransitions.queueHandler(t, h, ts);
        t.steps.addLast(new Step.SyscallReturn());
        return done(1);
    }

    @Override
    public Void interrupt(Op.Interrupt i) {
        Handler h = m.kernelHandler(i.handler());
        t.flushRequest = true; // IRQ entry sets the per-CPU L1D flush request (docs/model.md, section 6)
        m.emit(EventKind.INTERRUPT, t.id, -1, new EventFact.Interrupt(h.name()));
        if (guest) {
            // VMX with "external-interrupt exiting" (KVM always sets it): a host interrupt that
            // arrives in VMX non-root operation is an EXTERNAL_INTERRUPT VM exit (basic reason 1,
            // SDM Vol. 3C "Other Causes of VM Exits", Appendix C); KVM runs the handler in the host,
            // then its full entry path.
            Handler exit = m.memos.interruptExitHandlers.computeIfAbsent(h, k -> new Handler(
                    "EXTERNAL_INTERRUPT: " + k.name(), k.steps(), k.workCycles(), true, false, 0, 0));
            return done(m.vmTransitions.vmExit(t, ts, VmxExitReason.EXTERNAL_INTERRUPT.code(), exit, null, false));
        }
        if (user) {
            // Interrupt entry from user mode switches to the kernel's CR3 (PTI) or runs restricted
            // (kpti-on-asi), and returns the way a syscall does (arch/x86/entry/entry_64.S).
            t.steps.addLast(new Step.SyscallEnter(h.name(), true));
            m.vmTransitions.queueHandler(t, h, ts);
            t.steps.addLast(new Step.SyscallReturn(true));
            return done(1);
        }
        m.vmTransitions.queueHandler(t, h, ts);
        return done(m.spec.latency().interrupt());
    }

    @Override
    public Void yield(Op.Yield y) {
        if (guest) {
            // A guest can give up its CPU only by leaving it: spinning on PAUSE causes a PAUSE-loop
            // exit, and KVM's handler (kvm_vcpu_on_spin) yields to another task.
            return done(m.vmTransitions.vmExit(t, ts, VmxExitReason.PAUSE_INSTRUCTION.code(), m.exitHandlers.handlerFor(
                    VmxExitReason.PAUSE_INSTRUCTION.code(), "PAUSE_INSTRUCTION"), null, true));
        }
        for (int k = 1; k < t.tasks.size(); k++) {
            int n = (t.currentTask + k) % t.tasks.size();
            if (!t.tasks.get(n).finished) {
                return done(m.switchTo(t, n));
            }
        }
        return done(1);
    }

    @Override
    public Void asi(Op.Asi a) {
        return done(m.asi.explicit(t, ts, a.kind()));
    }

    @Override
    public Void flush(Op.Flush f) {
        return done(f.l1d() ? m.cacheFlushes.flushL1d(t, new FlushReason.Explicit()) : m.cacheFlushes.verw(t, new FlushReason.Explicit()));
    }

    @Override
    public Void invlpg(Op.Invlpg i) {
        int n = t.tlb.invlpg(m.mmu.vpidOf(t), m.mmu.pcidOf(t), i.address());
        m.emit(EventKind.TLB_FLUSH, t.id, i.address(), new EventFact.Invlpg(n));
        return done(m.spec.latency().invlpg());
    }

    @Override
    public Void invpcid(Op.Invpcid i) {
        int n = t.tlb.invpcid(i.type(), m.mmu.vpidOf(t), i.pcid(), i.address());
        m.emit(EventKind.TLB_FLUSH, t.id, i.address(), new EventFact.Invpcid(i.type(), n));
        return done(m.spec.latency().invlpg());
    }

    @Override
    public Void movCr3(Op.MovCr3 x) {
        return done(m.mmu.movCr3(t, x.value(), m.categoryOf(t)));
    }

    @Override
    public Void repeat(Op.Repeat x) {
        // TaskState.next() expands a loop into its body: the engine never receives one.
        throw new IllegalStateException("loops are expanded by the task");
    }

    @Override
    public Void workload(Op.Workload x) {
        // TaskState.next() draws a workload's operations: the engine never receives one.
        throw new IllegalStateException("workloads are expanded by the task");
    }
}
