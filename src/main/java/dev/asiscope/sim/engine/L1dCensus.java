package dev.asiscope.sim.engine;

import dev.asiscope.sim.cache.CacheLine;
import dev.asiscope.sim.cache.CacheListener;
import dev.asiscope.sim.cache.HierarchyLevel;
import dev.asiscope.sim.cache.Invalidation;
import dev.asiscope.sim.cache.LineProvenance;
import dev.asiscope.sim.security.DataLabel;
import dev.asiscope.sim.security.SecurityDomain;
import java.util.ArrayList;

/**
 * Counts, per core, the L1D lines of each secret label, kept up to date from the hierarchy's fill,
 * evict and flush notifications, so that exposure can be checked after every step without scanning
 * the cache. Part of the machine state (copied with checkpoints). Which labels are secret and whose they
 * are is {@link DataLabel}'s to say.
 */
final class L1dCensus implements CacheListener {
    /** Per core, the L1D lines of each secret label, indexed by {@link DataLabel#index()}; grown as labels appear. */
    private final int[][] counts;
    /** Per core, the secret labels with lines in its L1D (a count above 0), unordered. */
    private final ArrayList<DataLabel>[] present;
    /**
     * Per core, {@link #present} in name order (the order {@link #foreignSecret} answers in), or null after the
     * set changed. The exposure check after every step reads this array; which labels are present changes only
     * when a count leaves or reaches 0, far less often than the check runs. Derived, not state: rebuilt on demand.
     */
    private final DataLabel[][] labels;
    /**
     * Per core, a count of the changes of which secret labels are present (a key added or removed): equal
     * counts mean the same labels, which is all {@link #foreignSecret} depends on. Derived, not state: a copy
     * starts at 0, and its readers ({@link ExposureTracker}) start over with it.
     */
    private final long[] keySetVersions;

    @SuppressWarnings({"unchecked", "rawtypes"})
    L1dCensus(int cores) {
        counts = new int[cores][];
        present = new ArrayList[cores];
        labels = new DataLabel[cores][];
        keySetVersions = new long[cores];
        for (int i = 0; i < cores; i++) {
            counts[i] = new int[16];
            present[i] = new ArrayList<>();
        }
    }

    L1dCensus copy() {
        L1dCensus c = new L1dCensus(counts.length);
        for (int i = 0; i < counts.length; i++) {
            c.counts[i] = counts[i].clone();
            c.present[i].addAll(present[i]);
        }
        return c;
    }

    /** Changes so far of which secret labels {@code core}'s L1D holds (see {@link #keySetVersions}). */
    long keySetVersion(int core) {
        return keySetVersions[core];
    }

    /** A secret label present in {@code core}'s L1D that belongs to a domain other than {@code domain}. */
    DataLabel foreignSecret(int core, SecurityDomain domain) {
        for (DataLabel l : sorted(core)) {
            if (l.isSecretOf(domain)) {
                return l;
            }
        }
        return null;
    }

    /** {@code core}'s present labels in name order. */
    private DataLabel[] sorted(int core) {
        DataLabel[] s = labels[core];
        if (s == null) {
            s = present[core].toArray(DataLabel[]::new);
            java.util.Arrays.sort(s);
            labels[core] = s;
        }
        return s;
    }

    private void add(int core, DataLabel label, int delta) {
        if (core < 0 || !label.isSecret()) {
            return;
        }
        int i = label.index();
        int[] c = counts[core];
        if (i >= c.length) {
            c = java.util.Arrays.copyOf(c, Math.max(i + 1, c.length * 2));
            counts[core] = c;
        }
        int before = c[i];
        int now = before + delta;
        c[i] = now;
        if (now == 0) {
            present[core].remove(label);
            labels[core] = null;
            keySetVersions[core]++;
        } else if (before == 0) {
            present[core].add(label);
            labels[core] = null;
            keySetVersions[core]++;
        }
    }

    /** Only the L1D is counted: the hierarchy then snapshots no L2/LLC victim for this always-attached listener. */
    @Override
    public boolean l1dOnly() {
        return true;
    }

    @Override
    public void onFill(int core, HierarchyLevel level, LineProvenance p, boolean writeBack) {
        if (level == HierarchyLevel.L1 && !writeBack) {
            add(core, p.label(), 1);
        }
    }

    @Override
    public void onEvict(int core, HierarchyLevel level, CacheLine victim) {
        if (level == HierarchyLevel.L1) {
            add(core, victim.provenance().label(), -1);
        }
    }

    @Override
    public void onFlush(int core, HierarchyLevel level, Invalidation dropped) {
        if (level == HierarchyLevel.L1) {
            for (CacheLine l : dropped.dropped()) {
                add(core, l.provenance().label(), -1);
            }
        }
    }

    /** Per core, each present label (in name order) with its count. */
    long stateHash() {
        long h = 0;
        for (int core = 0; core < counts.length; core++) {
            for (DataLabel l : sorted(core)) {
                h = h * 31 + l.name().hashCode() * 17L + counts[core][l.index()];
            }
            h = h * 131;
        }
        return h;
    }
}
