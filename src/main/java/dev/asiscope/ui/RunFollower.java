package dev.asiscope.ui;

import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.present.Presentation;
import java.util.List;
import java.util.function.Supplier;
import javafx.animation.AnimationTimer;

/**
 * Keeps the window's panels on the session: on a new run the narration, the end of run and the policy
 * box follow it and comparison's run is prefetched; on every cursor move the cycle field, status bar,
 * presentation, narration and inspector re-derive at once, the views repaint on the next pulse (each on
 * its own, at most once per pulse) and the event table follows on the pulse after. With -Dasiscope.timing
 * it times each.
 */
final class RunFollower {
    private final SimSession session;
    private final WindowToolBar tools;
    private final StatusBar status;
    private final NarrationPanel narration;
    private final InspectorPanel inspector;
    private final EventsPanel events;
    private final Supplier<Presentation> presentation;
    private final CompareControl compare;
    private final List<ViewPane> viewPanes;
    private final RedrawTiming redraw;
    private boolean tableDirty = true;
    /** Pulses the event table still waits before following the cursor. */
    private int tablePulsesToWait;
    /**
     * The event table follows the cursor one pulse after the views have been drawn: restyling its rows
     * (and scrolling when the cursor's row left the screen) costs a CSS and layout pass over the rows and
     * their cells, which was most of a step's CSS and layout time, and the views are what a step is
     * watched on. The table then shows the cursor one frame (about 17 ms) after the views do.
     */
    private final AnimationTimer tableFollower = new AnimationTimer() {
        @Override
        public void handle(long now) {
            if (tablePulsesToWait-- > 0) {
                return;
            }
            if (tableDirty) {
                tableDirty = false;
                events.followCursor();
            }
            stop();
        }
    };

    RunFollower(SimSession session, WindowToolBar tools, StatusBar status, NarrationPanel narration,
            InspectorPanel inspector, EventsPanel events, Supplier<Presentation> presentation, CompareControl compare,
            List<ViewPane> viewPanes, RedrawTiming redraw) {
        this.session = session;
        this.tools = tools;
        this.status = status;
        this.narration = narration;
        this.inspector = inspector;
        this.events = events;
        this.presentation = presentation;
        this.compare = compare;
        this.viewPanes = viewPanes;
        this.redraw = redraw;
        session.simulationProperty().addListener((o, a, b) -> onNewRun());
        session.revisionProperty().addListener((o, a, b) -> onCursor());
    }

    private void onNewRun() {
        redraw.start("new run to redrawn views");
        compare.prefetchSoon();
        narration.reload();
        tools.endLabel.setText(String.format("/ %,d", session.simulation().endCycle()));
        String name = session.policyName();
        if (name != null && !name.equals(tools.policyBox.getValue())) {
            tools.policyBox.setValue(name);
        }
        onCursor();
        repaintAll();
    }

    private void onCursor() {
        if (session.simulation() == null) {
            return;
        }
        // From before the engine's seek: the figure is the whole of a step as the user waits for it.
        redraw.start("step or seek to redrawn views", System.nanoTime() - session.lastSeekNanos(), false);
        if (!tools.cycleField.isFocused()) {
            tools.cycleField.setText(Long.toString(session.cycle()));
        }
        long t0 = System.nanoTime();
        status.refresh();
        presentation.get().refresh();
        narration.refresh();
        inspector.refresh();
        tableDirty = true;
        // This pulse paints the views; the table follows on the next one.
        tablePulsesToWait = 1;
        tableFollower.start();
        redraw.note(String.format("seek %.1f ms, panels %.1f ms", session.lastSeekNanos() / 1e6,
                (System.nanoTime() - t0) / 1e6));
    }

    /** Every view, the grid's and the comparison's, repaints on the next pulse (theme, zoom, new run). */
    void repaintAll() {
        for (ViewPane p : viewPanes) {
            p.markDirty();
        }
        for (ViewPane p : compare.allPanes()) {
            p.markDirty();
        }
    }
}
