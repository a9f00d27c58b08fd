package dev.asiscope.ui;

import java.util.List;
import java.util.function.Supplier;
import javafx.scene.Scene;

/**
 * Measures how long a change (a step, a seek, an open) takes to reach the screen: from {@link #start}
 * to the end of the layout pass of the first pulse by which every view on screen has repainted since
 * the change (or has nothing to repaint). The frame is rendered right after that pass. Each view's paint
 * time is followed by the share of its canvas it redrew when that was not all of it ("unchanged" when its
 * picture was the same). Later repaints
 * that only refine a picture (the timeline completing its lane index in slices) are not counted. Figures
 * go to {@link Timing} (printed with {@code -Dasiscope.timing=true}) with each view's last paint time.
 * Only then is the figure broken into its phases, which takes a timer on the pulse and a listener before
 * the layout pass; without the property a change costs two {@code nanoTime} calls and the check after
 * the layout pass.
 */
final class RedrawTiming {
    private final Supplier<Scene> scene;
    private final Supplier<List<ViewPane>> panes;
    private final Runnable check = this::check;
    private final Runnable beforeLayout = () -> layoutStarted = System.nanoTime();
    /**
     * Notes when the first pulse after the change starts: {@code now} is that pulse's time, taken before
     * any animation runs (the views' paints run in the same phase, some before this timer).
     */
    private final javafx.animation.AnimationTimer pulse = new javafx.animation.AnimationTimer() {
        @Override
        public void handle(long now) {
            if (pulseStarted == 0) {
                pulseStarted = now;
            }
            stopPulse();
        }
    };
    /** Whether the printed figure is broken into phases (the pulse timer and the pre-layout listener). */
    private final boolean phases;
    private boolean pulseTimed;
    private long pulseStarted;
    private long layoutStarted;
    private String what;
    private long started;
    private Scene listeningOn;
    private final StringBuilder notes = new StringBuilder();
    private final java.util.Map<ViewPane, Long> paintsAtStart = new java.util.IdentityHashMap<>();

    /** Measures changes in the scene and panes given; phases with {@code -Dasiscope.timing=true}. */
    RedrawTiming(Supplier<Scene> scene, Supplier<List<ViewPane>> panes) {
        this(scene, panes, Boolean.getBoolean("asiscope.timing"));
    }

    /** @param phases whether to time the pulse's phases (and print the figure) */
    RedrawTiming(Supplier<Scene> scene, Supplier<List<ViewPane>> panes, boolean phases) {
        this.scene = scene;
        this.panes = panes;
        this.phases = phases;
    }

    /** Whether the timer that notes the pulse's start is running (tests). */
    boolean pulseTimed() {
        return pulseTimed;
    }

    private void stopPulse() {
        pulse.stop();
        pulseTimed = false;
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
            pulseStarted = 0;
            layoutStarted = 0;
            if (phases) {
                pulse.start();
                pulseTimed = true;
            }
        }
        if (listeningOn == null) {
            listeningOn = s;
            if (phases) {
                s.addPreLayoutPulseListener(beforeLayout);
            }
            s.addPostLayoutPulseListener(check);
        }
    }

    private void check() {
        long now = System.nanoTime();
        StringBuilder views = new StringBuilder();
        for (ViewPane p : panes.get()) {
            Long before = paintsAtStart.get(p);
            boolean repainted = before == null || p.paintCount() > before;
            if (p.isDirty() && !repainted && p.getScene() != null) {
                return;
            }
            if (repainted && p.getScene() != null) {
                double share = p.lastRedrawnShare();
                views.append(String.format(" %s %.1f", p.view().id(), p.lastPaintNanos() / 1e6)).append(
                        share >= 1 ? "" : share == 0 ? " (unchanged)" : String.format(" (%.0f%%)", share * 100));
            }
        }
        Timing.report(what, started);
        if (phases && views.length() > 0) {
            // The figure's phases: until the pulse that drew it began (waiting for the toolkit's next
            // pulse and for the renderer to finish the previous frame), that pulse's animations (the
            // views' paints, the event table), its CSS and layout pass.
            String phases = pulseStarted == 0 || layoutStarted < pulseStarted ? ""
                    : String.format("; pulse after %.1f ms, animations %.1f ms, css+layout %.1f ms",
                            (pulseStarted - started) / 1e6, (layoutStarted - pulseStarted) / 1e6,
                            (now - layoutStarted) / 1e6);
            System.err.println("asiscope: timing   " + notes + (notes.length() > 0 ? "; " : "") + "paints (ms):" + views
                    + phases);
        }
        notes.setLength(0);
        what = null;
        stopPulse();
        listeningOn.removePreLayoutPulseListener(beforeLayout);
        listeningOn.removePostLayoutPulseListener(check);
        listeningOn = null;
    }
}
