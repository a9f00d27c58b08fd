package dev.asiscope.sim.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CacheGeometryTest {

    @Test
    void defaultsMatchTheModel() {
        CacheGeometry l1 = CacheGeometry.l1dDefault();
        assertEquals(32 * 1024, l1.sizeBytes());
        assertEquals(8, l1.ways());
        assertEquals(64, l1.lineSize());
        assertEquals(64, l1.sets());
        assertEquals(Replacement.TREE_PLRU, l1.replacement());
        CacheGeometry l2 = CacheGeometry.l2Default();
        assertEquals(1024 * 1024, l2.sizeBytes());
        assertEquals(16, l2.ways());
        assertEquals(1024, l2.sets());
        CacheGeometry llc = CacheGeometry.llcDefault();
        assertEquals(8L * 1024 * 1024, llc.sizeBytes());
        assertEquals(16, llc.ways());
        assertEquals(8192, llc.sets());
        assertEquals(8192 * 16, llc.lineCount());
        assertEquals(6, llc.lineShift());
    }

    @Test
    void setsMustBeAPowerOfTwo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CacheGeometry("X", 3 * 8 * 64, 8, 64, Replacement.LRU));
        assertTrue(e.getMessage().contains("X: number of sets must be a power of two, got 3"), e.getMessage());
    }

    @Test
    void sizeMustBeWholeSets() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CacheGeometry("X", 1000, 8, 64, Replacement.LRU));
        assertTrue(e.getMessage().contains("not a multiple of ways * lineSize"), e.getMessage());
    }

    @Test
    void lineSizeMustBeAPowerOfTwoOfAtLeast8() {
        assertThrows(IllegalArgumentException.class, () -> new CacheGeometry("X", 48 * 64, 1, 48, Replacement.LRU));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CacheGeometry("X", 4 * 4, 1, 4, Replacement.LRU));
        assertTrue(e.getMessage().contains("line size must be a power of two >= 8"), e.getMessage());
    }

    @Test
    void positiveSizeAndWays() {
        assertThrows(IllegalArgumentException.class, () -> new CacheGeometry("X", 0, 8, 64, Replacement.LRU));
        assertThrows(IllegalArgumentException.class, () -> new CacheGeometry("X", -64, 1, 64, Replacement.LRU));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CacheGeometry("X", 4096, 0, 64, Replacement.LRU));
        assertTrue(e.getMessage().contains("ways must be positive"), e.getMessage());
        assertThrows(NullPointerException.class, () -> new CacheGeometry(null, 4096, 1, 64, Replacement.LRU));
        assertThrows(NullPointerException.class, () -> new CacheGeometry("X", 4096, 1, 64, null));
    }

    @Test
    void plruNeedsPowerOfTwoWaysUpTo64() {
        // 12-way, 4 sets: a valid LRU cache, not a valid tree-PLRU one (like a 48 KiB 12-way L1D).
        CacheGeometry lru = new CacheGeometry("L1D", 48 * 1024, 12, 64, Replacement.LRU);
        assertEquals(64, lru.sets());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CacheGeometry("L1D", 48 * 1024, 12, 64, Replacement.TREE_PLRU));
        assertTrue(e.getMessage().contains("TREE_PLRU needs a power-of-two number of ways"), e.getMessage());
        assertEquals(64, new CacheGeometry("F", 64 * 64, 64, 64, Replacement.TREE_PLRU).ways());
        assertThrows(IllegalArgumentException.class,
                () -> new CacheGeometry("F", 128 * 64, 128, 64, Replacement.TREE_PLRU));
        assertEquals(128, new CacheGeometry("F", 128 * 64, 128, 64, Replacement.LRU).ways());
    }
}
