package dev.asiscope.ui.annotate;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.asiscope.scenario.HexLongDeserializer;

/**
 * A model object an annotation follows. While the view can {@link AnchorLocator locate} it, the
 * annotation's points are in units of the object's box ((0,0) its top-left corner, (1,1) its bottom-right),
 * so the annotation moves with the object when the layout changes (a highlight grows with it; an arrow, a
 * callout, a step or a text keeps the size the box had when placed: see {@link AnnotationLayout#frame}).
 * When the view cannot
 * locate it (the view does not implement {@link AnchorLocator}, or the object is not on screen), the
 * box it had when the annotation was made is used instead.
 *
 * @param kind     what the object is
 * @param address  physical line address (cache line), entry address (PTE), a physical address inside the
 *                 region (region), the cycle (event); 0 for a core
 * @param core     core index (cache line, core), logical CPU (event); 0 for a PTE or a region
 * @param fallback the object's box when the annotation was placed, in fractions of the view (0..1)
 */
public record Anchor(AnchorKind kind,
        @JsonSerialize(using = HexLongSerializer.class) @JsonDeserialize(using = HexLongDeserializer.class)
        long address,
        int core,
        Rect fallback) {
    public Anchor {
        if (kind == null) {
            throw new IllegalArgumentException("an anchor needs a kind (cache-line, pte, core, region, event)");
        }
        if (fallback == null || !(fallback.w() > 0) || !(fallback.h() > 0)) {
            throw new IllegalArgumentException("an anchor needs a fallback box with positive width and height");
        }
    }

    public static Anchor cacheLine(int core, long lineAddress, Rect fallback) {
        return new Anchor(AnchorKind.CACHE_LINE, lineAddress, core, fallback);
    }

    public static Anchor pte(long entryAddress, Rect fallback) {
        return new Anchor(AnchorKind.PTE, entryAddress, 0, fallback);
    }

    public static Anchor core(int index, Rect fallback) {
        return new Anchor(AnchorKind.CORE, 0, index, fallback);
    }

    /** The region holding {@code physicalAddress}. */
    public static Anchor region(long physicalAddress, Rect fallback) {
        return new Anchor(AnchorKind.REGION, physicalAddress, 0, fallback);
    }

    /** The marker of an event at {@code cycle} on logical CPU {@code cpu}'s lane. */
    public static Anchor event(int cpu, long cycle, Rect fallback) {
        return new Anchor(AnchorKind.EVENT, cycle, cpu, fallback);
    }

    /** The same object with another fallback box. */
    public Anchor withFallback(Rect box) {
        return new Anchor(kind, address, core, box);
    }

    /** True if both name the same model object (whatever their fallback boxes). */
    public boolean sameObject(Anchor o) {
        return o != null && kind == o.kind && address == o.address && core == o.core;
    }
}
