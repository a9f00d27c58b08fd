package dev.asiscope.sim.mem;

/**
 * The sensitivity class of a physical frame, as in the 2022 ASI RFC: sensitive memory is mapped only in
 * the full (unrestricted) kernel page table; global non-sensitive memory in every restricted space;
 * local non-sensitive memory only in its owner's (VM's or process's) restricted space.
 */
public enum Sensitivity {
    SENSITIVE("sensitive"),
    GLOBAL_NONSENSITIVE("global-nonsensitive"),
    LOCAL_NONSENSITIVE("local-nonsensitive");

    private final String id;

    Sensitivity(String id) {
        this.id = id;
    }

    /** The name used in scenario files and reports. */
    public String id() {
        return id;
    }

    /** Parses a scenario-file name ({@code sensitive}, {@code global-nonsensitive}, {@code local-nonsensitive}). */
    public static Sensitivity fromId(String id) {
        for (Sensitivity s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown sensitivity class '" + id + "'");
    }
}
