package dev.asiscope.ui.views;

import dev.asiscope.ui.annotate.AnchorKind;
import dev.asiscope.ui.annotate.Rect;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Where the last paint drew the things an {@link dev.asiscope.ui.annotate.Anchor} can name (a region's row,
 * an L1D line, a page-table entry, a core, an event marker), in view pixels, so the view can answer
 * {@link dev.asiscope.ui.annotate.AnchorLocator#locate} from the same layout it painted. A grid of hundreds of
 * cells registers one finder rather than one box per cell. The first registered match wins, so a view
 * registers an emphasised drawing of a thing (an enlarged secret line) before the grid it sits in.
 */
final class AnchorBoxes {
    private record Entry(AnchorKind kind, int core, long from, long to, Rect box, LongFunction<Rect> finder,
            Picker picker) {
    }

    /** Names the thing a finder draws at a point: its address, or -1 when the point is on none. */
    @FunctionalInterface
    interface Picker {
        long addressAt(double x, double y);
    }

    /** A thing drawn at a point: what it is and its box in view pixels. */
    record Found(AnchorKind kind, int core, long address, Rect box) {
    }

    private final List<Entry> entries = new ArrayList<>();

    void clear() {
        entries.clear();
    }

    /** The thing of {@code kind} on {@code core} covering addresses {@code [from, to)} is drawn in this box. */
    void add(AnchorKind kind, int core, long from, long to, double x, double y, double w, double h) {
        if (w > 0 && h > 0) {
            entries.add(new Entry(kind, core, from, to, new Rect(x, y, w, h), null, null));
        }
    }

    /** {@code finder} answers for things of {@code kind} on {@code core}: their box, or null when not drawn. */
    void add(AnchorKind kind, int core, LongFunction<Rect> finder) {
        add(kind, core, finder, null);
    }

    /**
     * {@code finder} answers for things of {@code kind} on {@code core}, and {@code picker} (may be null) names
     * the one at a point, so the editor can anchor to it.
     */
    void add(AnchorKind kind, int core, LongFunction<Rect> finder, Picker picker) {
        entries.add(new Entry(kind, core, 0, -1, null, finder, picker));
    }

    /**
     * The thing drawn at ({@code x}, {@code y}): of all the registered things whose box holds the point, a
     * box registered on its own before a grid's cell (an enlarged line before the grid cell it covers), the
     * later of two such boxes (as in {@link HitMap}, where the later is on top: two neighbours whose boxes
     * meet, their shared edge rounded apart, name the same one in both), a core only when nothing in it is
     * there (an L1D line rather than the core's caches around it). Only a thing that {@link #find} locates
     * at the point counts: a line also drawn in a fill-buffer slot is named in the L1D grid, where it is
     * located, and at its slot the core around it is named instead.
     */
    Optional<Found> at(double x, double y) {
        Found best = null;
        boolean bestIsBox = false;
        for (Entry e : entries) {
            Found f = null;
            if (e.box() != null) {
                if (holds(e.box(), x, y)) {
                    f = new Found(e.kind(), e.core(), e.from(), e.box());
                }
            } else if (e.picker() != null) {
                // The picker is the view's own hit test of its grid: what it names is there, even on a cell's
                // edge where the box's sum (x + w) and the picker's division round apart.
                long address = e.picker().addressAt(x, y);
                Rect r = address == -1 ? null : e.finder().apply(address);
                if (r != null) {
                    f = new Found(e.kind(), e.core(), address, r);
                }
            }
            // A thing drawn twice (a line in the L1D grid and in a fill-buffer slot) is located where it is
            // drawn first; elsewhere it does not count, so an annotation never jumps to the other drawing.
            Found named = f;
            Optional<Rect> located = f == null ? Optional.empty()
                    : find(f.kind(), f.core(), f.address()).filter(r -> r.equals(named.box()) || holds(r, x, y));
            boolean core = f != null && f.kind() == AnchorKind.CORE;
            if (located.isPresent() && (best == null || best.kind() == AnchorKind.CORE && !core
                    || bestIsBox && e.box() != null && !core && best.kind() != AnchorKind.CORE)) {
                best = new Found(f.kind(), f.core(), f.address(), located.get());
                bestIsBox = e.box() != null;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Whether the point is in the box as the mouse's hit test counts it ({@link HitMap}): its left and top
     * edges in, its right and bottom edges out (they are the next cell's), so the editor names the thing
     * the hit test finds even on the line two cells share.
     */
    private static boolean holds(Rect r, double x, double y) {
        return x >= r.x() && y >= r.y() && x < r.maxX() && y < r.maxY();
    }

    /** The box of the thing of {@code kind} on {@code core} at {@code address}, if the paint drew it. */
    Optional<Rect> find(AnchorKind kind, int core, long address) {
        for (Entry e : entries) {
            if (e.kind() != kind || e.core() != core) {
                continue;
            }
            if (e.finder() != null) {
                Rect r = e.finder().apply(address);
                if (r != null) {
                    return Optional.of(r);
                }
            } else if (Long.compareUnsigned(address, e.from()) >= 0 && Long.compareUnsigned(address, e.to()) < 0) {
                return Optional.of(e.box());
            }
        }
        return Optional.empty();
    }
}
