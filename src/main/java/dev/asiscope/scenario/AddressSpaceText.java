package dev.asiscope.scenario;

import dev.asiscope.sim.security.AddressSpaceId;
import dev.asiscope.sim.tables.AddressSpace;

/**
 * A page table's identity ({@link AddressSpaceId}) in words, as a cache line's provenance, a leak's causal
 * chain, the inspector and the page-table views show it. The engine keeps the identity as a value.
 */
public final class AddressSpaceText {
    private AddressSpaceText() {
    }

    /**
     * The table's short description: {@code full}, {@code restricted vm1 (KVM class)}, {@code PTI user},
     * {@code guest vm1}, {@code EPT vm1}, {@code process2 kernel}.
     */
    public static String of(AddressSpaceId a) {
        if (a instanceof AddressSpaceId.Restricted r) {
            return "restricted " + className(r);
        }
        if (a instanceof AddressSpaceId.ProcessKernel p) {
            return "process" + p.process() + " kernel";
        }
        if (a instanceof AddressSpaceId.PtiUser) {
            return "PTI user";
        }
        if (a instanceof AddressSpaceId.Guest g) {
            return "guest vm" + g.vm();
        }
        if (a instanceof AddressSpaceId.Ept e) {
            return "EPT vm" + e.vm();
        }
        if (a instanceof AddressSpaceId.Full) {
            return "full";
        }
        throw new IllegalStateException("no words for address space " + a);
    }

    /**
     * What a table is for, as the page-table view and {@code asiscope tables} say it: the words its builder
     * gave it (a scenario's own CPU tables), or those of the machine table it is, e.g.
     * {@code "ASI restricted table of VM 1"}.
     */
    public static String role(AddressSpace s) {
        if (s.role() != null) {
            return s.role();
        }
        AddressSpaceId a = s.id();
        if (a instanceof AddressSpaceId.RestrictedVm v) {
            return "ASI restricted table of VM " + v.vm();
        }
        if (a instanceof AddressSpaceId.RestrictedProcess p) {
            return "ASI user-class table of process " + p.process();
        }
        if (a instanceof AddressSpaceId.RestrictedIdle) {
            return "ASI idle-class table (global non-sensitive memory only)";
        }
        if (a instanceof AddressSpaceId.ProcessKernel p) {
            return "kernel table of process " + p.process();
        }
        if (a instanceof AddressSpaceId.PtiUser p) {
            return "KPTI user table of process " + p.process();
        }
        if (a instanceof AddressSpaceId.Guest g) {
            return "VM " + g.vm() + "'s own page table (guest CR3)";
        }
        if (a instanceof AddressSpaceId.Ept e) {
            return "EPT of VM " + e.vm();
        }
        if (a instanceof AddressSpaceId.Full) {
            return "host kernel, full page table";
        }
        throw new IllegalStateException("no words for the role of " + s.name());
    }

    /** A restricted table's ASI class: {@code vm1 (KVM class)}, {@code process2 (user class)}, {@code idle class}. */
    public static String className(AddressSpaceId.Restricted r) {
        if (r instanceof AddressSpaceId.RestrictedVm v) {
            return "vm" + v.vm() + " (KVM class)";
        }
        if (r instanceof AddressSpaceId.RestrictedProcess p) {
            return "process" + p.process() + " (user class)";
        }
        if (r instanceof AddressSpaceId.RestrictedIdle) {
            return "idle class";
        }
        throw new IllegalStateException("no words for ASI class " + r);
    }
}
