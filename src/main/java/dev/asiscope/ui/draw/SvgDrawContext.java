package dev.asiscope.ui.draw;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.regex.Pattern;
import javafx.scene.canvas.Canvas;

/**
 * {@link DrawContext} that writes an SVG 1.1 document: rectangles, lines, ellipses and polygons as
 * shapes, text as {@code <text>} elements (selectable and searchable in the exported file, never
 * outlines), clipping as {@code clipPath}, save/restore as nested groups. Text is measured like the
 * screen measures it, so a view lays out the same in SVG as in PNG.
 */
public final class SvgDrawContext implements DrawContext {
    /** Measures text the way the screen context does. */
    @FunctionalInterface
    public interface TextMeasurer {
        double width(String s, double size, boolean mono);
    }

    static final String SANS = "DejaVu Sans, Verdana, sans-serif";
    static final String MONO = "DejaVu Sans Mono, monospace";
    private static final Pattern XML_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    private final StringBuilder body = new StringBuilder(1 << 16);
    private final StringBuilder defs = new StringBuilder();
    /** For each open save(), the number of groups opened since it (its own included). */
    private final Deque<int[]> saves = new ArrayDeque<>();
    private int rootGroups;
    private int clipIds;
    private final TextMeasurer measurer;

    /** Measures text with JavaFX, exactly as {@link FxDrawContext} does. */
    public SvgDrawContext() {
        this(new FxDrawContext(new Canvas(1, 1).getGraphicsContext2D())::textWidth);
    }

    public SvgDrawContext(TextMeasurer measurer) {
        this.measurer = measurer;
    }

