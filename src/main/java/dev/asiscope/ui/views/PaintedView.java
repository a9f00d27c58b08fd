package dev.asiscope.ui.views;

import dev.asiscope.sim.engine.Simulation;
import dev.asiscope.ui.core.MachineView;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import dev.asiscope.ui.draw.DrawContext;
import dev.asiscope.ui.draw.DrawContext.Align;
import dev.asiscope.ui.annotate.Anchor;
import dev.asiscope.ui.annotate.AnchorLocator;
import dev.asiscope.ui.annotate.Rect;
import java.util.Optional;

/**
 * What the five painters share: background, the "nothing loaded" placeholder, and hit testing that is
 * always answered from the layout of a paint of the current state (repainting into a measuring-only
 * context when the state, size or settings changed since the last real paint).
 */
abstract class PaintedView implements MachineView, HitTestable, AnchorLocator {
    /** Text measuring for this view. */
    protected final Pen pen = new Pen();
    /** Hit regions of the last paint. */
    protected final HitMap hits = new HitMap();
    /** Boxes of the last paint's locatable things ({@link AnchorLocator}). */
    protected final AnchorBoxes anchors = new AnchorBoxes();

    private Theme lastTheme = Theme.LIGHT;
    private DrawContext lastContext;
    private double lastWidth = -1;
    private double lastHeight = -1;
    private Simulation lastSimulation;
    private long lastCycle = -1;
    private long lastSettings = -1;
    private Object lastSelection;
    private long settings;

    @Override
    public final void paint(DrawContext g, double width, double height, SimSession session, Theme theme) {
        pen.use(g);
        hits.clear();
        anchors.clear();
        lastTheme = theme;
        if (!(g instanceof MeasureOnly)) {
            lastContext = g;
        }
        lastWidth = width;
        lastHeight = height;
        Simulation sim = session == null ? null : session.simulation();
        lastSimulation = sim;
        lastCycle = sim == null ? -1 : session.cycle();
        lastSettings = settings;
        lastSelection = session == null ? null : session.selectionProperty().get();
        g.fillRect(0, 0, width, height, theme.background());
        if (sim == null) {
            g.text("No simulation loaded", width / 2, height / 2, theme.mutedText(), theme.fontSize() * 1.2, false,
                    Align.CENTER);
            return;
        }
        draw(g, width, height, session, theme);
    }

    /** Paints the view for a session that has a simulation; the background is already filled. */
    protected abstract void draw(DrawContext g, double width, double height, SimSession session, Theme theme);

    @Override
    public Object hitTest(double x, double y, double width, double height, SimSession session) {
        Simulation sim = session == null ? null : session.simulation();
        if (sim == null) {
            return null;
        }
        layOut(width, height, session);
        return hits.find(x, y);
    }

    /**
     * The box where the last paint drew the anchor's object (laying the view out again first when the
     * state, size or settings changed since), or empty when this view does not show it now.
     */
    @Override
    public Optional<Rect> locate(Anchor a, double width, double height, SimSession session) {
        if (session == null || session.simulation() == null) {
            return Optional.empty();
        }
        layOut(width, height, session);
        return anchors.find(a.kind(), a.core(), a.address());
    }

    /**
     * The thing the last paint drew at ({@code x}, {@code y}) (laying the view out again first when needed),
     * as an anchor whose fallback is its box in fractions of the view: a region's row, an L1D line, a
     * page-table entry, a core, an event; the one drawn on top when several overlap, a core only when
     * nothing in it is there. Empty on empty space.
     */
    @Override
    public Optional<Anchor> anchorAt(double x, double y, double width, double height, SimSession session) {
        if (session == null || session.simulation() == null || !(width > 0) || !(height > 0)) {
            return Optional.empty();
        }
        layOut(width, height, session);
        return anchors.at(x, y).map(f -> new Anchor(f.kind(), f.address(), f.core(), fraction(f.box(), width, height)));
    }

    /** A pixel box in fractions of a {@code width x height} view (an anchor's fallback). */
    static Rect fraction(Rect box, double width, double height) {
        return new Rect(box.x() / width, box.y() / height, Math.max(1e-6, box.w() / width),
                Math.max(1e-6, box.h() / height));
    }

    /** Repaints into a measuring-only context when the last paint's layout is not the current one. */
    private void layOut(double width, double height, SimSession session) {
        if (width != lastWidth || height != lastHeight || session.simulation() != lastSimulation
                || session.cycle() != lastCycle || settings != lastSettings
                || session.selectionProperty().get() != lastSelection) {
            paint(new MeasureOnly(lastContext), width, height, session, lastTheme);
        }
    }

    /** The theme of the last paint (layout between paints depends on its font size). */
    protected final Theme theme() {
        return lastTheme;
    }

    /** Call from every setter that changes the picture, so hit testing re-lays out. */
    protected final void settingsChanged() {
        settings++;
    }

    /** A title line at the top; returns the y below it. */
    protected double title(DrawContext g, String text, String detail, double width, Theme theme) {
        double fs = theme.fontSize();
        double y = fs * 1.6;
        double tw = pen.text(g, text, fs * 0.8, y, width - fs * 1.6, theme.text(), fs * 1.15, true, Align.LEFT);
        if (detail != null && !detail.isEmpty()) {
            double x = fs * 0.8 + tw + fs;
            pen.text(g, detail, x, y, width - x - fs * 0.8, theme.mutedText(), fs, false, Align.LEFT);
        }
        return y + fs * 0.8;
    }
}
