package dev.asiscope.ui;

import dev.asiscope.sim.engine.CostCategory;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.engine.Policy;
import dev.asiscope.sim.engine.Simulation;
import java.util.List;
import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * Side-by-side comparison: the window's session (left) and a second session of the same scenario
 * under another policy (right), each with its cores and caches views and a leak/cost header. The right
 * cursor follows the left one, so both sides always show the same cycle.
 */
public final class ComparisonPane {
    private final SimSession left;
    private final SimSession right = new SimSession();
    private final SplitPane split = new SplitPane();
    private final ComboBox<String> rightPolicy = new ComboBox<>();
    private final Label leftHeader = new Label();
    private final Label rightHeader = new Label();
    private final List<ViewPane> panes = new java.util.ArrayList<>();
    private boolean active;

    public ComparisonPane(SimSession left, List<MachineView> leftViews, List<MachineView> rightViews,
            Supplier<Theme> theme, Supplier<Double> zoom) {
        this.left = left;
        split.setId("comparePane");
        rightPolicy.setId("comparePolicyBox");
        rightPolicy.setEditable(true);
        rightPolicy.getItems().setAll(Policy.NAMED.keySet());
        rightPolicy.setValue("asi-stun");
        rightPolicy.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        rightPolicy.setOnAction(e -> rerunRight());
        leftHeader.setId("compareLeftHeader");
        rightHeader.setId("compareRightHeader");
        leftHeader.setWrapText(true);
        rightHeader.setWrapText(true);
        split.getItems().addAll(side(left, leftHeader, null, leftViews, theme, zoom),
                side(right, rightHeader, rightPolicy, rightViews, theme, zoom));
        left.revisionProperty().addListener((o, a, b) -> {
            if (active && right.simulation() != null && right.cycle() != left.cycle()) {
                right.seek(left.cycle());
            }
            refreshHeaders();
        });
        left.simulationProperty().addListener((o, a, b) -> {
            if (active) {
                rerunRight();
            }
        });
    }

    private BorderPane side(SimSession s, Label header, ComboBox<String> policyBox, List<MachineView> views,
            Supplier<Theme> theme, Supplier<Double> zoom) {
        SplitPane stack = new SplitPane();
        stack.setOrientation(Orientation.VERTICAL);
        for (MachineView v : views) {
            ViewPane p = new ViewPane(v, s, theme, zoom);
            panes.add(p);
            stack.getItems().add(p);
        }
        HBox top = new HBox(8);
        top.setAlignment(Pos.CENTER_LEFT);
        if (policyBox != null) {
            Label l = new Label("policy");
            l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            top.getChildren().addAll(l, policyBox);
        }
        header.setMinWidth(0);
        HBox.setHgrow(header, javafx.scene.layout.Priority.ALWAYS);
        top.getChildren().add(header);
        top.getStyleClass().add("compare-header");
        top.setPadding(new Insets(4, 8, 4, 8));
        return new BorderPane(stack, new VBox(top), null, null, null);
    }

    public SplitPane node() {
        return split;
    }

    public SimSession rightSession() {
        return right;
    }

    public List<ViewPane> viewPanes() {
        return panes;
    }

    /** Starts comparing (runs the right side) or stops (drops its run). */
    public void setActive(boolean on) {
        active = on;
        if (on) {
            rerunRight();
        }
    }

    public boolean isActive() {
        return active;
    }

    /** Sets the right side's policy and re-runs it. */
    public void setRightPolicy(String spec) {
        rightPolicy.setValue(spec);
        rerunRight();
    }

    private void rerunRight() {
        if (!active || left.scenario() == null) {
            return;
        }
        String spec = rightPolicy.getValue() == null ? "none" : rightPolicy.getValue().trim();
        try {
            Policy.parse(spec);
            rightPolicy.getStyleClass().remove("error-field");
        } catch (IllegalArgumentException e) {
            if (!rightPolicy.getStyleClass().contains("error-field")) {
                rightPolicy.getStyleClass().add("error-field");
            }
            rightHeader.setText(e.getMessage());
            return;
        }
        right.open(left.scenario(), spec, left.cycle());
        for (ViewPane p : panes) {
            p.markDirty();
        }
        refreshHeaders();
    }

    private void refreshHeaders() {
        if (!active || left.simulation() == null || right.simulation() == null) {
            return;
        }
        long leftCycles = left.simulation().endCycle();
        leftHeader.setText(summary(left, leftCycles));
        rightHeader.setText(summary(right, leftCycles));
    }

    /** e.g. "none: leaks 1/2, exposure 12,000 cycles, run 642,676 cycles, mitigation 0 cycles". */
    static String summary(SimSession s, long baselineCycles) {
        Simulation sim = s.simulation();
        Machine now = s.machine();
        Machine end = sim.end();
        long mitigation = 0;
        for (CostCategory c : CostCategory.values()) {
            if (c.isMitigation()) {
                mitigation += end.cost(c);
            }
        }
        String name = s.policyName() == null ? sim.policy().describe() : s.policyName();
        double rel = baselineCycles <= 0 ? 0 : 100.0 * (sim.endCycle() - baselineCycles) / baselineCycles;
        return String.format("%s: leaks %d/%d, exposure %,d cycles, run %,d cycles (%+.1f%%), mitigation %,d cycles",
                name, now.leaks().size(), end.leaks().size(), end.exposureCycles(), sim.endCycle(), rel, mitigation);
    }

    public String leftHeaderText() {
        return leftHeader.getText();
    }

    public String rightHeaderText() {
        return rightHeader.getText();
    }
}
