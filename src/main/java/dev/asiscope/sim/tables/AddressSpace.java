package dev.asiscope.sim.tables;

import dev.asiscope.sim.security.AddressSpaceId;

/**
 * Which page tables to read: a root, the memory it lives in and how to decode it.
 *
 * @param name        unique name, e.g. {@code full}, {@code restricted:vm1}, {@code process:p1:user},
 *                    {@code guest:vm1}, {@code ept:vm1}, {@code cpu0}
 * @param role        what the table is for, in words, given by the caller outside the engine that builds a
 *                    table of its own (e.g. "CR3 of scenario CPU 0"); null for the machine's own tables,
 *                    whose words {@code scenario.AddressSpaceText.role} makes from {@code id}
 * @param domain      the physical address space its structures live in ({@code host-physical},
 *                    {@code guest-physical:vm1}, {@code scenario-memory}); frames are shared only
 *                    within one domain
 * @param format      x86 paging or EPT
 * @param root        physical address of the top-level structure (CR3 / EPTP bits 51:12)
 * @param fiveLevel   5-level paging (CR4.LA57): the root is a PML5
 * @param maxPhysAddr MAXPHYADDR: address bits at or above it are reserved
 * @param nxe         IA32_EFER.NXE (x86): when false XD is a reserved bit
 * @param pcid        the PCID the table runs with (x86), or -1 when none / not applicable
 * @param id          which of the machine's tables this is, or null for a table that is none of them (a
 *                    scenario's own CPU tables, a test's)
 */
public record AddressSpace(String name, String role, String domain, EntryFormat format, long root,
        boolean fiveLevel, int maxPhysAddr, boolean nxe, int pcid, AddressSpaceId id) {

    /** A table that is not one of a simulated machine's (no {@link #id()}). */
    public AddressSpace(String name, String role, String domain, EntryFormat format, long root, boolean fiveLevel,
            int maxPhysAddr, boolean nxe, int pcid) {
        this(name, role, domain, format, root, fiveLevel, maxPhysAddr, nxe, pcid, null);
    }

    public AddressSpace {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an address space needs a name");
        }
        if (maxPhysAddr < 36 || maxPhysAddr > 52) {
            throw new IllegalArgumentException("MAXPHYADDR must be 36..52, got " + maxPhysAddr);
        }
    }

    /** Width of the addresses it translates: 57 or 48 (x86), 48 guest-physical bits for 4-level EPT. */
    public int addressBits() {
        return fiveLevel ? 57 : 48;
    }
}
