package dev.asiscope.ui.export;

import dev.asiscope.ui.core.MachineView;
import java.util.ArrayList;
import java.util.List;

/**
 * Views placed in one picture: a single view filling it, or a grid of views standing in for the whole
 * window. Tiles do not overlap; gaps between them show the theme's grid colour.
 *
 * @param id     {@code window} for a grid, else the view's id (used as the provenance's view)
 * @param width  picture width in view pixels (before the export scale)
 * @param height picture height, footer excluded
 * @param tiles  where each view goes
 */
public record Composition(String id, double width, double height, List<Tile> tiles) {
    /** Gap between grid tiles, in view pixels. */
    public static final double GAP = 4;

    /** One view at a rectangle of the picture. */
    public record Tile(MachineView view, double x, double y, double w, double h) {
    }

    public Composition {
        if (!(width >= 1 && height >= 1)) {
            throw new IllegalArgumentException("picture size must be at least 1x1, got " + width + "x" + height);
        }
        tiles = List.copyOf(tiles);
    }

    /** One view filling a {@code width x height} picture. */
    public static Composition single(MachineView view, double width, double height) {
        return new Composition(view.id(), width, height, List.of(new Tile(view, 0, 0, width, height)));
    }

    /**
     * The views in a grid (two columns up to four views, three beyond; the last row's views share its
     * width), as the headless stand-in for the whole window.
     */
    public static Composition grid(List<MachineView> views, double width, double height) {
        if (views.isEmpty()) {
            throw new IllegalArgumentException("a window composition needs at least one view");
        }
        int n = views.size();
        int cols = n == 1 ? 1 : n <= 4 ? 2 : 3;
        int rows = (n + cols - 1) / cols;
        double th = (height - GAP * (rows - 1)) / rows;
        List<Tile> tiles = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int row = i / cols;
            int inRow = row == rows - 1 ? n - row * cols : cols;
            int col = i % cols;
            double tw = (width - GAP * (inRow - 1)) / inRow;
            tiles.add(new Tile(views.get(i), Math.round(col * (tw + GAP)), Math.round(row * (th + GAP)),
                    Math.floor(tw), Math.floor(th)));
        }
        return new Composition("window", width, height, tiles);
    }
}
