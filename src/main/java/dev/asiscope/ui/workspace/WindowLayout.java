package dev.asiscope.ui.workspace;

import dev.asiscope.ui.core.Theme;
import java.util.List;

/**
 * The window as the user left it.
 *
 * @param views  ids of the open views, in layout order (empty: the window's default)
 * @param splits divider positions of the window's split panes, each 0..1, in the shell's order
 * @param theme  {@code light}, {@code dark} or {@code projector}
 * @param zoom   global zoom, 0.5 to 2
 */
public record WindowLayout(List<String> views, List<Double> splits, String theme, Double zoom) {
    public static final WindowLayout DEFAULT = new WindowLayout(List.of(), List.of(), "light", 1.0);

    public WindowLayout {
        views = views == null ? List.of() : List.copyOf(views);
        splits = splits == null ? List.of() : List.copyOf(splits);
        theme = theme == null ? "light" : theme;
        zoom = zoom == null ? 1.0 : zoom;
        Theme.byId(theme);
        if (!(zoom >= 0.5 && zoom <= 2)) {
            throw new IllegalArgumentException("zoom must be 0.5 to 2, got " + zoom);
        }
        for (Double s : splits) {
            if (s == null || !(s >= 0 && s <= 1)) {
                throw new IllegalArgumentException("split positions must be 0 to 1, got " + s);
            }
        }
    }
}
