package dev.asiscope.ui.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.sim.cache.CacheLine;
import dev.asiscope.sim.engine.Event;
import dev.asiscope.sim.kernel.PlacedRegion;
import dev.asiscope.sim.paging.WalkStep;
import dev.asiscope.ui.annotate.Anchor;
import dev.asiscope.ui.annotate.AnchorKind;
import dev.asiscope.ui.annotate.Rect;
import dev.asiscope.ui.core.MachineView;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the editor anchors to: for every view, session and size, at points all over the view, the thing a
 * view names at a point ({@code anchorAt}) is drawn there ({@code locate} gives a box holding the point (an
 * event: its marker's column of the lane, within the pointer's pick radius), and
 * the anchor's fallback is that box in fractions of the view), and it is the thing the view's own hit test
 * finds there (the same L1D line, page-table entry, region, CPU lane).
 */
class AnchorAtTest {
    @Test
    void theThingNamedAtAPointIsDrawnThereAndIsWhatTheHitTestFinds() {
        Set<AnchorKind> seen = EnumSet.noneOf(AnchorKind.class);
        int anchored = 0;
        for (SimSession s : AllViewsTest.sessions()) {
            for (MachineView mv : AllViewsTest.views()) {
                PaintedView v = (PaintedView) mv;
                for (double[] size : new double[][] {{1600, 1000}, {800, 380}, {520, 300}}) {
                    double w = size[0];
                    double h = size[1];
                    v.paint(new RecordingDrawContext(), w, h, s, Theme.LIGHT);
                    for (double y = 3; y < h; y += 9) {
                        for (double x = 3; x < w; x += 13) {
                            Optional<Anchor> a = v.anchorAt(x, y, w, h, s);
                            if (a.isEmpty()) {
                                continue;
                            }
                            anchored++;
                            Anchor anchor = a.get();
                            seen.add(anchor.kind());
                            String at = v.id() + " " + w + "x" + h + " at (" + x + ", " + y + "): " + anchor;
                            Rect box = v.locate(anchor, w, h, s).orElseThrow(() -> new AssertionError("not located: " + at));
                            // An event's box is its marker on the lane's band; the lane's label strip above the
                            // band names the same event, and the pointer picks a marker within 8 px (the hit test's
                            // radius).
                            assertTrue(anchor.kind() == AnchorKind.EVENT ? x >= box.x() - 8 && x <= box.maxX() + 8
                                    : box.contains(x, y), at + " is drawn at " + box);
                            Rect f = anchor.fallback();
                            assertEquals(box.x() / w, f.x(), 1e-9, at);
                            assertEquals(box.w() / w, f.w(), 1e-6, at);
                            Object hit = v.hitTest(x, y, w, h, s);
                            switch (anchor.kind()) {
                                case CACHE_LINE -> {
                                    long line = hit instanceof CacheLine l ? l.physicalLine()
                                            : hit instanceof dev.asiscope.sim.cache.LfbEntry slot ? slot.physicalLine() : -1;
                                    assertEquals(anchor.address(), line, at + ": the hit test finds that line: " + hit);
                                }
                                case PTE -> {
                                    // A guest walk's level box holds the EPT translation of the entry's
                                    // guest-physical address.
                                    long entry = hit instanceof WalkStep st ? st.entryAddress()
                                            : hit instanceof PageTableCell c ? c.entry().entryAddress()
                                            : hit instanceof EptTranslation t ? t.guestPhysical() : -1;
                                    assertEquals(anchor.address(), entry, at + ": the hit test finds that entry: " + hit);
                                }
                                case REGION -> {
                                    PlacedRegion r = hit instanceof PlacedRegion pr ? pr
                                            : hit instanceof PageMapping pm ? pm.region() : null;
                                    assertTrue(r != null && r.containsPhysical(anchor.address()),
                                            at + ": the hit test finds that region: " + hit);
                                }
                                case EVENT -> assertTrue(hit instanceof Event e && e.cpu() == anchor.core()
                                        && e.cycle() == anchor.address()
                                        || hit instanceof TimelineView.LanePoint p && p.cpu() == anchor.core(),
                                        at + " hit " + hit);
                                default -> {
                                }
                            }
                        }
                    }
                }
            }
        }
        assertTrue(anchored > 1000, "anchors found: " + anchored);
        assertEquals(EnumSet.allOf(AnchorKind.class), seen, "every kind of thing can be anchored to");
    }

    /**
     * The mouse and the editor give one answer on the edges of the grids' cells too: at a cell's left, top,
     * right and bottom edge, a hair inside and a hair outside each, and just outside the view (negative
     * coordinates, beyond its width), an L1D line or a page-table entry the editor anchors to is the one the
     * hit test finds, and a line or entry the hit test finds is one the editor anchors to (unless the view
     * locates it elsewhere: a line in a fill-buffer slot is anchored in its L1D grid).
     */
    @Test
    void theHitTestAndTheAnchorAgreeOnEveryCellsEdges() {
        int checked = 0;
        for (SimSession s : AllViewsTest.sessions()) {
            for (PaintedView v : java.util.List.of(new CacheView(), new PageTableView())) {
                for (double[] size : new double[][] {{1600, 1000}, {800, 380}}) {
                    double w = size[0];
                    double h = size[1];
                    v.paint(new RecordingDrawContext(), w, h, s, Theme.LIGHT);
                    java.util.Set<Rect> cells = new java.util.LinkedHashSet<>();
                    for (double y = 3; y < h; y += 9) {
                        for (double x = 3; x < w; x += 11) {
                            v.anchorAt(x, y, w, h, s).filter(a -> a.kind() == AnchorKind.CACHE_LINE
                                    || a.kind() == AnchorKind.PTE).flatMap(a -> v.locate(a, w, h, s))
                                    .ifPresent(cells::add);
                        }
                    }
                    double e = 1e-6;
                    // A sample of the cells (a grid's edges are alike), each at its edges.
                    java.util.List<Rect> all = new java.util.ArrayList<>(cells);
                    int stride = Math.max(1, all.size() / 150);
                    for (int i = 0; i < all.size(); i += stride) {
                        Rect c = all.get(i);
                        for (double x : new double[] {c.x() - e, c.x(), c.centerX(), c.maxX() - e, c.maxX(), c.maxX() + e}) {
                            for (double y : new double[] {c.y() - e, c.y(), c.centerY(), c.maxY() - e, c.maxY(), c.maxY() + e}) {
                                checked += agree(v, x, y, w, h, s);
                            }
                        }
                    }
                    for (double y = -1; y <= h + 1; y += h / 37) {
                        checked += agree(v, -0.5, y, w, h, s) + agree(v, -1e-9, y, w, h, s) + agree(v, w, y, w, h, s);
                    }
                }
            }
        }
        assertTrue(checked > 5000, "line and entry answers compared: " + checked);
    }

    /** Checks one point; 1 when the hit test or the editor named a line or an entry there. */
    private static int agree(PaintedView v, double x, double y, double w, double h, SimSession s) {
        Object hit = v.hitTest(x, y, w, h, s);
        Optional<Anchor> a = v.anchorAt(x, y, w, h, s);
        // A line in a fill-buffer slot is that line too.
        long hitAddress = hit instanceof CacheLine l ? l.physicalLine()
                : hit instanceof dev.asiscope.sim.cache.LfbEntry f ? f.physicalLine()
                : hit instanceof PageTableCell c ? c.entry().entryAddress() : -1;
        Optional<Anchor> named = a.filter(k -> k.kind() == AnchorKind.CACHE_LINE || k.kind() == AnchorKind.PTE);
        String at = v.id() + " " + w + "x" + h + " at (" + x + ", " + y + "): hit " + hit + ", anchor " + a;
        if (named.isPresent()) {
            assertTrue(hitAddress != -1, at + ": the editor names a line or entry the hit test does not find");
            assertEquals(named.get().address(), hitAddress, at);
        } else if (hitAddress != -1) {
            int core = a.map(Anchor::core).orElse(0);
            Anchor probe = !(hit instanceof PageTableCell) ? Anchor.cacheLine(core, hitAddress, new Rect(0, 0, 1, 1))
                    : Anchor.pte(hitAddress, new Rect(0, 0, 1, 1));
            assertTrue(v.locate(probe, w, h, s).filter(r -> r.contains(x, y)).isEmpty(),
                    at + ": the hit test finds a line or entry drawn here that the editor cannot anchor to");
        }
        return hitAddress != -1 || named.isPresent() ? 1 : 0;
    }
}
