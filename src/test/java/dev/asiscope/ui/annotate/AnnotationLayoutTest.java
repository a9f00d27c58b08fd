package dev.asiscope.ui.annotate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.ui.export.TestViews.CoreBoxes;
import dev.asiscope.ui.draw.DrawContext;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnnotationLayoutTest {
    /** Measures 0.6 em per character: enough for layout tests without a toolkit. */
    static final DrawContext MEASURE = new dev.asiscope.ui.draw.SvgDrawContext((s, size, mono) -> s.length() * size * 0.6);

    @Test
    void unanchoredAnnotationsAreFractionsOfTheView() {
        Arrow a = new Arrow("a", Attachment.at("v", 1), null, null, 0.25, 0.5, 0.75, 0.5);
        Rect f = AnnotationLayout.frame(a, 800, 400, null, null);
        assertEquals(new Rect(0, 0, 800, 400), f);
        assertEquals(new Point(200, 200), AnnotationLayout.pixelPoints(a, f).get(0));
        Rect f2 = AnnotationLayout.frame(a, 1600, 800, null, null);
        assertEquals(new Point(1200, 400), AnnotationLayout.pixelPoints(a, f2).get(1), "follows a resize");
        assertEquals(new Point(0.25, 0.5), AnnotationLayout.toFrame(200, 200, f));
    }

    @Test
    void anchoredAnnotationsFollowTheObjectAndFallBackToTheRememberedBox() {
        CoreBoxes view = new CoreBoxes();
        Anchor core2 = view.anchorAt(CoreBoxes.box(2, 800, 400).centerX(), 100, 800, 400, null).orElseThrow();
        assertEquals(AnchorKind.CORE, core2.kind());
        assertEquals(2, core2.core());
        RectHighlight around = new RectHighlight("r", Attachment.pinned("test-cores"), core2, null, 0, 0, 1, 1);
        assertEquals(CoreBoxes.box(2, 800, 400), AnnotationLayout.frame(around, 800, 400, view, null));
        // Another size: the cores are laid out differently, and the highlight follows core 2.
        assertEquals(CoreBoxes.box(2, 1200, 300), AnnotationLayout.frame(around, 1200, 300, view, null));
        // A view that cannot locate it: the box it had when placed, scaled to the new size.
        Rect fb = AnnotationLayout.frame(around, 1600, 800, (an, w, h, s) -> Optional.empty(), null);
        Rect b = CoreBoxes.box(2, 800, 400);
        assertEquals(b.x() * 2, fb.x(), 1e-9);
        assertEquals(b.w() * 2, fb.w(), 1e-9);
    }

    /**
     * An object drawn larger than when it was annotated (an L1D cell enlarged when a leak is selected): a
     * highlight grows with it; an arrow whose head is on it moves with it but keeps its length, so its tail
     * stays where it was drawn rather than flying off by the enlargement factor.
     */
    @Test
    void anArrowFollowsAnEnlargedObjectWithoutStretching() {
        Rect cell = new Rect(100, 100, 8, 5);
        Rect enlarged = new Rect(96, 98, 19, 19);
        Anchor line = Anchor.cacheLine(0, 0x1033000L, new Rect(cell.x() / 800, cell.y() / 400, cell.w() / 800,
                cell.h() / 400));
        AnchorLocator now = (an, w, h, s) -> Optional.of(enlarged);
        // Head at the cell's centre, tail 150 px left and 100 px up of it, as the editor places them.
        Point tail = AnnotationLayout.toFrame(cell.centerX() - 150, cell.centerY() - 100, cell);
        Arrow arrow = new Arrow("a", Attachment.pinned("caches"), line, null, tail.x(), tail.y(), 0.5, 0.5);
        java.util.List<Point> p = AnnotationLayout.pixelPoints(arrow, AnnotationLayout.frame(arrow, 800, 400, now, null));
        assertEquals(enlarged.centerX(), p.get(1).x(), 1e-6, "the head on the enlarged line's centre");
        assertEquals(enlarged.centerY(), p.get(1).y(), 1e-6);
        assertEquals(enlarged.centerX() - 150, p.get(0).x(), 1e-3, "the tail 150 px left of it still");
        assertEquals(enlarged.centerY() - 100, p.get(0).y(), 1e-3);
        RectHighlight around = new RectHighlight("r", Attachment.pinned("caches"), line, null, 0, 0, 1, 1);
        assertEquals(enlarged, AnnotationLayout.frame(around, 800, 400, now, null), "a highlight covers it");
        // Where the object keeps its size the two agree: the frame is the object's box.
        AnchorLocator same = (an, w, h, s) -> Optional.of(new Rect(300, 200, 8, 5));
        Rect f = AnnotationLayout.frame(arrow, 800, 400, same, null);
        assertEquals(300, f.x(), 1e-9);
        assertEquals(200, f.y(), 1e-9);
        assertEquals(8, f.w(), 1e-9);
        assertEquals(5, f.h(), 1e-9);
    }

    @Test
    void hitTestingFollowsTheShapes() {
        Rect f = new Rect(0, 0, 1000, 1000);
        Arrow a = new Arrow("a", Attachment.at("v", 1), null, new Style("#ff0000", 2, 16), 0.1, 0.1, 0.5, 0.1);
        assertTrue(AnnotationLayout.hits(a, f, 300, 102, 3, MEASURE));
        assertFalse(AnnotationLayout.hits(a, f, 300, 120, 3, MEASURE));
        EllipseHighlight e = new EllipseHighlight("e", Attachment.at("v", 1), null, null, 0.1, 0.1, 0.2, 0.2);
        assertTrue(AnnotationLayout.hits(e, f, 200, 200, 0, MEASURE));
        assertFalse(AnnotationLayout.hits(e, f, 105, 105, 0, MEASURE), "outside the ellipse, inside its box");
        TextNote t = new TextNote("t", Attachment.at("v", 1), null, new Style("#000000", 1, 20), "hello", 0.5, 0.5);
        Rect box = AnnotationLayout.textBox("hello", t, new Point(500, 500), MEASURE);
        assertEquals(5 * 20 * 0.6 + 2 * 4, box.w(), 1e-9);
        assertTrue(AnnotationLayout.hits(t, f, 510, 510, 0, MEASURE));
        StepMarker m = new StepMarker("m", Attachment.at("v", 1), null, new Style("#000000", 1, 20), 3, 0.2, 0.8);
        assertTrue(AnnotationLayout.hits(m, f, 210, 810, 0, MEASURE));
        Callout c = new Callout("c", Attachment.at("v", 1), null, null, "two\nlines", 0.6, 0.1, 0.3, 0.3);
        Rect cbox = AnnotationLayout.textBox(c.text(), c, new Point(600, 100), MEASURE);
        Point from = AnnotationLayout.leaderStart(cbox, new Point(300, 300));
        assertEquals(new Point(600, cbox.maxY()), from, "the leader leaves the box at the point nearest the target");
        assertTrue(AnnotationLayout.hits(c, f, (from.x() + 300) / 2, (from.y() + 300) / 2, 1, MEASURE), "on the leader");
        assertFalse(AnnotationLayout.hits(c, f, 450, 150, 1, MEASURE), "off the leader");
    }

    @Test
    void recordsRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new Style("red", 2, 12));
        assertThrows(IllegalArgumentException.class, () -> new Style("#ff0000", 50, 12));
        assertThrows(IllegalArgumentException.class, () -> new TextNote("t", Attachment.at("v", 0), null, null, " ", 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Arrow("a", null, null, null, 0, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Arrow("a", Attachment.at("v", 0), null, null, Double.NaN, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new StepMarker("s", Attachment.at("v", 0), null, null, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Attachment.at("", 3));
        assertEquals("#abcdef", new Style("#ABCDEF", 1, 10).color());
        assertTrue(Attachment.pinned("v").visibleIn("v", 12345));
        assertFalse(Attachment.at("v", 5).visibleIn("v", 6));
        assertFalse(Attachment.at("v", 5).visibleIn("w", 5));
    }
}
