package dev.asiscope.sim.cache;

import dev.asiscope.sim.security.DataLabel;
import dev.asiscope.sim.security.Context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs seeded random traces (reads, writes, single-line invalidations, whole-cache invalidations, and
 * side-effect-free inspections) through {@link Cache} and through a deliberately naive reference model,
 * and demands the same hit/miss sequence, the same victims (line and dirty bit), the same dropped lines and
 * the same counters.
 *
 * <p>The reference keeps, per set, an explicit recency list (LRU) or an array of ways plus a tree of node
 * objects walked by address ranges (tree-PLRU). It shares no code with {@link Cache}.
 */
class CacheReferenceTest {

    // ------------------------------------------------------------------------------------------------
    // The reference model

    /** One line in the reference. */
    private static final class RefLine {
        final long lineAddr;
        boolean dirty;

        RefLine(long lineAddr, boolean dirty) {
            this.lineAddr = lineAddr;
            this.dirty = dirty;
        }
    }

    /** A node of an explicit PLRU tree covering ways [lo, hi). */
    private static final class Node {
        final int lo;
        final int hi;
        final Node left;
        final Node right;
        boolean victimOnRight;

        Node(int lo, int hi) {
            this.lo = lo;
            this.hi = hi;
            if (hi - lo > 1) {
                int mid = (lo + hi) / 2;
                left = new Node(lo, mid);
                right = new Node(mid, hi);
            } else {
                left = null;
                right = null;
            }
        }

        void touch(int way) {
            if (left == null) {
                return;
            }
            if (way < left.hi) {
                victimOnRight = true;
                left.touch(way);
            } else {
                victimOnRight = false;
                right.touch(way);
            }
        }

        int victim() {
            if (left == null) {
                return lo;
            }
            return victimOnRight ? right.victim() : left.victim();
        }

        void reset() {
            victimOnRight = false;
            if (left != null) {
                left.reset();
                right.reset();
            }
        }
    }

    /** What an access did, in the reference's terms. */
    private record Result(boolean hit, Long victimLine, boolean victimDirty) {
    }

    private static final class ReferenceCache {
        final int sets;
        final int ways;
        final int lineSize;
        final boolean plru;
        /** LRU: per set, most recent first. */
        final List<LinkedList<RefLine>> recency = new ArrayList<>();
        /** PLRU: per set, ways (null = invalid) and a tree. */
        final List<RefLine[]> wayArrays = new ArrayList<>();
        final List<Node> trees = new ArrayList<>();
        long hits;
        long misses;
        long fills;
        long evictions;
        long writebacks;
        long invalidations;

        ReferenceCache(int sets, int ways, int lineSize, boolean plru) {
            this.sets = sets;
            this.ways = ways;
            this.lineSize = lineSize;
            this.plru = plru;
            for (int s = 0; s < sets; s++) {
                recency.add(new LinkedList<>());
                wayArrays.add(new RefLine[ways]);
                trees.add(new Node(0, ways));
            }
        }

        long lineOf(long pa) {
            return Long.divideUnsigned(pa, lineSize) * lineSize;
        }

        int setOf(long pa) {
            return (int) Long.remainderUnsigned(Long.divideUnsigned(pa, lineSize), sets);
        }

        /** Lookup; on a miss, fill (write-allocate). */
        Result access(long pa, boolean write) {
            long line = lineOf(pa);
            int s = setOf(pa);
            if (!plru) {
                LinkedList<RefLine> list = recency.get(s);
                for (RefLine l : list) {
                    if (l.lineAddr == line) {
                        hits++;
                        l.dirty |= write;
                        list.remove(l);
                        list.addFirst(l);
                        return new Result(true, null, false);
                    }
                }
                misses++;
                fills++;
                RefLine victim = null;
                if (list.size() == ways) {
                    victim = list.removeLast();
                    evictions++;
                    if (victim.dirty) {
                        writebacks++;
                    }
                }
                list.addFirst(new RefLine(line, write));
                return victim == null ? new Result(false, null, false) : new Result(false, victim.lineAddr, victim.dirty);
            }
            RefLine[] arr = wayArrays.get(s);
            Node tree = trees.get(s);
            for (int w = 0; w < ways; w++) {
                if (arr[w] != null && arr[w].lineAddr == line) {
                    hits++;
                    arr[w].dirty |= write;
                    tree.touch(w);
                    return new Result(true, null, false);
                }
            }
            misses++;
            fills++;
            int target = -1;
            for (int w = 0; w < ways && target < 0; w++) {
                if (arr[w] == null) {
                    target = w;
                }
            }
            RefLine victim = null;
            if (target < 0) {
                target = tree.victim();
                victim = arr[target];
                evictions++;
                if (victim.dirty) {
                    writebacks++;
                }
            }
            arr[target] = new RefLine(line, write);
            tree.touch(target);
            return victim == null ? new Result(false, null, false) : new Result(false, victim.lineAddr, victim.dirty);
        }

