package dev.asiscope.ui.core;

/**
 * The engine facts the window needs that the event log carries only as text today, parsed in this one
 * place (the log's VM-entry detail names the vCPU, {@code vm1/vcpu0}; the exit forced by a stun IPI is
 * told apart only by its detail). Everything else in the window reads typed fields.
 */
public final class EngineText {
    private EngineText() {
    }

    /**
     * The vCPU a VM entry's detail names, packed as {@code vm << 16 | vcpu}, or -1 when the detail is not
     * of the form {@code vmN/vcpuK} (Machine.executeStep, EnterGuest).
     */
    public static int vcpuOfEntry(String detail) {
        if (detail == null || !detail.startsWith("vm")) {
            return -1;
        }
        int slash = detail.indexOf("/vcpu");
        if (slash < 0) {
            return -1;
        }
        try {
            int vm = Integer.parseInt(detail.substring(2, slash));
            int vcpu = Integer.parseInt(detail.substring(slash + 5));
            return vm < 0 || vcpu < 0 || vm > 0x7fff || vcpu > 0xffff ? -1 : vm << 16 | vcpu;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** "vm1/vcpu0" for a packed vCPU. */
    public static String vcpuName(int packed) {
        return "vm" + (packed >>> 16) + "/vcpu" + (packed & 0xffff);
    }

    /**
     * Whether a VM exit's detail is the one the engine emits when a sibling's stun IPI kicks the vCPU out
     * (Machine.executeStep, KickedExit): a mitigation's doing, not the guest's, so it is not counted when
     * two runs are lined up by the guest's own exits.
     */
    public static boolean isStunIpiExit(String detail) {
        return detail != null && detail.contains("(stun IPI");
    }
}
