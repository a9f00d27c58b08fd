package dev.asiscope.sim.tables;

/** What a paging-structure entry does for a walk that reads it. */
public enum EntryKind {
    /** P=0 (EPT: bits 2:0 all 0): the walk stops with a page fault (EPT violation). */
    NOT_PRESENT("not-present"),
    /** References the paging structure of the next level. */
    TABLE("table"),
    /** Maps a page: a PTE, or a PDE/PDPTE with PS=1 (SDM Vol. 3A 4.5). */
    LEAF("leaf"),
    /** Present with a reserved bit set: a walk faults with RSVD=1 (EPT: misconfiguration). */
    RESERVED("reserved");

    private final String id;

    EntryKind(String id) {
        this.id = id;
    }

    /** Lower-case name used in JSON. */
    public String id() {
        return id;
    }
}
