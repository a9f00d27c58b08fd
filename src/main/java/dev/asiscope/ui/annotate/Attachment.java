package dev.asiscope.ui.annotate;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where and when an annotation is shown: in one view, at one cycle of the cursor, or at every cycle
 * when pinned.
 *
 * @param view   the {@link dev.asiscope.ui.core.MachineView#id() view id}
 * @param cycle  the cycle it belongs to (ignored when pinned)
 * @param pinned shown at every cycle
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record Attachment(String view, long cycle, boolean pinned) {
    public Attachment {
        if (view == null || view.isBlank()) {
            throw new IllegalArgumentException("an annotation needs the id of the view it belongs to");
        }
        if (cycle < 0) {
            throw new IllegalArgumentException("cycle must be >= 0, got " + cycle);
        }
        if (pinned) {
            cycle = 0;
        }
    }

    /** Shown in {@code view} at {@code cycle} only. */
    public static Attachment at(String view, long cycle) {
        return new Attachment(view, cycle, false);
    }

    /** Shown in {@code view} at every cycle. */
    public static Attachment pinned(String view) {
        return new Attachment(view, 0, true);
    }

    /** Whether an annotation so attached is visible in {@code viewId} with the cursor at {@code c}. */
    public boolean visibleIn(String viewId, long c) {
        return view.equals(viewId) && (pinned || cycle == c);
    }
}
