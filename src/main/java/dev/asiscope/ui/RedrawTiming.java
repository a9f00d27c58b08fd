package dev.asiscope.ui;

import java.util.List;
import java.util.function.Supplier;
import javafx.scene.Scene;

/**
 * Measures how long a change (a step, a seek, an open) takes to reach the screen: from {@link #start}
 * to the end of the layout pass of the first pulse by which every view on screen has repainted since
 * the change (or has nothing to repaint). The frame is rendered right after that pass. Later repaints
 * that only refine a picture (the timeline completing its lane index in slices) are not counted. Figures
 * go to {@link Timing} (printed with {@code -Dasiscope.timing=true}) with each view's last paint time.
 */
final class RedrawTiming {
    private final Supplier<Scene> scene;
    private final Supplier<List<ViewPane>> panes;
    private final Runnable check = this::check;
    private String what;
    private long started;
    private Scene listeningOn;
    private final StringBuilder notes = new StringBuilder();
    private final java.util.Map<ViewPane, Long> paintsAtStart = new java.util.IdentityHashMap<>();

    RedrawTiming(Supplier<Scene> scene, Supplier<List<ViewPane>> panes) {
        this.scene = scene;
        this.panes = panes;
    }

    /** Adds a part of the work to the figure being measured ("seek 3.1 ms"). */
    void note(String part) {
        if (what != null) {
            notes.append(notes.length() == 0 ? "" : ", ").append(part);
        }
    }

    /** A change named {@code what} starts now (an earlier one still unmeasured keeps its start). */
    void start(String what) {
        start(what, System.nanoTime());
    }

    /** A change named {@code what} that started at {@code startedNanos} (it replaces one being measured). */
    void start(String what, long startedNanos, boolean replace) {
        if (replace) {
            this.what = null;
        }
        start(what, startedNanos);
    }

    private void start(String what, long startedNanos) {
        Scene s = scene.get();
        if (s == null) {
            return;
        }
        if (this.what == null) {
            this.what = what;
            started = startedNanos;
            paintsAtStart.clear();
            for (ViewPane p : panes.get()) {
                paintsAtStart.put(p, p.paintCount());
            }
        }
        if (listeningOn == null) {
            listeningOn = s;
            s.addPostLayoutPulseListener(check);
        }
    }

    private void check() {
        StringBuilder views = new StringBuilder();
        for (ViewPane p : panes.get()) {
            Long before = paintsAtStart.get(p);
            boolean repainted = before == null || p.paintCount() > before;
            if (p.isDirty() && !repainted && p.getScene() != null) {
                return;
            }
            if (repainted && p.getScene() != null) {
                views.append(String.format(" %s %.1f", p.view().id(), p.lastPaintNanos() / 1e6));
            }
        }
        Timing.report(what, started);
        if (Boolean.getBoolean("asiscope.timing") && views.length() > 0) {
            System.err.println("asiscope: timing   " + notes + (notes.length() > 0 ? "; " : "") + "paints (ms):" + views);
        }
        notes.setLength(0);
        what = null;
        listeningOn.removePostLayoutPulseListener(check);
        listeningOn = null;
    }
}
