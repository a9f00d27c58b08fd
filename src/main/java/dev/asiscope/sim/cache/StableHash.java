package dev.asiscope.sim.cache;

/**
 * Mixing for every {@code stateHash()} (caches here, the machine's {@code StateHash}): deterministic across
 * JVM runs, order-sensitive.
 */
public final class StableHash {
    /** The starting value of a hash. */
    public static final long SEED = 0x9E3779B97F4A7C15L;

    private StableHash() {
    }

    /** Mixes {@code value} into {@code h}. */
    public static long mix(long h, long value) {
        long x = (h ^ value) * 0xBF58476D1CE4E5B9L;
        return x ^ (x >>> 31);
    }

    static long mix(long h, String value) {
        return mix(h, value == null ? 0 : value.hashCode());
    }
}
