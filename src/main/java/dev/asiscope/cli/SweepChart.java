package dev.asiscope.cli;

import dev.asiscope.ui.draw.DrawContext;
import dev.asiscope.ui.draw.DrawContext.Align;
import dev.asiscope.ui.draw.SvgDrawContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sweep as a line chart: x the share of VM exits touching sensitive memory, y each policy's overhead
 * versus {@code none}; a hollow marker where a policy leaks. Drawn with the project's SVG context and a fixed
 * text measure (no JavaFX font lookup), so the same sweep always gives the same file, byte for byte.
 */
final class SweepChart {
    static final double WIDTH = 960;
    static final double HEIGHT = 560;
    private static final double LEFT = 80;
    private static final double RIGHT = 250;
    private static final double TOP = 60;
    private static final double BOTTOM = 70;
    /** Colour-blind-safe palette (Okabe and Ito), one per policy in order. */
    private static final String[] COLORS = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2",
        "#D55E00", "#999999", "#F0E442"};

    private SweepChart() {
    }

    static String svg(SensitiveShareSweep sweep) {
        SvgDrawContext g = new SvgDrawContext((s, size, mono) -> s.length() * size * (mono ? 0.602 : 0.55));
        draw(g, sweep);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("title", "Overhead versus share of sensitive VM exits: " + sweep.scenario());
        meta.put("creator", "asiscope compare --sweep");
        return g.toSvg(WIDTH, HEIGHT, meta);
    }

    static void draw(DrawContext g, SensitiveShareSweep sweep) {
        List<Double> xs = sweep.shares();
        double maxY = 0;
        for (int i = 0; i < xs.size(); i++) {
            for (String p : sweep.policies()) {
                maxY = Math.max(maxY, sweep.overhead(i, p));
            }
        }
        double step = niceStep(maxY / 5);
        double top = Math.max(step, Math.ceil(maxY * 1.08 / step) * step);
        double minX = xs.get(0);
        double maxX = xs.get(xs.size() - 1);
        double pw = WIDTH - LEFT - RIGHT;
        double ph = HEIGHT - TOP - BOTTOM;
        g.fillRect(0, 0, WIDTH, HEIGHT, "#FFFFFF");
        g.text("Overhead versus share of VM exits touching sensitive memory", LEFT, 28, "#000000", 18, true, Align.LEFT);
        g.text(sweep.scenario() + "; overhead = victim cycles relative to none at the same share", LEFT, 48, "#444444",
                12, false, Align.LEFT);
        for (double y = 0; y <= top + 1e-9; y += step) {
            double py = TOP + ph - ph * y / top;
            g.line(LEFT, py, LEFT + pw, py, "#DDDDDD", 1);
            g.text(label(y, step) + "%", LEFT - 8, py + 4, "#333333", 12, false, Align.RIGHT);
        }
        for (double x : xs) {
            double px = px(x, minX, maxX, pw);
            g.line(px, TOP + ph, px, TOP + ph + 5, "#333333", 1);
            g.text(SensitiveShareSweep.trim(x) + "%", px, TOP + ph + 20, "#333333", 12, false, Align.CENTER);
        }
        g.line(LEFT, TOP + ph, LEFT + pw, TOP + ph, "#333333", 1.5);
        g.line(LEFT, TOP, LEFT, TOP + ph, "#333333", 1.5);
        g.text("share of VM exits whose handling touches sensitive memory", LEFT + pw / 2, HEIGHT - 22, "#000000", 13,
                false, Align.CENTER);
        g.text("overhead", LEFT - 8, TOP - 10, "#000000", 13, false, Align.RIGHT);
        int k = 0;
        for (String p : sweep.policies()) {
            String color = COLORS[k % COLORS.length];
            double prevX = Double.NaN;
            double prevY = Double.NaN;
            for (int i = 0; i < xs.size(); i++) {
                double cx = px(xs.get(i), minX, maxX, pw);
                double cy = TOP + ph - ph * Math.max(0, sweep.overhead(i, p)) / top;
                if (!Double.isNaN(prevX)) {
                    g.line(prevX, prevY, cx, cy, color, 2);
                }
                marker(g, k, cx, cy, color, sweep.leaks(i, p) > 0);
                prevX = cx;
                prevY = cy;
            }
            double ly = TOP + 10 + 22 * k;
            double lx = LEFT + pw + 20;
            g.line(lx, ly, lx + 30, ly, color, 2);
            marker(g, k, lx + 15, ly, color, false);
            g.text(p, lx + 40, ly + 4, "#000000", 12, false, Align.LEFT);
            k++;
        }
        double ly = TOP + 10 + 22 * k + 10;
        double lx = LEFT + pw + 20;
        marker(g, 0, lx + 15, ly, "#000000", true);
        g.text("leaks at this share", lx + 40, ly + 4, "#000000", 12, false, Align.LEFT);
        g.text("(policies with equal results", lx, ly + 28, "#444444", 11, false, Align.LEFT);
        g.text("draw one line over the other)", lx, ly + 42, "#444444", 11, false, Align.LEFT);
    }

    private static double px(double x, double minX, double maxX, double pw) {
        return LEFT + (maxX == minX ? pw / 2 : pw * (x - minX) / (maxX - minX));
    }

    /** A filled marker, or a hollow one (white inside) where the policy leaks; shapes cycle per policy. */
    private static void marker(DrawContext g, int k, double x, double y, String color, boolean hollow) {
        double r = 4.5;
        switch (k % 3) {
            case 0 -> g.fillOval(x - r, y - r, 2 * r, 2 * r, color);
            case 1 -> g.fillRect(x - r, y - r, 2 * r, 2 * r, color);
            default -> g.fillPolygon(new double[] {x, x + r + 1, x - r - 1}, new double[] {y - r - 1, y + r, y + r},
                    color);
        }
        if (hollow) {
            g.fillOval(x - 2.2, y - 2.2, 4.4, 4.4, "#FFFFFF");
        }
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        if (!(raw > 0)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String label(double y, double step) {
        return step >= 1 ? String.format(Locale.ROOT, "%.0f", y) : String.format(Locale.ROOT, "%.1f", y);
    }
}
