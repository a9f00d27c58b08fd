package dev.asiscope.ui;

import dev.asiscope.scenario.PolicyText;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.scenario.Breakpoint;
import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.scenario.ScenarioException;
import dev.asiscope.sim.engine.Policy;
import dev.asiscope.sim.engine.Simulation;
import dev.asiscope.ui.views.TimelineIndex;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * Which run the window shows and how it gets there: opening a scenario (a file, a sample, the command
 * line's), reloading the file (F5, or when it changes on disk), re-running under another policy. Every
 * run but {@link #open(LoadedScenario)}'s is simulated off the FX thread ({@link BackgroundRun}, with
 * progress and Cancel); the window keeps the run it shows until the new one is complete, and a bad file
 * is a one-line located error that leaves it as it was.
 */
final class ScenarioRuns {
    private final SimSession session;
    private final Transport transport;
    private final BreakpointSet breakpoints;
    private final WorkspaceBinding workspace;
    private final WhatIfWindow whatIf;
    private final ErrorReport errors;
    private final RedrawTiming redraw;
    private final ComboBox<String> policyBox;
    private final Consumer<LoadedScenario> onOpened;
    private final Supplier<Window> window;
    private final BackgroundRun runs = new BackgroundRun("window");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("asiscope");
    private final Menu recentMenu = new Menu("Open recent");
    private final Menu samplesMenu = new Menu("Samples");
    private RecentFiles recent;
    private ScenarioWatcher watcher;

    /**
     * @param workspace  the workspace beside the open scenario (closed and opened with it)
     * @param policyBox  the toolbar's policy box (marked when a policy name is unknown)
     * @param onOpened   told of each scenario opened (not of reloads or re-runs), after the run is shown
     * @param window     the window, for the file chooser (null before it is shown)
     */
    ScenarioRuns(SimSession session, Transport transport, BreakpointSet breakpoints, WorkspaceBinding workspace,
            WhatIfWindow whatIf, ErrorReport errors, RedrawTiming redraw, ComboBox<String> policyBox,
            Consumer<LoadedScenario> onOpened, Supplier<Window> window) {
        this.session = session;
        this.transport = transport;
        this.breakpoints = breakpoints;
        this.workspace = workspace;
        this.whatIf = whatIf;
        this.errors = errors;
        this.redraw = redraw;
        this.policyBox = policyBox;
        this.onOpened = onOpened;
        this.window = window;
        runs.runningProperty().addListener((o, a, on) -> {
            if (!on && session.policyName() != null && !session.policyName().equals(policyBox.getValue())) {
                policyBox.setValue(session.policyName()); // cancelled or failed: the box shows what is shown
            }
        });
        samplesMenu.setId("samplesMenu");
        for (ScenarioFiles.Sample s : ScenarioFiles.samples()) {
            MenuItem item = new MenuItem(s.title());
            item.setMnemonicParsing(false);
            item.setOnAction(e -> {
                try {
                    openInBackground(s.load(), null);
                } catch (ScenarioException ex) {
                    errors.cannotOpen(ex.getMessage());
                }
            });
            samplesMenu.getItems().add(item);
        }
        rebuildRecentMenu();
    }

    /** Re-runs and opens in progress off the FX thread. */
    BackgroundRun runs() {
        return runs;
    }

    /** "asiscope - scenario name (file)", for the stage title. */
    ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    Menu recentMenu() {
        return recentMenu;
    }

    Menu samplesMenu() {
        return samplesMenu;
    }

    /** Uses {@code r} for the Open recent menu. */
    void setRecentFiles(RecentFiles r) {
        this.recent = r;
        rebuildRecentMenu();
    }

    /** File &gt; Open: a file chooser in the open scenario's directory. */
    void chooseFile() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open scenario");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Scenarios (*.json)", "*.json"),
                new FileChooser.ExtensionFilter("All files", "*"));
        LoadedScenario s = session.scenario();
        if (s != null && s.source() != null && s.source().getParent() != null) {
            fc.setInitialDirectory(s.source().getParent().toFile());
        }
        File f = fc.showOpenDialog(window.get());
        if (f != null) {
            openFile(f.toPath());
        }
    }

    private void rebuildRecentMenu() {
        recentMenu.getItems().clear();
        if (recent == null || recent.paths().isEmpty()) {
            MenuItem none = new MenuItem("(none)");
            none.setDisable(true);
            recentMenu.getItems().add(none);
            return;
        }
        for (Path p : recent.paths()) {
            MenuItem m = new MenuItem(p.toString());
            m.setMnemonicParsing(false);
            m.setOnAction(e -> openFile(p));
            recentMenu.getItems().add(m);
        }
    }

    private void addRecent(Path file) {
        if (file != null && recent != null) {
            recent.add(file);
            rebuildRecentMenu();
        }
    }

    /**
     * Re-runs under the policy typed or chosen, off the FX thread; an unknown name marks the box and says
     * why, and returns false.
     */
    boolean applyPolicy(String spec) {
        if (spec == null || spec.isBlank() || session.scenario() == null) {
            return false;
        }
        if (spec.trim().equals(session.policyName()) && !runs.isRunning()) {
            return true;
        }
        return rerun(spec, -1, true);
    }

    /**
     * As {@link #applyPolicy}, the cursor going to {@code cycle} (or staying where it is then, when -1);
     * {@code whatIfFollows}: the what-if pane starts over under the new policy (not when a workspace being
     * opened sets the policy: it restores the pane's own).
     */
    boolean rerun(String spec, long cycle, boolean whatIfFollows) {
        Policy p;
        try {
            p = PolicyText.parse(spec);
        } catch (IllegalArgumentException e) {
            if (!policyBox.getStyleClass().contains("error-field")) {
                policyBox.getStyleClass().add("error-field");
            }
            transport.messageProperty().set(e.getMessage());
            return false;
        }
        policyBox.getStyleClass().remove("error-field");
        transport.pause();
        LoadedScenario s = session.scenario();
        String name = spec.trim();
        runs.start(s.name() + " under " + name, s.spec(), p, ScenarioRuns::headStart, run -> {
            session.install(s, name, run, cycle >= 0 ? cycle : session.cycle());
            if (whatIfFollows) {
                whatIf.followRun();
            }
            transport.messageProperty().set(note("policy " + name + ": " + PolicyText.of(run.policy())));
        }, this::runFailed);
        return true;
    }

    /**
     * On the worker, after the run: its timeline index (one pass over the log's context changes), so the
     * timeline's first paint of a new run does not build it on the FX thread.
     */
    static Simulation headStart(Simulation run) {
        TimelineIndex.of(run);
        return run;
    }

    /** Opens {@code s} under its own policy, simulated off the FX thread; {@code file} goes to Open recent. */
    private void openInBackground(LoadedScenario s, Path file) {
        transport.pause();
        long t0 = System.nanoTime();
        runs.start(s.name(), s.spec(), s.policy(), ScenarioRuns::headStart, run -> {
            open(s, run);
            redraw.start("open " + (file == null ? s.name() : file.getFileName()) + " to views drawn", t0, true);
            addRecent(file);
        }, this::runFailed);
    }

    /** Shows {@code s} with a run of it made elsewhere; see {@link MainWindow#openPrepared}. */
    void openPrepared(LoadedScenario s, Simulation run, Path file, long startedNanos) {
        open(s, run);
        addRecent(file);
        redraw.start("launch with " + (file == null ? s.name() : file.getFileName()) + " to views drawn", startedNanos,
                true);
    }

    /** The message after a run change, with what became of the selection when it did not survive. */
    private String note(String message) {
        String n = session.carryOverNote();
        return n == null ? message : message + "; " + n;
    }

    private void runFailed(String oneLine) {
        errors.show("Cannot simulate", oneLine);
        policyBox.setValue(session.policyName());
    }

    /** Opens {@code s} under its own policy at cycle 0, simulating on this thread. */
    void open(LoadedScenario s) {
        open(s, null);
    }

    /** Opens {@code s} with {@code run} (simulated here when null), its breakpoints and its workspace. */
    void open(LoadedScenario s, Simulation run) {
        transport.pause();
        runs.cancel();
        workspace.close();
        workspace.applying(() -> {
            if (run != null) {
                session.open(s, null, run);
            } else {
                session.open(s, (String) null, 0);
            }
            breakpoints.entries().clear();
            for (Breakpoint b : s.breakpoints()) {
                breakpoints.add(b);
            }
            onOpened.accept(s);
            title.set("asiscope - " + s.name() + (s.source() == null ? "" : " (" + s.source().getFileName() + ")"));
            watch(s.source());
            transport.messageProperty().set("");
            workspace.open(s);
        });
    }

    /**
     * Opens a scenario file: reads it here (errors go to a one-line dialog and return false), simulates it
     * off the FX thread, and shows it when the run is complete.
     */
    boolean openFile(Path file) {
        try {
            openInBackground(ScenarioFiles.load(file), file);
            return true;
        } catch (ScenarioException e) {
            errors.cannotOpen(e.getMessage());
        } catch (RuntimeException e) {
            errors.cannotOpen(file + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        return false;
    }

    /** Re-reads the open file and re-runs it off the FX thread, keeping policy and cursor. */
    void reload() {
        LoadedScenario s = session.scenario();
        if (s == null || s.source() == null) {
            transport.messageProperty().set("built-in scenario: nothing to reload");
            return;
        }
        LoadedScenario fresh;
        Policy p;
        String policy = session.policyName();
        try {
            fresh = ScenarioFiles.load(s.source());
            p = policy == null ? session.simulation().policy() : PolicyText.parse(policy);
        } catch (ScenarioException e) {
            errors.cannotOpen(e.getMessage());
            return;
        } catch (RuntimeException e) {
            errors.cannotOpen(s.source() + ": " + e.getMessage());
            return;
        }
        transport.pause();
        long t0 = System.nanoTime();
        runs.start("reload " + s.source().getFileName(), fresh.spec(), p, ScenarioRuns::headStart, run -> {
            reloaded(fresh, policy, run);
            redraw.start("reload " + fresh.source().getFileName() + " to views drawn", t0, true);
        }, this::runFailed);
    }

    private void reloaded(LoadedScenario fresh, String policy, Simulation run) {
        session.install(fresh, policy, run, session.cycle());
        // The scenario's breakpoints come back; those set in the window (kept in the workspace) stay.
        List<BreakpointSet.Entry> mine = new ArrayList<>(breakpoints.entries());
        workspace.applying(() -> {
            breakpoints.entries().clear();
            fresh.breakpoints().forEach(breakpoints::add);
            for (BreakpointSet.Entry e : mine) {
                breakpoints.add(e.breakpoint()).enabledProperty().set(e.enabledProperty().get());
            }
        });
        if (workspace.file() != null) {
            workspace.rehash(fresh);
        }
        whatIf.followRun();
        title.set("asiscope - " + fresh.name() + " (" + fresh.source().getFileName() + ")");
        transport.messageProperty().set(note("reloaded " + fresh.source().getFileName()));
    }

    private void watch(Path file) {
        if (watcher != null && (file == null || !watcher.file().equals(file.toAbsolutePath().normalize()))) {
            watcher.close();
            watcher = null;
        }
        if (file != null && watcher == null && Files.isRegularFile(file)) {
            try {
                watcher = new ScenarioWatcher(file, this::reload);
            } catch (IOException e) {
                transport.messageProperty().set("not watching " + file.getFileName() + ": " + e.getMessage());
            }
        }
    }

    /** Stops the run in flight and the file watcher. */
    void close() {
        runs.cancel();
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
    }
}