    @Override
    public void fillRect(double x, double y, double w, double h, String color) {
        body.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"")
                .append(num(w)).append("\" height=\"").append(num(h)).append('"');
        paint("fill", color);
        body.append("/>\n");
    }

    @Override
    public void strokeRect(double x, double y, double w, double h, String color, double lineWidth) {
        body.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"")
                .append(num(w)).append("\" height=\"").append(num(h)).append("\" fill=\"none\"");
        stroke(color, lineWidth);
        body.append("/>\n");
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, String color, double lineWidth) {
        body.append("<line x1=\"").append(num(x1)).append("\" y1=\"").append(num(y1)).append("\" x2=\"")
                .append(num(x2)).append("\" y2=\"").append(num(y2)).append('"');
        stroke(color, lineWidth);
        body.append("/>\n");
    }

    @Override
    public void text(String s, double x, double y, String color, double size, boolean bold, Align align) {
        text(s, x, y, color, size, bold, align, SANS);
    }

    @Override
    public void mono(String s, double x, double y, String color, double size, Align align) {
        text(s, x, y, color, size, false, align, MONO);
    }

    private void text(String s, double x, double y, String color, double size, boolean bold, Align align,
            String family) {
        if (s == null || s.isEmpty()) {
            return;
        }
        body.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" font-family=\"")
                .append(family).append("\" font-size=\"").append(num(size)).append('"');
        if (bold) {
            body.append(" font-weight=\"bold\"");
        }
        if (align == Align.CENTER) {
            body.append(" text-anchor=\"middle\"");
        } else if (align == Align.RIGHT) {
            body.append(" text-anchor=\"end\"");
        }
        paint("fill", color);
        body.append('>');
        escape(body, s);
        body.append("</text>\n");
    }

    @Override
    public void fillOval(double x, double y, double w, double h, String color) {
        ellipse(x, y, w, h);
        paint("fill", color);
        body.append("/>\n");
    }

    @Override
    public void strokeOval(double x, double y, double w, double h, String color, double lineWidth) {
        ellipse(x, y, w, h);
        body.append(" fill=\"none\"");
        stroke(color, lineWidth);
        body.append("/>\n");
    }

    private void ellipse(double x, double y, double w, double h) {
        body.append("<ellipse cx=\"").append(num(x + w / 2)).append("\" cy=\"").append(num(y + h / 2))
                .append("\" rx=\"").append(num(w / 2)).append("\" ry=\"").append(num(h / 2)).append('"');
    }

    @Override
    public void fillPolygon(double[] xs, double[] ys, String color) {
        body.append("<polygon points=\"");
        for (int i = 0; i < xs.length; i++) {
            if (i > 0) {
                body.append(' ');
            }
            body.append(num(xs[i])).append(',').append(num(ys[i]));
        }
        body.append('"');
        paint("fill", color);
        body.append("/>\n");
    }

    @Override
    public double textWidth(String s, double size, boolean mono) {
        return measurer.width(s, size, mono);
    }

    @Override
    public void save() {
        body.append("<g>\n");
        saves.push(new int[] {1});
    }

    @Override
    public void restore() {
        int[] open = saves.poll();
        if (open == null) {
            return;
        }
        for (int i = 0; i < open[0]; i++) {
            body.append("</g>\n");
        }
    }

    @Override
    public void clip(double x, double y, double w, double h) {
        String id = "clip" + ++clipIds;
        defs.append("<clipPath id=\"").append(id).append("\"><rect x=\"").append(num(x)).append("\" y=\"")
                .append(num(y)).append("\" width=\"").append(num(w)).append("\" height=\"").append(num(h))
                .append("\"/></clipPath>\n");
        body.append("<g clip-path=\"url(#").append(id).append(")\">\n");
        if (saves.isEmpty()) {
            rootGroups++;
        } else {
            saves.peek()[0]++;
        }
    }

    /**
     * The complete document for a {@code width x height} picture. {@code metadata} goes into an RDF block
     * (Dublin Core for {@code title}, {@code creator}, {@code source}, {@code date}; an
     * {@code asiscope:} element for every other key, in map order); a {@code title} also becomes the
     * document's {@code <title>}. Keys must be XML names.
     */
    public String toSvg(double width, double height, Map<String, String> metadata) {
        StringBuilder out = new StringBuilder(body.length() + defs.length() + 2048);
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n");
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(num(width))
                .append("\" height=\"").append(num(height)).append("\" viewBox=\"0 0 ").append(num(width))
                .append(' ').append(num(height)).append("\" xml:space=\"preserve\">\n");
        if (metadata != null && metadata.get("title") != null) {
            out.append("<title>");
            escape(out, metadata.get("title"));
            out.append("</title>\n");
        }
        if (metadata != null && !metadata.isEmpty()) {
            metadata(out, metadata);
        }
        if (defs.length() > 0) {
            out.append("<defs>\n").append(defs).append("</defs>\n");
        }
        // JavaFX strokes with square caps and mitred joins by default; say so once for every shape.
        out.append("<g stroke-linecap=\"square\" stroke-linejoin=\"miter\" stroke-miterlimit=\"10\">\n");
        out.append(body);
        for (int[] open : saves) {
            for (int i = 0; i < open[0]; i++) {
                out.append("</g>\n");
            }
        }
        for (int i = 0; i < rootGroups; i++) {
            out.append("</g>\n");
        }
        out.append("</g>\n</svg>\n");
        return out.toString();
    }

    private static void metadata(StringBuilder out, Map<String, String> metadata) {
        out.append("<metadata>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"")
                .append(" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"")
                .append(" xmlns:asiscope=\"urn:asiscope:provenance:1\">\n")
                .append("<rdf:Description rdf:about=\"\">\n<dc:format>image/svg+xml</dc:format>\n");
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            if (!XML_NAME.matcher(e.getKey()).matches()) {
                throw new IllegalArgumentException("metadata key is not an XML name: '" + e.getKey() + "'");
            }
            String element = switch (e.getKey()) {
                case "title", "creator", "source", "date" -> "dc:" + e.getKey();
                default -> "asiscope:" + e.getKey();
            };
            out.append('<').append(element).append('>');
            escape(out, e.getValue());
            out.append("</").append(element).append(">\n");
        }
        out.append("</rdf:Description>\n</rdf:RDF>\n</metadata>\n");
    }

    /** Writes {@code name="#rrggbb"} and, for a colour with alpha, {@code name-opacity}. */
    private void paint(String attribute, String color) {
        body.append(' ').append(attribute).append("=\"");
        String opacity = colour(body, color);
        body.append('"');
        if (opacity != null) {
            body.append(' ').append(attribute).append("-opacity=\"").append(opacity).append('"');
        }
    }

    private void stroke(String color, double lineWidth) {
        paint("stroke", color);
        body.append(" stroke-width=\"").append(num(lineWidth)).append('"');
    }

    /** Appends the opaque part of a CSS colour; returns its opacity when not 1 (SVG 1.1 has no #rrggbbaa). */
    static String colour(StringBuilder out, String c) {
        if (c != null && c.length() == 9 && c.charAt(0) == '#') {
            out.append(c, 0, 7);
            int a = Integer.parseInt(c.substring(7, 9), 16);
            return a == 255 ? null : num(Math.round(a / 255.0 * 1000) / 1000.0);
        }
        if (c != null && c.length() == 5 && c.charAt(0) == '#') {
            out.append('#').append(c.charAt(1)).append(c.charAt(1)).append(c.charAt(2)).append(c.charAt(2))
                    .append(c.charAt(3)).append(c.charAt(3));
            int a = Integer.parseInt(c.substring(4, 5) + c.charAt(4), 16);
            return a == 255 ? null : num(Math.round(a / 255.0 * 1000) / 1000.0);
        }
        escape(out, c == null ? "none" : c);
        return null;
    }

    /** A coordinate with at most 3 decimals and no trailing zeros (Locale-independent, fast). */
    static String num(double v) {
        if (!Double.isFinite(v)) {
            return "0";
        }
        long scaled = Math.round(v * 1000);
        if (scaled % 1000 == 0) {
            return Long.toString(scaled / 1000);
        }
        StringBuilder sb = new StringBuilder(12);
        if (scaled < 0) {
            sb.append('-');
            scaled = -scaled;
        }
        sb.append(scaled / 1000).append('.');
        long frac = scaled % 1000;
        if (frac < 100) {
            sb.append('0');
        }
        if (frac < 10) {
            sb.append('0');
        }
        sb.append(frac);
        int end = sb.length();
        while (sb.charAt(end - 1) == '0') {
            end--;
        }
        sb.setLength(end);
        return sb.toString();
    }

    /** XML-escapes {@code s}, dropping characters XML 1.0 cannot hold. */
    static void escape(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> {
                    if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(ch).append(s.charAt(++i));
                    } else if (Character.isSurrogate(ch) || ch == 0xFFFE || ch == 0xFFFF
                            || (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r')) {
                        out.append('\uFFFD');
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
    }
}
