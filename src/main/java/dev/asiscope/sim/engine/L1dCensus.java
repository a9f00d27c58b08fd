package dev.asiscope.sim.engine;

import dev.asiscope.sim.cache.CacheLine;
import dev.asiscope.sim.cache.CacheListener;
import dev.asiscope.sim.cache.HierarchyLevel;
import dev.asiscope.sim.cache.Invalidation;
import dev.asiscope.sim.cache.LineProvenance;
import dev.asiscope.sim.security.DataLabel;
import dev.asiscope.sim.security.SecurityDomain;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts, per core, the L1D lines of each secret label, kept up to date from the hierarchy's fill,
 * evict and flush notifications, so that exposure can be checked after every step without scanning
 * the cache. Part of the machine state (copied with checkpoints). Which labels are secret and whose they
 * are is {@link DataLabel}'s to say.
 */
final class L1dCensus implements CacheListener {
    private final TreeMap<DataLabel, Integer>[] counts;
    /**
     * Per core, the labels of {@link #counts} in their order, or null after the key set changed: the exposure
     * check after every step ({@link #foreignSecret}) reads this array instead of iterating the map, which
     * allocates an iterator per call. Counts move by 1, so which labels count above 0 changes only when a key is
     * added or removed (a label at 0 is removed), far less often than the check runs. Derived, not state:
     * rebuilt on demand.
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
        counts = new TreeMap[cores];
        labels = new DataLabel[cores][];
        keySetVersions = new long[cores];
        for (int i = 0; i < cores; i++) {
            counts[i] = new TreeMap<>();
        }
    }

    L1dCensus copy() {
        L1dCensus c = new L1dCensus(counts.length);
        for (int i = 0; i < counts.length; i++) {
            c.counts[i].putAll(counts[i]);
        }
        return c;
    }

    /** Changes so far of which secret labels {@code core}'s L1D holds (see {@link #keySetVersions}). */
    long keySetVersion(int core) {
        return keySetVersions[core];
    }

    /** A secret label present in {@code core}'s L1D that belongs to a domain other than {@code domain}. */
    DataLabel foreignSecret(int core, SecurityDomain domain) {
        DataLabel[] present = labels[core];
        if (present == null) {
            present = counts[core].entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey)
                    .toArray(DataLabel[]::new);
            labels[core] = present;
        }
        for (DataLabel l : present) {
            if (l.isSecretOf(domain)) {
                return l;
            }
        }
        return null;
    }

    private void add(int core, DataLabel label, int delta) {
        if (core < 0) {
            return;
        }
        if (!label.isSecret()) {
            return;
        }
        Integer now = counts[core].merge(label, delta, Integer::sum);
        if (now == 0) {
            counts[core].remove(label);
            labels[core] = null;
            keySetVersions[core]++;
        } else if (now == delta) {
            labels[core] = null; // a new key
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

    long stateHash() {
        long h = 0;
        for (TreeMap<DataLabel, Integer> m : counts) {
            for (Map.Entry<DataLabel, Integer> e : m.entrySet()) {
                h = h * 31 + e.getKey().name().hashCode() * 17L + e.getValue();
            }
            h = h * 131;
        }
        return h;
    }
}
