package dev.asiscope.ui.annotate;

import java.util.ArrayList;
import java.util.List;

/**
 * An undoable edit of the annotation list. {@link #apply} and {@link #revert} are pure functions of the
 * list, so undo after do (and redo after undo) gives back exactly the list it started from.
 */
public sealed interface AnnotationJob {
    /** The list after this edit. */
    List<Annotation> apply(List<Annotation> before);

    /** The list before this edit, given the list after it. */
    List<Annotation> revert(List<Annotation> after);

    /** For the Edit menu: "Undo move arrow". */
    String description();

    /** Adds an annotation on top of the others. */
    record Add(Annotation annotation) implements AnnotationJob {
        @Override
        public List<Annotation> apply(List<Annotation> before) {
            if (indexOf(before, annotation.id()) >= 0) {
                throw new IllegalArgumentException("an annotation with id '" + annotation.id() + "' exists");
            }
            List<Annotation> out = new ArrayList<>(before);
            out.add(annotation);
            return List.copyOf(out);
        }

        @Override
        public List<Annotation> revert(List<Annotation> after) {
            List<Annotation> out = new ArrayList<>(after);
            out.remove(indexOf(after, annotation.id()));
            return List.copyOf(out);
        }

        @Override
        public String description() {
            return "add " + annotation.kindName();
        }
    }

    /** Removes an annotation; undo puts it back at the same place in the stacking order. */
    record Delete(Annotation annotation, int index) implements AnnotationJob {
        /** Deletes the annotation with {@code id} from {@code list}. */
        public static Delete of(List<Annotation> list, String id) {
            int i = indexOf(list, id);
            if (i < 0) {
                throw new IllegalArgumentException("no annotation with id '" + id + "'");
            }
            return new Delete(list.get(i), i);
        }

        @Override
        public List<Annotation> apply(List<Annotation> before) {
            List<Annotation> out = new ArrayList<>(before);
            out.remove(indexOf(before, annotation.id()));
            return List.copyOf(out);
        }

        @Override
        public List<Annotation> revert(List<Annotation> after) {
            List<Annotation> out = new ArrayList<>(after);
            out.add(Math.min(index, out.size()), annotation);
            return List.copyOf(out);
        }

        @Override
        public String description() {
            return "delete " + annotation.kindName();
        }
    }

    /**
     * Replaces one annotation by a changed version of itself: moved (and possibly re-anchored), resized
     * (one control point dragged), restyled (colour, stroke, font size) or edited (text, step number, pin).
     */
    record Change(Kind kind, Annotation before, Annotation after) implements AnnotationJob {
        /** What kind of change, for the undo/redo menu text. */
        public enum Kind { MOVE, RESIZE, RESTYLE, EDIT }

        public Change {
            sameId(before, after);
        }

        @Override
        public List<Annotation> apply(List<Annotation> list) {
            return replace(list, before, after);
        }

        @Override
        public List<Annotation> revert(List<Annotation> list) {
            return replace(list, after, before);
        }

        @Override
        public String description() {
            return kind.name().toLowerCase() + " " + before.kindName();
        }
    }

    static Change move(Annotation before, Annotation after) {
        return new Change(Change.Kind.MOVE, before, after);
    }

    static Change resize(Annotation before, Annotation after) {
        return new Change(Change.Kind.RESIZE, before, after);
    }

    static Change restyle(Annotation before, Annotation after) {
        return new Change(Change.Kind.RESTYLE, before, after);
    }

    static Change edit(Annotation before, Annotation after) {
        return new Change(Change.Kind.EDIT, before, after);
    }

    private static void sameId(Annotation before, Annotation after) {
        if (!before.id().equals(after.id())) {
            throw new IllegalArgumentException("an edit keeps the annotation's id");
        }
    }

    /** Index of the annotation with {@code id}, or -1. */
    static int indexOf(List<Annotation> list, String id) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private static List<Annotation> replace(List<Annotation> list, Annotation old, Annotation now) {
        int i = indexOf(list, old.id());
        if (i < 0) {
            throw new IllegalStateException("annotation '" + old.id() + "' is not in the list");
        }
        List<Annotation> out = new ArrayList<>(list);
        out.set(i, now);
        return List.copyOf(out);
    }
}
