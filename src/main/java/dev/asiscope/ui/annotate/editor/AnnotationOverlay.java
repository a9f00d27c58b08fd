package dev.asiscope.ui.annotate.editor;

import dev.asiscope.ui.core.MachineView;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import dev.asiscope.ui.annotate.Anchor;
import dev.asiscope.ui.annotate.AnchorLocator;
import dev.asiscope.ui.annotate.Annotation;
import dev.asiscope.ui.annotate.AnnotationJob;
import dev.asiscope.ui.annotate.AnnotationLayout;
import dev.asiscope.ui.annotate.AnnotationPainter;
import dev.asiscope.ui.annotate.Arrow;
import dev.asiscope.ui.annotate.Attachment;
import dev.asiscope.ui.annotate.Callout;
import dev.asiscope.ui.annotate.EditHistory;
import dev.asiscope.ui.annotate.EllipseHighlight;
import dev.asiscope.ui.annotate.Point;
import dev.asiscope.ui.annotate.Rect;
import dev.asiscope.ui.annotate.RectHighlight;
import dev.asiscope.ui.annotate.StepMarker;
import dev.asiscope.ui.annotate.Style;
import dev.asiscope.ui.annotate.TextNote;
import dev.asiscope.ui.draw.FxDrawContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ChangeListener;
import javafx.scene.Cursor;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;

/**
 * The annotation editor: a transparent pane laid over a view's canvas (same size, same zoom) that shows
 * the annotations of the view at the session's cycle plus the pinned ones, and edits them with the mouse
 * and keyboard. Every change is an undoable job in the shared {@link EditHistory}; the overlay never
 * changes the session.
 *
 * <p>Mounting (shell): put it in a {@code StackPane} over the view's canvas, give it the view's zoom,
 * theme and session, and switch {@link #editingProperty()} on while the user annotates (when off the
 * overlay still draws but lets mouse events through to the view, for hover and selection). A
 * {@link AnnotationToolbar} drives tools and styles. Keys (when the overlay has focus): Delete or
 * Backspace deletes the selection, Ctrl+Z undoes, Ctrl+Y or Ctrl+Shift+Z redoes, arrows nudge the
 * selection (Shift: 10 px), Escape cancels.
 *
 * <p>Node ids for tests: {@code annotationOverlay}, {@code annotationCanvas},
 * {@code annotationTextInput}.
 */
public final class AnnotationOverlay extends Pane {
    private static final double HANDLE = 4.5;
    private static final double PICK = 5;

    private final EditHistory history;
    private final MachineView view;
    private final SimSession session;
    private final Canvas canvas = new Canvas();
    private final TextField input = new TextField();
    private final ObjectProperty<AnnotationTool> tool = new SimpleObjectProperty<>(AnnotationTool.SELECT);
    private final ObjectProperty<Style> style = new SimpleObjectProperty<>(Style.DEFAULT);
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(Theme.LIGHT);
    private final DoubleProperty zoom = new SimpleDoubleProperty(1);
    private final BooleanProperty pinNew = new SimpleBooleanProperty(false);
    private final BooleanProperty anchorNew = new SimpleBooleanProperty(true);
    private final BooleanProperty editing = new SimpleBooleanProperty(true);
    private final ReadOnlyObjectWrapper<Annotation> selection = new ReadOnlyObjectWrapper<>();
    private final Consumer<EditHistory> onHistory = h -> historyChanged();
    private final ChangeListener<Number> onRevision = (o, a, b) -> {
        cancelGesture();
        refreshSelection();
        repaint();
    };

    private enum Gesture { NONE, CREATE, MOVE, RESIZE }

    private Gesture gesture = Gesture.NONE;
    private double pressX;
    private double pressY;
    private Annotation original;
    private int handle = -1;
    private Annotation preview;
    private Anchor pendingAnchor;
    /** Commits the text field: creates or edits a callout or text. */
    private Consumer<String> textCommit;

