package dev.asiscope.ui.annotate;

import java.util.regex.Pattern;

/**
 * How an annotation looks. Stroke width and font size are in view pixels at 100% zoom and scale 1
 * (an export at scale 2 draws them twice as large, like everything else).
 *
 * @param color       {@code #rrggbb}
 * @param strokeWidth line width of arrows, outlines and leaders, 0.5 to 20
 * @param fontSize    size of text, callouts and step numbers, 6 to 96
 */
public record Style(String color, double strokeWidth, double fontSize) {
    private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");

    /** Red, 3 px, 16 px text: visible on every theme. */
    public static final Style DEFAULT = new Style("#e0301e", 3, 16);

    public Style {
        if (color == null) {
            color = DEFAULT.color();
        }
        if (!COLOR.matcher(color).matches()) {
            throw new IllegalArgumentException("colour must be #rrggbb, got '" + color + "'");
        }
        color = color.toLowerCase(java.util.Locale.ROOT);
        if (strokeWidth == 0) {
            strokeWidth = DEFAULT.strokeWidth();
        }
        if (fontSize == 0) {
            fontSize = DEFAULT.fontSize();
        }
        if (!(strokeWidth >= 0.5 && strokeWidth <= 20)) {
            throw new IllegalArgumentException("stroke width must be 0.5 to 20, got " + strokeWidth);
        }
        if (!(fontSize >= 6 && fontSize <= 96)) {
            throw new IllegalArgumentException("font size must be 6 to 96, got " + fontSize);
        }
    }

    public Style withColor(String c) {
        return new Style(c, strokeWidth, fontSize);
    }

    public Style withStrokeWidth(double s) {
        return new Style(color, s, fontSize);
    }

    public Style withFontSize(double f) {
        return new Style(color, strokeWidth, f);
    }
}
