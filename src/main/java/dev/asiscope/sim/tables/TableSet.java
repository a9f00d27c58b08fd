package dev.asiscope.sim.tables;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Several address spaces' trees read from the same machine state, and which paging-structure frames they
 * share. Two tables share a frame when both reach the same physical frame of the same memory domain (for
 * example a process's kernel table and the full table share everything below the direct map's PML4
 * entry); a shared frame is one structure in memory, so a change to it shows in every table that
 * reaches it.
 */
public final class TableSet {
    private final List<PageTableTree> trees;
    private final Map<String, PageTableTree> byName;
    /** domain -> frame -> names of the trees that reach it (in tree order). */
    private final Map<String, Map<Long, List<String>>> users = new HashMap<>();

    public TableSet(List<PageTableTree> trees) {
        this.trees = List.copyOf(trees);
        Map<String, PageTableTree> m = new LinkedHashMap<>();
        for (PageTableTree t : trees) {
            if (m.put(t.space().name(), t) != null) {
                throw new IllegalArgumentException("two address spaces named " + t.space().name());
            }
            Map<Long, List<String>> frames = users.computeIfAbsent(t.space().domain(), d -> new HashMap<>());
            for (PagingStructure s : t.structures()) {
                List<String> names = frames.computeIfAbsent(s.address(), a -> new ArrayList<>(2));
                if (!names.contains(t.space().name())) {
                    names.add(t.space().name());
                }
            }
        }
        this.byName = Collections.unmodifiableMap(m);
    }

    public List<PageTableTree> trees() {
        return trees;
    }

    /** The tree named {@code name}, or null. */
    public PageTableTree tree(String name) {
        return byName.get(name);
    }

    /** Names of every address space, in order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** Names of the trees (including {@code tree} itself) that reach the frame of {@code structure}. */
    public List<String> sharers(PageTableTree tree, PagingStructure structure) {
        Map<Long, List<String>> frames = users.get(tree.space().domain());
        List<String> names = frames == null ? null : frames.get(structure.address());
        return names == null ? List.of(tree.space().name()) : Collections.unmodifiableList(names);
    }

    /** Every frame reached by more than one tree, per domain, in address order: frame -> tree names. */
    public Map<String, Map<Long, List<String>>> sharedFrames() {
        Map<String, Map<Long, List<String>>> out = new TreeMap<>();
        for (Map.Entry<String, Map<Long, List<String>>> d : users.entrySet()) {
            Map<Long, List<String>> shared = new TreeMap<>(Long::compareUnsigned);
            for (Map.Entry<Long, List<String>> f : d.getValue().entrySet()) {
                if (f.getValue().size() > 1) {
                    shared.put(f.getKey(), List.copyOf(f.getValue()));
                }
            }
            if (!shared.isEmpty()) {
                out.put(d.getKey(), shared);
            }
        }
        return out;
    }
}
