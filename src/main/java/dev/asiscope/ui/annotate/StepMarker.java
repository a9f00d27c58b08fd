package dev.asiscope.ui.annotate;

import java.util.List;

/** A numbered circle centred at ({@code x}, {@code y}), for "1, 2, 3" walkthroughs. */
public record StepMarker(String id, Attachment attachment, Anchor anchor, Style style, int number, double x,
        double y) implements Annotation {
    public StepMarker {
        Annotation.check(id, attachment, x, y);
        style = style == null ? Style.DEFAULT : style;
        if (number < 1 || number > 999) {
            throw new IllegalArgumentException("annotation '" + id + "': step number must be 1 to 999, got " + number);
        }
    }

    @Override
    public List<Point> points() {
        return List.of(new Point(x, y));
    }

    @Override
    public StepMarker withPoints(List<Point> p) {
        return placed(anchor, p);
    }

    @Override
    public StepMarker placed(Anchor a, List<Point> p) {
        Annotation.expect(p, 1);
        return new StepMarker(id, attachment, a, style, number, p.get(0).x(), p.get(0).y());
    }

    @Override
    public StepMarker withStyle(Style s) {
        return new StepMarker(id, attachment, anchor, s, number, x, y);
    }

    @Override
    public StepMarker withAttachment(Attachment at) {
        return new StepMarker(id, at, anchor, style, number, x, y);
    }

    public StepMarker withNumber(int n) {
        return new StepMarker(id, attachment, anchor, style, n, x, y);
    }

    @Override
    public String kindName() {
        return "step marker";
    }
}