    /**
     * @param history the workspace's annotations and undo history (shared by all overlays)
     * @param view    the view it lies over (its id attaches new annotations; an {@link AnchorLocator}
     *                view lets annotations follow model objects)
     * @param session the session whose cycle selects what is shown
     */
    public AnnotationOverlay(EditHistory history, MachineView view, SimSession session) {
        this.history = history;
        this.view = view;
        this.session = session;
        setId("annotationOverlay");
        canvas.setId("annotationCanvas");
        input.setId("annotationTextInput");
        input.setManaged(false);
        input.setVisible(false);
        input.setPromptText("text, Enter to finish (\\n for a new line)");
        getChildren().addAll(canvas, input);
        setFocusTraversable(true);
        setMinSize(0, 0);
        getStyleClass().add("annotation-overlay");

        history.addListener(onHistory);
        if (session != null) {
            session.revisionProperty().addListener(onRevision);
        }
        theme.addListener((o, a, b) -> repaint());
        zoom.addListener((o, a, b) -> repaint());
        editing.addListener((o, a, b) -> {
            setMouseTransparent(!b);
            if (!b) {
                cancelGesture();
                select(null);
            }
        });
        tool.addListener((o, a, b) -> {
            cancelGesture();
            setCursor(b == AnnotationTool.SELECT ? Cursor.DEFAULT : Cursor.CROSSHAIR);
        });
        widthProperty().addListener((o, a, b) -> repaint());
        heightProperty().addListener((o, a, b) -> repaint());

        addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
        addEventHandler(MouseEvent.MOUSE_CLICKED, this::clicked);
        addEventHandler(KeyEvent.KEY_PRESSED, this::keyPressed);
        input.setOnAction(e -> commitText());
        input.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                hideInput();
                e.consume();
            }
        });
        input.focusedProperty().addListener((o, was, is) -> {
            if (was && !is && input.isVisible()) {
                commitText();
            }
        });
    }

    /** Stops listening to the history and the session (when the view is closed). */
    public void dispose() {
        history.removeListener(onHistory);
        if (session != null) {
            session.revisionProperty().removeListener(onRevision);
        }
    }

    public ObjectProperty<AnnotationTool> toolProperty() {
        return tool;
    }

    /** The style of new annotations; see {@link #applyStyle} to restyle the selection too. */
    public ObjectProperty<Style> annotationStyleProperty() {
        return style;
    }

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    /** The view's zoom (1 = 100%): annotations are drawn in view units times this. */
    public DoubleProperty zoomProperty() {
        return zoom;
    }

    /** New annotations are pinned (shown at every cycle) rather than attached to the current cycle. */
    public BooleanProperty pinNewProperty() {
        return pinNew;
    }

    /** New annotations follow the model object under the press point, when the view can locate it. */
    public BooleanProperty anchorNewProperty() {
        return anchorNew;
    }

    /** While false the overlay only draws, and mouse events go to the view beneath. */
    public BooleanProperty editingProperty() {
        return editing;
    }

    public ReadOnlyObjectProperty<Annotation> selectionProperty() {
        return selection.getReadOnlyProperty();
    }

    public MachineView view() {
        return view;
    }

    public EditHistory history() {
        return history;
    }

    /** Selects the annotation with {@code id} (null clears the selection). */
    public void select(String id) {
        selection.set(id == null ? null : history.find(id).orElse(null));
        repaint();
    }

    /** Sets the style of new annotations and, if one is selected, restyles it (undoably). */
    public void applyStyle(Style s) {
        style.set(s);
        Annotation sel = selection.get();
        if (sel != null && !sel.style().equals(s)) {
            history.execute(AnnotationJob.restyle(sel, sel.withStyle(s)));
        }
    }

    /** Deletes the selection; false if nothing is selected. */
    public boolean deleteSelection() {
        Annotation sel = selection.get();
        if (sel == null) {
            return false;
        }
        selection.set(null);
        history.execute(AnnotationJob.Delete.of(history.annotations(), sel.id()));
        return true;
    }

    /** Pins the selection to every cycle, or attaches it to the current cycle only. */
    public void setSelectionPinned(boolean pinned) {
        Annotation sel = selection.get();
        if (sel == null || sel.attachment().pinned() == pinned) {
            return;
        }
        Attachment at = pinned ? Attachment.pinned(view.id()) : Attachment.at(view.id(), cycle());
        history.execute(AnnotationJob.edit(sel, sel.withAttachment(at)));
    }

    public boolean undo() {
        cancelGesture();
        return history.undo();
    }

    public boolean redo() {
        cancelGesture();
        return history.redo();
    }

    /** The annotations this overlay shows now (this view, this cycle, and pinned), bottom to top. */
    public List<Annotation> visibleAnnotations() {
        List<Annotation> out = new ArrayList<>();
        long c = cycle();
        for (Annotation a : history.annotations()) {
            if (a.attachment().visibleIn(view.id(), c)) {
                out.add(a);
            }
        }
        return out;
    }

    private long cycle() {
        return session == null ? 0 : session.cycle();
    }

    private double viewWidth() {
        return getWidth() / zoom.get();
    }

    private double viewHeight() {
        return getHeight() / zoom.get();
    }

    private AnchorLocator locator() {
        return view instanceof AnchorLocator l ? l : null;
    }

    private Rect frameOf(Annotation a) {
        return AnnotationLayout.frame(a, viewWidth(), viewHeight(), locator(), session);
    }

    private FxDrawContext measure() {
        return new FxDrawContext(canvas.getGraphicsContext2D());
    }

    @Override
    protected void layoutChildren() {
        if (canvas.getWidth() != getWidth() || canvas.getHeight() != getHeight()) {
            canvas.setWidth(getWidth());
            canvas.setHeight(getHeight());
            repaint();
        }
        if (input.isVisible()) {
            input.autosize();
        }
    }

    /** Redraws the annotations and the selection (cheap: only the overlay's own canvas). */
    public void repaint() {
        GraphicsContext gc = canvas.getGraphicsContext2D();
        gc.setTransform(1, 0, 0, 1, 0, 0);
        gc.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        if (getWidth() <= 0 || getHeight() <= 0) {
            return;
        }
        double z = zoom.get();
        gc.save();
        gc.scale(z, z);
        FxDrawContext g = new FxDrawContext(gc);
        Theme t = theme.get();
        Annotation sel = selection.get();
        for (Annotation a : visibleAnnotations()) {
            Annotation shown = preview != null && original != null && a.id().equals(original.id()) ? preview : a;
            AnnotationPainter.paint(g, shown, frameOf(shown), t, viewWidth(), viewHeight());
        }
        if (preview != null && gesture == Gesture.CREATE) {
            AnnotationPainter.paint(g, preview, frameOf(preview), t, viewWidth(), viewHeight());
        }
        Annotation decorated = preview != null && sel != null && original != null && sel.id().equals(original.id())
                ? preview : sel;
        if (decorated != null && decorated.attachment().visibleIn(view.id(), cycle())) {
            decorate(gc, decorated, g);
        }
        gc.restore();
    }

    /** Selection outline and handles: screen only, never exported. */
    private void decorate(GraphicsContext gc, Annotation a, FxDrawContext g) {
        Rect frame = frameOf(a);
        Rect b = AnnotationLayout.bounds(a, frame, g, viewWidth(), viewHeight()).inflate(3);
        Color accent = Color.web(theme.get().accent());
        gc.setStroke(accent);
        gc.setLineWidth(1 / zoom.get());
        gc.setLineDashes(4 / zoom.get(), 3 / zoom.get());
        gc.strokeRect(b.x(), b.y(), b.w(), b.h());
        gc.setLineDashes((double[]) null);
        double h = HANDLE / zoom.get();
        for (Point p : AnnotationLayout.pixelPoints(a, frame)) {
            gc.setFill(Color.WHITE);
            gc.fillRect(p.x() - h, p.y() - h, 2 * h, 2 * h);
            gc.setStroke(accent);
            gc.strokeRect(p.x() - h, p.y() - h, 2 * h, 2 * h);
        }
    }

    private void historyChanged() {
        refreshSelection();
        repaint();
    }

    /** Keeps the selection pointing at the current version of the selected annotation (or clears it). */
    private void refreshSelection() {
        Annotation sel = selection.get();
        if (sel != null) {
            Annotation now = history.find(sel.id()).orElse(null);
            if (now != null && !now.attachment().visibleIn(view.id(), cycle())) {
                now = null;
            }
            selection.set(now);
        }
    }

    private void cancelGesture() {
        gesture = Gesture.NONE;
        original = null;
        preview = null;
        handle = -1;
        pendingAnchor = null;
    }

    /** The topmost visible annotation at a view point. */
    private Optional<Annotation> annotationAt(double x, double y) {
        List<Annotation> shown = visibleAnnotations();
        FxDrawContext m = measure();
        for (int i = shown.size() - 1; i >= 0; i--) {
            Annotation a = shown.get(i);
            if (AnnotationLayout.hits(a, frameOf(a), x, y, PICK / zoom.get(), m, viewWidth(), viewHeight())) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    private int handleAt(Annotation a, double x, double y) {
        List<Point> pts = AnnotationLayout.pixelPoints(a, frameOf(a));
        double r = (HANDLE + 2) / zoom.get();
        for (int i = 0; i < pts.size(); i++) {
            if (Math.abs(pts.get(i).x() - x) <= r && Math.abs(pts.get(i).y() - y) <= r) {
                return i;
            }
        }
        return -1;
    }

    private void pressed(MouseEvent e) {
        if (e.getButton() != MouseButton.PRIMARY) {
            return;
        }
        requestFocus();
        if (input.isVisible()) {
            commitText();
        }
        double x = e.getX() / zoom.get();
        double y = e.getY() / zoom.get();
        pressX = x;
        pressY = y;
        cancelGesture();
        AnnotationTool t = tool.get();
        if (t == AnnotationTool.SELECT) {
            Annotation sel = selection.get();
            int h = sel == null ? -1 : handleAt(sel, x, y);
            if (h >= 0) {
                original = sel;
                handle = h;
                gesture = sel.points().size() == 1 ? Gesture.MOVE : Gesture.RESIZE;
            } else {
                Optional<Annotation> hit = annotationAt(x, y);
                selection.set(hit.orElse(null));
                if (hit.isPresent()) {
                    original = hit.get();
                    gesture = Gesture.MOVE;
                }
            }
        } else if (t == AnnotationTool.ARROW || t == AnnotationTool.RECT || t == AnnotationTool.ELLIPSE
                || t == AnnotationTool.CALLOUT) {
            gesture = Gesture.CREATE;
            pendingAnchor = anchorAt(x, y);
            selection.set(null);
        }
        repaint();
        e.consume();
    }

    private void dragged(MouseEvent e) {
        double x = e.getX() / zoom.get();
        double y = e.getY() / zoom.get();
        switch (gesture) {
            case MOVE -> {
                Rect f = frameOf(original);
                preview = original.translate((x - pressX) / f.w(), (y - pressY) / f.h());
            }
            case RESIZE -> {
                List<Point> pts = new ArrayList<>(original.points());
                pts.set(handle, AnnotationLayout.toFrame(x, y, frameOf(original)));
                preview = original.withPoints(pts);
            }
            case CREATE -> preview = shapeFromDrag(tool.get(), x, y, "preview");
            default -> {
                return;
            }
        }
        repaint();
        e.consume();
    }

    private void released(MouseEvent e) {
        if (e.getButton() != MouseButton.PRIMARY) {
            return;
        }
        double x = e.getX() / zoom.get();
        double y = e.getY() / zoom.get();
        boolean moved = Math.hypot(x - pressX, y - pressY) * zoom.get() >= 3;
        Gesture g = gesture;
        Annotation before = original;
        Annotation after = preview;
        AnnotationTool t = tool.get();
        Anchor anchor = pendingAnchor;
        cancelGesture();
        if (g == Gesture.MOVE && moved && after != null) {
            history.execute(AnnotationJob.move(before, after));
            select(after.id());
        } else if (g == Gesture.RESIZE && moved && after != null) {
            history.execute(AnnotationJob.resize(before, after));
            select(after.id());
        } else if (g == Gesture.CREATE) {
            pendingAnchor = anchor;
            createFromDrag(t, x, y, moved);
            pendingAnchor = null;
        } else if (t == AnnotationTool.STEP || t == AnnotationTool.TEXT) {
            pendingAnchor = anchorAt(x, y);
            if (t == AnnotationTool.STEP) {
                add(new StepMarker(history.newId(), attachment(), pendingAnchor, style.get(), nextStep(),
                        at(x, y).x(), at(x, y).y()));
            } else {
                Point p = at(x, y);
                Anchor a = pendingAnchor;
                showInput(x, y, "", text -> add(new TextNote(history.newId(), attachment(), a, style.get(), text,
                        p.x(), p.y())));
            }
            pendingAnchor = null;
        }
        repaint();
        e.consume();
    }

    private void clicked(MouseEvent e) {
        if (e.getButton() != MouseButton.PRIMARY || e.getClickCount() != 2 || tool.get() != AnnotationTool.SELECT) {
            return;
        }
        Annotation sel = selection.get();
        if (sel instanceof TextNote t) {
            Rect f = frameOf(t);
            Point p = AnnotationLayout.toPixels(t.points().get(0), f);
            showInput(p.x(), p.y(), t.text(), text -> history.execute(AnnotationJob.edit(t, t.withText(text))));
        } else if (sel instanceof Callout c) {
            Rect f = frameOf(c);
            Point p = AnnotationLayout.toPixels(c.points().get(0), f);
            showInput(p.x(), p.y(), c.text(), text -> history.execute(AnnotationJob.edit(c, c.withText(text))));
        }
        e.consume();
    }

    private void keyPressed(KeyEvent e) {
        if (e.getTarget() == input) {
            return;
        }
        boolean shortcut = e.isShortcutDown() || e.isControlDown();
        if (shortcut && e.getCode() == KeyCode.Z && !e.isShiftDown()) {
            undo();
        } else if (shortcut && (e.getCode() == KeyCode.Y || (e.getCode() == KeyCode.Z && e.isShiftDown()))) {
            redo();
        } else if (e.getCode() == KeyCode.DELETE || e.getCode() == KeyCode.BACK_SPACE) {
            if (!deleteSelection()) {
                return;
            }
        } else if (e.getCode() == KeyCode.ESCAPE) {
            cancelGesture();
            select(null);
        } else if (e.getCode().isArrowKey() && selection.get() != null) {
            double step = (e.isShiftDown() ? 10 : 1) / zoom.get();
            double dx = e.getCode() == KeyCode.LEFT ? -step : e.getCode() == KeyCode.RIGHT ? step : 0;
            double dy = e.getCode() == KeyCode.UP ? -step : e.getCode() == KeyCode.DOWN ? step : 0;
            Annotation sel = selection.get();
            Rect f = frameOf(sel);
            Annotation moved = sel.translate(dx / f.w(), dy / f.h());
            history.execute(AnnotationJob.move(sel, moved));
            select(moved.id());
        } else {
            return;
        }
        e.consume();
    }

    private Anchor anchorAt(double x, double y) {
        AnchorLocator l = locator();
        if (!anchorNew.get() || l == null) {
            return null;
        }
        try {
            return l.anchorAt(x, y, viewWidth(), viewHeight(), session).orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The frame new annotations use: the pending anchor's box, else the view. */
    private Rect pendingFrame() {
        if (pendingAnchor == null) {
            return new Rect(0, 0, viewWidth(), viewHeight());
        }
        AnchorLocator l = locator();
        Rect f = pendingAnchor.fallback();
        Rect box = l == null ? null : l.locate(pendingAnchor, viewWidth(), viewHeight(), session).orElse(null);
        if (box == null) {
            box = new Rect(f.x() * viewWidth(), f.y() * viewHeight(), f.w() * viewWidth(), f.h() * viewHeight());
        }
        return new Rect(box.x(), box.y(), Math.max(1, box.w()), Math.max(1, box.h()));
    }

    private Point at(double x, double y) {
        return AnnotationLayout.toFrame(x, y, pendingFrame());
    }

    private Attachment attachment() {
        return pinNew.get() ? Attachment.pinned(view.id()) : Attachment.at(view.id(), cycle());
    }

    private Annotation shapeFromDrag(AnnotationTool t, double x, double y, String id) {
        Point a = at(pressX, pressY);
        Point b = at(x, y);
        Style s = style.get();
        return switch (t) {
            case ARROW -> new Arrow(id, attachment(), pendingAnchor, s, a.x(), a.y(), b.x(), b.y());
            case RECT -> new RectHighlight(id, attachment(), pendingAnchor, s, Math.min(a.x(), b.x()),
                    Math.min(a.y(), b.y()), Math.abs(b.x() - a.x()), Math.abs(b.y() - a.y()));
            case ELLIPSE -> new EllipseHighlight(id, attachment(), pendingAnchor, s, Math.min(a.x(), b.x()),
                    Math.min(a.y(), b.y()), Math.abs(b.x() - a.x()), Math.abs(b.y() - a.y()));
            case CALLOUT -> new Arrow(id, attachment(), pendingAnchor, s, b.x(), b.y(), a.x(), a.y());
            default -> null;
        };
    }

    private void createFromDrag(AnnotationTool t, double x, double y, boolean moved) {
        if (t == AnnotationTool.CALLOUT) {
            // Pressed on the target; the box goes where the drag ended (up and right of it for a click).
            double bx = moved ? x : pressX + 40;
            double by = moved ? y : pressY - 60;
            Point target = at(pressX, pressY);
            Point box = at(bx, by);
            Anchor a = pendingAnchor;
            showInput(bx, by, "", text -> add(new Callout(history.newId(), attachment(), a, style.get(), text,
                    box.x(), box.y(), target.x(), target.y())));
            return;
        }
        if (!moved) {
            if (t == AnnotationTool.ARROW) {
                return;
            }
            // A click makes a box of a sensible size around the point.
            pressX -= 60;
            pressY -= 30;
            x = pressX + 120;
            y = pressY + 60;
        }
        // The thing the shape is about: under an arrow's head (else its tail), under a box's centre (else the
        // corner pressed first).
        Anchor about = t == AnnotationTool.ARROW ? anchorAt(x, y)
                : anchorAt((pressX + x) / 2, (pressY + y) / 2);
        if (about != null) {
            pendingAnchor = about;
        }
        add(shapeFromDrag(t, x, y, history.newId()));
    }

    private void add(Annotation a) {
        history.execute(new AnnotationJob.Add(a));
        select(a.id());
    }

    private int nextStep() {
        int max = 0;
        for (Annotation a : visibleAnnotations()) {
            if (a instanceof StepMarker m) {
                max = Math.max(max, m.number());
            }
        }
        return max + 1;
    }

    private void showInput(double x, double y, String text, Consumer<String> commit) {
        textCommit = commit;
        input.setText(text.replace("\n", "\\n"));
        input.setVisible(true);
        input.setPrefColumnCount(24);
        input.autosize();
        double z = zoom.get();
        double px = Math.max(0, Math.min(x * z, getWidth() - input.getWidth()));
        double py = Math.max(0, Math.min(y * z, getHeight() - input.getHeight()));
        input.relocate(px, py);
        input.requestFocus();
        input.selectAll();
    }

    private void commitText() {
        Consumer<String> commit = textCommit;
        String text = input.getText().replace("\\n", "\n").strip();
        hideInput();
        if (commit != null && !text.isEmpty()) {
            commit.accept(text);
        }
    }

    private void hideInput() {
        textCommit = null;
        input.setVisible(false);
        requestFocus();
    }
}
