package dev.asiscope.sim.security;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The security label of data: its name (as a scenario writes it, e.g. {@code host-secret}, {@code vm:1},
 * {@code process:2}), the {@link SecurityDomain} that owns it and whether it is a secret worth reporting.
 * Labels are interned: {@link #of(String)} returns the same object for the same name, so labels compare
 * with {@code ==} as well as {@code equals}, and reading one on the hot path allocates nothing.
 *
 * <p>This is the only place a label's name is read: names beginning {@code vm:N} or {@code process:N}
 * belong to that VM or process, every other name to the host; {@code unlabelled}, {@code public} and the
 * {@code host-kernel-nonsensitive...} names are not secrets (ASI's non-sensitive class, docs/model.md).
 */
public final class DataLabel implements Comparable<DataLabel> {
    private static final ConcurrentHashMap<String, DataLabel> INTERNED = new ConcurrentHashMap<>();
    /** Declared before the first label is made (static fields initialise in order). */
    private static final java.util.concurrent.atomic.AtomicInteger NEXT_INDEX = new java.util.concurrent.atomic.AtomicInteger();

    /** Memory nobody labelled. */
    public static final DataLabel UNLABELLED = of("unlabelled");

    private final String name;
    private final SecurityDomain domain;
    private final boolean secret;
    private final int index = NEXT_INDEX.getAndIncrement();

    private DataLabel(String name) {
        this.name = name;
        this.domain = domainOf(name);
        this.secret = !name.equals("unlabelled") && !name.startsWith("host-kernel-nonsensitive")
                && !name.equals("public");
    }

    /** The label named {@code name} (interned). */
    public static DataLabel of(String name) {
        DataLabel l = INTERNED.get(name);
        return l != null ? l : INTERNED.computeIfAbsent(name, DataLabel::new);
    }

    /**
     * A small number unique to this label in this JVM, in the order labels were first named: an array index
     * for per-label counters. It depends on what ran before, so it is never shown, hashed or compared for order.
     */
    public int index() {
        return index;
    }

    /** The label's name, as written in the scenario. */
    public String name() {
        return name;
    }

    /** The domain whose data this is. */
    public SecurityDomain domain() {
        return domain;
    }

    /** Whether data with this label is a secret worth reporting (not public or non-sensitive kernel data). */
    public boolean isSecret() {
        return secret;
    }

    /** Whether this is a secret of a domain other than {@code d} (what a leak or an exposure needs). */
    public boolean isSecretOf(SecurityDomain d) {
        return secret && !domain.equals(d);
    }

    private static SecurityDomain domainOf(String label) {
        boolean vm = label.startsWith("vm:");
        if (vm || label.startsWith("process:")) {
            int start = label.indexOf(':') + 1;
            int end = start;
            while (end < label.length() && end - start < 9 && Character.isDigit(label.charAt(end))) {
                end++;
            }
            if (end > start) {
                int n = Integer.parseInt(label.substring(start, end));
                return vm ? SecurityDomain.vm(n) : SecurityDomain.process(n);
            }
        }
        return SecurityDomain.HOST;
    }

    @Override
    public int compareTo(DataLabel o) {
        return name.compareTo(o.name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataLabel l && l.name.equals(name);
    }

    /** The name's hash: the same in every JVM run, so maps keyed by labels iterate deterministically. */
    @Override
    public int hashCode() {
        return name.hashCode();
    }

    /** The name (labels are shown by name everywhere). */
    @Override
    public String toString() {
        return name;
    }
}
