package dev.asiscope.sim.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A mitigation policy as data: a set of switches, combinable with {@code +} (for example
 * {@code l1d-flush-always+nosmt}). See docs/model.md, section 6, for what each switch does and its source.
 *
 * @param l1dFlush       when to flush L1D before VM entry: never, always, or only when KVM's flush
 *                       request flag is set ({@code cond}, the Linux default)
 * @param smt            sibling hyperthreads are online (false = {@code nosmt})
 * @param coreScheduling siblings only run vCPUs of the same VM (or idle)
 * @param asi            the kernel handles VM exits on a restricted page table; flushes only after an
 *                       ASI exit
 * @param asiStun        ASI stuns the sibling on asi_exit until the flush at asi_enter
 * @param kpti           separate user page tables (PTI) for host user processes
 * @param kptiOnAsi      PTI built on ASI: a user ASI class whose restricted table also maps the
 *                       global non-sensitive kernel memory
 * @param verwOnEntry    clear CPU buffers (VERW) before VM entry and return to user when no L1D flush
 *                       ran (Linux's MDS mitigation, on by default in Linux, off in {@code none})
 */
public record Policy(
        L1dFlushMode l1dFlush,
        boolean smt,
        boolean coreScheduling,
        boolean asi,
        boolean asiStun,
        boolean kpti,
        boolean kptiOnAsi,
        boolean verwOnEntry) {

    /** When to flush L1D before VM entry. */
    public enum L1dFlushMode { NEVER, ALWAYS, COND }

    /** The unmitigated machine. */
    public static final Policy NONE = new Policy(L1dFlushMode.NEVER, true, false, false, false, false, false, false);

    /** The named building blocks, in the order documented. */
    public static final Map<String, Policy> NAMED = named();

    private static Map<String, Policy> named() {
        Map<String, Policy> m = new LinkedHashMap<>();
        m.put("none", NONE);
        m.put("l1d-flush-cond", NONE.withL1dFlush(L1dFlushMode.COND));
        m.put("l1d-flush-always", NONE.withL1dFlush(L1dFlushMode.ALWAYS));
        m.put("nosmt", new Policy(L1dFlushMode.NEVER, false, false, false, false, false, false, false));
        m.put("core-scheduling", new Policy(L1dFlushMode.NEVER, true, true, false, false, false, false, false));
        m.put("asi", new Policy(L1dFlushMode.NEVER, true, false, true, false, false, false, false));
        m.put("asi-stun", new Policy(L1dFlushMode.NEVER, true, false, true, true, false, false, false));
        m.put("asi-stun-coresched", new Policy(L1dFlushMode.NEVER, true, true, true, true, false, false, false));
        m.put("kpti", new Policy(L1dFlushMode.NEVER, true, false, false, false, true, false, false));
        m.put("kpti-on-asi", new Policy(L1dFlushMode.NEVER, true, false, true, false, true, true, false));
        m.put("verw", new Policy(L1dFlushMode.NEVER, true, false, false, false, false, false, true));
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * Parses a policy name or a {@code +}-combination of names, e.g. {@code asi-stun+kpti}.
     *
     * @throws IllegalArgumentException naming the unknown part ({@code scenario.PolicyText} words the error
     *                                  for people: the known names, a did-you-mean hint)
     */
    public static Policy parse(String spec) {
        Policy result = null;
        for (String part : spec.trim().split("\\+")) {
            Policy p = NAMED.get(part.trim());
            if (p == null) {
                throw new IllegalArgumentException("unknown policy '" + part.trim() + "'");
            }
            result = result == null ? p : result.combine(p);
        }
        if (result == null) {
            throw new IllegalArgumentException("empty policy");
        }
        return result;
    }

    /** The switches of both policies: the stronger flush mode, SMT only if both allow it, all others ORed. */
    public Policy combine(Policy o) {
        L1dFlushMode flush = l1dFlush.ordinal() == 0 ? o.l1dFlush
                : o.l1dFlush == L1dFlushMode.ALWAYS ? L1dFlushMode.ALWAYS : l1dFlush;
        return new Policy(flush, smt && o.smt, coreScheduling || o.coreScheduling, asi || o.asi,
                asiStun || o.asiStun, kpti || o.kpti, kptiOnAsi || o.kptiOnAsi, verwOnEntry || o.verwOnEntry);
    }

    public Policy withL1dFlush(L1dFlushMode mode) {
        return new Policy(mode, smt, coreScheduling, asi, asiStun, kpti, kptiOnAsi, verwOnEntry);
    }
}
