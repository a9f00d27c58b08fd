package dev.asiscope.sim.engine;

import dev.asiscope.sim.security.Context;
import dev.asiscope.sim.security.ContextKind;

import dev.asiscope.sim.kernel.HostLayout;
import dev.asiscope.sim.security.AddressSpaceId;

/**
 * A host process's way into the kernel and back (syscall, or an interrupt taken in user mode): with KPTI the
 * CR3 switch to the process's kernel table and back to its user table (arch/x86/entry/entry_64.S), with
 * kpti-on-asi the kernel runs restricted and the return re-enters the user class (flushing what the taints
 * require), with the MDS mitigation a VERW on the way out. Holds no state.
 */
final class SyscallPath {
    private final Machine m;

    SyscallPath(Machine m) {
        this.m = m;
    }

    long syscallEnter(HardwareThread t, MachineSpec.Task ts, String handler, boolean interrupt) {
        long lat = (interrupt ? m.spec.latency().interrupt() : m.spec.latency().syscall()) / 2;
        m.add(t, CostCategory.SYSCALL, lat);
        HostLayout.ProcessTables p = m.layout.process(ts.process());
        if (!interrupt) {
            m.emit(EventKind.SYSCALL, t.id, -1, new EventFact.Syscall(handler));
        }
        t.handler = handler;
        if (m.policy.kptiOnAsi()) {
            m.setContext(t, new Context(ContextKind.HOST_KERNEL_RESTRICTED, -1, -1, ts.process()));
        } else {
            if (m.policy.kpti()) {
                lat += m.mmu.writeCr3(t, p.kernelRoot(), p.kernelPcid(), CostCategory.PTI_SWITCH,
                        EventFact.Cr3Reason.PTI_KERNEL_ENTRY);
            }
            m.setContext(t, new Context(ContextKind.HOST_KERNEL_FULL, -1, -1, ts.process()));
        }
        return lat;
    }

    long syscallReturn(HardwareThread t, MachineSpec.Task ts, boolean interrupt) {
        long round = interrupt ? m.spec.latency().interrupt() : m.spec.latency().syscall();
        long lat = round - round / 2;
        m.add(t, CostCategory.SYSCALL, lat);
        HostLayout.ProcessTables p = m.layout.process(ts.process());
        boolean flushed = false;
        if (m.policy.kptiOnAsi()) {
            long before = t.costs[CostCategory.L1D_FLUSH.ordinal()];
            lat += m.asi.enter(t, AddressSpaceId.restrictedProcess(ts.process()), p.asiRoot(), p.asiPcid());
            flushed = before != t.costs[CostCategory.L1D_FLUSH.ordinal()];
        } else if (m.policy.kpti()) {
            lat += m.mmu.writeCr3(t, p.userRoot(), p.userPcid(), CostCategory.PTI_SWITCH,
                    EventFact.Cr3Reason.PTI_RETURN_TO_USER);
        }
        if (m.policy.verwOnEntry() && !flushed) {
            lat += m.cacheFlushes.verw(t, new FlushReason.VerwToUser());
        }
        m.setContext(t, Context.hostUser(ts.process()));
        return lat;
    }
}
