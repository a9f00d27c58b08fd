package dev.asiscope.ui.annotate;

import java.util.List;

/** An arrow from ({@code x1}, {@code y1}) to its head at ({@code x2}, {@code y2}). */
public record Arrow(String id, Attachment attachment, Anchor anchor, Style style, double x1, double y1, double x2,
        double y2) implements Annotation {
    public Arrow {
        Annotation.check(id, attachment, x1, y1, x2, y2);
        style = style == null ? Style.DEFAULT : style;
    }

    @Override
    public List<Point> points() {
        return List.of(new Point(x1, y1), new Point(x2, y2));
    }

    @Override
    public Arrow withPoints(List<Point> p) {
        return placed(anchor, p);
    }

    @Override
    public Arrow placed(Anchor a, List<Point> p) {
        Annotation.expect(p, 2);
        return new Arrow(id, attachment, a, style, p.get(0).x(), p.get(0).y(), p.get(1).x(), p.get(1).y());
    }

    @Override
    public Arrow withStyle(Style s) {
        return new Arrow(id, attachment, anchor, s, x1, y1, x2, y2);
    }

    @Override
    public Arrow withAttachment(Attachment at) {
        return new Arrow(id, at, anchor, style, x1, y1, x2, y2);
    }

    @Override
    public String kindName() {
        return "arrow";
    }
}
