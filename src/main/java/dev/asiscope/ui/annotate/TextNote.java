package dev.asiscope.ui.annotate;

import java.util.List;

/** Free text whose top-left corner is at ({@code x}, {@code y}); may have several lines ({@code \n}). */
public record TextNote(String id, Attachment attachment, Anchor anchor, Style style, String text, double x,
        double y) implements Annotation {
    public TextNote {
        Annotation.check(id, attachment, x, y);
        Annotation.checkText(id, text);
        style = style == null ? Style.DEFAULT : style;
    }

    @Override
    public List<Point> points() {
        return List.of(new Point(x, y));
    }

    @Override
    public TextNote withPoints(List<Point> p) {
        return placed(anchor, p);
    }

    @Override
    public TextNote placed(Anchor a, List<Point> p) {
        Annotation.expect(p, 1);
        return new TextNote(id, attachment, a, style, text, p.get(0).x(), p.get(0).y());
    }

    @Override
    public TextNote withStyle(Style s) {
        return new TextNote(id, attachment, anchor, s, text, x, y);
    }

    @Override
    public TextNote withAttachment(Attachment at) {
        return new TextNote(id, at, anchor, style, text, x, y);
    }

    public TextNote withText(String t) {
        return new TextNote(id, attachment, anchor, style, t, x, y);
    }

    @Override
    public String kindName() {
        return "text";
    }
}
