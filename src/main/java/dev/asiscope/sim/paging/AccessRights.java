package dev.asiscope.sim.paging;

/**
 * The access-rights rules of Intel SDM Vol. 3A 4.6 (4.6.1 "Determination of Access Rights" and 4.6.2
 * "Protection Keys") and the page-fault error code of 4.7, as pure functions of the combined rights of a
 * completed walk. Package-private: {@link PageWalker} is the public entry point.
 *
 * <p>Only <em>explicit</em> accesses are modelled: a supervisor access here is one made at CPL &lt; 3 by
 * an instruction's own operand. Implicit supervisor accesses (to the GDT/IDT/TSS etc., which SMAP
 * blocks regardless of RFLAGS.AC), shadow-stack accesses, supervisor protection keys (CR4.PKS) and
 * SGX checks are not modelled.
 */
final class AccessRights {
    private AccessRights() {
    }

    /**
     * The error-code bits describing the access itself (SDM 4.7): W for writes, U for user-mode
     * accesses, I/D for instruction fetches only when IA32_EFER.NXE=1 or CR4.SMEP=1 (4- and 5-level
     * paging always have CR4.PAE=1, so the SDM's PAE condition holds). These bits are reported for
     * every page fault, including not-present and reserved-bit faults.
     */
    static int accessBits(ControlRegisters cr, AccessType type, boolean user) {
        int ec = 0;
        if (type == AccessType.WRITE) {
            ec |= PageFault.EC_W;
        }
        if (user) {
            ec |= PageFault.EC_U;
        }
        if (type == AccessType.FETCH && (cr.eferNxe() || cr.cr4Smep())) {
            ec |= PageFault.EC_ID;
        }
        return ec;
    }

    /**
     * Checks an access against the combined rights of a translation.
     *
     * @param writable effective R/W (ANDed over every level)
     * @param userPage effective U/S (ANDed over every level): the SDM's "user-mode address"
     * @param xd       XD ORed over every level (ignored unless EFER.NXE=1)
     * @param key      protection key of the leaf (bits 62:59)
     * @return 0 if the access is permitted, otherwise the complete page-fault error code: P=1, the
     *         {@link #accessBits access bits}, and PK when the protection-key rules deny it (PK is
     *         set whenever they do, even if an ordinary rule also denies the access, because the SDM
     *         defines the flag by the PKRU condition alone)
     */
    static int check(ControlRegisters cr, AccessType type, boolean user, boolean writable, boolean userPage,
            boolean xd, int key) {
        boolean write = type == AccessType.WRITE;
        boolean fetch = type == AccessType.FETCH;
        boolean noExec = cr.eferNxe() && xd; // XD is only a permission bit with NXE=1 (else it is reserved)
        boolean denied;
        if (user) {
            // 4.6.1 user-mode accesses: never to supervisor-mode addresses; writes need R/W=1 whatever
            // CR0.WP says; fetches need XD=0.
            denied = !userPage || (write && !writable) || (fetch && noExec);
        } else if (fetch) {
            // Supervisor fetch: SMEP forbids user-mode addresses; XD forbids any address.
            denied = (userPage && cr.cr4Smep()) || noExec;
        } else {
            // Supervisor data access: SMAP forbids user-mode addresses unless RFLAGS.AC=1 (explicit
            // accesses only); a write to a read-only page faults only with CR0.WP=1, for supervisor-
            // and user-mode addresses alike.
            denied = (userPage && cr.cr4Smap() && !cr.rflagsAc()) || (write && !writable && cr.cr0Wp());
        }
        boolean pk = !fetch && userPage && cr.cr4Pke() && keyDenies(cr, write, user, key);
        if (!denied && !pk) {
            return 0;
        }
        return PageFault.EC_P | accessBits(cr, type, user) | (pk ? PageFault.EC_PK : 0);
    }

    /**
     * SDM 4.6.2: for a data access to a user-mode address with key {@code k}, AD_k=1 denies every
     * access; WD_k=1 denies user-mode writes, and supervisor-mode writes only when CR0.WP=1.
     */
    private static boolean keyDenies(ControlRegisters cr, boolean write, boolean user, int key) {
        int bits = cr.pkru() >>> (2 * key);
        if ((bits & 1) != 0) {
            return true;
        }
        return write && (bits & 2) != 0 && (user || cr.cr0Wp());
    }
}
