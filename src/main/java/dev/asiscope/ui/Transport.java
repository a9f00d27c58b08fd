package dev.asiscope.ui;

import dev.asiscope.ui.core.SimSession;
import dev.asiscope.scenario.EventText;
import dev.asiscope.sim.engine.Event;
import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.EventLog;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javafx.animation.AnimationTimer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Moves a session's cursor: single steps (by cycle, event or caption), next/previous event, continue
 * and reverse-continue to breakpoints, go to cycle, and run/pause. Running advances the cursor once per
 * animation frame by however many cycles the speed allows, stopping at the first enabled breakpoint in
 * between, so a run costs one seek and one repaint per frame whatever the speed.
 */
public final class Transport {
    private final SimSession session;
    private final BreakpointSet breakpoints;
    private final Supplier<NarrationTrack> narration;
    private final ObjectProperty<StepUnit> stepUnit = new SimpleObjectProperty<>(StepUnit.CYCLE);
    private final BooleanProperty guided = new SimpleBooleanProperty();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    /** log10 of the run speed in cycles per second. */
    private final DoubleProperty speedLog = new SimpleDoubleProperty(4.5);
    private final BooleanProperty stopAtBreakpoints = new SimpleBooleanProperty(true);
    private final StringProperty message = new SimpleStringProperty("");
    private final Set<EventKind> eventKinds = EnumSet.noneOf(EventKind.class);
    private double carry;
    private long lastFrame;
    private final AnimationTimer player = new AnimationTimer() {
        @Override
        public void handle(long now) {
            frame(now);
        }
    };

    public Transport(SimSession session, BreakpointSet breakpoints, Supplier<NarrationTrack> narration) {
        this.session = session;
        this.breakpoints = breakpoints;
        this.narration = narration;
    }

    public ObjectProperty<StepUnit> stepUnitProperty() {
        return stepUnit;
    }

