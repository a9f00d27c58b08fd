package dev.asiscope.sim.paging;

/** The kind of a linear-address access, as the SDM distinguishes them for paging. */
public enum AccessType {
    READ("read"), WRITE("write"), FETCH("fetch");

    private final String id;

    AccessType(String id) {
        this.id = id;
    }

    /** The lower-case name used on the command line and in files. */
    public String id() {
        return id;
    }

    /** Parses {@code read}, {@code write} or {@code fetch}. */
    public static AccessType fromId(String id) {
        for (AccessType t : values()) {
            if (t.id.equals(id)) {
                return t;
            }
        }
        throw new IllegalArgumentException("expected read, write or fetch, got '" + id + "'");
    }
}
