package dev.asiscope.sim.engine;

import dev.asiscope.sim.cache.AccessOrigin;
import dev.asiscope.sim.cache.AccessOutcome;
import dev.asiscope.sim.cache.L1dFlushResult;
import dev.asiscope.sim.kernel.PlacedRegion;
import dev.asiscope.sim.paging.AccessType;

/**
 * L1D flushes and fill-buffer clearing, as the policy asks for them: IA32_FLUSH_CMD (L1D_FLUSH, which also clears
 * the fill buffers on MD_CLEAR parts), KVM's software fallback {@code vmx_l1d_flush()} that displaces the L1D by
 * loading a 64 KiB buffer, and VERW with MD_CLEAR. Each marks the core's caches for refill and counts. Holds
 * no state.
 */
final class CacheFlushes {
    private final Machine m;

    CacheFlushes(Machine m) {
        this.m = m;
    }

    long flushL1d(HardwareThread t, FlushReason why) {
        if (m.spec.l1dFlushMethod() == L1dFlushMethod.SOFTWARE) {
            return softwareFlushL1d(t, why);
        }
        L1dFlushResult r = m.caches.flushL1d(t.core);
        m.refillPending[t.core] = true;
        m.counters.l1dFlushes++;
        m.emit(EventKind.L1D_FLUSH, t.id, -1, new EventFact.L1dFlush(why, r.l1d().count(), r.lfbEntriesCleared()));
        m.add(t, CostCategory.L1D_FLUSH, r.cycles());
        return r.cycles();
    }

    /**
     * KVM's software L1D flush, for CPUs without IA32_FLUSH_CMD ({@code vmx_l1d_flush()} in Linux
     * {@code arch/x86/kvm/vmx/vmx.c}): touch one byte of each 4 KiB page of the 64 KiB buffer (so the loop
     * below takes no TLB miss), CPUID, then load one byte every 64 bytes of the buffer. The loads go through
     * the cache model like any others: they displace whatever the core's L1D held (dirty lines are written
     * back by the eviction) and take fill buffers, but nothing is invalidated, so a line the replacement
     * policy keeps survives. The loads are independent (the address does not depend on the data), so the
     * misses overlap: their latencies are charged divided by the core's number of fill buffers (one per
     * outstanding L1D miss).
     */
    long softwareFlushL1d(HardwareThread t, FlushReason why) {
        PlacedRegion r = m.layout.region(Machine.FLUSH_PAGES);
        long walks = 0;
        long loads = 0;
        int displaced = 0;
        int dirty = 0;
        for (int pass = 0; pass < 2; pass++) {
            // First one byte per page (the TLB prefill), then one per line (the fill).
            long stride = pass == 0 ? 4096 : 64;
            for (long off = 0; off < r.size(); off += stride) {
                m.port.reset();
                long pa = m.mmu.translateHost(t, r.virtualBase() + off, AccessType.READ, false);
                walks += m.port.cycles;
                if (pa < 0) {
                    throw new SimulationException(new SimulationException.L1dFlushBufferUnmapped(t.id));
                }
                AccessOutcome o = m.access(t, pa, false, AccessOrigin.ARCHITECTURAL);
                loads += o.latency();
                for (dev.asiscope.sim.cache.CacheLine v : o.l1dVictims()) {
                    displaced++;
                    dirty += v.dirty() ? 1 : 0;
                }
            }
        }
        int mlp = Math.max(1, m.spec.lfbEntries());
        long cycles = m.spec.latency().cpuid() + walks + (loads + mlp - 1) / mlp;
        m.refillPending[t.core] = true;
        m.counters.l1dFlushes++;
        m.emit(EventKind.L1D_FLUSH, t.id, -1, new EventFact.SoftwareL1dFlush(why, Machine.FLUSH_PAGES_SIZE / 64, Machine.FLUSH_PAGES,
                displaced, dirty));
        m.add(t, CostCategory.L1D_FLUSH, cycles);
        return cycles;
    }

    long verw(HardwareThread t, FlushReason why) {
        int n = m.caches.verw(t.core);
        m.counters.verws++;
        m.emit(EventKind.VERW, t.id, -1, new EventFact.Verw(why, n));
        m.add(t, CostCategory.VERW, m.spec.latency().verw());
        return m.spec.latency().verw();
    }
}
