package dev.asiscope.ui.views;

import dev.asiscope.ui.core.Theme;
import dev.asiscope.ui.draw.DrawContext;
import dev.asiscope.ui.draw.DrawContext.Align;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Text measuring and the small drawing idioms every view uses (fitted text, chips, hatching, legends).
 * Text widths are cached because measuring is far more expensive than drawing; a mono width is one
 * measurement per size. One instance per view; not thread-safe.
 */
final class Pen {
    private static final int MAX_CACHED = 4096;
    private static final String ELLIPSIS = "\u2026";

    private record Key(String s, double size, boolean mono) {
    }

    /** DejaVu Sans Bold runs about 12-15% wider than the regular face the contexts measure. */
    private static final double BOLD = 1.16;

    private final Map<Key, Double> widths = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Double> e) {
            return size() > MAX_CACHED;
        }
    };
    private final Map<Double, Double> monoChar = new HashMap<>();
    private Class<?> measuredWith;

    /** Forgets cached widths when a different kind of context (screen vs SVG) starts measuring. */
    void use(DrawContext g) {
        Class<?> c = g instanceof MeasureOnly m ? m.delegateClass() : g.getClass();
        if (c != measuredWith) {
            widths.clear();
            monoChar.clear();
            measuredWith = c;
        }
    }

    /** Width of {@code s}; bold sans text is taken 16% wider than regular (the context measures regular). */
    double width(DrawContext g, String s, double size, boolean mono, boolean bold) {
        if (s.isEmpty()) {
            return 0;
        }
        if (mono) {
            Double cw = monoChar.get(size);
            if (cw == null) {
                cw = g.textWidth("0000000000", size, true) / 10;
                monoChar.put(size, cw);
            }
            return cw * s.length();
        }
        Key k = new Key(s, size, false);
        Double w = widths.get(k);
        if (w == null) {
            w = g.textWidth(s, size, false);
            widths.put(k, w);
        }
        return bold ? w * BOLD : w;
    }

    /** The first of {@code variants} (longest first) that fits {@code maxWidth} whole, or "" when none does. */
    String firstFitting(DrawContext g, double maxWidth, double size, boolean bold, String... variants) {
        for (String v : variants) {
            if (width(g, v, size, false, bold) <= maxWidth) {
                return v;
            }
        }
        return "";
    }

    /** {@code s}, shortened with an ellipsis if needed so it is at most {@code maxWidth} wide ("" if nothing fits). */
    String fit(DrawContext g, String s, double maxWidth, double size, boolean mono, boolean bold) {
        if (width(g, s, size, mono, bold) <= maxWidth) {
            return s;
        }
        double ew = width(g, ELLIPSIS, size, false, bold);
        if (ew > maxWidth) {
            return "";
        }
        int lo = 0;
        int hi = s.length();
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (width(g, s.substring(0, mid), size, mono, bold) + ew <= maxWidth) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo == 0 ? "" : s.substring(0, lo).stripTrailing() + ELLIPSIS;
    }

    /**
     * {@code s} broken at spaces into lines of at most {@code maxWidth}, at most {@code maxLines} of them
     * (the last one ellipsized if the text does not fit).
     */
    List<String> wrap(DrawContext g, String s, double maxWidth, double size, boolean bold, int maxLines) {
        List<String> lines = new java.util.ArrayList<>();
        String rest = s.strip();
        while (!rest.isEmpty() && lines.size() < maxLines) {
            if (lines.size() == maxLines - 1 || width(g, rest, size, false, bold) <= maxWidth) {
                lines.add(fit(g, rest, maxWidth, size, false, bold));
                break;
            }
            int cut = -1;
            for (int i = rest.indexOf(' '); i > 0; i = rest.indexOf(' ', i + 1)) {
                if (width(g, rest.substring(0, i), size, false, bold) > maxWidth) {
                    break;
                }
                cut = i;
            }
            if (cut < 0) {
                lines.add(fit(g, rest, maxWidth, size, false, bold));
                break;
            }
            lines.add(rest.substring(0, cut));
            rest = rest.substring(cut + 1).strip();
        }
        return lines;
    }

    /** Draws {@code s} fitted to {@code maxWidth}; returns the width drawn. */
    double text(DrawContext g, String s, double x, double y, double maxWidth, String color, double size, boolean bold,
            Align align) {
        String f = fit(g, s, maxWidth, size, false, bold);
        if (!f.isEmpty()) {
            g.text(f, x, y, color, size, bold, align);
        }
        return width(g, f, size, false, bold);
    }

    /** Monospaced variant of {@link #text}. */
    double mono(DrawContext g, String s, double x, double y, double maxWidth, String color, double size, Align align) {
        String f = fit(g, s, maxWidth, size, true, false);
        if (!f.isEmpty()) {
            g.mono(f, x, y, color, size, align);
        }
        return width(g, f, size, true, false);
    }

    /**
     * A rounded-looking label box ("chip"): filled {@code bg}, text in the contrasting colour. Returns its
     * width. {@code y} is the top of the chip.
     */
    double chip(DrawContext g, String s, double x, double y, String bg, double size, boolean bold) {
        double pad = size * 0.4;
        double w = width(g, s, size, false, bold) + 2 * pad;
        double h = size * 1.45;
        g.fillRect(x, y, w, h, bg);
        g.text(s, x + pad, y + h - size * 0.38, Ink.onColor(bg), size, bold, Align.LEFT);
        return w;
    }

    /** Width {@link #chip} would take. */
    double chipWidth(DrawContext g, String s, double size, boolean bold) {
        return width(g, s, size, false, bold) + 0.8 * size;
    }

    /** Diagonal hatching inside a rectangle (the "not mapped here" pattern). */
    static void hatch(DrawContext g, double x, double y, double w, double h, String color, double spacing,
            double lineWidth) {
        if (w <= 0 || h <= 0) {
            return;
        }
        g.save();
        g.clip(x, y, w, h);
        for (double d = -h; d < w; d += spacing) {
            g.line(x + d, y + h, x + d + h, y, color, lineWidth);
        }
        g.restore();
    }

    /** A horizontal progress bar; {@code fraction} outside 0..1 is clamped, NaN draws an empty bar. */
    static void progress(DrawContext g, double x, double y, double w, double h, double fraction, String fill,
            String track, String border) {
        g.fillRect(x, y, w, h, track);
        if (!Double.isNaN(fraction)) {
            double f = Math.max(0, Math.min(1, fraction));
            g.fillRect(x, y, w * f, h, fill);
        }
        g.strokeRect(x, y, w, h, border, 1);
    }

    /** One legend entry: a swatch colour (or null for a text-only entry), its text and an optional outline. */
    record LegendItem(String color, String text, String outline) {
        LegendItem(String color, String text) {
            this(color, text, null);
        }
    }

    /**
     * Lays legend entries left to right, wrapping within {@code maxWidth}. Returns the height used. With
     * {@code draw} false it only measures.
     */
    double legend(DrawContext g, List<LegendItem> items, double x, double y, double maxWidth, Theme theme,
            boolean draw) {
        double size = theme.fontSize() * 0.9;
        double sw = size * 1.1;
        double rowH = size * 1.6;
        double cx = x;
        double cy = y;
        for (LegendItem it : items) {
            double tw = width(g, it.text(), size, false, false);
            double iw = (it.color() == null ? 0 : sw + size * 0.4) + tw + size * 1.2;
            if (cx > x && cx + iw > x + maxWidth) {
                cx = x;
                cy += rowH;
            }
            if (draw) {
                double tx = cx;
                if (it.color() != null) {
                    g.fillRect(cx, cy + (rowH - sw) / 2, sw, sw, it.color());
                    g.strokeRect(cx, cy + (rowH - sw) / 2, sw, sw,
                            it.outline() != null ? it.outline() : theme.grid(), it.outline() != null ? 2.5 : 1);
                    tx += sw + size * 0.4;
                }
                // An item wider than the whole row is shortened (with an ellipsis) to stay inside the view.
                text(g, it.text(), tx, cy + rowH * 0.5 + size * 0.36, x + maxWidth - tx, theme.text(), size, false,
                        Align.LEFT);
            }
            cx += iw;
        }
        return cy - y + rowH;
    }
}
