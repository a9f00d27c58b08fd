package dev.asiscope.ui.present;

import dev.asiscope.ui.core.Theme;
import dev.asiscope.ui.annotate.Anchor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

/**
 * A leak's causal chain drawn across the views: a transparent layer over the views area that outlines,
 * in each view on screen, the thing a step points at (the secret's region, its L1D line, the walked
 * page-table entry, the probe line, the leak's marker on the timeline), numbers it, and joins consecutive
 * steps with arrows from view to view. Only the steps the cursor has reached are drawn (a step's cycle at or
 * before the cursor), so stepping forward tells the story; with a focused step (the K key in presentation
 * mode) the chain is drawn up to it and that step stands out.
 *
 * <p>The boxes come from the views' own layout ({@link Locator}, answered by each view's
 * {@link dev.asiscope.ui.annotate.AnchorLocator}) every time the views repaint or the layer is resized, so
 * the arrows follow resizing, zoom, divider moves and the cursor. Screen only: exports never draw it.
 */
public final class ChainOverlay extends Region {
    /** Where a view on screen draws a thing. */
    @FunctionalInterface
    public interface Locator {
        /**
         * The box, in scene coordinates, where view {@code viewId} draws the anchor's object; for a null
         * anchor, the view's own box. Empty when that view is not on screen or does not show the object.
         */
        Optional<Bounds> sceneBox(String viewId, Anchor anchor);
    }

    /** A step drawn: its box in this layer's coordinates. */
    public record Placed(CausalChain.Step step, Bounds box) {
    }

    /** An arrow drawn from one step's box to the next one's, in this layer's coordinates. */
    public record Link(int fromStep, int toStep, Point2D start, Point2D end) {
    }

    private final Canvas canvas = new Canvas();
    private final Locator locator;
    private final Supplier<Theme> theme;
    private final LongSupplier cursor;
    private List<CausalChain.Step> steps = List.of();
    private int focus = -1;
    private List<Placed> placed = List.of();
    private List<Link> links = List.of();
    private boolean refreshQueued;
    private java.util.function.DoubleSupplier scale = () -> 1;

    /**
     * @param locator where the views draw things
     * @param theme   the views' theme (colours and type size)
     * @param cursor  the cursor's cycle (steps after it are not drawn)
     */
    public ChainOverlay(Locator locator, Supplier<Theme> theme, LongSupplier cursor) {
        this.locator = locator;
        this.theme = theme;
        this.cursor = cursor;
        setId("causalChainOverlay");
        setMouseTransparent(true);
        setPickOnBounds(false);
        // The layer takes the size it is given and never asks for one (a canvas child would otherwise make
        // its last size the minimum of whatever holds it, and the window could not shrink).
        canvas.setManaged(false);
        setMinSize(0, 0);
        setPrefSize(0, 0);
        getChildren().add(canvas);
    }

    /** Draws {@code chain} (empty: nothing); the focus resets. */
    public void setChain(List<CausalChain.Step> chain) {
        if (!chain.equals(steps)) {
            steps = List.copyOf(chain);
            focus = -1;
        }
        requestRefresh();
    }

    /**
     * Draws the chain up to step index {@code i} (0-based) with that step emphasised; -1 draws every step
     * the cursor has reached, alike.
     */
    public void setFocus(int i) {
        focus = i;
        requestRefresh();
    }

    /**
     * How much larger than at 100 % the badges, arrows and their type are drawn: the views' zoom (the grid's
     * 130 % for a lecture hall, presentation mode's zoom that makes labels legible), so the numbers keep
     * their size next to the views' text. 1 by default.
     */
    public void setScale(java.util.function.DoubleSupplier s) {
        scale = s;
        requestRefresh();
    }

    /** The steps drawn now, with their boxes (for tests and for the window's status). */
    public List<Placed> placed() {
        return placed;
    }

    /** The arrows drawn now. */
    public List<Link> links() {
        return links;
    }

    /** Redraws after the current pulse (coalesced: any number of calls before it redraw once). */
    public void requestRefresh() {
        if (!refreshQueued) {
            refreshQueued = true;
            Platform.runLater(() -> {
                refreshQueued = false;
                refresh();
            });
        }
    }

