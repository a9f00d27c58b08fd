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

    @SuppressWarnings({"unchecked", "rawtypes"})
    L1dCensus(int cores) {
        counts = new TreeMap[cores];
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

    /** A secret label present in {@code core}'s L1D that belongs to a domain other than {@code domain}. */
    DataLabel foreignSecret(int core, SecurityDomain domain) {
        for (Map.Entry<DataLabel, Integer> e : counts[core].entrySet()) {
            if (e.getValue() > 0 && e.getKey().isSecretOf(domain)) {
                return e.getKey();
            }
        }
        return null;
    }

    private void add(int core, String name, int delta) {
        if (core < 0) {
            return;
        }
        DataLabel label = DataLabel.of(name);
        if (!label.isSecret()) {
            return;
        }
        counts[core].merge(label, delta, Integer::sum);
        if (counts[core].get(label) == 0) {
            counts[core].remove(label);
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
