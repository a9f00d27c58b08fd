package dev.asiscope.ui.annotate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The annotation list of a workspace and its undo/redo history. Every change goes through
 * {@link #execute}, {@link #undo}, {@link #redo} or {@link #reset}, and bumps {@link #revision()}; a
 * new edit clears what could be redone. At most {@link #limit()} edits can be undone (the oldest are
 * forgotten). Not thread-safe: use it from one thread (the FX thread in the GUI).
 */
public final class EditHistory {
    /** Default number of undoable edits kept. */
    public static final int DEFAULT_LIMIT = 200;

    private final int limit;
    private final Deque<AnnotationJob> undo = new ArrayDeque<>();
    private final Deque<AnnotationJob> redo = new ArrayDeque<>();
    private final List<Consumer<EditHistory>> listeners = new CopyOnWriteArrayList<>();
    private List<Annotation> annotations = List.of();
    private long revision;
    private long savedRevision;
    private int nextId = 1;

    public EditHistory() {
        this(DEFAULT_LIMIT);
    }

    public EditHistory(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1");
        }
        this.limit = limit;
    }

    /** The current annotations, bottom to top (immutable). */
    public List<Annotation> annotations() {
        return annotations;
    }

    /** The annotation with {@code id}, if any. */
    public Optional<Annotation> find(String id) {
        int i = AnnotationJob.indexOf(annotations, id);
        return i < 0 ? Optional.empty() : Optional.of(annotations.get(i));
    }

    /** Applies {@code job} and makes it the next to undo. */
    public void execute(AnnotationJob job) {
        List<Annotation> after = job.apply(annotations);
        annotations = after;
        undo.push(job);
        while (undo.size() > limit) {
            undo.removeLast();
        }
        redo.clear();
        changed();
    }

    /** Undoes the last edit; false if there is none. */
    public boolean undo() {
        if (undo.isEmpty()) {
            return false;
        }
        AnnotationJob job = undo.pop();
        annotations = job.revert(annotations);
        redo.push(job);
        changed();
        return true;
    }

    /** Redoes the last undone edit; false if there is none. */
    public boolean redo() {
        if (redo.isEmpty()) {
            return false;
        }
        AnnotationJob job = redo.pop();
        annotations = job.apply(annotations);
        undo.push(job);
        changed();
        return true;
    }

    public boolean canUndo() {
        return !undo.isEmpty();
    }

    public boolean canRedo() {
        return !redo.isEmpty();
    }

    /** What undo would undo ("move arrow"), if anything. */
    public Optional<String> undoDescription() {
        return undo.isEmpty() ? Optional.empty() : Optional.of(undo.peek().description());
    }

    /** What redo would redo, if anything. */
    public Optional<String> redoDescription() {
        return redo.isEmpty() ? Optional.empty() : Optional.of(redo.peek().description());
    }

    /** Number of edits that can be undone. */
    public int undoDepth() {
        return undo.size();
    }

    public int limit() {
        return limit;
    }

    /** Replaces the list (opening a workspace) and forgets the history; the result counts as saved. */
    public void reset(List<Annotation> list) {
        annotations = List.copyOf(list);
        undo.clear();
        redo.clear();
        nextId = 1;
        changed();
        savedRevision = revision;
    }

    /** Incremented by every change; listeners and autosave compare it. */
    public long revision() {
        return revision;
    }

    /** Records that the current state was written to disk. */
    public void markSaved() {
        savedRevision = revision;
    }

    /** Whether there are changes since the last {@link #markSaved()} or {@link #reset}. */
    public boolean isDirty() {
        return revision != savedRevision;
    }

    /** A fresh annotation id ({@code a1}, {@code a2}, ...) not used by the current list. */
    public String newId() {
        List<String> used = new ArrayList<>();
        for (Annotation a : annotations) {
            used.add(a.id());
        }
        String id;
        do {
            id = "a" + nextId++;
        } while (used.contains(id));
        return id;
    }

    /** Called after every change, on the thread that made it. */
    public void addListener(Consumer<EditHistory> l) {
        listeners.add(l);
    }

    public void removeListener(Consumer<EditHistory> l) {
        listeners.remove(l);
    }

    private void changed() {
        revision++;
        for (Consumer<EditHistory> l : listeners) {
            l.accept(this);
        }
    }
}
