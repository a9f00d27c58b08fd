package dev.asiscope.ui.views;

import java.util.Arrays;

/**
 * Rectangles painted in the last frame with the model object each one shows. Later entries are on top.
 * A grid (hundreds of cache cells) is one entry whose {@link Resolver} turns a point into its object, so
 * a frame registers a few dozen entries, not one per cell.
 */
final class HitMap {
    /** Resolves a point inside a registered rectangle to the object there (or null). */
    interface Resolver {
        Object at(double x, double y);
    }

    private double[] rects = new double[64 * 4];
    private Object[] items = new Object[64];
    private int size;

    void clear() {
        Arrays.fill(items, 0, size, null);
        size = 0;
    }

    /** Registers {@code item} (a model object or a {@link Resolver}) for a rectangle. Null items are ignored. */
    void add(double x, double y, double w, double h, Object item) {
        if (item == null || w <= 0 || h <= 0) {
            return;
        }
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
            rects = Arrays.copyOf(rects, size * 8);
        }
        rects[size * 4] = x;
        rects[size * 4 + 1] = y;
        rects[size * 4 + 2] = w;
        rects[size * 4 + 3] = h;
        items[size++] = item;
    }

    /** The top-most object at the point, or null. */
    Object find(double x, double y) {
        for (int i = size - 1; i >= 0; i--) {
            double rx = rects[i * 4];
            double ry = rects[i * 4 + 1];
            if (x >= rx && y >= ry && x < rx + rects[i * 4 + 2] && y < ry + rects[i * 4 + 3]) {
                Object o = items[i];
                if (o instanceof Resolver r) {
                    Object hit = r.at(x, y);
                    if (hit != null) {
                        return hit;
                    }
                    continue;
                }
                return o;
            }
        }
        return null;
    }

    int size() {
        return size;
    }
}
