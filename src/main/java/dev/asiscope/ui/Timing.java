package dev.asiscope.ui;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interaction timings, printed to stderr as {@code asiscope: timing WHAT N ms} when the system property
 * {@code asiscope.timing} is true (docs/performance.md lists what is measured and the figures). The last
 * figure of each kind is kept so a script or a test can read it back; measuring costs two
 * {@code nanoTime} calls, so it is always on.
 */
public final class Timing {
    private static final Map<String, Double> LAST = new ConcurrentHashMap<>();

    private Timing() {
    }

    /** Records {@code what} as taking from {@code startNanos} until now; returns the milliseconds. */
    public static double report(String what, long startNanos) {
        double ms = (System.nanoTime() - startNanos) / 1e6;
        LAST.put(what, ms);
        if (Boolean.getBoolean("asiscope.timing")) {
            System.err.printf("asiscope: timing %s %.1f ms%n", what, ms);
        }
        return ms;
    }

    /** The last figure recorded for {@code what}, in milliseconds, or -1. */
    public static double last(String what) {
        return LAST.getOrDefault(what, -1.0);
    }
}
