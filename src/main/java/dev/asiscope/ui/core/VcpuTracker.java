package dev.asiscope.ui.core;

import dev.asiscope.sim.engine.EventFact;
import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.EventLog;
import java.util.HashMap;
import java.util.Map;

/**
 * Which vCPU each logical CPU last entered, following a log event by event. A VM exit belongs to the vCPU
 * its CPU entered last, which may run on another CPU under another policy: the story index and the
 * carry-over of a selection between runs line events up by it.
 */
public final class VcpuTracker {
    private final Map<Integer, Integer> onCpu = new HashMap<>();

    /** A vCPU packed as {@code vm << 16 | vcpu} (-1 if out of range), a key for maps and milestones. */
    public static int pack(int vm, int vcpu) {
        return vm < 0 || vcpu < 0 || vm > 0x7fff || vcpu > 0xffff ? -1 : vm << 16 | vcpu;
    }

    /** "vm1/vcpu0" for a packed vCPU. */
    public static String name(int packed) {
        return "vm" + (packed >>> 16) + "/vcpu" + (packed & 0xffff);
    }

    /** Takes event {@code i} of {@code log} into account (only VM entries change anything). */
    public void see(EventLog log, int i) {
        if (log.kindOf(i) == EventKind.VM_ENTRY) {
            onCpu.put(log.cpuOf(i), log.factOf(i) instanceof EventFact.VmEntry v ? pack(v.vm(), v.vcpu()) : -1);
        }
    }

    /** The packed vCPU {@code cpu} entered last, or -1. */
    public int on(int cpu) {
        return onCpu.getOrDefault(cpu, -1);
    }
}
