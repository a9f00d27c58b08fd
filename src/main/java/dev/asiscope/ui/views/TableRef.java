package dev.asiscope.ui.views;

import dev.asiscope.scenario.AddressSpaceText;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.engine.MachineSpec;
import dev.asiscope.sim.kernel.HostLayout;
import dev.asiscope.sim.mem.QwordMemory;
import dev.asiscope.sim.paging.AccessType;
import dev.asiscope.sim.paging.ControlRegisters;
import dev.asiscope.sim.paging.WalkResult;
import dev.asiscope.sim.security.AddressSpaceId;
import java.util.ArrayList;
import java.util.List;

/**
 * A host page table the views can show and walk: its display name and the physical address of its root.
 *
 * @param name e.g. {@code full}, {@code restricted vm1}, {@code process1 PTI user}
 * @param root physical address of the PML4
 * @param id   which table it is
 */
public record TableRef(String name, long root, AddressSpaceId id) {
    /** The full (unrestricted) kernel table. */
    public static TableRef full(Machine m) {
        return new TableRef("full", m.layout().fullRoot(), AddressSpaceId.FULL);
    }

    /** VM {@code vm}'s restricted (ASI) table. */
    public static TableRef restricted(Machine m, int vm) {
        return new TableRef("restricted vm" + vm, m.layout().restrictedRoot(vm), AddressSpaceId.restrictedVm(vm));
    }

    /** Every host table of the machine: full, one restricted per VM, and per process kernel/PTI user/ASI. */
    public static List<TableRef> all(Machine m) {
        List<TableRef> out = new ArrayList<>();
        out.add(full(m));
        for (int vm : m.layout().guests().keySet().stream().sorted().toList()) {
            out.add(restricted(m, vm));
        }
        for (MachineSpec.ProcessSpec p : m.spec().processes()) {
            HostLayout.ProcessTables t = m.layout().process(p.id());
            String n = "process" + p.id();
            out.add(new TableRef(n + " kernel", t.kernelRoot(), new AddressSpaceId.ProcessKernel(p.id())));
            out.add(new TableRef(n + " PTI user", t.userRoot(), new AddressSpaceId.PtiUser(p.id())));
            out.add(new TableRef(n + " ASI", t.asiRoot(), AddressSpaceId.restrictedProcess(p.id())));
        }
        return out;
    }

    /** The table {@code id} of {@code m}, or null if the machine has no such table. */
    public static TableRef of(Machine m, AddressSpaceId id) {
        for (TableRef t : all(m)) {
            if (t.id().equals(id)) {
                return t;
            }
        }
        return null;
    }

    /** The name the views give table {@code id} (as {@link #all} names the host tables; {@code guest vmN}). */
    public static String nameOf(AddressSpaceId id) {
        if (id instanceof AddressSpaceId.Full) {
            return "full";
        }
        if (id instanceof AddressSpaceId.RestrictedVm r) {
            return "restricted vm" + r.vm();
        }
        if (id instanceof AddressSpaceId.ProcessKernel p) {
            return "process" + p.process() + " kernel";
        }
        if (id instanceof AddressSpaceId.PtiUser p) {
            return "process" + p.process() + " PTI user";
        }
        if (id instanceof AddressSpaceId.RestrictedProcess p) {
            return "process" + p.process() + " ASI";
        }
        if (id instanceof AddressSpaceId.Guest g) {
            return "guest vm" + g.vm();
        }
        return AddressSpaceText.of(id);
    }

    /** The table called {@code name} in {@code m} (as {@link #all} names them), or null. */
    public static TableRef named(Machine m, String name) {
        for (TableRef t : all(m)) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** The control registers of a supervisor walk of this table on {@code m} (CR4/EFER as the machine's CPUs). */
    public ControlRegisters registers(Machine m) {
        return m.cpu(0).registers().withCr3(root);
    }

    /** A side-effect-free supervisor read walk of {@code va} in this table (A/D bits are never written). */
    public WalkResult walk(Machine m, long va) {
        return m.walker().walk(registers(m), va, AccessType.READ, false, readOnly(m.memory()), false);
    }

    /** {@code memory} for reading only: a write (which inspection must never do) throws. */
    static QwordMemory readOnly(QwordMemory memory) {
        return new QwordMemory() {
            @Override
            public long readQword(long physicalAddress) {
                return memory.readQword(physicalAddress);
            }

            @Override
            public void writeQword(long physicalAddress, long value) {
                throw new IllegalStateException("inspection must not write memory (0x"
                        + Long.toHexString(physicalAddress) + ")");
            }
        };
    }
}
