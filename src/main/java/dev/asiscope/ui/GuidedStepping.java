package dev.asiscope.ui;

import dev.asiscope.ui.core.SimSession;
import dev.asiscope.scenario.LoadedScenario;
import javafx.scene.Node;

/**
 * Guided mode and the caption and cycle navigation around it. In guided mode the scenario's step unit
 * rules: Space (Shift+Space) goes to the next (previous) narration caption, free navigation (Home, End,
 * next event, continue) steps like Space, and Run plays the whole scenario in about a minute. A narrated
 * scenario opens in guided mode until guided mode is turned off once in the window.
 */
final class GuidedStepping {
    /** Seconds a guided run takes to play the whole scenario. */
    static final double GUIDED_RUN_SECONDS = 60;

    private final SimSession session;
    private final Transport transport;
    private final WindowToolBar tools;
    private NarrationPanel narration;
    private boolean guidedByDefault = true;

    GuidedStepping(SimSession session, Transport transport, WindowToolBar tools) {
        this.session = session;
        this.transport = transport;
        this.tools = tools;
    }

    /** The narration whose captions Space and the caption buttons go to. */
    void setNarration(NarrationPanel n) {
        this.narration = n;
    }

    /** Guided mode on: the scenario's step unit, free navigation off. */
    void setGuided(boolean on) {
        StepUnit unit = session.scenario() == null ? null : StepUnit.fromId(session.scenario().guidedStep());
        boolean active = on && unit != null;
        if (tools.guidedToggle.isSelected() != active) {
            tools.guidedToggle.setSelected(active);
        }
        transport.guidedProperty().set(active);
        if (!on) {
            guidedByDefault = false;
        }
        if (active) {
            transport.stepUnitProperty().set(unit);
            // Run plays the whole scenario in about a minute (speed is cycles per second, log10).
            long end = session.simulation() == null ? 0 : session.simulation().endCycle();
            transport.speedLogProperty().set(Math.log10(Math.max(1, end / GUIDED_RUN_SECONDS)));
            transport.messageProperty().set("guided mode: Space steps by " + unit.id() + ", Shift+Space back");
        }
        for (Node n : tools.freeNavigation) {
            n.setDisable(active);
        }
    }

    /** A scenario was opened: the guided toggle offers its step unit, and a narrated one starts guided. */
    void scenarioOpened(LoadedScenario s) {
        StepUnit guided = StepUnit.fromId(s.guidedStep());
        tools.guidedToggle.setDisable(guided == null);
        tools.guidedToggle.setText(guided == null ? "Guided" : "Guided (" + guided.id() + ")");
        if (guided == null) {
            tools.guidedToggle.setSelected(false);
        } else if (tools.guidedToggle.isSelected() || guidedByDefault && !s.narration().isEmpty()) {
            setGuided(true);
        }
    }

    /** Space: the next caption in guided mode, else a step by the unit. */
    void stepForward() {
        if (!guidedCaptionStep(true)) {
            transport.stepForward();
        }
    }

    /** Shift+Space: the previous caption in guided mode, else a step back by the unit. */
    void stepBack() {
        if (!guidedCaptionStep(false)) {
            transport.stepBack();
        }
    }

    /**
     * In guided mode Space (Shift+Space) goes to the next (previous) caption, whatever the step unit; false
     * when not guided or there is no caption that way, so Space steps by the unit.
     */
    private boolean guidedCaptionStep(boolean forward) {
        NarrationTrack t = narration.track();
        if (!transport.guidedProperty().get() || t == null) {
            return false;
        }
        NarrationTrack.Placed p = forward ? t.after(session.cycle()) : t.before(session.cycle());
        if (p == null) {
            return false;
        }
        transport.goTo(p.cycle());
        return true;
    }

    void previousCaption() {
        NarrationTrack t = narration.track();
        NarrationTrack.Placed p = t == null ? null : t.before(session.cycle());
        if (p != null) {
            transport.goTo(p.cycle());
        }
    }

    void nextCaption() {
        NarrationTrack t = narration.track();
        NarrationTrack.Placed p = t == null ? null : t.after(session.cycle());
        if (p != null) {
            transport.goTo(p.cycle());
        }
    }

    /** {@code guided} in guided mode (the scenario's step unit rules), {@code free} otherwise. */
    Runnable guidedOr(Runnable guided, Runnable free) {
        return () -> {
            if (transport.guidedProperty().get()) {
                guided.run();
            } else {
                free.run();
            }
        };
    }

    /** The cycle typed in the toolbar's field (decimal, 0x hex, with , or _), or a marked field. */
    boolean goToTypedCycle() {
        String t = tools.cycleField.getText() == null ? ""
                : tools.cycleField.getText().trim().replace(",", "").replace("_", "");
        try {
            long c = t.startsWith("0x") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
            transport.goTo(c);
            tools.cycleField.getStyleClass().remove("error-field");
            return true;
        } catch (NumberFormatException e) {
            if (!tools.cycleField.getStyleClass().contains("error-field")) {
                tools.cycleField.getStyleClass().add("error-field");
            }
            transport.messageProperty().set("not a cycle number: '" + t + "'");
            return false;
        }
    }

    /** G: the keyboard to the cycle field, its text selected; false when the field is disabled. */
    boolean focusCycleField() {
        if (tools.cycleField.isDisabled()) {
            return false;
        }
        tools.cycleField.requestFocus();
        tools.cycleField.selectAll();
        return true;
    }
}
