package dev.asiscope.sim.engine;

/**
 * A byte a transient load encoded into the attacker's probe array, waiting to be recovered by a reload.
 */
record ProbeEncoding(Leak.Mechanism mechanism, dev.asiscope.sim.security.DataLabel label, long physicalAddress, int value, long cycle,
        Leak.LineSource source, MissingMitigation missingMitigation) {
}