    @Override
    protected void layoutChildren() {
        if (canvas.getWidth() != getWidth() || canvas.getHeight() != getHeight()) {
            canvas.setWidth(Math.max(0, getWidth()));
            canvas.setHeight(Math.max(0, getHeight()));
            requestRefresh();
        }
    }

    /** Locates every step again and redraws now. */
    public void refresh() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        List<Placed> now = new ArrayList<>();
        if (getScene() != null && isVisible()) {
            long at = cursor.getAsLong();
            int last = focus >= 0 ? Math.min(focus, steps.size() - 1) : steps.size() - 1;
            for (int i = 0; i <= last; i++) {
                CausalChain.Step s = steps.get(i);
                if (s.anchor() == null || s.cycle() > at) {
                    continue;
                }
                locator.sceneBox(s.viewId(), s.anchor()).map(this::sceneToLocal)
                        .filter(b -> b.getWidth() > 0 && b.getHeight() > 0)
                        .ifPresent(b -> now.add(new Placed(s, b)));
            }
        }
        placed = List.copyOf(now);
        links = draw(g, now);
    }

    private List<Link> draw(GraphicsContext g, List<Placed> now) {
        List<Link> out = new ArrayList<>();
        if (now.isEmpty()) {
            return out;
        }
        Theme t = theme.get();
        Color ink = chainColor(t);
        Color halo = Color.web(t.background()).deriveColor(0, 1, 1, 0.85);
        double k = Math.max(1, scale.getAsDouble());
        double fs = t.fontSize() * k;
        int focusNumber = focus >= 0 && focus < steps.size() ? steps.get(focus).number() : -1;
        // Arrows first, so the outlines and numbers sit on top of them.
        for (int i = 1; i < now.size(); i++) {
            Bounds a = now.get(i - 1).box();
            Bounds b = now.get(i).box();
            Point2D from = edgeToward(a, centre(b));
            Point2D to = edgeToward(b, centre(a));
            if (from.distance(to) < 4) {
                continue;
            }
            boolean strong = focusNumber < 0 || now.get(i).step().number() == focusNumber;
            arrow(g, from, to, ink, halo, (strong ? 4 : 2.5) * k, fs);
            out.add(new Link(now.get(i - 1).step().number(), now.get(i).step().number(), from, to));
        }
        List<Point2D> badges = new ArrayList<>();
        for (Placed p : now) {
            boolean strong = focusNumber < 0 || p.step().number() == focusNumber;
            Bounds b = p.box();
            g.setStroke(halo);
            g.setLineWidth(strong ? 7 : 5);
            g.strokeRect(b.getMinX() - 4, b.getMinY() - 4, b.getWidth() + 8, b.getHeight() + 8);
            g.setStroke(ink);
            g.setLineWidth(strong ? 3.5 : 2);
            g.setLineDashes(strong ? null : new double[] {6, 4});
            g.strokeRect(b.getMinX() - 4, b.getMinY() - 4, b.getWidth() + 8, b.getHeight() + 8);
            g.setLineDashes((double[]) null);
            badges.add(badge(g, p.step().number(), b, ink, halo, fs, strong, badges));
        }
        return out;
    }

    /** The chain's colour: a magenta no view uses for anything else, dark on light themes, light on dark. */
    static Color chainColor(Theme t) {
        return Color.web(t.background()).getBrightness() > 0.5 ? Color.web("#c0008a") : Color.web("#ff5ccf");
    }

    /** A step's badge's radius at the type size {@code fs} (the theme's, scaled). */
    private static double badgeRadius(double fs) {
        return Math.max(11, fs * 0.95);
    }

    /** The radius the badges are drawn at now (tests: they grow with the views' zoom). */
    public double badgeRadius() {
        return badgeRadius(theme.get().fontSize() * Math.max(1, scale.getAsDouble()));
    }

    /** Draws a step's number on a corner of its outline; returns the badge's centre. */
    private Point2D badge(GraphicsContext g, int number, Bounds b, Color ink, Color halo, double fs, boolean strong,
            List<Point2D> taken) {
        double r = badgeRadius(fs);
        // On a corner of the outline: the top-left one of a small box, the top-right one of a wide box (a
        // row: its left end holds its name); another corner when a badge is there already (two lines of one
        // cache set); pulled inside the layer when the box touches its edge.
        double l = b.getMinX() - 4;
        double rt = b.getMaxX() + 4;
        double t = b.getMinY() - 4;
        double bt = b.getMaxY() + 4;
        double[][] corners = b.getWidth() > 6 * r ? new double[][] {{rt, t}, {l, t}, {rt, bt}, {l, bt}}
                : new double[][] {{l, t}, {rt, t}, {l, bt}, {rt, bt}};
        double cx = 0;
        double cy = 0;
        for (double[] c : corners) {
            cx = Math.max(r + 1, Math.min(getWidth() - r - 1, c[0]));
            cy = Math.max(r + 1, Math.min(getHeight() - r - 1, c[1]));
            final double x = cx;
            final double y = cy;
            if (taken.stream().noneMatch(p -> p.distance(x, y) < 2 * r + 2)) {
                break;
            }
        }
        g.setFill(halo);
        g.fillOval(cx - r - 2, cy - r - 2, 2 * r + 4, 2 * r + 4);
        g.setFill(strong ? ink : Color.web("#ffffff"));
        g.fillOval(cx - r, cy - r, 2 * r, 2 * r);
        g.setStroke(ink);
        g.setLineWidth(2);
        g.strokeOval(cx - r, cy - r, 2 * r, 2 * r);
        g.setFill(strong ? Color.WHITE : ink);
        g.setFont(Font.font("DejaVu Sans", FontWeight.BOLD, r * 1.15));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(Integer.toString(number), cx, cy);
        return new Point2D(cx, cy);
    }

    private static void arrow(GraphicsContext g, Point2D from, Point2D to, Color ink, Color halo, double width,
            double fs) {
        double dx = to.getX() - from.getX();
        double dy = to.getY() - from.getY();
        double len = Math.hypot(dx, dy);
        double ux = dx / len;
        double uy = dy / len;
        double head = Math.min(len * 0.6, Math.max(14, fs * 1.1) + width * 2);
        double half = head * 0.45;
        double ex = to.getX() - ux * head * 0.8;
        double ey = to.getY() - uy * head * 0.8;
        g.setStroke(halo);
        g.setLineWidth(width + 4);
        g.strokeLine(from.getX(), from.getY(), ex, ey);
        g.setStroke(ink);
        g.setLineWidth(width);
        g.strokeLine(from.getX(), from.getY(), ex, ey);
        double bx = to.getX() - ux * head;
        double by = to.getY() - uy * head;
        double[] xs = {to.getX(), bx - uy * half, bx + uy * half};
        double[] ys = {to.getY(), by + ux * half, by - ux * half};
        g.setFill(halo);
        g.setStroke(halo);
        g.setLineWidth(3);
        g.strokePolygon(xs, ys, 3);
        g.setFill(ink);
        g.fillPolygon(xs, ys, 3);
    }

    private static Point2D centre(Bounds b) {
        return new Point2D(b.getCenterX(), b.getCenterY());
    }

    /**
     * Where the segment from the centre of {@code box} (grown by the outline's margin) toward {@code target}
     * leaves it: arrows start and end on the outlines, not inside the boxes.
     */
    static Point2D edgeToward(Bounds box, Point2D target) {
        Bounds b = new BoundingBox(box.getMinX() - 6, box.getMinY() - 6, box.getWidth() + 12, box.getHeight() + 12);
        double cx = b.getCenterX();
        double cy = b.getCenterY();
        double dx = target.getX() - cx;
        double dy = target.getY() - cy;
        if (dx == 0 && dy == 0) {
            return new Point2D(cx, cy);
        }
        double tx = dx == 0 ? Double.MAX_VALUE : (b.getWidth() / 2) / Math.abs(dx);
        double ty = dy == 0 ? Double.MAX_VALUE : (b.getHeight() / 2) / Math.abs(dy);
        double k = Math.min(1, Math.min(tx, ty));
        return new Point2D(cx + dx * k, cy + dy * k);
    }
}
