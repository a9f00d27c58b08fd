package dev.asiscope.sim.engine;

import dev.asiscope.sim.security.ContextKind;

import dev.asiscope.sim.kernel.HostLayout;
import dev.asiscope.sim.program.Op;
import dev.asiscope.sim.security.AddressSpaceId;

/**
 * Address Space Isolation (docs/model.md, section 5): {@code asi_enter} into a restricted class's table (a VM's
 * KVM class, a process's user class) with its post-enter hook (flush what the taints require, release a
 * stunned sibling), {@code asi_exit} with its pre-exit hook (stun the sibling when the policy says so), the
 * program's explicit ASI operations, and the stun protocol itself. Holds no state: the current space, the
 * taints and the stun marks are the threads'.
 */
final class Asi {
    private final Machine m;

    Asi(Machine m) {
        this.m = m;
    }

    long exit(HardwareThread t, AsiExitCause cause, long address, String region) {
        return exit(t, cause, address, region, true);
    }

    /**
     * {@code asi_exit}: the pre-exit hook stuns the sibling when the policy says so and {@code stun} is
     * true, then CR3 switches to the full table and the kernel-data taint is set.
     */
    long exit(HardwareThread t, AsiExitCause cause, long address, String region, boolean stun) {
        long lat = 0;
        if (stun && m.policy.asiStun() && m.isVcpu(t)) {
            HardwareThread s = m.sibling(t);
            if (s != null && s.online && !s.finished && s.stunnedBy < 0 && stun(t, s)) {
                lat += m.spec.latency().stunSignal();
                m.add(t, CostCategory.STUN_SIGNAL, m.spec.latency().stunSignal());
            }
        }
        TaskState task = t.task();
        long root;
        int pcid;
        if (task != null && task.spec.kind() == MachineSpec.Task.Kind.PROCESS) {
            HostLayout.ProcessTables p = m.layout.process(task.spec.process());
            root = p.kernelRoot();
            pcid = p.kernelPcid();
        } else {
            root = m.layout.fullRoot();
            pcid = HostLayout.FULL_PCID;
        }
        lat += m.mmu.writeCr3(t, root, pcid, CostCategory.ASI_SWITCH, EventFact.Cr3Reason.ASI_EXIT);
        t.taints |= AsiTaint.KERNEL_DATA.bit();
        t.currAsi = null;
        if (t.context.kind() == ContextKind.HOST_KERNEL_RESTRICTED) {
            m.setContext(t, t.context.withKind(ContextKind.HOST_KERNEL_FULL));
        }
        m.counters.asiExitCauses.merge(cause, 1L, Long::sum);
        m.emit(EventKind.ASI_EXIT, t.id, address, new EventFact.AsiExit(cause, region));
        return lat;
    }

    long enter(HardwareThread t, AddressSpaceId.Restricted space, long root, int pcid) {
        long lat = 0;
        if (!space.equals(t.currAsi)) {
            lat += m.mmu.writeCr3(t, root, pcid, CostCategory.ASI_SWITCH, EventFact.Cr3Reason.ASI_ENTER);
            t.currAsi = space;
            m.counters.asiEnters++;
            m.emit(EventKind.ASI_ENTER, t.id, -1, new EventFact.AsiEnter(space));
            if (t.context.kind() == ContextKind.HOST_KERNEL_FULL) {
                m.setContext(t, t.context.withKind(ContextKind.HOST_KERNEL_RESTRICTED));
            }
        }
        // post_asi_enter: flush what the taints require, then release the sibling (docs/model.md, section 5).
        int protect = AsiTaint.KERNEL_DATA.bit() | AsiTaint.OTHER_MM_DATA.bit();
        if ((t.taints & protect) != 0) {
            lat += m.cacheFlushes.flushL1d(t, new FlushReason.AsiPostEnter(false, t.taints));
            t.taints &= ~AsiTaint.DATA_MASK;
        }
        HardwareThread s = m.sibling(t);
        if (s != null && s.stunnedBy == t.id) {
            unstun(t, s);
        }
        return lat;
    }

    long explicit(HardwareThread t, MachineSpec.Task ts, Op.Asi.Kind kind) {
        switch (kind) {
            case EXIT -> {
                return t.currAsi == null ? 0 : exit(t, new AsiExitCause.Explicit(), -1, null);
            }
            case RELAX -> {
                m.emit(EventKind.ASI_RELAX, t.id, -1, new EventFact.AsiRelax());
                return 1;
            }
            case ENTER -> {
                if (ts.kind() == MachineSpec.Task.Kind.PROCESS) {
                    HostLayout.ProcessTables p = m.layout.process(ts.process());
                    return enter(t, AddressSpaceId.restrictedProcess(ts.process()), p.asiRoot(), p.asiPcid());
                }
                if (ts.vm() < 0) {
                    throw new SimulationException(new SimulationException.AsiEnterWithoutClass(t.id));
                }
                return enter(t, AddressSpaceId.restrictedVm(ts.vm()), m.layout.restrictedRoot(ts.vm()),
                        HostLayout.restrictedPcid(ts.vm()));
            }
        }
        return 0;
    }

    /**
     * {@code stun_sibling()}: marks the sibling's core state stunned, so its next VM entry waits at the
     * entry gate until this thread's {@code post_asi_enter} releases it (Google's protocol as described in the
     * "[RFC PATCH 00/47] Address Space Isolation for KVM" thread, A. Chartre, LKML 2022-03-16,
     * {@literal <91dd5f0a-61da-074d-42ed-bf0886f617d9@oracle.com>}: the sibling "checks its stun state before every
     * VM entry"). Only a sibling that is running guest code is sent
     * the IPI that kicks it out: a sibling that is idle, halted or in the host kernel runs no attacker
     * code, and KVM kicks only vCPUs in guest mode ({@code kvm_vcpu_kick()} IPIs a vCPU only when
     * {@code kvm_vcpu_exiting_guest_mode()} returns {@code IN_GUEST_MODE}, virt/kvm/kvm_main.c); core
     * scheduling's kernel protection likewise skipped idle siblings (J. Fernandes et al., "[PATCH RFC 00/12]
     * Core-sched v6+: kernel protection and hotplug fixes", LKML 2020-08-14,
     * https://lore.kernel.org/lkml/20200815031908.1015049-1-joel@joelfernandes.org).
     *
     * @return whether an IPI was sent (a counted, charged stun)
     */
    boolean stun(HardwareThread by, HardwareThread s) {
        s.stunnedBy = by.id;
        if (!s.context.kind().isGuest()) {
            m.emit(EventKind.STUN, s.id, -1, new EventFact.StunHeld(by.id, s.context));
            return false;
        }
        m.counters.stunIpisByCpu[s.id]++;
        m.emit(EventKind.STUN, s.id, -1, new EventFact.Stun(by.id));
        // The stun IPI forces the sibling out of the guest now; released, it re-enters like any VM entry.
        m.vmTransitions.kickOutOfGuest(s, Step.KICKED_EXIT);
        m.setContext(s, s.context.withKind(ContextKind.STUNNED));
        return true;
    }

    void unstun(HardwareThread by, HardwareThread s) {
        s.stunnedBy = -1;
        m.emit(EventKind.UNSTUN, s.id, -1, new EventFact.Unstun(by.id));
        if (s.blocked && s.blockedForStun) {
            m.coreScheduling.wake(s, CostCategory.STUN_WAIT);
        }
    }
}
