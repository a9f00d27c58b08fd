package dev.asiscope.sim.cache;

import java.util.Objects;

/**
 * Shape of one set-associative cache. Invariants (checked by the constructor): size, ways and line size
 * are positive; the line size is a power of two of at least 8 bytes; the size is a whole number of
 * {@code ways * lineSize} sets and that number of sets is a power of two (the set index is a bit field of
 * the physical address); {@link Replacement#TREE_PLRU} needs a power-of-two number of ways, at most 64.
 *
 * @param name        display name, e.g. {@code "L1D"}
 * @param sizeBytes   capacity in bytes
 * @param ways        associativity
 * @param lineSize    line size in bytes
 * @param replacement replacement policy
 */
public record CacheGeometry(String name, long sizeBytes, int ways, int lineSize, Replacement replacement) {

    /** Largest associativity supported by {@link Replacement#TREE_PLRU} (the tree bits fit in a long). */
    public static final int MAX_PLRU_WAYS = 64;

    /** Validates the geometry; see the class comment for the rules. */
    public CacheGeometry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(replacement, "replacement");
        if (sizeBytes <= 0) {
            throw new IllegalArgumentException(name + ": size must be positive, got " + sizeBytes);
        }
        if (ways <= 0) {
            throw new IllegalArgumentException(name + ": ways must be positive, got " + ways);
        }
        if (lineSize < 8 || Integer.bitCount(lineSize) != 1) {
            throw new IllegalArgumentException(
                    name + ": line size must be a power of two >= 8 bytes, got " + lineSize);
        }
        long setBytes = (long) ways * lineSize;
        if (sizeBytes % setBytes != 0) {
            throw new IllegalArgumentException(name + ": size " + sizeBytes + " is not a multiple of ways * lineSize = "
                    + ways + " * " + lineSize + " = " + setBytes);
        }
        long sets = sizeBytes / setBytes;
        if (Long.bitCount(sets) != 1) {
            throw new IllegalArgumentException(name + ": number of sets must be a power of two, got " + sets
                    + " (size " + sizeBytes + " / (" + ways + " ways * " + lineSize + " B))");
        }
        if (sets > Integer.MAX_VALUE || sets * ways > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + ": too many lines (" + sets * ways + ")");
        }
        if (replacement == Replacement.TREE_PLRU && (Integer.bitCount(ways) != 1 || ways > MAX_PLRU_WAYS)) {
            throw new IllegalArgumentException(name + ": TREE_PLRU needs a power-of-two number of ways <= "
                    + MAX_PLRU_WAYS + ", got " + ways);
        }
    }

    /** Default L1D: 32 KiB, 8-way, 64 B lines, tree-PLRU (Intel Skylake-class L1D). */
    public static CacheGeometry l1dDefault() {
        return new CacheGeometry("L1D", 32 * 1024, 8, 64, Replacement.TREE_PLRU);
    }

    /** Default L2 (per core): 1 MiB, 16-way, 64 B lines, tree-PLRU. */
    public static CacheGeometry l2Default() {
        return new CacheGeometry("L2", 1024 * 1024, 16, 64, Replacement.TREE_PLRU);
    }

    /**
     * Default shared LLC: 8 MiB, 16-way, 64 B lines. Real Intel LLCs use adaptive policies that are not
     * published; LRU is the stand-in.
     */
    public static CacheGeometry llcDefault() {
        return new CacheGeometry("LLC", 8L * 1024 * 1024, 16, 64, Replacement.LRU);
    }

    /** Number of sets ({@code sizeBytes / (ways * lineSize)}), a power of two. */
    public int sets() {
        return (int) (sizeBytes / ((long) ways * lineSize));
    }

    /** Total number of lines ({@code sets * ways}). */
    public int lineCount() {
        return sets() * ways;
    }

    /** {@code log2(lineSize)}: the number of offset bits of an address. */
    public int lineShift() {
        return Integer.numberOfTrailingZeros(lineSize);
    }

    /** A stable hash (same in every JVM run). */
    public long stableHash() {
        long h = name.hashCode();
        h = h * 31 + sizeBytes;
        h = h * 31 + ways;
        h = h * 31 + lineSize;
        h = h * 31 + replacement.ordinal();
        return h;
    }
}
