package dev.asiscope.sim.tables;

import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.engine.MachineSpec;
import dev.asiscope.sim.kernel.HostLayout;
import dev.asiscope.sim.mem.OffsetMemory;
import dev.asiscope.sim.mem.QwordMemory;
import dev.asiscope.sim.security.AddressSpaceId;
import dev.asiscope.sim.vmx.GuestLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * The address spaces of a simulated machine, named as {@code asiscope tables} and the page-table view
 * show them:
 * <ul>
 *   <li>{@code full}: the host kernel's full page table (PCID 1);</li>
 *   <li>{@code restricted:vmN}: VM N's ASI restricted table (PCID 2+N);</li>
 *   <li>{@code process:pN:kernel}, {@code process:pN:user} (the KPTI user table),
 *       {@code process:pN:asi} (the ASI user-class table);</li>
 *   <li>{@code guest:vmN}: VM N's own page table, in guest-physical memory;</li>
 *   <li>{@code ept:vmN}: VM N's EPT, in host-physical memory.</li>
 * </ul>
 * Every table is read from the machine's memory as it is now (A/D flags, L1TF PTEs and all).
 */
public final class MachineTables {
    /** The domain of host page tables and EPT. */
    public static final String HOST = "host-physical";

    private MachineTables() {
    }

    /** The address spaces of {@code machine}, in the order listed above (per VM, then per process). */
    public static List<AddressSpace> spaces(Machine machine) {
        HostLayout layout = machine.layout();
        MachineSpec spec = machine.spec();
        int maxPhys = spec.maxPhysAddr();
        List<AddressSpace> out = new ArrayList<>();
        out.add(x86("full", HOST, layout.fullRoot(), maxPhys, HostLayout.FULL_PCID,
                AddressSpaceId.FULL));
        for (MachineSpec.VmSpec vm : spec.vms()) {
            out.add(x86("restricted:vm" + vm.id(), HOST,
                    layout.restrictedRoot(vm.id()), maxPhys, HostLayout.restrictedPcid(vm.id()),
                    AddressSpaceId.restrictedVm(vm.id())));
        }
        for (MachineSpec.ProcessSpec p : spec.processes()) {
            HostLayout.ProcessTables t = layout.process(p.id());
            String n = "process:p" + p.id();
            out.add(x86(n + ":kernel", HOST, t.kernelRoot(), maxPhys,
                    t.kernelPcid(), new AddressSpaceId.ProcessKernel(p.id())));
            out.add(x86(n + ":user", HOST, t.userRoot(), maxPhys,
                    t.userPcid(), new AddressSpaceId.PtiUser(p.id())));
            out.add(x86(n + ":asi", HOST, t.asiRoot(), maxPhys,
                    t.asiPcid(), AddressSpaceId.restrictedProcess(p.id())));
        }
        for (MachineSpec.VmSpec vm : spec.vms()) {
            GuestLayout g = layout.guest(vm.id());
            out.add(x86("guest:vm" + vm.id(), guestDomain(vm.id()), g.guestCr3(), maxPhys, -1,
                    new AddressSpaceId.Guest(vm.id())));
            out.add(new AddressSpace("ept:vm" + vm.id(), null, HOST, EntryFormat.EPT,
                    g.eptRoot(), false, maxPhys, true, -1, new AddressSpaceId.Ept(vm.id())));
        }
        return out;
    }

    /** The domain guest page tables of VM {@code vm} live in. */
    public static String guestDomain(int vm) {
        return "guest-physical:vm" + vm;
    }

    /** Reads every address space of {@code machine}. */
    public static TableSet read(Machine machine) {
        List<PageTableTree> trees = new ArrayList<>();
        for (AddressSpace s : spaces(machine)) {
            trees.add(read(machine, s));
        }
        return new TableSet(trees);
    }

    /** Reads one address space of {@code machine} (guest tables through the VM's guest-physical view). */
    public static PageTableTree read(Machine machine, AddressSpace space) {
        return PageTableTree.read(space, memoryOf(machine, space));
    }

    /** The memory the structures of {@code space} live in: host memory, or a VM's guest-physical view. */
    public static QwordMemory memoryOf(Machine machine, AddressSpace space) {
        if (space.id() instanceof AddressSpaceId.Guest guest) {
            GuestLayout g = machine.layout().guest(guest.vm());
            return new OffsetMemory(machine.memory(), g.hostBase());
        }
        return machine.memory();
    }

    /** One of the machine's x86 tables: no words of its own, its {@code id} says what it is. */
    private static AddressSpace x86(String name, String domain, long root, int maxPhys, int pcid, AddressSpaceId id) {
        return new AddressSpace(name, null, domain, EntryFormat.X86, root, false, maxPhys, true, pcid, id);
    }
}