        /** The line a fill of pa would evict, or null. */
        Long predictedVictim(long pa) {
            long line = lineOf(pa);
            int s = setOf(pa);
            if (!plru) {
                LinkedList<RefLine> list = recency.get(s);
                boolean present = list.stream().anyMatch(l -> l.lineAddr == line);
                return present || list.size() < ways ? null : list.getLast().lineAddr;
            }
            RefLine[] arr = wayArrays.get(s);
            for (RefLine l : arr) {
                if (l == null || l.lineAddr == line) {
                    return null;
                }
            }
            return arr[trees.get(s).victim()].lineAddr;
        }

        /** Drops a line; returns it (with dirty) or null. */
        RefLine invalidate(long pa) {
            long line = lineOf(pa);
            int s = setOf(pa);
            RefLine found = null;
            if (!plru) {
                for (RefLine l : recency.get(s)) {
                    if (l.lineAddr == line) {
                        found = l;
                    }
                }
                recency.get(s).remove(found);
            } else {
                RefLine[] arr = wayArrays.get(s);
                for (int w = 0; w < ways; w++) {
                    if (arr[w] != null && arr[w].lineAddr == line) {
                        found = arr[w];
                        arr[w] = null;
                    }
                }
            }
            if (found != null) {
                invalidations++;
                if (found.dirty) {
                    writebacks++;
                }
            }
            return found;
        }

        /** Drops everything; returns [dropped, dirty]. */
        int[] invalidateAll() {
            int dropped = 0;
            int dirty = 0;
            for (int s = 0; s < sets; s++) {
                List<RefLine> all = new ArrayList<>(recency.get(s));
                for (RefLine l : wayArrays.get(s)) {
                    if (l != null) {
                        all.add(l);
                    }
                }
                for (RefLine l : all) {
                    dropped++;
                    if (l.dirty) {
                        dirty++;
                    }
                }
                recency.get(s).clear();
                java.util.Arrays.fill(wayArrays.get(s), null);
                trees.get(s).reset();
            }
            invalidations += dropped;
            writebacks += dirty;
            return new int[] {dropped, dirty};
        }

