package dev.asiscope.ui.annotate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * One mark on a view: an arrow, a highlight box or ellipse, a callout, a numbered step marker or a
 * text. Immutable; edits make new values (see {@link EditHistory}).
 *
 * <p>Coordinates are in the unit of the annotation's <em>frame</em>: the box of its {@link #anchor()}
 * when it has one (see {@link Anchor}), otherwise the whole view, with (0,0) the top-left and (1,1) the
 * bottom-right corner. Either way the annotation follows resizing and zooming. {@link AnnotationLayout}
 * turns frames into pixels.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Arrow.class, name = "arrow"),
    @JsonSubTypes.Type(value = RectHighlight.class, name = "rect"),
    @JsonSubTypes.Type(value = EllipseHighlight.class, name = "ellipse"),
    @JsonSubTypes.Type(value = Callout.class, name = "callout"),
    @JsonSubTypes.Type(value = StepMarker.class, name = "step"),
    @JsonSubTypes.Type(value = TextNote.class, name = "text")})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface Annotation permits Arrow, RectHighlight, EllipseHighlight, Callout, StepMarker, TextNote {
    /** The type names used in workspace files. */
    List<String> TYPE_NAMES = List.of("arrow", "rect", "ellipse", "callout", "step", "text");

    /** Unique within a workspace. */
    String id();

    /** The view and cycle it is shown at. */
    Attachment attachment();

    /** The model object it follows, or null for view-relative coordinates. */
    Anchor anchor();

    Style style();

    /**
     * Its control points in frame units: arrow tail and head; the two corners of a highlight; a callout's
     * box corner and leader target; a step marker's centre; a text's top-left corner. Moving all of them
     * moves the annotation; moving one reshapes it.
     */
    List<Point> points();

    /** The same annotation with new control points (same count and meaning as {@link #points()}). */
    Annotation withPoints(List<Point> points);

    Annotation withStyle(Style style);

    Annotation withAttachment(Attachment attachment);

    /** The same annotation in another frame: a new anchor (or null) and its points in that frame's units. */
    Annotation placed(Anchor anchor, List<Point> points);

    /** Short human name for menus and undo descriptions ("arrow", "highlight", ...). */
    String kindName();

    /** Moved by ({@code dx}, {@code dy}) frame units. */
    default Annotation translate(double dx, double dy) {
        return withPoints(points().stream().map(p -> p.translate(dx, dy)).toList());
    }

    /** Checks shared fields; records call it from their constructors. */
    static void check(String id, Attachment attachment, double... coordinates) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("an annotation needs an id");
        }
        if (attachment == null) {
            throw new IllegalArgumentException("annotation '" + id + "' needs an attachment (view, cycle or pinned)");
        }
        for (double c : coordinates) {
            if (!Double.isFinite(c)) {
                throw new IllegalArgumentException("annotation '" + id + "' has a coordinate that is not a number");
            }
        }
    }

    /** Checks a text field. */
    static String checkText(String id, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("annotation '" + id + "' needs a non-empty text");
        }
        return text;
    }

    /** Asserts {@code points} has {@code n} entries. */
    static List<Point> expect(List<Point> points, int n) {
        if (points.size() != n) {
            throw new IllegalArgumentException("expected " + n + " points, got " + points.size());
        }
        return points;
    }
}
