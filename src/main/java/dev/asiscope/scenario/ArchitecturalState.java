package dev.asiscope.scenario;

import dev.asiscope.sim.mem.PhysicalMemory;
import dev.asiscope.sim.paging.ControlRegisters;

/** Builds the simulator's architectural state (memory, registers) from a scenario's raw fields. */
public final class ArchitecturalState {
    private ArchitecturalState() {
    }

    /** Physical memory holding every {@code memory} entry of the scenario. */
    public static PhysicalMemory memoryOf(Scenario scenario) {
        PhysicalMemory mem = new PhysicalMemory();
        for (Scenario.MemoryInit init : scenario.memory()) {
            long pa = init.address();
            for (long q : init.qwords()) {
                mem.writeQword(pa, q);
                pa += 8;
            }
        }
        return mem;
    }

    /** The control registers of one scenario CPU. */
    public static ControlRegisters registersOf(Scenario.Cpu cpu) {
        return new ControlRegisters(cpu.cr0().wp(), cpu.cr3(), cpu.cr4().pge(), cpu.cr4().la57(),
                cpu.cr4().pcide(), cpu.cr4().smep(), cpu.cr4().smap(), cpu.cr4().pke(), cpu.efer().nxe(),
                cpu.rflags().ac(), (int) (long) cpu.pkru());
    }
}
