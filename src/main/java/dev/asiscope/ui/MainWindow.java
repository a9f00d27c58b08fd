package dev.asiscope.ui;

import dev.asiscope.scenario.Breakpoint;
import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.scenario.ScenarioException;
import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.Policy;
import dev.asiscope.sim.engine.Simulation;
import dev.asiscope.ui.annotate.EditHistory;
import dev.asiscope.ui.annotate.editor.AnnotationOverlay;
import dev.asiscope.ui.annotate.editor.AnnotationToolbar;
import dev.asiscope.ui.export.ExportRequest;
import dev.asiscope.ui.export.StandardViews;
import dev.asiscope.ui.workspace.Workspace;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * The main window: toolbar (files, policy, stepping, run, tools.speed, go to cycle, theme, zoom), the machine
 * views on one cycle cursor, the Events &amp; Leaks panel, narration, inspector and status bar; full
 * keyboard control; side-by-side policy comparison; light, dark and projector themes.
 *
 * <p>Everything shown derives from the {@link SimSession}: views repaint (at most once per pulse) when
 * its revision changes, text panels re-derive on the same signal.
 */
public final class MainWindow {
    private final BorderPane root = new BorderPane();
    private final StackPane stack = new StackPane();
    private final SimSession session = new SimSession();
    private final Appearance appearance = new Appearance();
    private final BreakpointSet breakpoints = new BreakpointSet();
    private final NarrationPanel narration;
    private final Transport transport;
    private final EventsPanel events;
    private final InspectorPanel inspector;
    private final StatusBar status;
    private final ShortcutOverlay overlay;
    /** The machine views, the focused one, the one shown alone. */
    private ViewGrid grid;
    /** The toolbar and the classroom bar with their controls. */
    private final WindowToolBar tools;
    private final Keymap keymap = new Keymap();
    /** Re-runs and opens, simulated off the FX thread. */
    private final BackgroundRun runs = new BackgroundRun("window");
    /** Waits before simulating comparison mode's run in advance. */
    private final javafx.animation.PauseTransition prefetchDelay =
            new javafx.animation.PauseTransition(javafx.util.Duration.seconds(1));
    /** Exports of the focused view or the window (menus and the public export API). */
    private final WindowExport exports;
    /** Step/seek/open to redrawn views, for -Dasiscope.timing. */
    private final RedrawTiming redraw = new RedrawTiming(() -> root.getScene(), this::visiblePanes);
    private ComparisonPane comparison;
    private final List<ViewPane> viewPanes = new ArrayList<>();
    private final SplitPane centre = new SplitPane();
    /** The annotations of the open workspace and their undo history, shared by every view's overlay. */
    private final EditHistory history = new EditHistory();
    private final AnnotationToolbar annotationToolbar = new AnnotationToolbar();
    /** The workspace beside the open scenario. */
    private final WorkspaceBinding workspace;
    /** View > What if: its pane's edits are kept in the workspace. */
    private final WhatIfWindow whatIf = new WhatIfWindow(session, appearance::theme, appearance::zoom);
    private final Menu recentMenu = new Menu("Open recent");
    private final Menu samplesMenu = new Menu("Samples");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("asiscope");
    private RecentFiles recent;
    private ScenarioWatcher watcher;
    private String lastError;
    private boolean swallowTyped;
    private dev.asiscope.ui.present.Presentation presentation;
    /** Narrated scenarios open in guided mode until guided mode is turned off once. */
    private boolean guidedByDefault = true;
    private boolean tableDirty = true;
    private final AnimationTimer tableFollower = new AnimationTimer() {
        @Override
        public void handle(long now) {
            if (tableDirty) {
                tableDirty = false;
                long t0 = System.nanoTime();
                events.followCursor();
                redraw.note(String.format("events table %.1f ms", (System.nanoTime() - t0) / 1e6));
            }
            stop();
        }
    };

    /** A window with the machine views of {@code views} (the catalog's when empty) on {@code scenario}. */
    public MainWindow(LoadedScenario scenario, List<MachineView> views) {
        this(scenario, null, views);
    }

