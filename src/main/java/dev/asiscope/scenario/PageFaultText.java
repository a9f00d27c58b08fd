package dev.asiscope.scenario;

import dev.asiscope.sim.paging.PageFault;

/** A translation failure ({@link PageFault}) as the SDM names it: the #PF error code's bits (Vol. 3A, 4.7). */
public final class PageFaultText {
    private PageFaultText() {
    }

    /**
     * The #PF error code's bits by name, in bit order: {@code not-present} or {@code protection} (bit 0, P),
     * then whichever of {@code W}, {@code U}, {@code RSVD}, {@code I/D}, {@code PK} are set.
     */
    public static java.util.List<String> errorCodeBits(int ec) {
        java.util.List<String> bits = new java.util.ArrayList<>();
        bits.add((ec & PageFault.EC_P) != 0 ? "protection" : "not-present");
        if ((ec & PageFault.EC_W) != 0) {
            bits.add("W");
        }
        if ((ec & PageFault.EC_U) != 0) {
            bits.add("U");
        }
        if ((ec & PageFault.EC_RSVD) != 0) {
            bits.add("RSVD");
        }
        if ((ec & PageFault.EC_ID) != 0) {
            bits.add("I/D");
        }
        if ((ec & PageFault.EC_PK) != 0) {
            bits.add("PK");
        }
        return bits;
    }

    /** e.g. {@code "#PF ec=0x6 (not-present, W, U) at pt"} or {@code "#GP: non-canonical address"}. */
    public static String of(PageFault f) {
        if (f.kind() == PageFault.Kind.NON_CANONICAL) {
            return "#GP: non-canonical address";
        }
        int ec = f.errorCode();
        StringBuilder sb = new StringBuilder("#PF ec=0x").append(Integer.toHexString(ec)).append(" (");
        sb.append(String.join(", ", errorCodeBits(ec)));
        sb.append(')');
        if (f.level() != null) {
            sb.append(" at ").append(f.level().id());
        }
        return sb.toString();
    }
}
