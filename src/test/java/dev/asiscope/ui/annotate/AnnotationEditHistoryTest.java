package dev.asiscope.ui.annotate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AnnotationEditHistoryTest {
    private static final Attachment AT = Attachment.at("caches", 100);

    static Arrow arrow(String id) {
        return new Arrow(id, AT, null, Style.DEFAULT, 0.1, 0.1, 0.5, 0.5);
    }

    static RectHighlight box(String id) {
        return new RectHighlight(id, AT, null, Style.DEFAULT, 0.2, 0.2, 0.3, 0.1);
    }

    @Test
    void everyKindOfEditUndoesAndRedoes() {
        EditHistory h = new EditHistory();
        Arrow a = arrow("a1");
        RectHighlight r = box("a2");
        h.execute(new AnnotationJob.Add(a));
        h.execute(new AnnotationJob.Add(r));
        Arrow moved = (Arrow) a.translate(0.1, 0.2);
        h.execute(AnnotationJob.move(a, moved));
        RectHighlight resized = r.withPoints(List.of(new Point(0.2, 0.2), new Point(0.9, 0.8)));
        h.execute(AnnotationJob.resize(r, resized));
        RectHighlight restyled = resized.withStyle(new Style("#0000ff", 6, 20));
        h.execute(AnnotationJob.restyle(resized, restyled));
        h.execute(AnnotationJob.Delete.of(h.annotations(), "a1"));
        List<Annotation> end = h.annotations();
        assertEquals(List.of(restyled), end);
        assertEquals("delete arrow", h.undoDescription().orElseThrow());

        assertTrue(h.undo());
        assertEquals(List.of(moved, restyled), h.annotations(), "delete undone at the same stacking place");
        assertTrue(h.undo());
        assertEquals(List.of(moved, resized), h.annotations());
        assertTrue(h.undo());
        assertEquals(List.of(moved, r), h.annotations());
        assertTrue(h.undo());
        assertEquals(List.of(a, r), h.annotations());
        assertTrue(h.undo());
        assertTrue(h.undo());
        assertEquals(List.of(), h.annotations());
        assertFalse(h.undo());
        assertFalse(h.canUndo());

        while (h.redo()) {
            // replay everything
        }
        assertEquals(end, h.annotations());
        assertFalse(h.canRedo());
    }

    @Test
    void aNewEditClearsRedo() {
        EditHistory h = new EditHistory();
        h.execute(new AnnotationJob.Add(arrow("a1")));
        h.undo();
        assertTrue(h.canRedo());
        h.execute(new AnnotationJob.Add(box("a2")));
        assertFalse(h.canRedo());
        assertEquals(1, h.annotations().size());
    }

    @Test
    void historyIsBounded() {
        EditHistory h = new EditHistory(5);
        for (int i = 0; i < 12; i++) {
            h.execute(new AnnotationJob.Add(arrow("a" + i)));
        }
        assertEquals(5, h.undoDepth());
        int undone = 0;
        while (h.undo()) {
            undone++;
        }
        assertEquals(5, undone);
        assertEquals(7, h.annotations().size(), "the 7 oldest adds can no longer be undone");
    }

    @Test
    void revisionCountsEveryChangeAndDirtyTracksSaves() {
        EditHistory h = new EditHistory();
        List<Long> seen = new ArrayList<>();
        h.addListener(x -> seen.add(x.revision()));
        long r0 = h.revision();
        h.execute(new AnnotationJob.Add(arrow("a1")));
        assertTrue(h.isDirty());
        h.markSaved();
        assertFalse(h.isDirty());
        h.undo();
        assertTrue(h.isDirty());
        h.redo();
        assertEquals(r0 + 3, h.revision());
        assertEquals(List.of(r0 + 1, r0 + 2, r0 + 3), seen);
        h.reset(List.of(box("b")));
        assertFalse(h.isDirty());
        assertFalse(h.canUndo());
        assertNotEquals(r0 + 3, h.revision());
    }

    @Test
    void idsAreFreshAndEditsKeepThem() {
        EditHistory h = new EditHistory();
        h.reset(List.of(arrow("a1"), arrow("a3")));
        assertEquals("a2", h.newId());
        assertEquals("a4", h.newId());
        assertThrows(IllegalArgumentException.class, () -> h.execute(new AnnotationJob.Add(arrow("a1"))));
        assertThrows(IllegalArgumentException.class, () -> AnnotationJob.move(arrow("a1"), arrow("a3")));
    }

    /** Random edits, undos and redos against a plain stack-of-snapshots model. */
    @Test
    void randomSequencesMatchASnapshotModel() {
        Random rnd = new Random(42);
        for (int run = 0; run < 50; run++) {
            EditHistory h = new EditHistory(1000);
            List<List<Annotation>> past = new ArrayList<>();
            List<List<Annotation>> future = new ArrayList<>();
            List<Annotation> now = List.of();
            for (int step = 0; step < 60; step++) {
                int op = rnd.nextInt(6);
                if (op == 0 && h.canUndo()) {
                    h.undo();
                    future.add(now);
                    now = past.remove(past.size() - 1);
                } else if (op == 1 && h.canRedo()) {
                    h.redo();
                    past.add(now);
                    now = future.remove(future.size() - 1);
                } else {
                    AnnotationJob job = randomJob(rnd, h);
                    if (job == null) {
                        continue;
                    }
                    h.execute(job);
                    past.add(now);
                    future.clear();
                    now = h.annotations();
                }
                assertEquals(now, h.annotations(), "run " + run + " step " + step);
            }
        }
    }

    private static AnnotationJob randomJob(Random rnd, EditHistory h) {
        List<Annotation> list = h.annotations();
        if (list.isEmpty() || rnd.nextInt(3) == 0) {
            return new AnnotationJob.Add(rnd.nextBoolean() ? arrow(h.newId()) : box(h.newId()));
        }
        Annotation a = list.get(rnd.nextInt(list.size()));
        return switch (rnd.nextInt(4)) {
            case 0 -> AnnotationJob.Delete.of(list, a.id());
            case 1 -> AnnotationJob.move(a, a.translate(rnd.nextDouble(), rnd.nextDouble()));
            case 2 -> AnnotationJob.restyle(a, a.withStyle(a.style().withStrokeWidth(1 + rnd.nextInt(8))));
            default -> AnnotationJob.edit(a, a.withAttachment(Attachment.pinned("caches")));
        };
    }
}
