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
                                    if (hit instanceof CacheLine l) {
                                        assertEquals(anchor.address(), l.physicalLine(), at);
                                    }
                                }
                                case PTE -> {
                                    if (hit instanceof WalkStep st) {
                                        assertEquals(anchor.address(), st.entryAddress(), at);
                                    } else if (hit instanceof PageTableCell c) {
                                        assertEquals(anchor.address(), c.entry().entryAddress(), at);
                                    }
                                }
                                case REGION -> {
                                    if (hit instanceof PlacedRegion r) {
                                        assertTrue(r.containsPhysical(anchor.address()), at + " in " + r.name());
                                    }
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
}
