package dev.asiscope.ui.views;

import dev.asiscope.sim.paging.ControlRegisters;
import dev.asiscope.sim.paging.WalkResult;
import java.util.List;

/**
 * A walk as the page-walk view shows it.
 *
 * @param target    what was walked
 * @param registers the control registers of the walk (the guest's for a guest space)
 * @param result    the walker's result; for a guest, its addresses are guest-physical
 * @param ept       for a guest walk, the EPT translation of each guest table entry read (parallel to
 *                  {@code result.steps()}); empty for a host walk
 * @param data      for a successful guest walk, the EPT translation of the final guest-physical address;
 *                  null otherwise
 */
public record ShownWalk(WalkTarget target, ControlRegisters registers, WalkResult result, List<EptTranslation> ept,
        EptTranslation data) {
    public ShownWalk {
        ept = List.copyOf(ept);
    }

    /** The host-physical address the access reaches, or -1 (fault, or EPT violation). */
    public long hostPhysical() {
        if (result.faulted()) {
            return -1;
        }
        return data == null ? result.physicalAddress() : data.hostPhysical();
    }
}
