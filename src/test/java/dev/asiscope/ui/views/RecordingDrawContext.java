package dev.asiscope.ui.views;

import dev.asiscope.ui.draw.DrawContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A {@link DrawContext} that records every call, so tests can assert what a painter drew and where. */
final class RecordingDrawContext implements DrawContext {
    enum Kind { FILL_RECT, STROKE_RECT, LINE, TEXT, MONO, FILL_OVAL, STROKE_OVAL, POLYGON }

    /** One recorded call; for text {@code x, y} are the anchor and baseline, {@code w} the measured width. */
    record Call(Kind kind, double x, double y, double w, double h, String color, String text, double size,
            boolean bold, double lineWidth, Align align, int clipDepth) {
        boolean contains(double px, double py) {
            return px >= x && py >= y && px < x + w && py < y + h;
        }

        double centerX() {
            return x + w / 2;
        }

        double centerY() {
            return y + h / 2;
        }
    }

    final List<Call> calls = new ArrayList<>();
    private int depth;

    @Override
    public void fillRect(double x, double y, double w, double h, String color) {
        calls.add(new Call(Kind.FILL_RECT, x, y, w, h, color, null, 0, false, 0, null, depth));
    }

    @Override
    public void strokeRect(double x, double y, double w, double h, String color, double lineWidth) {
        calls.add(new Call(Kind.STROKE_RECT, x, y, w, h, color, null, 0, false, lineWidth, null, depth));
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, String color, double lineWidth) {
        calls.add(new Call(Kind.LINE, x1, y1, x2 - x1, y2 - y1, color, null, 0, false, lineWidth, null, depth));
    }

    @Override
    public void text(String s, double x, double y, String color, double size, boolean bold, Align align) {
        calls.add(new Call(Kind.TEXT, x, y, textWidth(s, size, false), size, color, s, size, bold, 0, align, depth));
    }

    @Override
    public void mono(String s, double x, double y, String color, double size, Align align) {
        calls.add(new Call(Kind.MONO, x, y, textWidth(s, size, true), size, color, s, size, false, 0, align, depth));
    }

    @Override
    public void fillOval(double x, double y, double w, double h, String color) {
        calls.add(new Call(Kind.FILL_OVAL, x, y, w, h, color, null, 0, false, 0, null, depth));
    }

    @Override
    public void strokeOval(double x, double y, double w, double h, String color, double lineWidth) {
        calls.add(new Call(Kind.STROKE_OVAL, x, y, w, h, color, null, 0, false, lineWidth, null, depth));
    }

    @Override
    public void fillPolygon(double[] xs, double[] ys, String color) {
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int i = 0; i < xs.length; i++) {
            minX = Math.min(minX, xs[i]);
            maxX = Math.max(maxX, xs[i]);
            minY = Math.min(minY, ys[i]);
            maxY = Math.max(maxY, ys[i]);
        }
        calls.add(new Call(Kind.POLYGON, minX, minY, maxX - minX, maxY - minY, color, null, 0, false, 0, null, depth));
    }

    /** Deterministic approximation of DejaVu metrics, good enough for layout assertions. */
    @Override
    public double textWidth(String s, double size, boolean mono) {
        return s.length() * size * (mono ? 0.602 : 0.58);
    }

    @Override
    public void save() {
        depth++;
    }

    @Override
    public void restore() {
        depth--;
    }

    @Override
    public void clip(double x, double y, double w, double h) {
    }

    int saveDepth() {
        return depth;
    }

    List<Call> where(Predicate<Call> p) {
        return calls.stream().filter(p).toList();
    }

    /** All text drawn (sans and mono), in order. */
    List<String> texts() {
        return calls.stream().filter(c -> c.kind() == Kind.TEXT || c.kind() == Kind.MONO).map(Call::text).toList();
    }

    boolean hasText(String fragment) {
        return texts().stream().anyMatch(t -> t.contains(fragment));
    }

    List<Call> textsContaining(String fragment) {
        return where(c -> (c.kind() == Kind.TEXT || c.kind() == Kind.MONO) && c.text().contains(fragment));
    }

    /** Left edge of a text call's box, from its anchor and alignment. */
    static double textLeft(Call c) {
        double w = c.w() * (c.bold() ? 1.16 : 1);
        return switch (c.align()) {
            case LEFT -> c.x();
            case CENTER -> c.x() - w / 2;
            case RIGHT -> c.x() - w;
        };
    }

    /**
     * Pairs of text calls whose boxes (baseline minus 0.75 size up to baseline plus 0.2 size) overlap by
     * more than {@code tolerance} pixels both ways: text drawn over text.
     */
    List<String> overlappingTexts(double tolerance) {
        List<Call> texts = where(c -> (c.kind() == Kind.TEXT || c.kind() == Kind.MONO) && !c.text().isBlank());
        List<String> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            Call a = texts.get(i);
            double ax0 = textLeft(a);
            double ax1 = ax0 + a.w() * (a.bold() ? 1.16 : 1);
            double ay0 = a.y() - a.size() * 0.75;
            double ay1 = a.y() + a.size() * 0.2;
            for (int j = i + 1; j < texts.size(); j++) {
                Call b = texts.get(j);
                double bx0 = textLeft(b);
                double bx1 = bx0 + b.w() * (b.bold() ? 1.16 : 1);
                double by0 = b.y() - b.size() * 0.75;
                double by1 = b.y() + b.size() * 0.2;
                double ox = Math.min(ax1, bx1) - Math.max(ax0, bx0);
                double oy = Math.min(ay1, by1) - Math.max(ay0, by0);
                if (ox > tolerance && oy > tolerance) {
                    out.add("'" + a.text() + "' @(" + (int) a.x() + "," + (int) a.y() + ") overlaps '" + b.text() + "' @("
                            + (int) b.x() + "," + (int) b.y() + ")");
                }
            }
        }
        return out;
    }

    List<Call> fills(String color) {
        return where(c -> c.kind() == Kind.FILL_RECT && c.color().equalsIgnoreCase(color));
    }
}
