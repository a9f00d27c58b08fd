package dev.asiscope.sim.engine;

import dev.asiscope.sim.cache.AccessOrigin;
import dev.asiscope.sim.cache.AccessOutcome;
import dev.asiscope.sim.kernel.HostLayout;
import dev.asiscope.sim.paging.AccessType;
import dev.asiscope.sim.security.SecurityDomain;
import dev.asiscope.sim.vmx.GuestLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * The attacker's covert channel, flush+reload over a 256-line probe array (one page per byte value, as in
 * the Meltdown and Spectre papers): the flush, the reload that times every line, and leak attribution when
 * a fast line carries a byte a transient load encoded from another domain's secret. Holds no state: the
 * encodings waiting for a reload are the thread's ({@code HardwareThread.probe}).
 */
final class FlushReload {
    private final Machine m;

    FlushReload(Machine m) {
        this.m = m;
    }

    long probeFlush(HardwareThread t) {
        long lat = 0;
        for (int i = 0; i < 256; i++) {
            long pa = probeAddress(t, i);
            lat += m.port.cycles;
            if (pa >= 0) {
                m.caches.clflush(pa);
            }
            lat += m.spec.latency().clflush();
        }
        t.clearProbes();
        m.emit(EventKind.CLFLUSH, t.id, -1, new EventFact.ProbeFlush());
        m.add(t, CostCategory.ATTACK, lat);
        return lat;
    }

    long probeReload(HardwareThread t) {
        long lat = 0;
        int threshold = (m.spec.latency().llcHit() + m.spec.latency().dram()) / 2;
        List<Integer> found = new ArrayList<>();
        SecurityDomain attacker = attackerDomain(t);
        for (int i = 0; i < 256; i++) {
            long pa = probeAddress(t, i);
            lat += m.port.cycles;
            if (pa < 0) {
                continue;
            }
            AccessOutcome o = m.access(t, pa, false, AccessOrigin.ARCHITECTURAL);
            lat += o.latency();
            ProbeEncoding enc = t.probe(i);
            if (o.latency() < threshold && enc != null) {
                found.add(i);
                if (enc.label().isSecretOf(attacker)) {
                    TaskState at = t.task();
                    int vcpu = at != null && at.spec.kind() == MachineSpec.Task.Kind.VCPU ? at.spec.vcpu() : -1;
                    Leak leak = new Leak(enc.mechanism(), enc.label(), attacker, t.id, enc.value(), enc.physicalAddress(),
                            enc.source(), enc.missingMitigation(), enc.cycle(), m.cycle, vcpu);
                    m.counters.leakList.add(leak);
                    m.emit(EventKind.LEAK, t.id, enc.physicalAddress(), new EventFact.LeakFound(leak));
                }
            }
        }
        t.clearProbes();
        m.emit(EventKind.PROBE_RELOAD, t.id, -1, new EventFact.ProbeReload(List.copyOf(found)));
        m.add(t, CostCategory.ATTACK, lat);
        return lat;
    }

    long probeAddress(HardwareThread t, int value) {
        m.port.reset();
        if (t.context.kind().isHostKernel()) {
            // A kernel gadget reaches the attacker's probe page through its direct-map alias.
            long pa = attackerProbePhysical(t, value);
            return pa < 0 ? -1 : m.mmu.translateHost(t, HostLayout.DIRECT_MAP + pa, AccessType.READ, false);
        }
        long va = probeBase(t) + 4096L * value;
        return m.mmu.translateCurrent(t, va, AccessType.READ);
    }

    /** Host-physical address of probe line {@code value} of the task running on {@code t}, or -1. */
    long attackerProbePhysical(HardwareThread t, int value) {
        TaskState task = t.task();
        if (task == null) {
            return -1;
        }
        MachineSpec.Task ts = task.spec;
        if (ts.kind() == MachineSpec.Task.Kind.VCPU) {
            // The guest kernel maps guest-virtual = guest-physical; guest memory is one host block.
            return m.layout.guest(ts.vm()).hostPhysical(GuestLayout.PROBE_BASE + 4096L * value);
        }
        if (ts.kind() == MachineSpec.Task.Kind.PROCESS) {
            return m.layout.process(ts.process()).probe().physicalBase() + 4096L * value;
        }
        return -1;
    }

    long probeBase(HardwareThread t) {
        return t.context.kind().isGuest() ? GuestLayout.PROBE_BASE : HostLayout.USER_PROBE_BASE;
    }

    SecurityDomain attackerDomain(HardwareThread t) {
        TaskState ts = t.task();
        return ts == null ? SecurityDomain.HOST : ts.spec.domain();
    }
}
