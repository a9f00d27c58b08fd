package dev.asiscope.scenario;

import dev.asiscope.sim.engine.AsiTaint;

/** A CPU's ASI taint mask ({@link AsiTaint} bits) as the inspector, the cores view and state dumps show it. */
public final class AsiTaintText {
    private AsiTaintText() {
    }

    /** The names of the bits set in {@code mask}, e.g. {@code "KERNEL_DATA|GUEST_DATA"}, or {@code "-"}. */
    public static String of(int mask) {
        StringBuilder sb = new StringBuilder();
        for (AsiTaint t : AsiTaint.values()) {
            if ((mask & t.bit()) != 0) {
                sb.append(sb.isEmpty() ? "" : "|").append(t.name());
            }
        }
        return sb.isEmpty() ? "-" : sb.toString();
    }
}
