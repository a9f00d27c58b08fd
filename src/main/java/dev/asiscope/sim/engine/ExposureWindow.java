package dev.asiscope.sim.engine;

import dev.asiscope.sim.security.DataLabel;
import dev.asiscope.sim.security.SecurityDomain;

/**
 * An interval during which a line of a victim's domain sat in a core's L1D or fill buffers while that
 * core ran attacker code (a guest of another domain), whether or not anything probed it.
 *
 * @param core          physical core
 * @param attackerDomain the domain running on the core ({@code vm:2})
 * @param victimLabel   a label of victim data present (the first one found)
 * @param startCycle    first cycle of the window
 * @param endCycle      first cycle after the window ({@code -1} while still open)
 */
public record ExposureWindow(int core, SecurityDomain attackerDomain, DataLabel victimLabel, long startCycle,
        long endCycle) {
    public long length(long nowIfOpen) {
        return (endCycle < 0 ? nowIfOpen : endCycle) - startCycle;
    }
}
