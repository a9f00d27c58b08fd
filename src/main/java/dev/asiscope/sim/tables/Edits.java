package dev.asiscope.sim.tables;

import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.engine.SimulationException;

/** What the table edits share: finding a table by name and the TLB shootdown after a change. */
final class Edits {
    private Edits() {
    }

    static AddressSpace space(Machine machine, String name) {
        for (AddressSpace s : MachineTables.spaces(machine)) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new SimulationException(new SimulationException.NoAddressSpace(name));
    }

    /**
     * After a page-table change the kernel invalidates stale translations on every CPU (a TLB shootdown,
     * {@code flush_tlb_all()}); the simulator drops every TLB entry of every logical CPU.
     */
    static void flushAllTlbs(Machine machine) {
        for (int i = 0; i < machine.cpuCount(); i++) {
            machine.cpu(i).tlb().flushAll();
        }
    }
}
