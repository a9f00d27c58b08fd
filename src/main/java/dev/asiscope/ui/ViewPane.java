package dev.asiscope.ui;

import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import dev.asiscope.ui.core.MachineView;
import dev.asiscope.ui.draw.FxDrawContext;
import dev.asiscope.ui.annotate.Rect;
import javafx.scene.Node;
import java.util.function.Supplier;
import javafx.animation.AnimationTimer;
import javafx.beans.value.ChangeListener;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import dev.asiscope.sim.engine.Event;
import dev.asiscope.ui.views.HitTestable;
import dev.asiscope.ui.views.TimelineView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Pane;

/**
 * Hosts one {@link MachineView} on a resizable canvas. Any number of session revisions, resizes and
 * theme changes between two pulses produce one repaint: changes only set a dirty flag, and an
 * {@link AnimationTimer} that runs only while something is dirty paints on the next pulse.
 */
public final class ViewPane extends BorderPane {
    /** Largest canvas side drawn (beyond it the sw pipeline's texture limits bite). */
    static final double MAX_SIDE = 8192;

    private final MachineView view;
    private SimSession session;
    private final Supplier<Theme> theme;
    private final Supplier<Double> zoom;
    private java.util.function.IntConsumer wheelZoom;
    private final Canvas canvas = new Canvas();
    private final Pane surface = new Pane(canvas) {
        @Override
        protected void layoutChildren() {
            double w = Math.min(MAX_SIDE, Math.floor(getWidth()));
            double h = Math.min(MAX_SIDE, Math.floor(getHeight()));
            if (w != canvas.getWidth() || h != canvas.getHeight()) {
                canvas.setWidth(Math.max(0, w));
                canvas.setHeight(Math.max(0, h));
                markDirty();
            }
            if (overlay != null) {
                overlay.resizeRelocate(0, 0, canvas.getWidth(), canvas.getHeight());
            }
        }
    };
    /** A layer of the size of the canvas over it (the annotation editor), or null. */
    private Node overlay;
    private final ChangeListener<Number> onRevision = (o, a, b) -> markDirty();
    /**
     * Views draw the selection (the page-table view zooms to the selected entry, highlights outline its
     * cause); a selection changes no revision, so it is a repaint signal of its own.
     */
    private final ChangeListener<Object> onSelection = (o, a, b) -> markDirty();
    private final Tooltip tip = new Tooltip();
    private boolean tipInstalled;
    private boolean dirty = true;
    private boolean timerRunning;
    private long paints;
    private long lastPaintNanos;
    /** Beyond this share of the canvas a partial repaint is drawn as a full one (which needs no clip at all). */
    private static final double PARTIAL_LIMIT = 0.6;
    /** The picture on the canvas now (null: the canvas must be drawn whole), and its size and zoom. */
    private DisplayList picture;
    private double pictureWidth;
    private double pictureHeight;
    private double pictureZoom;
    private long unchangedRepaints;
    private long partialRepaints;
    /**
     * The whole canvas pixels (of a canvas {@code all}) that hold the picture's area {@code area} at zoom
     * {@code z}, or null when none does.
     */
    private static Rect canvasPixels(Rect area, double z, Rect all) {
        double x0 = Math.max(0, Math.floor(area.x() * z));
        double y0 = Math.max(0, Math.floor(area.y() * z));
        double x1 = Math.min(all.w(), Math.ceil(area.maxX() * z));
        double y1 = Math.min(all.h(), Math.ceil(area.maxY() * z));
        return x1 > x0 && y1 > y0 ? new Rect(x0, y0, x1 - x0, y1 - y0) : null;
    }

