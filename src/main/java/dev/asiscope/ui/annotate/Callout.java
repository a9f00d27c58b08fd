package dev.asiscope.ui.annotate;

import java.util.List;

/**
 * A text box whose top-left corner is at ({@code x}, {@code y}), with a leader line from the box to
 * ({@code targetX}, {@code targetY}). The text may have several lines ({@code \n}).
 */
public record Callout(String id, Attachment attachment, Anchor anchor, Style style, String text, double x,
        double y, double targetX, double targetY) implements Annotation {
    public Callout {
        Annotation.check(id, attachment, x, y, targetX, targetY);
        Annotation.checkText(id, text);
        style = style == null ? Style.DEFAULT : style;
    }

    @Override
    public List<Point> points() {
        return List.of(new Point(x, y), new Point(targetX, targetY));
    }

    @Override
    public Callout withPoints(List<Point> p) {
        return placed(anchor, p);
    }

    @Override
    public Callout placed(Anchor a, List<Point> p) {
        Annotation.expect(p, 2);
        return new Callout(id, attachment, a, style, text, p.get(0).x(), p.get(0).y(), p.get(1).x(), p.get(1).y());
    }

    @Override
    public Callout withStyle(Style s) {
        return new Callout(id, attachment, anchor, s, text, x, y, targetX, targetY);
    }

    @Override
    public Callout withAttachment(Attachment at) {
        return new Callout(id, at, anchor, style, text, x, y, targetX, targetY);
    }

    public Callout withText(String t) {
        return new Callout(id, attachment, anchor, style, t, x, y, targetX, targetY);
    }

    @Override
    public String kindName() {
        return "callout";
    }
}
