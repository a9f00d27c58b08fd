package dev.asiscope.ui;

import dev.asiscope.scenario.PolicyText;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.engine.Simulation;
import javafx.beans.property.StringProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** Cycle, policy and totals (at the cursor / for the whole run), plus the transport's last message. */
public final class StatusBar {
    private final SimSession session;
    private final HBox box = new HBox();
    private final Label cycle = label("statusCycle");
    private final Label policy = label("statusPolicy");
    private final Label leaks = label("statusLeaks");
    private final Label asiExits = label("statusAsiExits");
    private final Label flushes = label("statusFlushes");
    private final Label stuns = label("statusStuns");
    private final Label vmExits = label("statusVmExits");
    private final Label message = label("statusMessage");

    public StatusBar(SimSession session, StringProperty messageSource) {
        this.session = session;
        box.getStyleClass().add("status-bar");
        box.setId("statusBar");
        box.setAlignment(Pos.CENTER_LEFT);
        message.getStyleClass().add("status-message");
        message.textProperty().bind(messageSource);
        // The message gives way (with an ellipsis) before the totals do, and never widens the window.
        message.setMinWidth(0);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        box.getChildren().addAll(cycle, policy, leaks, asiExits, flushes, stuns, vmExits, spacer, message);
        // Never wider than the window: with a benchmark's totals in the projector theme the labels add up to
        // more than 1280 px, and a status bar that insists on them widens the whole window's layout past
        // the screen. What does not fit is cut at the right edge.
        box.setMinWidth(0);
        javafx.scene.shape.Rectangle clip = new javafx.scene.shape.Rectangle();
        clip.widthProperty().bind(box.widthProperty());
        clip.heightProperty().bind(box.heightProperty());
        box.setClip(clip);
    }

    private static Label label(String id) {
        Label l = new Label();
        l.setId(id);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    public HBox node() {
        return box;
    }

    /**
     * Shows the progress of {@code run} (a bar, what is being simulated, a Cancel button) while it runs;
     * several runs share the place, the latest started shown.
     */
    public void attach(BackgroundRun run) {
        javafx.scene.control.ProgressBar bar = new javafx.scene.control.ProgressBar();
        bar.setPrefWidth(120);
        bar.progressProperty().bind(run.progressProperty());
        Label what = new Label();
        what.textProperty().bind(javafx.beans.binding.Bindings.concat("simulating ", run.whatProperty()));
        what.setMinWidth(0);
        javafx.scene.control.Button cancel = new javafx.scene.control.Button("Cancel");
        cancel.setFocusTraversable(false);
        cancel.setOnAction(e -> run.cancel());
        HBox progress = new HBox(6, bar, what, cancel);
        progress.setAlignment(Pos.CENTER_LEFT);
        progress.getStyleClass().add("run-progress");
        progress.visibleProperty().bind(run.runningProperty());
        progress.managedProperty().bind(run.runningProperty());
        progress.setId(box.getChildren().stream().anyMatch(n -> n.getStyleClass().contains("run-progress"))
                ? "runProgress" + box.getChildren().size() : "runProgress");
        cancel.setId(progress.getId() + "Cancel");
        box.getChildren().add(box.getChildren().indexOf(message), progress);
    }

    /** Totals "so far/total": so far at the cursor, total for the whole run. */
    public void refresh() {
        Simulation sim = session.simulation();
        if (sim == null) {
            return;
        }
        Machine now = session.machine();
        Machine end = sim.end();
        cycle.setText(String.format("cycle %,d / %,d", session.cycle(), sim.endCycle()));
        policy.setText("policy " + policyName());
        int leaksNow = now.leaks().size();
        leaks.setText("leaks " + leaksNow + "/" + end.leaks().size());
        leaks.getStyleClass().remove("status-leaks-nonzero");
        if (leaksNow > 0) {
            leaks.getStyleClass().add("status-leaks-nonzero");
        }
        asiExits.setText("ASI exits " + now.asiExits() + "/" + end.asiExits());
        flushes.setText("L1D flushes " + now.l1dFlushes() + "/" + end.l1dFlushes());
        stuns.setText("stuns " + now.stuns() + "/" + end.stuns());
        vmExits.setText("VM exits " + now.vmExits() + "/" + end.vmExits());
    }

    private String policyName() {
        String n = session.policyName();
        return n == null ? PolicyText.of(session.simulation().policy()) : n;
    }
}
