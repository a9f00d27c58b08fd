package dev.asiscope.sim.engine;

import dev.asiscope.sim.mem.Sensitivity;
import dev.asiscope.sim.security.AddressSpaceId;
import dev.asiscope.sim.security.Context;

/**
 * Which mitigation was absent or skipped when a transient load read victim data: the second link of a
 * leak's causal chain, as values ({@link LeakAttribution} decides it; {@code scenario.EventText.missing}
 * words it). One record per case the attribution tells apart.
 */
public sealed interface MissingMitigation {

    /** Meltdown without KPTI: the kernel is mapped, supervisor-only, in the user page table. */
    record NoKpti() implements MissingMitigation {
    }

    /** Meltdown with KPTI: the kernel mapping kept its Global bit, so its TLB entry survived the CR3 switch. */
    record KptiGlobalKernel() implements MissingMitigation {
    }

    /**
     * Spectre v1 through a gadget on the full kernel page table, which maps the secret (no ASI on that path).
     *
     * @param exitHandler the KVM exit handler the gadget ran in, or null for the syscall path
     */
    record GadgetOnFullTable(String exitHandler) implements MissingMitigation {
    }

    /**
     * Spectre v1 on a restricted page table that maps the secret: secret data classified non-sensitive.
     *
     * @param exitHandler the KVM exit handler the gadget ran in, or null for the syscall path
     * @param space       the restricted table it ran on
     * @param region      the region holding the line (null if none), its class and its data's label
     */
    record SecretMappedRestricted(String exitHandler, AddressSpaceId.Restricted space, String region,
            Sensitivity sensitivity, String regionLabel) implements MissingMitigation {
    }

    /**
     * MDS on the same thread: no VERW or L1D flush cleared the fill buffers before the guest ran again, under
     * {@code policy}.
     */
    record FillBuffersNotCleared(Policy policy) implements MissingMitigation {
    }

    /** ASI without an L1D flush policy: no ASI exit happened before this entry, so ASI had no reason to flush. */
    record NoAsiExitBeforeEntry() implements MissingMitigation {
    }

    /** No L1D flush before VM entry under {@code policy}. */
    record NoL1dFlush(Policy policy) implements MissingMitigation {
    }

    /** The conditional flush was skipped: nothing set KVM's flush request since the line was loaded. */
    record CondFlushSkipped() implements MissingMitigation {
    }

    /** The line was loaded after the last L1D flush. */
    record LoadedAfterFlush() implements MissingMitigation {
    }

    /**
     * The sibling hyperthread brought the line in while this thread ran the guest.
     *
     * @param cpu     the sibling's logical CPU
     * @param context what it ran (null if unknown) and the kernel handler, if any
     * @param why     what about the policy let it through
     */
    record Sibling(int cpu, Context context, String handler, SiblingCase why) implements MissingMitigation {
    }

    /** Why a sibling's fill reached this thread's transient load. */
    enum SiblingCase {
        /** MDS: the sibling filled the core's shared fill buffers; VERW on this thread cannot clear them. */
        SHARED_FILL_BUFFERS,
        /** ASI without stunning: the sibling ran on the full page table after an ASI exit. */
        ASI_WITHOUT_STUN,
        /** ASI with stunning, and still: the sibling touched the line while this thread ran the guest. */
        ASI_TOUCHED,
        /** Core scheduling: it does not separate guest and host kernel on siblings. */
        CORE_SCHEDULING,
        /** SMT on: a flush before this thread's VM entry cannot help. */
        SMT
    }
}
