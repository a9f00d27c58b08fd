package dev.asiscope.ui;

import dev.asiscope.scenario.PolicyText;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.scenario.RunReport;
import dev.asiscope.scenario.Scenario;
import dev.asiscope.scenario.ScenarioException;
import dev.asiscope.scenario.WhatIf;
import dev.asiscope.sim.engine.Simulation;
import dev.asiscope.sim.tables.EntryBit;
import dev.asiscope.sim.tables.EntryKind;
import dev.asiscope.sim.security.AddressSpaceId;
import dev.asiscope.ui.views.PageTableCell;
import dev.asiscope.ui.views.PageTableView;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * "What if" beside the window: edits the page-table entry selected in the main window's page-table view
 * (toggle P, R/W, U/S, G, XD or a reserved bit at the cursor's cycle) or unmaps the selected page's region
 * from that table, redoes the run from the edit's cycle ({@link WhatIf}) and shows it next to the
 * unedited one: the totals of both runs and the what-if run's page tables at the main window's cursor.
 * Edits are undone last-first; "Save as scenario" writes them into a scenario file that
 * {@code asiscope run} reproduces.
 *
 * <p>Runs are made off the FX thread ({@link BackgroundRun}, as the main window's): the pane keeps showing
 * the previous result, with a progress bar and Cancel, until the new one is complete; a cancelled or
 * failed re-run leaves the edits and the runs as they were, and a failure is one line in the pane.
 */
public final class WhatIfPane extends BorderPane {
    private static final List<String> BITS = List.of("P", "R/W", "U/S", "G", "XD", "RSVD");

    private final SimSession main;
    private final SimSession edited = new SimSession();
    private final ViewPane tables;
    private final GridPane totals = new GridPane();
    private final ListView<String> editList = new ListView<>();
    private final Label status = new Label();
    private final List<Button> bitButtons = new ArrayList<>();
    private final Button unmap = new Button("Unmap its region from this table");
    private final Button undo = new Button("Undo");
    private final Button save = new Button("Save as scenario\u2026");
    private final Button cancel = new Button("Cancel");
    private final ProgressBar progress = new ProgressBar();
    /** The pane's re-runs, one at a time: a new one cancels the one in flight. */
    private final BackgroundRun runs = new BackgroundRun("what-if");
    private WhatIf whatIf;
    /** The edits and policy of a restore in flight (null when none): they stand for the pane until it is shown. */
    private List<Scenario.EditSpec> restoring;
    private String restoringPolicy;
    /** Told after an edit or an undo the user made (the window autosaves its workspace then). */
    private Runnable onEdited = () -> { };

    /** A pane on {@code main}'s scenario and policy (as they are now); its first run starts at once. */
    public WhatIfPane(SimSession main, Supplier<Theme> theme, Supplier<Double> zoom) {
        this.main = main;
        setId("whatIfPane");
        FlowPane actions = new FlowPane(6, 6);
        for (String bit : BITS) {
            Button b = new Button("Toggle " + bit);
            b.setId("whatIfToggle" + bit.replace("/", ""));
            b.setOnAction(e -> toggle(bit));
            bitButtons.add(b);
            actions.getChildren().add(b);
        }
        unmap.setId("whatIfUnmap");
        unmap.setOnAction(e -> unmapRegion());
        undo.setId("whatIfUndo");
        undo.setOnAction(e -> undo());
        save.setOnAction(e -> saveWithChooser());
        cancel.setId("whatIfCancel");
        cancel.setOnAction(e -> cancel());
        progress.setId("whatIfProgress");
        progress.progressProperty().bind(runs.progressProperty());
        // shown only while a re-run is in flight
        for (javafx.scene.Node n : List.of(cancel, progress)) {
            n.visibleProperty().bind(runs.runningProperty());
            n.managedProperty().bind(runs.runningProperty());
        }
        runs.runningProperty().addListener((o, a, b) -> enable());
        actions.getChildren().addAll(unmap, undo, save, progress, cancel);
        status.setId("whatIfStatus");
        status.setWrapText(true);
        editList.setId("whatIfEdits");
        editList.setPrefHeight(90);
        totals.setId("whatIfTotals");
        totals.setHgap(18);
        VBox top = new VBox(6, new Label("Select an entry in the Page tables view of the main window, then change it "
                + "from the cursor's cycle on:"), actions, status, totals, editList);
        top.setPadding(new Insets(8));
        setTop(top);
        PageTableView view = new PageTableView();
        tables = new ViewPane(view, edited, theme, zoom);
        setCenter(tables);
        main.selectionProperty().addListener((o, a, b) -> {
            enable();
            follow();
        });
        main.cycleProperty().addListener((o, a, b) -> follow());
        reset();
    }

    /** Starts over on the main window's current scenario and policy (no edits), off the FX thread. */
    public void reset() {
        restore(null, List.of(), null);
    }

    /**
     * Starts over on the main window's current scenario under {@code policy} (the main window's when null)
     * and re-applies {@code edits} (a saved workspace's), off the FX thread. When an edit does not fit the
     * scenario, the edits before it are applied and {@code onBad} (if not null) gets the index of the bad
     * one in {@code edits} and why (FX thread); index -1 when the policy itself is bad (nothing is shown).
     * This is not an edit of the user's: {@link #setOnEdited}'s callback is not told. Until the runs are
     * shown, {@link #edits()} are the ones being restored, also when the restore is cancelled or fails:
     * a workspace saved meanwhile keeps them.
     */
    public void restore(String policy, List<Scenario.EditSpec> edits, BiConsumer<Integer, ScenarioException> onBad) {
        LoadedScenario s = main.scenario();
        String p = policy == null ? main.policyName() : policy;
        List<Scenario.EditSpec> want = List.copyOf(edits);
        restoring = want;
        restoringPolicy = p;
        // the previous session belongs to the scenario that was open before: it is not shown any more
        whatIf = null;
        refresh();
        status.setText(want.isEmpty() ? "Simulating the unedited run\u2026" : "Re-applying " + want.size()
                + " edit(s)\u2026");
        runs.submit(s.name() + " what-if", 2 * s.spec().maxCycles(), pr -> {
            WhatIf w;
            try {
                w = new WhatIf(s, p, pr);
            } catch (ScenarioException e) {
                return new Outcome(null, null, null, -1, e);
            }
            WhatIf.Rerun r;
            int bad = -1;
            ScenarioException why = null;
            try {
                r = w.prepare(want, pr);
            } catch (ScenarioException e) {
                bad = Math.max(0, WhatIf.failedEdit(e));
                why = e;
                r = w.prepare(want.subList(0, bad), pr);
            }
            return new Outcome(w, r, shown(w, r, pr), bad, why);
        }, o -> {
            restoring = null;
            if (o.whatIf() == null) {
                status.setText(o.problem().getMessage());
                if (onBad != null) {
                    onBad.accept(-1, o.problem());
                }
                return;
            }
            whatIf = o.whatIf();
            whatIf.install(o.rerun());
            show(o);
            if (o.problem() != null) {
                status.setText("Edit " + (o.badEdit() + 1) + " not applied: " + o.problem().getMessage());
                if (onBad != null) {
                    onBad.accept(o.badEdit(), o.problem());
                }
            } else {
                status.setText(want.isEmpty() ? "No edits yet: the runs are the same."
                        : want.size() + " edit(s) re-applied.");
            }
        }, this::failed);
    }

    /** A re-run's result, made on a worker thread; {@code problem} is a bad edit's (or the run's) error. */
    private record Outcome(WhatIf whatIf, WhatIf.Rerun rerun, Simulation shown, int badEdit,
            ScenarioException problem) {
    }

    /** The run the what-if page tables are shown from: the unedited one while there are no edits. */
    private static Simulation shown(WhatIf w, WhatIf.Rerun r, Simulation.ProgressListener pr) {
        if (r.edits().isEmpty()) {
            return w.originalRun();
        }
        return Simulation.run(r.scenario().spec(), PolicyText.parse(w.policy()), Simulation.DEFAULT_INTERVAL, pr);
    }

    /** Re-runs with {@code list} as the edits, off the FX thread; {@code done} makes the status line. */
    private void rerun(List<Scenario.EditSpec> list, String label, Function<WhatIf, String> done) {
        WhatIf w = whatIf;
        long budget = main.scenario() == null ? 1 : 2 * main.scenario().spec().maxCycles();
        status.setText(label + "\u2026");
        runs.submit(label, budget, pr -> {
            WhatIf.Rerun r = w.prepare(list, pr);
            return new Outcome(w, r, shown(w, r, pr), -1, null);
        }, o -> {
            if (o.whatIf() != whatIf) {
                return; // the pane started over meanwhile
            }
            whatIf.install(o.rerun());
            show(o);
            status.setText(done.apply(whatIf));
            onEdited.run();
        }, this::failed);
    }

    /** A re-run that failed: the pane keeps the previous result and says why in one line. */
    private void failed(String oneLine) {
        status.setText(oneLine + " (the edits and runs are as they were)");
        enable();
    }

    /** Stops the re-run in flight (if any); the pane keeps showing the previous result. */
    public void cancel() {
        if (runs.isRunning()) {
            runs.cancel();
            status.setText(whatIf == null ? "Cancelled: nothing to show until the scenario is opened again."
                    : "Cancelled: still showing the runs with " + whatIf.edits().size() + " edit(s).");
        }
    }

    /**
     * The edits the pane stands for, in order: those shown, or while a restore is in flight (or was
     * cancelled before anything was shown) those being restored, so that saving the workspace meanwhile
     * keeps them.
     */
    public List<Scenario.EditSpec> edits() {
        return restoring != null ? restoring : whatIf == null ? List.of() : whatIf.edits();
    }

    /** The policy of {@link #edits()}'s runs, or null before the first run. */
    public String policy() {
        return restoring != null ? restoringPolicy : whatIf == null ? null : whatIf.policy();
    }

    /** The pane's background re-runs (tests wait for them; the status bar could show them). */
    public BackgroundRun runs() {
        return runs;
    }

    /** Calls {@code r} after each edit or undo made in the pane, once its re-run is shown (FX thread). */
    public void setOnEdited(Runnable r) {
        onEdited = r == null ? () -> { } : r;
    }

    /** The session (null until its first run is complete); tests read its totals. */
    public WhatIf whatIf() {
        return whatIf;
    }

    /** The what-if run's session (its page tables are shown at the main cursor). */
    public SimSession editedSession() {
        return edited;
    }

    private PageTableCell selectedCell() {
        return main.selectionProperty().get() instanceof PageTableCell c ? c : null;
    }

    private void enable() {
        PageTableCell c = selectedCell();
        AddressSpaceId table = c == null ? null : c.spaceId();
        // An EPT entry has no x86 bits to toggle.
        boolean x86 = c != null && !(table instanceof AddressSpaceId.Ept) && c.entry().raw() != 0;
        // one re-run at a time: an edit made during one would be lost when it completes
        boolean busy = whatIf == null || runs.isRunning();
        bitButtons.forEach(b -> b.setDisable(busy || !x86));
        unmap.setDisable(busy || c == null || c.region() == null || c.entry().kind() != EntryKind.LEAF
                || table instanceof AddressSpaceId.Full || table instanceof AddressSpaceId.Guest);
        undo.setDisable(busy || whatIf.edits().isEmpty());
        save.setDisable(busy || whatIf.edits().isEmpty());
    }

    /** Toggles {@code bit} of the selected entry from the main cursor's cycle on. */
    public void toggle(String bit) {
        PageTableCell c = selectedCell();
        if (c == null) {
            return;
        }
        boolean set = isSet(c, bit);
        Scenario.EditSpec e = new Scenario.EditSpec("entry", main.cycle(), c.space(),
                "0x" + Long.toHexString(c.entry().linearAddress()), c.entry().level().id(),
                set ? List.of() : List.of(bit), set ? List.of(bit) : List.of(), null, null, null);
        apply(e);
    }

    private static boolean isSet(PageTableCell c, String bit) {
        if (bit.equals("RSVD")) {
            return (c.entry().raw() & (1L << 51)) != 0;
        }
        for (EntryBit b : c.bits()) {
            if (b.name().equals(bit)) {
                return b.value() != 0;
            }
        }
        return false;
    }

    /** Unmaps the region of the selected page from the selected table, from the main cursor's cycle on. */
    public void unmapRegion() {
        PageTableCell c = selectedCell();
        if (c == null || c.region() == null) {
            return;
        }
        apply(new Scenario.EditSpec("unmap", main.cycle(), c.space(), null, null, null, null, c.region(), null, null));
    }

    /** Adds {@code e} to the edits and re-runs, off the FX thread (ignored while a re-run is in flight). */
    private void apply(Scenario.EditSpec e) {
        if (whatIf == null || runs.isRunning()) {
            return;
        }
        List<Scenario.EditSpec> more = new ArrayList<>(whatIf.edits());
        more.add(e);
        rerun(more, "Re-running with: " + WhatIf.describe(e), w -> "Re-ran from cycle "
                + String.format("%,d", w.rerunFrom()) + ": " + WhatIf.describe(e));
    }

    /** Removes the last edit and re-runs, off the FX thread. */
    public void undo() {
        if (whatIf == null || runs.isRunning() || whatIf.edits().isEmpty()) {
            return;
        }
        List<Scenario.EditSpec> fewer = whatIf.edits().subList(0, whatIf.edits().size() - 1);
        rerun(fewer, "Undoing the last edit", w -> "Undone; " + w.edits().size() + " edit(s) left.");
    }

    /** Writes the scenario with the edits to {@code file}. */
    public void saveAs(Path file) throws IOException {
        whatIf.saveAs(file);
        status.setText("Saved " + file + " (asiscope run reproduces the what-if run).");
    }

    private void saveWithChooser() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save the what-if scenario");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Scenario", "*.json"));
        File f = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) {
            try {
                saveAs(f.toPath());
            } catch (IOException ex) {
                status.setText("Cannot save " + f + ": " + ex.getMessage() + " (the old file is unchanged)");
            }
        }
    }

    /** Shows a finished re-run: the edit list, both runs' totals, the what-if tables at the main cursor. */
    private void show(Outcome o) {
        edited.install(o.rerun().scenario(), o.whatIf().policy(), o.shown(), main.cycle());
        refresh();
        follow();
    }

    private void refresh() {
        editList.getItems().setAll(whatIf == null ? List.of() : whatIf.edits().stream().map(WhatIf::describe).toList());
        totals.getChildren().clear();
        if (whatIf != null) {
            RunReport a = whatIf.originalReport();
            RunReport b = whatIf.editedReport();
            totals.addRow(0, new Label(""), bold("unedited"), bold("what if"));
            row(1, "leaks", a.leaks().size(), b.leaks().size());
            row(2, "exposure cycles", a.exposureCycles(), b.exposureCycles());
            row(3, "total cycles", a.cycles(), b.cycles());
            row(4, "mitigation cycles", a.mitigationCycles(), b.mitigationCycles());
            row(5, "ASI exits", a.asiExits(), b.asiExits());
            row(6, "L1D flushes", a.l1dFlushes(), b.l1dFlushes());
        }
        enable();
        tables.paint();
    }

    private void row(int r, String what, long a, long b) {
        Label bl = new Label(String.format("%,d", b));
        if (a != b) {
            bl.setStyle("-fx-font-weight: bold; -fx-text-fill: #cf222e;");
        }
        totals.addRow(r, new Label(what), new Label(String.format("%,d", a)), bl);
    }

    private static Label bold(String s) {
        Label l = new Label(s);
        l.setStyle("-fx-font-weight: bold;");
        return l;
    }

    /** The what-if run's page tables at the main cursor, focused on the entry selected in the main window. */
    private void follow() {
        if (edited.simulation() != null) {
            edited.seek(main.cycle());
            PageTableCell c = selectedCell();
            if (c != null) {
                edited.selectionProperty().set(c);
            }
            tables.markDirty();
        }
    }

    /** Paints the what-if page tables now (otherwise they repaint on the next frame). */
    public void repaint() {
        tables.paint();
    }
}