    /**
     * As {@link #MainWindow(LoadedScenario, List)}, with {@code run} (when not null) a run of
     * {@code scenario} under its own policy made beforehand, so the window need not simulate.
     */
    public MainWindow(LoadedScenario scenario, Simulation run, List<MachineView> views) {
        narration = new NarrationPanel(session, this::previousCaption, this::nextCaption);
        transport = new Transport(session, breakpoints, narration::track);
        events = new EventsPanel(session);
        inspector = new InspectorPanel(session);
        status = new StatusBar(session, transport.messageProperty());
        status.attach(runs);
        overlay = new ShortcutOverlay(() -> showShortcuts(false));
        List<MachineView> v = views == null || views.isEmpty() ? dev.asiscope.ui.export.StandardViews.all() : views;

        exports = new WindowExport(session, appearance, history, () -> grid.focused(), () -> viewPanes, () -> grid.node(),
                () -> root.getScene() == null ? null : root.getScene().getWindow(), transport.messageProperty(),
                this::showError);
        workspace = new WorkspaceBinding(session, history, breakpoints, appearance, transport.messageProperty(),
                this::showError, () -> viewPanes.stream().map(p -> p.view().id()).toList(),
                (policy, cycle) -> rerunInBackground(policy, cycle), transport::goTo, whatIf);
        bindActions();
        tools = new WindowToolBar(keymap, transport, appearance, session, this::applyPolicy, this::goToTypedCycle,
                this::setGuided, this::setCompare);
        runs.runningProperty().addListener((o, a, on) -> {
            if (!on && session.policyName() != null && !session.policyName().equals(tools.policyBox.getValue())) {
                tools.policyBox.setValue(session.policyName()); // cancelled or failed: the box shows what is shown
            }
        });
        build(v);
        LaunchTiming.mark("layout");
        session.simulationProperty().addListener((o, a, b) -> onNewRun());
        session.revisionProperty().addListener((o, a, b) -> onCursor());
        if (scenario != null) {
            open(scenario, run);
            LaunchTiming.mark("simulated");
        }
    }

    /** A window on the built-in demo scenario with the catalog's views. */
    public MainWindow() {
        this(BuiltInScenarios.defaultScenario(), List.of());
    }

    public BorderPane root() {
        return root;
    }

    public SimSession session() {
        return session;
    }

    public Transport transport() {
        return transport;
    }

    public Appearance appearance() {
        return appearance;
    }

    public BreakpointSet breakpoints() {
        return breakpoints;
    }

    public EventsPanel events() {
        return events;
    }

    public InspectorPanel inspector() {
        return inspector;
    }

    public NarrationPanel narration() {
        return narration;
    }

    /** Whether the comparison pane has been made (comparison mode was used). */
    public boolean hasComparison() {
        return comparison != null;
    }

    /** The views shown on each side of the comparison. */
    private static final String[] COMPARED_VIEWS = {"cores", "caches", "address-spaces"};

    /** The comparison pane, made on first use (with view instances of its own: views keep hit maps). */
    public ComparisonPane comparison() {
        if (comparison == null) {
            comparison = new ComparisonPane(session, ViewGrid.pick(StandardViews.all(), COMPARED_VIEWS),
                    ViewGrid.pick(StandardViews.all(), COMPARED_VIEWS), appearance::theme, appearance::zoom, narration::track);
            comparison.setOnError(m -> showError("Cannot simulate the right-hand policy", m));
            status.attach(comparison.runs());
        }
        return comparison;
    }

    public List<ViewPane> viewPanes() {
        return viewPanes;
    }

    /** "asiscope - scenario name", for the stage title. */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** The last error shown in a dialog (one line), or null. */
    public String lastError() {
        return lastError;
    }

    /** Uses {@code r} for the Open recent menu (tests pass one in a temporary directory). */
    public void setRecentFiles(RecentFiles r) {
        this.recent = r;
        rebuildRecentMenu();
    }

    // ------------------------------------------------------------------ layout

