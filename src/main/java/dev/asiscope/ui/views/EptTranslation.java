package dev.asiscope.ui.views;

import java.util.List;

/**
 * One guest-physical to host-physical translation through EPT, entry by entry, read without side effects
 * (the second dimension of a guest walk).
 *
 * @param guestPhysical  the guest-physical address translated
 * @param hostPhysical   the host-physical result, or -1 on an EPT violation
 * @param entryAddresses host-physical addresses of the EPT entries read, PML4 first
 * @param entries        the entries' values
 */
public record EptTranslation(long guestPhysical, long hostPhysical, List<Long> entryAddresses, List<Long> entries) {
    public EptTranslation {
        entryAddresses = List.copyOf(entryAddresses);
        entries = List.copyOf(entries);
    }

    public boolean violation() {
        return hostPhysical < 0;
    }
}