    /** Guided mode: steps use the scenario's granularity and free navigation is off. */
    public BooleanProperty guidedProperty() {
        return guided;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public DoubleProperty speedLogProperty() {
        return speedLog;
    }

    public BooleanProperty stopAtBreakpointsProperty() {
        return stopAtBreakpoints;
    }

    /** The last thing the transport has to say (breakpoint hit, nothing further...). */
    public StringProperty messageProperty() {
        return message;
    }

    /** Kinds that next/previous event stop at; empty means any kind. */
    public Set<EventKind> eventKinds() {
        return eventKinds;
    }

    /** Cycles per second while running. */
    public double speed() {
        return Math.pow(10, speedLog.get());
    }

    private Predicate<Event> kindFilter() {
        if (eventKinds.isEmpty()) {
            return e -> true;
        }
        Set<EventKind> k = EnumSet.copyOf(eventKinds);
        return e -> k.contains(e.kind());
    }

    // ------------------------------------------------------------------ steps

    /** One step forward by the current unit. */
    public void stepForward() {
        step(+1);
    }

    /** One step back by the current unit. */
    public void stepBack() {
        step(-1);
    }

    private void step(int dir) {
        pause();
        switch (stepUnit.get()) {
            case CYCLE -> moveTo(session.cycle() + dir);
            case EVENT -> {
                if (!(dir > 0 ? session.next(e -> true) : session.previous(e -> true))) {
                    say(dir > 0 ? "no further event" : "no earlier event");
                } else {
                    say("");
                }
            }
            case NARRATION -> {
                NarrationTrack t = narration.get();
                NarrationTrack.Placed p = t == null ? null : dir > 0 ? t.after(session.cycle()) : t.before(session.cycle());
                if (p == null) {
                    say(dir > 0 ? "last caption reached" : "first caption reached");
                } else {
                    moveTo(p.cycle());
                }
            }
        }
    }

    /** Cursor to the next event (of the selected kinds). */
    public void nextEvent() {
        pause();
        say(session.next(kindFilter()) ? "" : "no further event" + kindsSuffix());
    }

    /** Cursor to the previous event (of the selected kinds). */
    public void previousEvent() {
        pause();
        say(session.previous(kindFilter()) ? "" : "no earlier event" + kindsSuffix());
    }

    private String kindsSuffix() {
        return eventKinds.isEmpty() ? "" : " of the selected kinds";
    }

    /** Continue: cursor to the next event that hits an enabled breakpoint. */
    public boolean continueToBreakpoint() {
        pause();
        if (!breakpoints.anyEnabled()) {
            say("no breakpoint set");
            return false;
        }
        Event e = session.simulation().nextEvent(breakpoints.predicate());
        if (e == null) {
            say("no breakpoint hit before the end of the run");
            return false;
        }
        session.seek(e.cycle());
        say(hitText(e));
        return true;
    }

    /** Reverse-continue: cursor back to the previous event that hits an enabled breakpoint. */
    public boolean reverseContinue() {
        pause();
        if (!breakpoints.anyEnabled()) {
            say("no breakpoint set");
            return false;
        }
        Event e = session.simulation().previousEvent(breakpoints.predicate());
        if (e == null) {
            say("no breakpoint hit since the start of the run");
            return false;
        }
        session.seek(e.cycle());
        say(hitText(e));
        return true;
    }

    /** e.g. "breakpoint: leak on cpu0 at cycle 59,901: L1TF: vm:1 recovered 0x53 of host-secret". */
    static String hitText(Event e) {
        return String.format("breakpoint: %s%s at cycle %,d%s", EventText.title(e.kind()),
                e.cpu() < 0 ? "" : " on cpu" + e.cpu(),
                e.cycle(), detailSuffix(e));
    }

    private static String detailSuffix(Event e) {
        String d = EventText.detail(e);
        return d == null || d.isEmpty() ? "" : ": " + d;
    }

    /** Go to {@code cycle} (clamped to the run). */
    public void goTo(long cycle) {
        pause();
        moveTo(cycle);
    }

    public void home() {
        goTo(0);
    }

    public void end() {
        goTo(session.simulation().endCycle());
    }

    private void moveTo(long cycle) {
        long end = session.simulation().endCycle();
        long c = Math.max(0, Math.min(end, cycle));
        if (c == session.cycle() && cycle != c) {
            say(cycle < 0 ? "at the start of the run" : "at the end of the run");
            return;
        }
        say("");
        session.seek(c);
    }

    private void say(String s) {
        message.set(s);
    }

    // ------------------------------------------------------------------ run

    public void toggleRun() {
        if (running.get()) {
            pause();
        } else {
            run();
        }
    }

    public void run() {
        if (running.get() || session.simulation() == null) {
            return;
        }
        if (session.cycle() >= session.simulation().endCycle()) {
            session.seek(0);
        }
        carry = 0;
        lastFrame = 0;
        running.set(true);
        say("running");
        player.start();
    }

    public void pause() {
        if (running.get()) {
            player.stop();
            running.set(false);
            if ("running".equals(message.get())) {
                say("");
            }
        }
    }

    /** Advances the cursor by {@code seconds} of run time (one animation frame); public for tests. */
    public void advance(double seconds) {
        long from = session.cycle();
        long end = session.simulation().endCycle();
        carry += speed() * seconds;
        long delta = (long) carry;
        carry -= delta;
        if (delta <= 0) {
            return;
        }
        long target = Math.min(end, from + delta);
        if (stopAtBreakpoints.get() && breakpoints.anyEnabled()) {
            Event hit = firstHit(session.simulation().log(), from, target, breakpoints.predicate());
            if (hit != null) {
                session.seek(hit.cycle());
                pause();
                say(hitText(hit));
                return;
            }
        }
        session.seek(target);
        if (target >= end) {
            pause();
            say("end of run");
        }
    }

    /** The first event in cycles {@code (from, to]} matching {@code p}; scans only that range of the log. */
    static Event firstHit(EventLog log, long from, long to, Predicate<Event> p) {
        int lo = log.countUpTo(from);
        int hi = log.countUpTo(to);
        for (int i = lo; i < hi; i++) {
            Event e = log.get(i);
            if (p.test(e)) {
                return e;
            }
        }
        return null;
    }

    private void frame(long now) {
        if (lastFrame == 0) {
            lastFrame = now;
            return;
        }
        // Clamp: a long stall (window dragged, GC) must not jump far ahead.
        double dt = Math.min(0.1, (now - lastFrame) / 1e9);
        lastFrame = now;
        advance(dt);
    }
}
