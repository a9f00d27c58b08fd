package dev.asiscope.sim.cache;

/** Mixing for {@code stateHash()}: deterministic across JVM runs, order-sensitive. */
final class StableHash {
    static final long SEED = 0x9E3779B97F4A7C15L;

    private StableHash() {
    }

    static long mix(long h, long value) {
        long x = (h ^ value) * 0xBF58476D1CE4E5B9L;
        return x ^ (x >>> 31);
    }

    static long mix(long h, String value) {
        return mix(h, value == null ? 0 : value.hashCode());
    }
}
