package dev.asiscope.scenario;

import dev.asiscope.sim.engine.Policy;
import java.util.ArrayList;
import java.util.List;

/** A mitigation {@link Policy}'s switches in words, for the status bar, reports and a leak's causal chain. */
public final class PolicyText {
    private PolicyText() {
    }

    /**
     * Parses a policy name or a {@code +}-combination of names, as {@link Policy#parse} does, for the command
     * line and the window.
     *
     * @throws IllegalArgumentException worded by {@link #unknown}: the unknown part, a did-you-mean hint and
     *                                  the known names
     */
    public static Policy parse(String spec) {
        try {
            return Policy.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(unknown(spec), e);
        }
    }

    /**
     * Why {@code spec} is not a policy, e.g. {@code unknown policy 'nosm'; did you mean 'nosmt'? (known: none,
     * ...; combine with '+')} (the last unknown part is named).
     */
    public static String unknown(String spec) {
        String bad = spec;
        for (String part : spec.split("\\+")) {
            if (!Policy.NAMED.containsKey(part.trim())) {
                bad = part.trim();
            }
        }
        return "unknown policy '" + bad + "'" + DidYouMean.hint(bad, Policy.NAMED.keySet()) + " (known: "
                + String.join(", ", Policy.NAMED.keySet()) + "; combine with '+')";
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
