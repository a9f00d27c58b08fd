package dev.asiscope.ui.annotate;

import java.util.List;

/** A translucent ellipse highlight with an outline, filling the box (x, y, w, h). */
public record EllipseHighlight(String id, Attachment attachment, Anchor anchor, Style style, double x, double y,
        double w, double h) implements Annotation {
    public EllipseHighlight {
        Annotation.check(id, attachment, x, y, w, h);
        style = style == null ? Style.DEFAULT : style;
        if (w < 0 || h < 0) {
            throw new IllegalArgumentException("annotation '" + id + "': width and height must be >= 0");
        }
    }

    @Override
    public List<Point> points() {
        return List.of(new Point(x, y), new Point(x + w, y + h));
    }

    @Override
    public EllipseHighlight withPoints(List<Point> p) {
        return placed(anchor, p);
    }

    @Override
    public EllipseHighlight placed(Anchor a, List<Point> p) {
        Annotation.expect(p, 2);
        Rect r = Rect.spanning(p.get(0).x(), p.get(0).y(), p.get(1).x(), p.get(1).y());
        return new EllipseHighlight(id, attachment, a, style, r.x(), r.y(), r.w(), r.h());
    }

    @Override
    public EllipseHighlight withStyle(Style s) {
        return new EllipseHighlight(id, attachment, anchor, s, x, y, w, h);
    }

    @Override
    public EllipseHighlight withAttachment(Attachment at) {
        return new EllipseHighlight(id, at, anchor, style, x, y, w, h);
    }

    @Override
    public String kindName() {
        return "ellipse highlight";
    }
}