    private void build(List<MachineView> views) {
        root.setId("mainWindow");

        grid = new ViewGrid(views, session, appearance, history, tools.annotateToggle.selectedProperty(),
                o -> annotationToolbar.targetProperty().set(o));
        viewPanes.addAll(grid.panes());
        MenuBar menus = menuBar();
        HBox.setHgrow(menus, javafx.scene.layout.Priority.ALWAYS);
        HBox menuRow = new HBox(menus, tools.classroomBar);
        menuRow.setAlignment(Pos.CENTER_LEFT);
        annotationToolbar.visibleProperty().bind(tools.annotateToggle.selectedProperty());
        annotationToolbar.managedProperty().bind(tools.annotateToggle.selectedProperty());
        root.setTop(new VBox(menuRow, tools.bar(), annotationToolbar));
        tools.annotateToggle.selectedProperty().addListener((o, a, on) -> {
            transport.messageProperty().set(on ? "annotating " + grid.focused().view().title()
                    + ": pick a tool, drag on the view; Ctrl+Z undo, Ctrl+Y redo, A to stop" : "");
            if (on) {
                transport.pause();
            }
        });

        Tab bpTab = new Tab("Breakpoints", new BreakpointsPanel(breakpoints, transport).node());
        bpTab.setId("breakpointsTab");
        events.addTab(bpTab);

        centre.setOrientation(Orientation.VERTICAL);
        centre.getItems().addAll(grid.node(), events.node());
        centre.setDividerPositions(0.7);

        javafx.scene.control.ScrollPane narrationScroll = new javafx.scene.control.ScrollPane(narration.node());
        narrationScroll.setFitToWidth(true);
        narrationScroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        SplitPane side = new SplitPane(narrationScroll, inspector.node());
        side.setOrientation(Orientation.VERTICAL);
        side.setDividerPositions(0.38);
        SplitPane main = new SplitPane(centre, side);
        main.setDividerPositions(0.74);
        SplitPane.setResizableWithParent(side, false);

        stack.getChildren().addAll(main, overlay.node());
        presentation = new dev.asiscope.ui.present.Presentation(new PresentationParts(root, viewPanes, grid::row,
                narrationScroll, status.node(), keymap, session, appearance, transport::goTo, grid));
        transport.runningProperty().addListener((o, a, on) -> presentation.setRunning(on));
        root.setCenter(stack);
        root.setBottom(status.node());

        root.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        root.addEventFilter(KeyEvent.KEY_TYPED, this::onKeyTyped);
        root.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        root.setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles() && !e.getDragboard().getFiles().isEmpty();
            if (ok) {
                File f = e.getDragboard().getFiles().get(0);
                Platform.runLater(() -> openFile(f.toPath()));
            }
            e.setDropCompleted(ok);
            e.consume();
        });
        appearance.attach(root);
        appearance.themeProperty().addListener((o, a, b) -> {
            tools.themeBox.setValue(b.id());
            repaintAll();
        });
        appearance.zoomProperty().addListener((o, a, b) -> {
            tools.zoomLabel.setText(Math.round(b.doubleValue() * 100) + "%");
            repaintAll();
        });
        tools.zoomLabel.setText("100%");
    }

    private MenuBar menuBar() {
        samplesMenu.setId("samplesMenu");
        for (ScenarioFiles.Sample s : ScenarioFiles.samples()) {
            MenuItem item = new MenuItem(s.title());
            item.setMnemonicParsing(false);
            item.setOnAction(e -> {
                try {
                    openInBackground(s.load(), null);
                } catch (ScenarioException ex) {
                    showError(ex.getMessage());
                }
            });
            samplesMenu.getItems().add(item);
        }
        Menu themes = new Menu("Theme");
        ToggleGroup tg = new ToggleGroup();
        for (String t : Appearance.THEMES) {
            RadioMenuItem r = new RadioMenuItem(t);
            r.setToggleGroup(tg);
            r.setSelected(t.equals(appearance.theme().id()));
            r.setOnAction(e -> appearance.setTheme(t));
            appearance.themeProperty().addListener((o, a, b) -> r.setSelected(b.id().equals(t)));
            themes.getItems().add(r);
        }
        Menu kinds = new Menu("Next/previous event stops at");
        for (EventKind k : EventKind.values()) {
            CheckMenuItem c = new CheckMenuItem(k.title());
            c.setOnAction(e -> {
                if (c.isSelected()) {
                    transport.eventKinds().add(k);
                } else {
                    transport.eventKinds().remove(k);
                }
            });
            kinds.getItems().add(c);
        }
        java.util.Map<Action, List<MenuItem>> extras = new java.util.EnumMap<>(Action.class);
        extras.put(Action.RELOAD, List.of(recentMenu, samplesMenu));
        extras.put(Action.NEXT_THEME, List.of(themes));
        extras.put(Action.STOP, List.of(kinds));
        java.util.Map<Action, javafx.beans.property.BooleanProperty> toggles = new java.util.EnumMap<>(Action.class);
        toggles.put(Action.COMPARE, tools.compareToggle.selectedProperty());
        toggles.put(Action.GUIDED, tools.guidedToggle.selectedProperty());
        toggles.put(Action.ANNOTATE, tools.annotateToggle.selectedProperty());
        return WindowMenus.build(keymap, toggles, extras, viewPanes.stream().map(p -> p.view().title()).toList());
    }

    /** What each action of the table does in this window. */
    private void bindActions() {
        keymap.bind(Action.OPEN, this::chooseFile)
                .bind(Action.RELOAD, this::reload)
                .bind(Action.SAVE_WORKSPACE, this::saveWorkspace)
                .bind(Action.EXPORT_VIEW_PNG, () -> exports.choose(Export.VIEW_PNG))
                .bind(Action.EXPORT_VIEW_SVG, () -> exports.choose(Export.VIEW_SVG))
                .bind(Action.EXPORT_WINDOW_PNG, () -> exports.choose(Export.WINDOW_PNG))
                .bind(Action.COPY_VIEW, this::copyViewToClipboard)
                .bind(Action.QUIT, Platform::exit)
                .bind(Action.STEP_FORWARD, () -> {
                    if (!guidedCaptionStep(true)) {
                        transport.stepForward();
                    }
                })
                .bind(Action.STEP_BACK, () -> {
                    if (!guidedCaptionStep(false)) {
                        transport.stepBack();
                    }
                })
                .bind(Action.NEXT_EVENT, guidedOr(transport::stepForward, transport::nextEvent))
                .bind(Action.PREVIOUS_EVENT, guidedOr(transport::stepBack, transport::previousEvent))
                .bind(Action.CONTINUE, guidedOr(transport::stepForward, transport::continueToBreakpoint))
                .bind(Action.REVERSE_CONTINUE, guidedOr(transport::stepBack, transport::reverseContinue))
                .bind(Action.RUN_PAUSE, transport::toggleRun)
                .bind(Action.HOME, guidedOr(() -> { }, transport::home))
                .bind(Action.END, guidedOr(() -> { }, transport::end))
                .bind(Action.NEXT_CAPTION, this::nextCaption)
                .bind(Action.PREVIOUS_CAPTION, this::previousCaption)
                .bind(Action.GO_TO_CYCLE, () -> {
                    focusCycleField();
                    swallowTyped = true;
                })
                .bind(Action.STOP, () -> {
                    // Escape pauses a run first; pressed again (nothing running) it leaves presentation mode.
                    boolean wasRunning = transport.runningProperty().get();
                    transport.pause();
                    runs.cancel();
                    if (comparison != null) {
                        comparison.cancel();
                    }
                    if (!wasRunning) {
                        presentation.leave();
                    }
                })
                .bind(Action.NEXT_THEME, appearance::cycleTheme)
                .bind(Action.ZOOM_IN, appearance::zoomIn)
                .bind(Action.ZOOM_OUT, appearance::zoomOut)
                .bind(Action.ZOOM_RESET, () -> appearance.setZoom(1))
                .bind(Action.PRESENT, this::togglePresentation)
                .bind(Action.CAUSAL_CHAIN, () -> {
                    if (!presentation.isActive()) {
                        togglePresentation();
                    }
                    if (!presentation.nextChainStep()) {
                        transport.messageProperty().set("no leak in this run: no causal chain to show");
                    }
                })
                .bind(Action.SHOW_VIEW, i -> {
                    if (presentation.isActive()) {
                        presentation.showAlone(i);
                    } else if (i < viewPanes.size()) {
                        toggleMaximized(viewPanes.get(i));
                    }
                })
                .bind(Action.COMPARE, () -> setCompare(comparison == null || !comparison.isActive()))
                .bind(Action.GUIDED, () -> {
                    if (!tools.guidedToggle.isDisabled()) {
                        tools.guidedToggle.setSelected(!tools.guidedToggle.isSelected());
                    }
                })
                .bind(Action.EVENTS, events::focusEvents)
                .bind(Action.LEAKS, events::focusLeaks)
                .bind(Action.BREAKPOINTS, () -> events.showTab(3))
                .bind(Action.FILTER_EVENTS, events::focusTextFilter)
                .bind(Action.ANNOTATE, () -> tools.annotateToggle.setSelected(!tools.annotateToggle.isSelected()))
                .bind(Action.UNDO, this::undo)
                .bind(Action.REDO, this::redo)
                .bind(Action.WHAT_IF, whatIf::show)
                .bind(Action.SHORTCUTS, () -> showShortcuts(!overlay.isShowing()));
    }

    /** {@code guided} in guided mode (the scenario's step unit rules), {@code free} otherwise. */
    private Runnable guidedOr(Runnable guided, Runnable free) {
        return () -> {
            if (transport.guidedProperty().get()) {
                guided.run();
            } else {
                free.run();
            }
        };
    }

    /** The window's action handlers (tests run actions through it as the menus and keys do). */
    public Keymap keymap() {
        return keymap;
    }

    // ------------------------------------------------------------------ session changes

    /** The view panes on screen (the grid or the comparison's). */
    private List<ViewPane> visiblePanes() {
        List<ViewPane> out = new ArrayList<>(viewPanes);
        if (comparison != null && comparison.isActive()) {
            out.addAll(comparison.viewPanes());
        }
        return out;
    }

    private void onNewRun() {
        redraw.start("new run to redrawn views");
        // Comparison mode's first right-hand run, simulated while the user looks at this one: a second
        // after the run is shown, so it does not compete with the window's first frames.
        prefetchDelay.stop();
        prefetchDelay.setOnFinished(e -> {
            Window w = root.getScene() == null ? null : root.getScene().getWindow();
            if (w == null || !w.isShowing()) {
                prefetchDelay.playFromStart(); // not on screen yet: the first frame comes first
            } else {
                comparison().prefetch();
            }
        });
        prefetchDelay.playFromStart();
        narration.reload();
        tools.endLabel.setText(String.format("/ %,d", session.simulation().endCycle()));
        String name = session.policyName();
        if (name != null && !name.equals(tools.policyBox.getValue())) {
            tools.policyBox.setValue(name);
        }
        onCursor();
        repaintAll();
    }

    private void onCursor() {
        if (session.simulation() == null) {
            return;
        }
        redraw.start("step or seek to redrawn views");
        if (!tools.cycleField.isFocused()) {
            tools.cycleField.setText(Long.toString(session.cycle()));
        }
        long t0 = System.nanoTime();
        status.refresh();
        presentation.refresh();
        narration.refresh();
        inspector.refresh();
        tableDirty = true;
        tableFollower.start();
        redraw.note(String.format("seek %.1f ms, panels %.1f ms", session.lastSeekNanos() / 1e6,
                (System.nanoTime() - t0) / 1e6));
    }

    private void repaintAll() {
        for (ViewPane p : viewPanes) {
            p.markDirty();
        }
        for (ViewPane p : comparison == null ? List.<ViewPane>of() : comparison.viewPanes()) {
            p.markDirty();
        }
    }

    // ------------------------------------------------------------------ actions

    /**
     * Opens {@code s} under its own policy at cycle 0, with its breakpoints, simulating on this thread
     * (for callers that need the run at once; the menus use {@link #openFile}, which does not block).
     */
    public void open(LoadedScenario s) {
        open(s, null);
    }

    private void open(LoadedScenario s, Simulation run) {
        transport.pause();
        runs.cancel();
        workspace.close();
        workspace.applying(() -> {
            openScenario(s, run);
            workspace.open(s);
        });
    }

    private void openScenario(LoadedScenario s, Simulation run) {
        if (run != null) {
            session.open(s, null, run);
        } else {
            session.open(s, (String) null, 0);
        }
        breakpoints.entries().clear();
        for (Breakpoint b : s.breakpoints()) {
            breakpoints.add(b);
        }
        StepUnit guided = StepUnit.fromId(s.guidedStep());
        tools.guidedToggle.setDisable(guided == null);
        tools.guidedToggle.setText(guided == null ? "Guided" : "Guided (" + guided.id() + ")");
        if (guided == null) {
            tools.guidedToggle.setSelected(false);
        } else if (tools.guidedToggle.isSelected() || guidedByDefault && !s.narration().isEmpty()) {
            // A narrated scenario opens in guided mode (until guided mode is turned off in this window).
            setGuided(true);
        }
        title.set("asiscope - " + s.name() + (s.source() == null ? "" : " (" + s.source().getFileName() + ")"));
        watch(s.source());
        transport.messageProperty().set("");
    }

    /**
     * Opens a scenario file: reads it here (errors go to a one-line dialog and return false), simulates it
     * off the FX thread, and shows it when the run is complete.
     */
    public boolean openFile(Path file) {
        try {
            openInBackground(ScenarioFiles.load(file), file);
            return true;
        } catch (ScenarioException e) {
            showError(e.getMessage());
        } catch (RuntimeException e) {
            showError(file + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        return false;
    }

    /** Re-reads the open file and re-runs it off the FX thread, keeping policy and cursor. */
    public void reload() {
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
            p = policy == null ? session.simulation().policy() : Policy.parse(policy);
        } catch (ScenarioException e) {
            showError(e.getMessage());
            return;
        } catch (RuntimeException e) {
            showError(s.source() + ": " + e.getMessage());
            return;
        }
        transport.pause();
        long t0 = System.nanoTime();
        runs.start("reload " + s.source().getFileName(), fresh.spec(), p, run -> {
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

    // ------------------------------------------------------------------ workspace

    /** The workspace file of the open scenario, or null for a built-in one. */
    public Path workspaceFile() {
        return workspace.file();
    }

    /** View > What if's pane and window. */
    WhatIfWindow whatIf() {
        return whatIf;
    }

    /** The annotations and their undo history (shared by all views). */
    public EditHistory history() {
        return history;
    }

    /** The window's state as a workspace (for saving beside the scenario). */
    public Workspace currentWorkspace() {
        return workspace.current();
    }

    /** File &gt; Save workspace: writes the workspace beside the scenario now. */
    public boolean saveWorkspace() {
        return workspace.save();
    }

    // ------------------------------------------------------------------ annotation

    /** The view the toolbar, export and clipboard act on. */
    public ViewPane focusedPane() {
        return grid.focused();
    }

    /** Selects the view the toolbar, export and clipboard act on. */
    public void setFocusedPane(ViewPane p) {
        grid.focus(p);
    }

    /** The annotation layer over {@code p}. */
    public AnnotationOverlay overlay(ViewPane p) {
        return grid.overlay(p);
    }

    public ToggleButton annotateToggle() {
        return tools.annotateToggle;
    }

    public void setAnnotating(boolean on) {
        tools.annotateToggle.setSelected(on);
    }

    public boolean undo() {
        AnnotationOverlay o = grid.focused() == null ? null : grid.overlay(grid.focused());
        return o != null ? o.undo() : history.undo();
    }

    public boolean redo() {
        AnnotationOverlay o = grid.focused() == null ? null : grid.overlay(grid.focused());
        return o != null ? o.redo() : history.redo();
    }

    // ------------------------------------------------------------------ export

    /** What an export writes. */
    public enum Export { VIEW_PNG, VIEW_SVG, WINDOW_PNG }

    /** The request for the focused view (or every view, {@code window}) at the cursor; see {@link WindowExport}. */
    public ExportRequest exportRequest(boolean window, boolean footer) {
        return exports.request(window, footer);
    }

    /** Writes an export to {@code file}; errors go to a one-line dialog. */
    public boolean export(Export what, Path file, double scale, boolean footer) {
        return exports.write(what, file, scale, footer);
    }

    /** Copies the focused view to the clipboard as an image and as SVG. */
    public void copyViewToClipboard() {
        exports.copyToClipboard();
    }

    /** Stops background work (the file watcher, autosave); call when the window closes. */
    public void dispose() {
        transport.pause();
        runs.cancel();
        prefetchDelay.stop();
        if (comparison != null) {
            comparison.cancel();
        }
        workspace.close();
        whatIf.close();
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
    }

    private void chooseFile() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open scenario");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Scenarios (*.json)", "*.json"),
                new FileChooser.ExtensionFilter("All files", "*"));
        LoadedScenario s = session.scenario();
        if (s != null && s.source() != null && s.source().getParent() != null) {
            fc.setInitialDirectory(s.source().getParent().toFile());
        }
        Window w = root.getScene() == null ? null : root.getScene().getWindow();
        File f = fc.showOpenDialog(w);
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

    /**
     * Re-runs under the policy typed or chosen, off the FX thread (the window shows the current run until
     * the new one is complete; Escape or the status bar's Cancel stops it); an unknown name marks the box
     * and says why, and returns false.
     */
    public boolean applyPolicy(String spec) {
        if (spec == null || spec.isBlank() || session.scenario() == null) {
            return false;
        }
        if (spec.trim().equals(session.policyName()) && !runs.isRunning()) {
            return true;
        }
        return rerunInBackground(spec, -1);
    }

    /** As {@link #applyPolicy}, the cursor going to {@code cycle} (or staying where it is then, when -1). */
    private boolean rerunInBackground(String spec, long cycle) {
        Policy p;
        try {
            p = Policy.parse(spec);
        } catch (IllegalArgumentException e) {
            if (!tools.policyBox.getStyleClass().contains("error-field")) {
                tools.policyBox.getStyleClass().add("error-field");
            }
            transport.messageProperty().set(e.getMessage());
            return false;
        }
        tools.policyBox.getStyleClass().remove("error-field");
        transport.pause();
        LoadedScenario s = session.scenario();
        String name = spec.trim();
        runs.start(s.name() + " under " + name, s.spec(), p, run -> {
            session.install(s, name, run, cycle >= 0 ? cycle : session.cycle());
            transport.messageProperty().set(note("policy " + name + ": " + run.policy().describe()));
        }, this::runFailed);
        return true;
    }

    /** Opens {@code s} under its own policy, simulated off the FX thread; {@code file} goes to Open recent. */
    private void openInBackground(LoadedScenario s, Path file) {
        transport.pause();
        long t0 = System.nanoTime();
        runs.start(s.name(), s.spec(), s.policy(), run -> {
            open(s, run);
            redraw.start("open " + (file == null ? s.name() : file.getFileName()) + " to views drawn", t0, true);
            if (file != null && recent != null) {
                recent.add(file);
                rebuildRecentMenu();
            }
        }, this::runFailed);
    }

    /**
     * Shows {@code s} with a run of it made elsewhere (the launcher simulates a command-line scenario
     * while the toolkit starts); {@code file} goes to Open recent, {@code startedNanos} is when the work
     * began (for the timing line).
     */
    public void openPrepared(LoadedScenario s, Simulation run, Path file, long startedNanos) {
        open(s, run);
        if (file != null && recent != null) {
            recent.add(file);
            rebuildRecentMenu();
        }
        redraw.start("launch with " + (file == null ? s.name() : file.getFileName()) + " to views drawn", startedNanos,
                true);
    }

    /** The message after a run change, with what became of the selection when it did not survive. */
    private String note(String message) {
        String n = session.carryOverNote();
        return n == null ? message : message + "; " + n;
    }

    private void runFailed(String oneLine) {
        showError("Cannot simulate", oneLine);
        tools.policyBox.setValue(session.policyName());
    }

    /** Re-runs and opens in progress off the FX thread. */
    public BackgroundRun runs() {
        return runs;
    }

    private void goToTypedCycle() {
        String t = tools.cycleField.getText() == null ? "" : tools.cycleField.getText().trim().replace(",", "").replace("_", "");
        try {
            long c = t.startsWith("0x") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
            transport.goTo(c);
            tools.cycleField.getStyleClass().remove("error-field");
            root.requestFocus();
        } catch (NumberFormatException e) {
            if (!tools.cycleField.getStyleClass().contains("error-field")) {
                tools.cycleField.getStyleClass().add("error-field");
            }
            transport.messageProperty().set("not a cycle number: '" + t + "'");
        }
    }

    private void focusCycleField() {
        if (tools.cycleField.isDisabled()) {
            return;
        }
        tools.cycleField.requestFocus();
        tools.cycleField.selectAll();
    }

    /** Seconds a guided run takes to play the whole scenario. */
    static final double GUIDED_RUN_SECONDS = 60;

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

    private void previousCaption() {
        NarrationTrack t = narration.track();
        NarrationTrack.Placed p = t == null ? null : t.before(session.cycle());
        if (p != null) {
            transport.goTo(p.cycle());
        }
    }

    private void nextCaption() {
        NarrationTrack t = narration.track();
        NarrationTrack.Placed p = t == null ? null : t.after(session.cycle());
        if (p != null) {
            transport.goTo(p.cycle());
        }
    }

    /** Guided mode on: the scenario's step unit, free navigation off. */
    public void setGuided(boolean on) {
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

    /**
     * Shows {@code pane} alone in the views area (for a projector), or restores the grid when it is
     * already maximized.
     */
    public void toggleMaximized(ViewPane pane) {
        grid.toggleMaximized(pane);
    }

    /**
     * Presentation mode on or off: full screen, side panels and table hidden, the address-spaces and
     * caches views large, stepping controls and the leak counter in large type.
     */
    public void togglePresentation() {
        if (!presentation.isActive()) {
            if (grid.maximized() != null) {
                toggleMaximized(grid.maximized());
            }
            if (comparison != null && comparison.isActive()) {
                setCompare(false);
            }
            tools.annotateToggle.setSelected(false);
        }
        presentation.toggle();
    }

    public dev.asiscope.ui.present.Presentation presentation() {
        return presentation;
    }

    /** The view shown alone, or null when the grid is shown. */
    public ViewPane maximizedView() {
        return grid.maximized();
    }

    /** Comparison mode: two policies side by side on one cursor. */
    public void setCompare(boolean on) {
        if (tools.compareToggle.isSelected() != on) {
            tools.compareToggle.setSelected(on);
        }
        if (!on && comparison == null) {
            return;
        }
        comparison().setActive(on);
        centre.getItems().set(0, on ? comparison().node() : grid.node());
        centre.setDividerPositions(0.7);
    }

    public void showShortcuts(boolean on) {
        overlay.show(on);
    }

    public boolean shortcutsShowing() {
        return overlay.isShowing();
    }

    private void showError(String oneLine) {
        showError("Cannot open the scenario", oneLine);
    }

    private void showError(String header, String oneLine) {
        lastError = oneLine;
        transport.messageProperty().set(oneLine);
        Alert a = new Alert(Alert.AlertType.ERROR);
        a.setTitle("asiscope");
        a.setHeaderText(header);
        a.setContentText(oneLine);
        if (root.getScene() != null && root.getScene().getWindow() != null) {
            a.initOwner(root.getScene().getWindow());
        }
        a.getDialogPane().setId("errorDialog");
        a.show();
    }

    // ------------------------------------------------------------------ keyboard

    private void onKeyTyped(KeyEvent e) {
        if (swallowTyped) {
            // The character of the G that focused the cycle field must not land in it.
            swallowTyped = false;
            e.consume();
            return;
        }
        if (inText(e) || overlay.isShowing()) {
            return;
        }
        if (keymap.run(Keymap.typed(e.getCharacter()))) {
            e.consume();
        }
    }

    /** Keys typed into a text field (or an editable combo box's editor) belong to it, not to the shortcuts. */
    private boolean inText(KeyEvent e) {
        Node focus = root.getScene() == null ? null : root.getScene().getFocusOwner();
        return focus instanceof TextInputControl
                || focus instanceof javafx.scene.control.ComboBoxBase<?> c && c.isEditable();
    }

    private void onKey(KeyEvent e) {
        KeyCode k = e.getCode();
        if (overlay.isShowing()) {
            if (!k.isModifierKey()) {
                showShortcuts(false);
                e.consume();
            }
            return;
        }
        Keymap.Hit hit = Keymap.pressed(e);
        if (hit != null && hit.action() == Action.SHORTCUTS) {
            showShortcuts(true);
            e.consume();
            return;
        }
        if (inText(e)) {
            if (hit != null && hit.action() == Action.STOP) {
                root.requestFocus();
                e.consume();
            }
            return;
        }
        if (tools.annotateToggle.isSelected() && root.getScene() != null
                && root.getScene().getFocusOwner() instanceof AnnotationOverlay
                && (k.isArrowKey() || k == KeyCode.DELETE || k == KeyCode.BACK_SPACE || k == KeyCode.ESCAPE)) {
            return; // the editor moves, deletes and deselects annotations
        }
        if (keymap.run(hit)) {
            e.consume();
        }
    }
}
