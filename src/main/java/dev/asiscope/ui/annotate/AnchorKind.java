package dev.asiscope.ui.annotate;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The kinds of model object an annotation can follow. */
public enum AnchorKind {
    /** An L1D line: {@link Anchor#address()} is its physical line address, {@link Anchor#core()} the core. */
    CACHE_LINE,
    /** A page-table entry: {@link Anchor#address()} is the entry's physical address. */
    PTE,
    /** A physical core: {@link Anchor#core()} is its index. */
    CORE,
    /** A memory region (its row in the address-spaces view): {@link Anchor#address()} is a physical address in it. */
    REGION,
    /**
     * An event marker on the timeline: {@link Anchor#address()} is the event's cycle, {@link Anchor#core()} the
     * logical CPU whose lane shows it.
     */
    EVENT;

    /** The id in workspace files: {@code cache-line}, {@code pte}, {@code core}. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static AnchorKind fromId(String id) {
        for (AnchorKind k : values()) {
            if (k.id().equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown anchor kind '" + id + "' (known: cache-line, pte, core, region, event)");
    }
}
