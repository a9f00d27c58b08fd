package dev.asiscope.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.asiscope.sim.engine.Leak;
import dev.asiscope.ui.export.ExportRequest;
import dev.asiscope.ui.export.ViewExporter;
import org.junit.jupiter.api.Test;

/**
 * The window's Export, twice at the same cursor and size, gives the same PNG bytes whatever the window did
 * in between (a view shown alone and back, the cursor elsewhere, another export at another scale, repaints).
 */
class WindowExportReproducibleTest extends BuiltInWindowTest {
    private byte[] export(boolean wholeWindow, double scale) {
        return fx(() -> ViewExporter.png(window.exportRequest(wholeWindow, true), scale));
    }

    private double[] size(boolean wholeWindow) {
        return fx(() -> {
            ExportRequest r = window.exportRequest(wholeWindow, true);
            return new double[] {r.width(), r.height()};
        });
    }

    @Test
    void theSameCursorAndSizeGiveTheSameBytes() {
        size(1600, 1000);
        Leak leak = window.session().simulation().end().leaks().get(0);
        robot.interact(() -> window.transport().goTo(leak.transientCycle()));
        settle();
        double[] winSize = size(true);
        double[] viewSize = size(false);
        byte[] win = export(true, 1);
        byte[] view = export(false, 1);
        robot.interact(() -> window.toggleMaximized(pane("caches")));
        settle();
        export(false, 2);
        robot.interact(() -> window.toggleMaximized(pane("caches")));
        robot.interact(() -> window.transport().goTo(leak.reloadCycle()));
        settle();
        export(true, 2);
        robot.interact(() -> window.transport().goTo(leak.transientCycle()));
        settle();
        assertArrayEquals(winSize, size(true), "the views area has its size again");
        assertArrayEquals(viewSize, size(false), "the focused view has its size again");
        assertArrayEquals(win, export(true, 1), "the window");
        assertArrayEquals(view, export(false, 1), "the focused view");
    }
}
