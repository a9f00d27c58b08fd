package dev.asiscope.sim.engine;

import dev.asiscope.sim.security.DataLabel;

/**
 * One entry of the engine's ordered event log. What happened is the typed {@link #fact()}; the words a
 * person reads are made from it by the renderer ({@code dev.asiscope.scenario.EventText}).
 *
 * @param seq     position in the log (0-based, strictly increasing)
 * @param cycle   the cycle at which the change happened
 * @param cpu     logical CPU, or -1 for machine-wide events
 * @param kind    what kind of change
 * @param address the physical or linear address concerned, or -1
 * @param fact    what happened, as values
 */
public record Event(long seq, long cycle, int cpu, EventKind kind, long address, EventFact fact) {

    /** The security label of the data concerned, or null. */
    public DataLabel label() {
        return fact == null ? null : fact.label();
    }
}
