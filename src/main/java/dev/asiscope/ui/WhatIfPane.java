package dev.asiscope.ui;

import dev.asiscope.scenario.RunReport;
import dev.asiscope.scenario.Scenario;
import dev.asiscope.scenario.ScenarioException;
import dev.asiscope.scenario.WhatIf;
import dev.asiscope.sim.tables.EntryBit;
import dev.asiscope.sim.tables.EntryKind;
import dev.asiscope.ui.views.PageTableCell;
import dev.asiscope.ui.views.PageTableView;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
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
    private WhatIf whatIf;

    /** A pane on {@code main}'s scenario and policy (as they are now). */
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
        actions.getChildren().addAll(unmap, undo, save);
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

    /** Opens a pane on {@code main} in a window of its own, beside the main window. */
    public static WhatIfPane openWindow(SimSession main, Supplier<Theme> theme, Supplier<Double> zoom) {
        WhatIfPane pane = new WhatIfPane(main, theme, zoom);
        javafx.stage.Stage stage = new javafx.stage.Stage();
        stage.setTitle("asiscope: what if");
        stage.setScene(new javafx.scene.Scene(pane, 1280, 900));
        stage.show();
        return pane;
    }

    /** Starts over on the main window's current scenario and policy (no edits). */
    public void reset() {
        try {
            whatIf = new WhatIf(main.scenario(), main.policyName());
            status.setText("No edits yet: the runs are the same.");
        } catch (ScenarioException e) {
            status.setText(e.getMessage());
        }
        refresh();
    }

    /** The session; tests read its totals. */
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
        boolean x86 = c != null && !c.space().startsWith("ept:") && c.entry().raw() != 0;
        bitButtons.forEach(b -> b.setDisable(!x86));
        unmap.setDisable(c == null || c.region() == null || c.entry().kind() != EntryKind.LEAF
                || c.space().equals("full") || c.space().startsWith("guest:"));
        undo.setDisable(whatIf == null || whatIf.edits().isEmpty());
        save.setDisable(whatIf == null || whatIf.edits().isEmpty());
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

    private void apply(Scenario.EditSpec e) {
        try {
            whatIf.apply(e);
            status.setText("Re-ran from cycle " + String.format("%,d", whatIf.rerunFrom()) + ": " + WhatIf.describe(e));
        } catch (ScenarioException ex) {
            status.setText(ex.getMessage());
        }
        refresh();
    }

    /** Removes the last edit. */
    public void undo() {
        try {
            if (whatIf.undo()) {
                status.setText("Undone; " + whatIf.edits().size() + " edit(s) left.");
            }
        } catch (ScenarioException ex) {
            status.setText(ex.getMessage());
        }
        refresh();
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
            edited.open(whatIf.editedScenario(), whatIf.policy(), main.cycle());
            follow();
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
