package dev.asiscope.scenario;

import dev.asiscope.sim.paging.PageFault;

/** A translation failure ({@link PageFault}) as the SDM names it: the #PF error code's bits (Vol. 3A, 4.7). */
public final class PageFaultText {
    private PageFaultText() {
    }

    /** e.g. {@code "#PF ec=0x6 (not-present, W, U) at pt"} or {@code "#GP: non-canonical address"}. */
    public static String of(PageFault f) {
        if (f.kind() == PageFault.Kind.NON_CANONICAL) {
            return "#GP: non-canonical address";
        }
        int ec = f.errorCode();
        StringBuilder sb = new StringBuilder("#PF ec=0x").append(Integer.toHexString(ec)).append(" (");
        sb.append((ec & PageFault.EC_P) != 0 ? "protection" : "not-present");
        if ((ec & PageFault.EC_W) != 0) {
            sb.append(", W");
        }
        if ((ec & PageFault.EC_U) != 0) {
            sb.append(", U");
        }
        if ((ec & PageFault.EC_RSVD) != 0) {
            sb.append(", RSVD");
        }
        if ((ec & PageFault.EC_ID) != 0) {
            sb.append(", I/D");
        }
        if ((ec & PageFault.EC_PK) != 0) {
            sb.append(", PK");
        }
        sb.append(')');
        if (f.level() != null) {
            sb.append(" at ").append(f.level().id());
        }
        return sb.toString();
    }
}
