package dev.asiscope.sim.engine;

import dev.asiscope.sim.security.AddressSpaceId;
import dev.asiscope.sim.security.Context;
import dev.asiscope.sim.cache.AccessOrigin;
import dev.asiscope.sim.security.DataLabel;
import dev.asiscope.sim.security.SecurityDomain;

/**
 * A realised leak: an attacker context recovered, through a covert channel, a value whose label belongs
 * to another security domain. Carries the complete causal chain, oldest link first (in words:
 * {@code dev.asiscope.scenario.EventText#explain}).
 *
 * @param mechanism        how the value was read transiently
 * @param victimLabel      label of the line the value came from
 * @param attackerDomain   domain of the attacker ({@code vm:2}, {@code process:1})
 * @param attackerCpu      logical CPU that ran the transient load and the reload
 * @param value            the byte recovered
 * @param physicalAddress  physical address of the secret byte
 * @param source           how the victim's line got into the L1D / fill buffer
 * @param missingMitigation which mitigation was absent or skipped (words: {@code EventText.missing})
 * @param transientCycle   cycle of the transient load (and of the dependent probe fill)
 * @param reloadCycle      cycle of the flush+reload that recovered the value
 * @param attackerVcpu     the attacker's vCPU index within its VM, or -1 for a host process
 */
public record Leak(
        Mechanism mechanism,
        DataLabel victimLabel,
        SecurityDomain attackerDomain,
        int attackerCpu,
        int value,
        long physicalAddress,
        LineSource source,
        MissingMitigation missingMitigation,
        long transientCycle,
        long reloadCycle,
        int attackerVcpu) {

    /** Transient-execution mechanisms the simulator models. */
    public enum Mechanism {
        L1TF, MDS, MELTDOWN, SPECTRE_V1;

        /** Lower-case id used in files and expectations, e.g. {@code spectre-v1}. */
        public String id() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    /**
     * The access that brought the victim's line into the core.
     *
     * @param cpu          logical CPU that made the access
     * @param context      what it ran (guest, host kernel on the full or a restricted table, ...)
     * @param handler      the kernel handler it ran in a host-kernel context, or null
     * @param addressSpace page table it ran on (full, restricted for vm1, guest, ...)
     * @param cycle        cycle of the fill
     * @param origin       kind of access (architectural, page walk, speculative)
     * @param cause        why the access happened (the handler or operation), or null
     */
    public record LineSource(int cpu, Context context, String handler, AddressSpaceId addressSpace, long cycle,
            AccessOrigin origin, String cause) {
        /** The origin's id: {@code architectural}, {@code page-walk}, {@code speculative}. */
        public String originId() {
            return origin.name().toLowerCase().replace('_', '-');
        }
    }
}
