package dev.asiscope.ui.annotate.editor;

/** What a press-drag-release on the overlay does. */
public enum AnnotationTool {
    /** Pick, move (drag the body) and reshape (drag a handle) annotations; double-click edits text. */
    SELECT("Select"),
    /** Drag from the tail to the head. */
    ARROW("Arrow"),
    /** Drag a box. */
    RECT("Box"),
    /** Drag the box the ellipse fills. */
    ELLIPSE("Ellipse"),
    /** Press on the thing to point at, drag to where the text goes, type, Enter. */
    CALLOUT("Callout"),
    /** Click: the next number (1, 2, 3 ...) of this view and cycle. */
    STEP("Step"),
    /** Click, type, Enter. */
    TEXT("Text");

    private final String title;

    AnnotationTool(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    /** Node id of the tool's button: {@code tool-arrow}. */
    public String buttonId() {
        return "tool-" + name().toLowerCase(java.util.Locale.ROOT);
    }
}
