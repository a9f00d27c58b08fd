package dev.asiscope.ui;

import dev.asiscope.scenario.CostCategoryText;
import dev.asiscope.scenario.PolicyText;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import dev.asiscope.ui.core.MachineView;
import dev.asiscope.scenario.Expectation;
import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.sim.engine.CostCategory;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.engine.Policy;
import dev.asiscope.sim.engine.Simulation;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * Side-by-side comparison: the window's session (left) and a second run of the same scenario under
 * another policy (right), each with its cores, caches and address-space views and a header of what the
 * run leaked and cost.
 *
 * <p>The two runs are lined up by event, not by cycle: a mitigation slows its run down, so the same
 * cycle is a different moment of the story on each side. The right cursor goes to the moment the left
 * one is at ({@link StoryIndex#align}: the latest narration caption, leak or n-th VM exit of a vCPU that
 * both runs have, plus the same distance past it), and the "aligned at" line says which moment that is.
 *
 * <p>The right run is simulated off the FX thread; until it is complete the right side shows the
 * previous one (or nothing) and the header says it is being simulated.
 */
public final class ComparisonPane {
    private final SimSession left;
    private final SimSession right = new SimSession();
    private final SplitPane split = new SplitPane();
    private final ComboBox<String> rightPolicy = new ComboBox<>();
    private final Label leftHeader = new Label();
    private final Label rightHeader = new Label();
    private final Label alignedAt = new Label();
    private final List<ViewPane> panes = new java.util.ArrayList<>();
    private final BackgroundRun runs = new BackgroundRun("compare");
    private final BackgroundRun prefetch = new BackgroundRun("compare prefetch");
    private Prefetched prefetched;
    private LoadedScenario prefetchScenario;
    private String prefetchPolicy;
    private boolean showWhenPrefetched;
    private final Supplier<NarrationTrack> leftCaptions;
    private StoryIndex leftStory;
    private StoryIndex rightStory;
    private StoryIndex.Alignment alignment;
    private boolean active;
    private boolean userChosePolicy;
    private long activatedAt;
    private Consumer<String> onError = m -> rightHeader.setText(m);

    /**
     * @param leftCaptions the narration placed on the left run (the window's narration panel has it)
     */
    public ComparisonPane(SimSession left, List<MachineView> leftViews, List<MachineView> rightViews,
            Supplier<Theme> theme, Supplier<Double> zoom, Supplier<NarrationTrack> leftCaptions) {
        this.left = left;
        this.leftCaptions = leftCaptions;
        split.setId("comparePane");
        rightPolicy.setId("comparePolicyBox");
        rightPolicy.setEditable(true);
        rightPolicy.getItems().setAll(Policy.NAMED.keySet());
        rightPolicy.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        rightPolicy.setOnAction(e -> {
            if (active && rightPolicy.getValue() != null && !rightPolicy.getValue().equals(right.policyName())) {
                userChosePolicy = true;
                rerunRight();
            }
        });
        leftHeader.setId("compareLeftHeader");
        rightHeader.setId("compareRightHeader");
        alignedAt.setId("compareAlignedAt");
        alignedAt.getStyleClass().add("compare-aligned");
        alignedAt.setMaxWidth(Double.MAX_VALUE);
        alignedAt.setMinWidth(0);
        alignedAt.setTooltip(new Tooltip("The right run's cursor is at the same moment of the story as the left one: "
                + "the latest narration caption, leak or n-th VM exit of a vCPU that both runs have, plus the same "
                + "number of cycles past it. Cycle numbers differ because mitigations take time."));
        for (Label l : List.of(leftHeader, rightHeader)) {
            l.setWrapText(true);
            l.setTooltip(new Tooltip(COST_LEGEND));
        }
        split.getItems().addAll(side(left, leftHeader, null, leftViews, theme, zoom),
                side(right, rightHeader, rightPolicy, rightViews, theme, zoom));
        left.revisionProperty().addListener((o, a, b) -> follow());
        left.simulationProperty().addListener((o, a, b) -> {
            if (active) {
                leftChanged();
            }
        });
    }

    /** What the header's figures count (its tooltip). */
    static final String COST_LEGEND = """
            leaks: secret bytes an attacker recovered (at the cursor / in the whole run)
            exposure: cycles during which victim data sat in an attacker's core (L1D or fill buffers)
            run: cycles until every CPU finished the workload; the percentage is against the left run
            mitigation work: cycles all CPUs spent on\s""" + java.util.Arrays.stream(CostCategory.values())
            .filter(CostCategory::isMitigation).map(CostCategoryText::title)
            .collect(java.util.stream.Collectors.joining(", "))
            + " (the mitigation's own cost; the rest of the run is the workload)";

    private BorderPane side(SimSession s, Label header, ComboBox<String> policyBox, List<MachineView> views,
            Supplier<Theme> theme, Supplier<Double> zoom) {
        SplitPane stack = new SplitPane();
        stack.setOrientation(Orientation.VERTICAL);
        for (MachineView v : views) {
            ViewPane p = new ViewPane(v, s, theme, zoom);
            panes.add(p);
            stack.getItems().add(p);
        }
        if (views.size() == 3) {
            stack.setDividerPositions(0.36, 0.64); // cores, caches, address spaces: each readable
        }
        // Who this side is (and its policy box), then the figures across the whole column, then (right
        // side) the line that says where the two runs are lined up.
        HBox top = new HBox(8);
        top.setAlignment(Pos.CENTER_LEFT);
        Label side = new Label(policyBox == null ? "left: the window's run" : "right: policy");
        side.getStyleClass().add("compare-title");
        side.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        top.getChildren().add(side);
        if (policyBox != null) {
            top.getChildren().add(policyBox);
        }
        header.setMinWidth(0);
        header.setMaxWidth(Double.MAX_VALUE);
        VBox heading = new VBox(2, top, header);
        heading.getStyleClass().add("compare-header");
        heading.setPadding(new Insets(4, 8, 4, 8));
        if (policyBox != null) {
            alignedAt.setWrapText(true);
            heading.getChildren().add(alignedAt);
        } else {
            // Same height as the right side's heading, so the two columns of views line up.
            Label spacer = new Label(" ");
            spacer.getStyleClass().add("compare-aligned");
            spacer.setVisible(false);
            spacer.setWrapText(true);
            spacer.textProperty().bind(alignedAt.textProperty());
            heading.getChildren().add(spacer);
        }
        return new BorderPane(stack, heading, null, null, null);
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

    /** Simulations of the right side in progress. */
    public BackgroundRun runs() {
        return runs;
    }

    /** Where errors of the right run go (the window shows them); by default the right header. */
    public void setOnError(Consumer<String> c) {
        onError = c;
    }

    /** Starts comparing (runs the right side off the FX thread) or stops (cancels a run in progress). */
    public void setActive(boolean on) {
        active = on;
        if (on) {
            activatedAt = System.nanoTime();
            rerunRight();
        } else {
            runs.cancel();
            showWhenPrefetched = false;
        }
    }

    public boolean isActive() {
        return active;
    }

    /** Cancels the right run in progress (and one simulated in advance). */
    public void cancel() {
        runs.cancel();
        prefetch.cancel();
        showWhenPrefetched = false;
    }

    /** Simulations in advance of comparison mode. */
    public BackgroundRun prefetchRuns() {
        return prefetch;
    }

    /** Sets the right side's policy and re-runs it. */
    public void setRightPolicy(String spec) {
        userChosePolicy = true;
        rightPolicy.setValue(spec);
        rerunRight();
    }

    /** The right side's policy as chosen (or defaulted). */
    public String rightPolicy() {
        return rightPolicy.getValue();
    }

    /** The left run changed: a new scenario re-runs the right side; a new policy only re-indexes the left. */
    private void leftChanged() {
        LoadedScenario rs = right.scenario();
        if (rs == null || rs != left.scenario() && !sameFile(rs, left.scenario())) {
            userChosePolicy = false;
            rerunRight();
            return;
        }
        if (rs != left.scenario()) {
            rerunRight(); // reloaded: the workload may differ
            return;
        }
        leftStory = StoryIndex.of(left.simulation(), leftCaptions.get());
        if (!userChosePolicy) {
            String contrast = contrastingPolicy(left.scenario(), left.simulation(), left.policyName());
            if (!contrast.equals(right.policyName())) {
                rightPolicy.setValue(contrast);
                rerunRight();
                return;
            }
        }
        follow();
    }

    private static boolean sameFile(LoadedScenario a, LoadedScenario b) {
        return a != null && b != null && a.source() != null && a.source().equals(b.source());
    }

    private void rerunRight() {
        if (!active || left.scenario() == null) {
            return;
        }
        if (!userChosePolicy || rightPolicy.getValue() == null) {
            rightPolicy.setValue(contrastingPolicy(left.scenario(), left.simulation(), left.policyName()));
        }
        String spec = rightPolicy.getValue().trim();
        Policy p;
        try {
            p = PolicyText.parse(spec);
            rightPolicy.getStyleClass().remove("error-field");
        } catch (IllegalArgumentException e) {
            if (!rightPolicy.getStyleClass().contains("error-field")) {
                rightPolicy.getStyleClass().add("error-field");
            }
            rightHeader.setText(e.getMessage());
            return;
        }
        LoadedScenario s = left.scenario();
        Simulation leftRun = left.simulation();
        if (prefetched != null && prefetched.scenario() == s && prefetched.policy().equals(spec)
                && prefetched.data().leftStory().run() == leftRun) {
            show(s, spec, prefetched.data());
            return;
        }
        if (prefetch.isRunning() && s == prefetchScenario && spec.equals(prefetchPolicy)) {
            rightHeader.setText(spec + ": simulating\u2026");
            showWhenPrefetched = true; // the run started in advance is this one: let it finish
            return;
        }
        prefetch.cancel();
        NarrationTrack leftTrack = leftCaptions.get();
        rightHeader.setText(spec + ": simulating\u2026");
        runs.start(s.name() + " under " + spec, s.spec(), p, run -> index(s, run, leftRun, leftTrack),
                done -> show(s, spec, done), m -> onError.accept(m));
    }

    private static Indexed index(LoadedScenario s, Simulation run, Simulation leftRun, NarrationTrack leftTrack) {
        return new Indexed(run, StoryIndex.of(run, NarrationTrack.resolve(s.narration(), run.log())),
                StoryIndex.of(leftRun, leftTrack));
    }

    /** Shows a finished right run (FX thread). */
    private void show(LoadedScenario s, String spec, Indexed done) {
        if (left.simulation() != done.leftStory().run()) {
            leftStory = StoryIndex.of(left.simulation(), leftCaptions.get());
        } else {
            leftStory = done.leftStory();
        }
        rightStory = done.rightStory();
        right.install(s, spec, done.run(), 0);
        follow();
        for (ViewPane pane : panes) {
            pane.markDirty();
        }
        if (activatedAt != 0) {
            Timing.report("compare on", activatedAt);
            activatedAt = 0;
        }
    }

    /** Runs with more events than this are not simulated in advance (memory: a second history). */
    static final int PREFETCH_MAX_EVENTS = 400_000;

    /**
     * Simulates, on a worker thread, the run comparison mode would show first for the left run (the
     * contrasting policy, or the one the user chose), so that turning comparison on shows it at once.
     * Does nothing while comparing, for large runs, or when that run is already there.
     */
    public void prefetch() {
        LoadedScenario s = left.scenario();
        Simulation leftRun = left.simulation();
        if (active || s == null || leftRun == null || leftRun.log().size() > PREFETCH_MAX_EVENTS) {
            return;
        }
        String spec = userChosePolicy && rightPolicy.getValue() != null ? rightPolicy.getValue().trim()
                : contrastingPolicy(s, leftRun, left.policyName());
        if (prefetched != null && prefetched.scenario() == s && prefetched.policy().equals(spec)
                && prefetched.data().leftStory().run() == leftRun) {
            return;
        }
        Policy p;
        try {
            p = PolicyText.parse(spec);
        } catch (IllegalArgumentException e) {
            return;
        }
        NarrationTrack leftTrack = leftCaptions.get();
        prefetched = null;
        prefetchScenario = s;
        prefetchPolicy = spec;
        showWhenPrefetched = false;
        prefetch.start(s.name() + " under " + spec + " (for comparison)", s.spec(), p,
                run -> index(s, run, leftRun, leftTrack), done -> {
                    prefetched = new Prefetched(s, spec, done);
                    if (showWhenPrefetched && active) {
                        show(s, spec, done);
                    }
                    showWhenPrefetched = false;
                }, m -> { });
    }

    /** A right run simulated in advance. */
    private record Prefetched(LoadedScenario scenario, String policy, Indexed data) {
    }

    private record Indexed(Simulation run, StoryIndex rightStory, StoryIndex leftStory) {
    }

    /** Moves the right cursor to the moment the left one is at. */
    private void follow() {
        if (!active || left.simulation() == null || right.simulation() == null || leftStory == null
                || rightStory == null || leftStory.run() != left.simulation() || rightStory.run() != right.simulation()) {
            return;
        }
        alignment = leftStory.align(left.cycle(), rightStory);
        if (right.cycle() != alignment.otherCycle()) {
            right.seek(alignment.otherCycle());
        }
        alignedAt.setText(alignment.describe());
        long baseline = left.simulation().endCycle();
        leftHeader.setText(summary(left, baseline));
        rightHeader.setText(summary(right, baseline));
    }

    /** The last alignment of the two cursors, or null before the right run is ready. */
    public StoryIndex.Alignment alignment() {
        return alignment;
    }

    public String alignedAtText() {
        return alignedAt.getText();
    }

    /**
     * The policy whose outcome contrasts most with the left run's: when the left run leaks, one the
     * scenario expects to leak nothing; when it does not, one the scenario expects to leak; never the left
     * policy itself. Scenarios without such expectations get {@code asi-stun} against a leaking run (or
     * {@code l1d-flush-always+nosmt} when that is the left one) and {@code none} against a safe one.
     */
    static String contrastingPolicy(LoadedScenario s, Simulation leftRun, String leftPolicy) {
        boolean leftLeaks = leftRun != null && !leftRun.end().leaks().isEmpty();
        String mine = leftPolicy == null ? "" : leftPolicy.trim();
        for (Expectation e : s.expectations()) {
            Expectation.Bound b = e.bounds().get("leaks");
            if (b == null || e.policy() == null || e.policy().equals(mine)) {
                continue;
            }
            boolean expectsNone = b.max() != null && b.max() == 0;
            boolean expectsSome = b.min() != null && b.min() > 0;
            if (leftLeaks ? expectsNone : expectsSome) {
                return e.policy();
            }
        }
        if (leftLeaks) {
            return mine.equals("asi-stun") ? "l1d-flush-always+nosmt" : "asi-stun";
        }
        return mine.equals("none") ? "asi-stun" : "none";
    }

    /**
     * e.g. "none: leaks 1 so far, 2 in all; exposure 12,000 cycles; run 642,676 cycles (+0.0%);
     * mitigation work 0 cycles" ({@link #COST_LEGEND} says what each counts).
     */
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
        String name = s.policyName() == null ? PolicyText.of(sim.policy()) : s.policyName();
        double rel = baselineCycles <= 0 ? 0 : 100.0 * (sim.endCycle() - baselineCycles) / baselineCycles;
        return String.format("%s: leaks %d so far, %d in all \u00b7 exposure %s cycles \u00b7 run %s cycles (%+.1f%%) "
                + "\u00b7 mitigation work %s cycles", name, now.leaks().size(), end.leaks().size(),
                short_(end.exposureCycles()), short_(sim.endCycle()), rel, short_(mitigation));
    }

    /** 23,096,768 as "23.1M", 12,000 as "12,000": exact below a million, three digits above. */
    static String short_(long v) {
        return v < 1_000_000 ? String.format("%,d", v) : v < 1_000_000_000 ? String.format("%.1fM", v / 1e6)
                : String.format("%.2fG", v / 1e9);
    }

    public String leftHeaderText() {
        return leftHeader.getText();
    }

    public String rightHeaderText() {
        return rightHeader.getText();
    }
}
