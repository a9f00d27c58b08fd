package dev.asiscope.ui.views;

import dev.asiscope.sim.paging.AccessType;
import dev.asiscope.sim.security.AddressSpaceId;

/**
 * What the page-walk view walks: a linear address in an address space.
 *
 * @param address the linear address (guest-virtual for a guest space)
 * @param space   the table: the full kernel table, a restricted ASI table, a process's table, or a guest's
 *                own table ({@link AddressSpaceId.Guest}: a two-dimensional walk through its EPT)
 * @param type    read, write or fetch
 * @param user    a user-mode (CPL 3) access
 * @param why     where the target came from, in words (shown under the title)
 */
public record WalkTarget(long address, AddressSpaceId space, AccessType type, boolean user, String why) {
    /** A supervisor read of {@code address} in {@code space}. */
    public static WalkTarget read(long address, AddressSpaceId space, String why) {
        return new WalkTarget(address, space, AccessType.READ, false, why);
    }

    /** Whether the space is a guest's (a two-dimensional walk through EPT). */
    public boolean guest() {
        return space instanceof AddressSpaceId.Guest;
    }

    /** The VM of a guest or restricted VM space, or -1. */
    public int vm() {
        if (space instanceof AddressSpaceId.Guest g) {
            return g.vm();
        }
        return space instanceof AddressSpaceId.RestrictedVm r ? r.vm() : -1;
    }

    /** The space as the views name it: {@code full}, {@code restricted vm1}, {@code guest vm2}, ... */
    public String spaceName() {
        return TableRef.nameOf(space);
    }
}