    /** Share of the canvas the last paint redrew (0: nothing changed, 1: all of it). */
    private double lastRedrawnShare;
    private final java.util.List<Runnable> paintListeners = new java.util.ArrayList<>();
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            if (dirty) {
                paint();
            } else {
                stop();
                timerRunning = false;
            }
        }
    };

    /**
     * @param view    the painter
     * @param session the session it shows (may be swapped with {@link #setSession})
     * @param theme   current canvas theme
     * @param zoom    current zoom factor (1 = 100%)
     */
    public ViewPane(MachineView view, SimSession session, Supplier<Theme> theme, Supplier<Double> zoom) {
        this.view = view;
        this.theme = theme;
        this.zoom = zoom;
        setCenter(surface);
        canvas.setOnMouseClicked(e -> {
            Object hit = hitTest(e.getX(), e.getY());
            if (hit == null || session == null || e.getClickCount() > 1) {
                return;
            }
            if (hit instanceof TimelineView.LanePoint p) {
                // Clicking a lane scrubs: the cursor goes to that cycle, the CPU is inspected.
                session.selectionProperty().set(p.cpu());
                session.seek(p.cycle());
            } else if (hit instanceof Event ev) {
                session.selectionProperty().set(ev);
                session.seek(ev.cycle());
            } else {
                session.selectionProperty().set(hit);
            }
        });
        canvas.setOnScroll(e -> {
            if (view instanceof TimelineView t && e.getDeltaY() != 0 && !e.isControlDown()) {
                double z = zoom.get();
                t.zoom(e.getDeltaY() > 0 ? 1 / 1.25 : 1.25, e.getX() / z, canvas.getWidth() / z);
                markDirty();
                e.consume();
            } else if (e.getDeltaY() != 0 && wheelZoom != null) {
                // Every other view (and the timeline with Ctrl): the wheel zooms like + and -.
                wheelZoom.accept(e.getDeltaY() > 0 ? 1 : -1);
                e.consume();
            }
        });
        canvas.setOnMouseMoved(e -> {
            Object hit = hitTest(e.getX(), e.getY());
            if (hit == null || session == null || session.simulation() == null) {
                tip.setText("");
                Tooltip.uninstall(canvas, tip);
                tipInstalled = false;
                return;
            }
            Inspection i = Inspection.of(hit, session.machine());
            StringBuilder sb = new StringBuilder(i.title());
            i.rows().stream().limit(6).forEach(r -> sb.append('\n').append(r.key()).append(": ").append(r.value()));
            tip.setText(sb.toString());
            if (!tipInstalled) {
                Tooltip.install(canvas, tip);
                tipInstalled = true;
            }
        });
        surface.setMinSize(0, 0);
        setMinSize(80, 60);
        getStyleClass().add("view-pane");
        setId("view-" + view.id());
        setSession(session);
    }

    /**
     * Lays {@code node} over the canvas, at the canvas's size (the annotation editor); null removes the
     * current one.
     */
    public void setOverlay(Node node) {
        if (overlay != null) {
            surface.getChildren().remove(overlay);
        }
        overlay = node;
        if (node != null) {
            node.setManaged(false);
            surface.getChildren().add(node);
            node.resizeRelocate(0, 0, canvas.getWidth(), canvas.getHeight());
        }
    }

    /** The layer over the canvas, or null. */
    public Node overlay() {
        return overlay;
    }

    /** The canvas's size in pixels: {width, height}. */
    public double[] canvasSize() {
        return new double[] {canvas.getWidth(), canvas.getHeight()};
    }

    /**
     * The model object under a canvas point (in view coordinates before zoom), or null: asks the view
     * when it can answer ({@link HitTestable}); never changes the session.
     */
    public Object hitTest(double x, double y) {
        if (!(view instanceof HitTestable h) || session == null || session.simulation() == null) {
            return null;
        }
        double z = zoom.get();
        return h.hitTest(x / z, y / z, canvas.getWidth() / z, canvas.getHeight() / z, session);
    }

    /** Shows another session (comparison mode swaps sessions). */
    public void setSession(SimSession s) {
        if (session != null) {
            session.revisionProperty().removeListener(onRevision);
            session.selectionProperty().removeListener(onSelection);
        }
        session = s;
        if (s != null) {
            s.revisionProperty().addListener(onRevision);
            s.selectionProperty().addListener(onSelection);
        }
        markDirty();
    }

    public MachineView view() {
        return view;
    }

    /** Schedules one repaint on the next pulse (idempotent until then). */
    public void markDirty() {
        dirty = true;
        if (!timerRunning) {
            timerRunning = true;
            timer.start();
        }
    }

    /**
     * Paints now (tests and export call this; the pulse calls it when dirty). The view paints into a
     * {@link DisplayList}; the canvas then gets only what differs from the last picture: nothing when the
     * two are equal (a step that changed nothing this view shows), the area around the calls that differ
     * otherwise (a title's cycle, an L1D line), everything after a resize, a zoom or when most of it
     * changed. Redrawn areas are whole pixels, cleared and drawn again by every call that reaches them, in
     * order, so the canvas always holds the pixels of a full paint of the new picture.
     */
    public void paint() {
        dirty = false;
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        if (w <= 0 || h <= 0 || session == null || session.simulation() == null) {
            picture = null;
            return;
        }
        long t0 = System.nanoTime();
        GraphicsContext g = canvas.getGraphicsContext2D();
        Theme t = theme.get();
        double z = zoom.get();
        FxDrawContext fx = new FxDrawContext(g);
        DisplayList next = new DisplayList(fx, w / z, h / z);
        next.fillRect(0, 0, w / z, h / z, t.background());
        next.save();
        try {
            view.paint(next, w / z, h / z, session, t);
        } catch (RuntimeException e) {
            next.text("view failed: " + e, 8, 20, t.secret(), t.fontSize(), false,
                    dev.asiscope.ui.draw.DrawContext.Align.LEFT);
        }
        next.restore();
        Rect all = new Rect(0, 0, w, h);
        boolean resized = picture == null || w != pictureWidth || h != pictureHeight || z != pictureZoom;
        // The canvas pixels to draw again (null: none): all after a resize or zoom, else where the picture
        // changed, widened to whole pixels, and all when that is most of the canvas.
        Rect redraw = resized ? all : next.damageSince(picture).map(d -> canvasPixels(d, z, all)).orElse(null);
        if (redraw != null && redraw.w() * redraw.h() > w * h * PARTIAL_LIMIT) {
            redraw = all;
        }
        picture = next;
        pictureWidth = w;
        pictureHeight = h;
        pictureZoom = z;
        lastRedrawnShare = redraw == null ? 0 : redraw.w() * redraw.h() / (w * h);
        if (redraw != null) {
            if (!redraw.equals(all)) {
                partialRepaints++;
            }
            g.save();
            g.setTransform(1, 0, 0, 1, 0, 0);
            g.clearRect(redraw.x(), redraw.y(), redraw.w(), redraw.h());
            g.scale(z, z);
            // The picture clips to the cleared pixels itself (RectClipDrawContext): in the software pipeline a
            // canvas clip renders a mask of the whole canvas, the dominant cost of a paint.
            next.replay(fx, new Rect(redraw.x() / z, redraw.y() / z, redraw.w() / z, redraw.h() / z));
            g.restore();
        } else {
            unchangedRepaints++;
        }
        if (paints++ == 0) {
            LaunchTiming.viewPainted();
        }
        lastPaintNanos = System.nanoTime() - t0;
        for (Runnable r : paintListeners) {
            r.run();
        }
    }

    /** Share of the canvas the last paint redrew: 0 when the picture had not changed, 1 when drawn whole. */
    public double lastRedrawnShare() {
        return lastRedrawnShare;
    }

    /** Repaints that left the canvas as it was (the picture did not change), for tests and timing. */
    public long unchangedRepaints() {
        return unchangedRepaints;
    }

    /** Repaints that redrew a part of the canvas, for tests and timing. */
    public long partialRepaints() {
        return partialRepaints;
    }

    /** Runs {@code r} after every paint (layers drawn from the view's layout follow it). */
    public void addPaintListener(Runnable r) {
        paintListeners.add(r);
    }

    /**
     * Where this view draws the anchor's object now, in scene coordinates (zoom applied), cut to the
     * canvas; for a null anchor the canvas itself. Empty when the pane is not in a scene, the view cannot
     * locate the object ({@link dev.asiscope.ui.annotate.AnchorLocator}) or draws it outside the canvas.
     */
    public java.util.Optional<javafx.geometry.Bounds> locateInScene(dev.asiscope.ui.annotate.Anchor anchor) {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        if (getScene() == null || !isVisible() || w <= 0 || h <= 0 || session == null || session.simulation() == null) {
            return java.util.Optional.empty();
        }
        if (anchor == null) {
            return java.util.Optional.of(canvas.localToScene(canvas.getLayoutBounds()));
        }
        if (!(view instanceof dev.asiscope.ui.annotate.AnchorLocator l)) {
            return java.util.Optional.empty();
        }
        double z = zoom.get();
        return l.locate(anchor, w / z, h / z, session).flatMap(r -> {
            double x0 = Math.max(0, r.x() * z);
            double y0 = Math.max(0, r.y() * z);
            double x1 = Math.min(w, r.maxX() * z);
            double y1 = Math.min(h, r.maxY() * z);
            return x1 <= x0 || y1 <= y0 ? java.util.Optional.empty()
                    : java.util.Optional.of(canvas.localToScene(new javafx.geometry.BoundingBox(x0, y0, x1 - x0,
                            y1 - y0)));
        });
    }

    /**
     * The smallest text this view draws at zoom {@code z} in its present size, in px on screen, or
     * {@link Double#MAX_VALUE} when it draws none (presentation mode zooms until this is legible).
     */
    public double smallestText(double z) {
        double w = canvas.getWidth() / z;
        double h = canvas.getHeight() / z;
        if (w <= 0 || h <= 0 || session == null || session.simulation() == null) {
            return Double.MAX_VALUE;
        }
        dev.asiscope.ui.present.TextSizeProbe probe = new dev.asiscope.ui.present.TextSizeProbe(
                new FxDrawContext(canvas.getGraphicsContext2D()), w, h);
        view.paint(probe, w, h, session, theme.get());
        return probe.smallest() == Double.MAX_VALUE ? Double.MAX_VALUE : probe.smallest() * z;
    }

    /** What the mouse wheel does over this view: +1 (wheel up) zooms in, -1 zooms out. */
    public void setWheelZoom(java.util.function.IntConsumer zoomBy) {
        this.wheelZoom = zoomBy;
    }

    /** Number of repaints so far (tests check coalescing with it). */
    public long paintCount() {
        return paints;
    }

    /** Duration of the last repaint. */
    public long lastPaintNanos() {
        return lastPaintNanos;
    }

    public boolean isDirty() {
        return dirty;
    }

    Canvas canvas() {
        return canvas;
    }
}
