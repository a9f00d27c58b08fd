package dev.asiscope.ui.annotate;

import java.util.List;

/** A translucent rect highlight with an outline, filling the box (x, y, w, h). */
public record RectHighlight(String id, Attachment attachment, Anchor anchor, Style style, double x, double y,
        double w, double h) implements Annotation {
    public RectHighlight {
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
    public RectHighlight withPoints(List<Point> p) {
        return placed(anchor, p);
    }

    @Override
    public RectHighlight placed(Anchor a, List<Point> p) {
        Annotation.expect(p, 2);
        Rect r = Rect.spanning(p.get(0).x(), p.get(0).y(), p.get(1).x(), p.get(1).y());
        return new RectHighlight(id, attachment, a, style, r.x(), r.y(), r.w(), r.h());
    }

    @Override
    public RectHighlight withStyle(Style s) {
        return new RectHighlight(id, attachment, anchor, s, x, y, w, h);
    }

    @Override
    public RectHighlight withAttachment(Attachment at) {
        return new RectHighlight(id, at, anchor, style, x, y, w, h);
    }

    @Override
    public String kindName() {
        return "rect highlight";
    }
}
