package dev.asiscope.scenario;

import dev.asiscope.sim.engine.Policy;
import java.util.ArrayList;
import java.util.List;

/** A mitigation {@link Policy}'s switches in words, for the status bar, reports and a leak's causal chain. */
public final class PolicyText {
    private PolicyText() {
    }

    /** The switches that are on, e.g. {@code "L1D flush always, SMT off"}; {@code "no mitigation"} if none. */
    public static String of(Policy p) {
        List<String> parts = new ArrayList<>();
        if (p.l1dFlush() != Policy.L1dFlushMode.NEVER) {
            parts.add("L1D flush " + (p.l1dFlush() == Policy.L1dFlushMode.ALWAYS ? "always" : "conditional"));
        }
        if (!p.smt()) {
            parts.add("SMT off");
        }
        if (p.coreScheduling()) {
            parts.add("core scheduling");
        }
        if (p.asi()) {
            parts.add(p.asiStun() ? "ASI with sibling stunning" : "ASI");
        }
        if (p.kpti()) {
            parts.add(p.kptiOnAsi() ? "KPTI on ASI" : "KPTI");
        }
        if (p.verwOnEntry()) {
            parts.add("VERW on entry");
        }
        return parts.isEmpty() ? "no mitigation" : String.join(", ", parts);
    }
}