        /** Every valid line as "set:line:dirty", sorted (way positions for PLRU too). */
        List<String> contents() {
            List<String> out = new ArrayList<>();
            for (int s = 0; s < sets; s++) {
                for (RefLine l : recency.get(s)) {
                    out.add(s + ":" + Long.toHexString(l.lineAddr) + ":" + l.dirty);
                }
                RefLine[] arr = wayArrays.get(s);
                for (int w = 0; w < ways; w++) {
                    if (arr[w] != null) {
                        out.add(s + ":" + Long.toHexString(arr[w].lineAddr) + ":" + arr[w].dirty + "@" + w);
                    }
                }
            }
            out.sort(null);
            return out;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // The traces

    static Stream<Arguments> geometries() {
        List<Arguments> out = new ArrayList<>();
        int[][] shapes = { // sets, ways, lineSize
            {1, 4, 64}, {1, 16, 64}, {8, 1, 64}, {4, 2, 64}, {64, 8, 64}, {16, 16, 64}, {2, 64, 64},
            {32, 4, 32}, {8, 8, 128}, {1024, 16, 64}};
        for (int[] sh : shapes) {
            for (Replacement r : Replacement.values()) {
                for (long seed : new long[] {1, 42, 0xC0FFEE}) {
                    out.add(Arguments.of(sh[0], sh[1], sh[2], r, seed));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} sets x {1} ways x {2} B, {3}, seed {4}")
    @MethodSource("geometries")
    void randomTraceMatchesReference(int sets, int ways, int lineSize, Replacement replacement, long seed) {
        CacheGeometry g = new CacheGeometry("T", (long) sets * ways * lineSize, ways, lineSize, replacement);
        Cache cache = new Cache(g);
        ReferenceCache ref = new ReferenceCache(sets, ways, lineSize, replacement == Replacement.TREE_PLRU);
        Random rnd = new Random(seed);
        // Lines from a pool about twice the cache size, spread over a few high address regions (tags above
        // bit 32), with a hot subset so both hits and conflict misses are frequent.
        int pool = Math.max(4, 2 * sets * ways);
        long[] bases = {0, 0x1_0000_0000L, 0x7f_0000_0000L, 0x3f_ffff_0000_0000L};
        int steps = 20_000;
        for (int step = 0; step < steps; step++) {
            int lineIdx = rnd.nextInt(4) == 0 ? rnd.nextInt(Math.max(1, pool / 8)) : rnd.nextInt(pool);
            long pa = bases[rnd.nextInt(bases.length)] + (long) lineIdx * lineSize + rnd.nextInt(lineSize);
            int op = rnd.nextInt(1000);
            String where = "step " + step + " pa 0x" + Long.toHexString(pa);
            if (op < 2) {
                int[] expected = ref.invalidateAll();
                Invalidation inv = cache.invalidateAll();
                assertEquals(expected[0], inv.count(), where + " invalidateAll dropped");
                assertEquals(expected[1], inv.writebacks(), where + " invalidateAll dirty");
            } else if (op < 60) {
                RefLine expected = ref.invalidate(pa);
                CacheLine got = cache.invalidate(pa);
                if (expected == null) {
                    assertNull(got, where + " invalidate");
                } else {
                    assertEquals(expected.lineAddr, got.physicalLine(), where + " invalidate line");
                    assertEquals(expected.dirty, got.dirty(), where + " invalidate dirty");
                }
            } else if (op < 120) {
                // Inspections must not change anything the reference would notice later.
                cache.peek(pa);
                cache.contains(pa);
                cache.provenanceOf(pa);
                CacheLine v = cache.peekVictim(pa);
                Long predicted = ref.predictedVictim(pa);
                assertEquals(predicted, v == null ? null : v.physicalLine(), where + " peekVictim");
                if (step % 50 == 0) {
                    cache.lines();
                    cache.line(rnd.nextInt(sets), rnd.nextInt(ways));
                    cache.stateHash();
                }
            } else {
                boolean write = op >= 700;
                Result expected = ref.access(pa, write);
                boolean hit = cache.lookup(pa, write);
                assertEquals(expected.hit(), hit, where + " hit/miss");
                if (!hit) {
                    long line = cache.lineAddress(pa);
                    CacheLine victim = cache.fill(pa, prov(line, step), write);
                    if (expected.victimLine() == null) {
                        assertNull(victim, where + " victim");
                    } else {
                        assertEquals(expected.victimLine().longValue(), victim.physicalLine(), where + " victim line");
                        assertEquals(expected.victimDirty(), victim.dirty(), where + " victim dirty");
                        assertEquals(victim.physicalLine(), victim.provenance().physicalLine(), where + " victim provenance");
                    }
                }
            }
        }
        assertEquals(ref.hits, cache.hits(), "hits");
        assertEquals(ref.misses, cache.misses(), "misses");
        assertEquals(ref.fills, cache.fills(), "fills");
        assertEquals(ref.evictions, cache.evictions(), "evictions");
        assertEquals(ref.writebacks, cache.writebacks(), "writebacks");
        assertEquals(ref.invalidations, cache.invalidations(), "invalidations");
        assertEquals(ref.contents(), contents(cache, replacement == Replacement.TREE_PLRU), "final contents");
    }

    private static List<String> contents(Cache cache, boolean withWay) {
        List<String> out = new ArrayList<>();
        for (CacheLine l : cache.lines()) {
            out.add(l.set() + ":" + Long.toHexString(l.physicalLine()) + ":" + l.dirty() + (withWay ? "@" + l.way() : ""));
        }
        out.sort(null);
        return out;
    }

    private static LineProvenance prov(long line, long cycle) {
        return new LineProvenance(DataLabel.of("ref"), 0, Context.hostKernel(false, -1), null, null, cycle, AccessOrigin.ARCHITECTURAL, line);
    }
}
