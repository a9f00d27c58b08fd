package dev.asiscope.ui.views;

import dev.asiscope.sim.paging.AccessType;

/**
 * What the page-walk view walks: a linear address in an address space.
 *
 * @param address the linear address (guest-virtual for a guest space)
 * @param space   {@code full}, {@code restricted vmN}, {@code guest vmN}, or any host table name of
 *                {@link TableRef#all} ({@code process1 PTI user}, ...)
 * @param type    read, write or fetch
 * @param user    a user-mode (CPL 3) access
 * @param why     where the target came from, in words (shown under the title)
 */
public record WalkTarget(long address, String space, AccessType type, boolean user, String why) {
    /** A supervisor read of {@code address} in {@code space}. */
    public static WalkTarget read(long address, String space, String why) {
        return new WalkTarget(address, space, AccessType.READ, false, why);
    }

    /** Whether the space is a guest's (a two-dimensional walk through EPT). */
    public boolean guest() {
        return space.startsWith("guest vm");
    }

    /** The VM of a {@code guest vmN} or {@code restricted vmN} space, or -1. */
    public int vm() {
        int i = space.lastIndexOf(" vm");
        if (i < 0) {
            return -1;
        }
        try {
            return Integer.parseInt(space.substring(i + 3));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
