package dev.asiscope.scenario;

import dev.asiscope.sim.security.AddressSpaceId;

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
