package dev.asiscope.ui;

import dev.asiscope.scenario.EventText;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.MachineView;
import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.Simulation;
import dev.asiscope.ui.annotate.EditHistory;
import dev.asiscope.ui.annotate.editor.AnnotationOverlay;
import dev.asiscope.ui.annotate.editor.AnnotationToolbar;
import dev.asiscope.ui.export.ExportRequest;
import dev.asiscope.ui.export.StandardViews;
import dev.asiscope.ui.present.Presentation;
import dev.asiscope.ui.workspace.Workspace;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.geometry.Pos;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The main window: toolbar (files, policy, stepping, run speed, go to cycle, theme, zoom), the machine
 * views on one cycle cursor, the Events &amp; Leaks panel, narration, inspector and status bar; full
 * keyboard control; side-by-side policy comparison; light, dark and projector themes.
 *
 * <p>This class wires the parts together; each behaviour lives in a part named after it: {@link ScenarioRuns}
 * (open, reload, policy re-runs), {@link GuidedStepping}, {@link CompareControl}, {@link RunFollower}
 * (panels follow the session), {@link WindowKeys}, {@link PanelLayout}, {@link ErrorReport},
 * {@link WindowExport}, {@link WorkspaceBinding}, {@link ViewGrid}. Everything shown derives from the
 * {@link SimSession}: views repaint (at most once per pulse) when its revision or selection changes, text
 * panels re-derive on the same signal.
 */
public final class MainWindow {
    private final BorderPane root = new BorderPane();
    private final SimSession session = new SimSession();
    private final Appearance appearance = new Appearance();
    private final BreakpointSet breakpoints = new BreakpointSet();
    private final Keymap keymap = new Keymap();
    /** The annotations of the open workspace and their undo history, shared by every view's overlay. */
    private final EditHistory history = new EditHistory();
    private final AnnotationToolbar annotationToolbar = new AnnotationToolbar();
    /** View > What if: its pane's edits are kept in the workspace. */
    private final WhatIfWindow whatIf = new WhatIfWindow(session, appearance::theme, appearance::zoom);
    private final ShortcutOverlay overlay = new ShortcutOverlay(() -> showShortcuts(false));
    /** Step/seek/open to redrawn views, for -Dasiscope.timing. */
    private final RedrawTiming redraw = new RedrawTiming(() -> root.getScene(), this::visiblePanes);
    private final List<ViewPane> viewPanes = new ArrayList<>();
    private final NarrationPanel narration;
    private final Transport transport;
    private final EventsPanel events;
    private final InspectorPanel inspector;
    private final StatusBar status;
    private final ErrorReport errors;
    private final WindowToolBar tools;
    private final GuidedStepping stepping;
    private final WorkspaceBinding workspace;
    private final ScenarioRuns scenarios;
    private final WindowExport exports;
    private final ViewGrid grid;
    private final PanelLayout panels;
    private final CompareControl compare;
    private final Presentation presentation;
    private final WindowKeys keys;

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
        errors = new ErrorReport(this::stage, transport.messageProperty());
        tools = new WindowToolBar(keymap, transport, appearance, session, this::applyPolicy, this::goToTypedCycle,
                this::setGuided, this::setCompare);
        stepping = new GuidedStepping(session, transport, tools);
        stepping.setNarration(narration);
        workspace = new WorkspaceBinding(session, history, breakpoints, appearance, transport.messageProperty(),
                errors::show, () -> viewPanes.stream().map(p -> p.view().id()).toList(),
                this::rerunForWorkspace, transport::goTo, whatIf);
        scenarios = new ScenarioRuns(session, transport, breakpoints, workspace, whatIf, errors, redraw,
                tools.policyBox, stepping::scenarioOpened, this::stage);
        status.attach(scenarios.runs());

        List<MachineView> v = views == null || views.isEmpty() ? StandardViews.all() : views;
        grid = new ViewGrid(v, session, appearance, history, tools.annotateToggle.selectedProperty(),
                o -> annotationToolbar.targetProperty().set(o));
        viewPanes.addAll(grid.panes());
        exports = new WindowExport(session, appearance, history, grid::focused, () -> viewPanes, grid::node,
                this::stage, transport.messageProperty(), errors::show);
        panels = new PanelLayout(grid.node(), events.node(), narration.node(), inspector.node());
        compare = new CompareControl(session, appearance, narration::track, status, errors, tools.compareToggle,
                this::stage, grid.node(), panels);
        presentation = new Presentation(new PresentationParts(root, viewPanes, grid::row, panels.narrationScroll(),
                status.node(), keymap, session, appearance, transport::goTo, grid));
        keys = new WindowKeys(root, keymap, overlay, tools.annotateToggle);
        bindActions();
        layOut();
        LaunchTiming.mark("layout");
        RunFollower follower = new RunFollower(session, tools, status, narration, inspector, events, () -> presentation,
                compare, viewPanes, redraw);
        appearance.themeProperty().addListener((o, a, b) -> {
            tools.themeBox.setValue(b.id());
            panels.applyTheme(b);
            follower.repaintAll();
        });
        appearance.zoomProperty().addListener((o, a, b) -> {
            tools.zoomLabel.setText(Math.round(b.doubleValue() * 100) + "%");
            follower.repaintAll();
        });
        if (scenario != null) {
            scenarios.open(scenario, run);
            LaunchTiming.mark("simulated");
        }
    }

    /** A window on the built-in demo scenario with the catalog's views. */
    public MainWindow() {
        this(BuiltInScenarios.defaultScenario(), List.of());
    }

    private Window stage() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    // ------------------------------------------------------------------ layout

    private void layOut() {
        root.setId("mainWindow");
        MenuBar menus = menuBar();
        HBox.setHgrow(menus, Priority.ALWAYS);
        HBox menuRow = new HBox(menus, tools.classroomBar);
        menuRow.setAlignment(Pos.CENTER_LEFT);
        annotationToolbar.visibleProperty().bind(tools.annotateToggle.selectedProperty());
        annotationToolbar.managedProperty().bind(tools.annotateToggle.selectedProperty());
        VBox top = new VBox(menuRow, tools.bar());
        root.setTop(top);
        tools.annotateToggle.selectedProperty().addListener((o, a, on) -> {
            if (on && !top.getChildren().contains(annotationToolbar)) {
                // In the scene only once asked for: its colour picker and spinners cost the first frame
                // their CSS and layout (45-75 ms measured, more in a cold JVM) while hidden.
                top.getChildren().add(annotationToolbar);
            }
            transport.messageProperty().set(on ? "annotating " + grid.focused().view().title()
                    + ": pick a tool, drag on the view; Ctrl+Z undo, Ctrl+Y redo, A to stop" : "");
            if (on) {
                transport.pause();
            }
        });
        // The Breakpoints tab's panel is made when the tab is first shown (its controls would cost the
        // first frame their CSS and layout).
        Tab bpTab = new Tab("Breakpoints");
        bpTab.setId("breakpointsTab");
        bpTab.selectedProperty().addListener((o, a, on) -> {
            if (on && bpTab.getContent() == null) {
                bpTab.setContent(new BreakpointsPanel(breakpoints, transport).node());
            }
        });
        events.addTab(bpTab);
        transport.runningProperty().addListener((o, a, on) -> presentation.setRunning(on));
        root.setCenter(new StackPane(panels.node(), overlay.node()));
        root.setBottom(status.node());
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
        tools.zoomLabel.setText("100%");
    }

    private MenuBar menuBar() {
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
            CheckMenuItem c = new CheckMenuItem(EventText.title(k));
            c.setOnAction(e -> {
                if (c.isSelected()) {
                    transport.eventKinds().add(k);
                } else {
                    transport.eventKinds().remove(k);
                }
            });
            kinds.getItems().add(c);
        }
        Map<Action, List<MenuItem>> extras = new EnumMap<>(Action.class);
        extras.put(Action.RELOAD, List.of(scenarios.recentMenu(), scenarios.samplesMenu()));
        extras.put(Action.NEXT_THEME, List.of(themes));
        extras.put(Action.STOP, List.of(kinds));
        Map<Action, BooleanProperty> toggles = new EnumMap<>(Action.class);
        toggles.put(Action.COMPARE, tools.compareToggle.selectedProperty());
        toggles.put(Action.GUIDED, tools.guidedToggle.selectedProperty());
        toggles.put(Action.ANNOTATE, tools.annotateToggle.selectedProperty());
        return WindowMenus.build(keymap, toggles, extras, viewPanes.stream().map(p -> p.view().title()).toList());
    }

    /** What each action of the table does in this window. */
    private void bindActions() {
        keymap.bind(Action.OPEN, scenarios::chooseFile)
                .bind(Action.RELOAD, this::reload)
                .bind(Action.SAVE_WORKSPACE, this::saveWorkspace)
                .bind(Action.EXPORT_VIEW_PNG, () -> exports.choose(Export.VIEW_PNG))
                .bind(Action.EXPORT_VIEW_SVG, () -> exports.choose(Export.VIEW_SVG))
                .bind(Action.EXPORT_WINDOW_PNG, () -> exports.choose(Export.WINDOW_PNG))
                .bind(Action.COPY_VIEW, this::copyViewToClipboard)
                .bind(Action.QUIT, Platform::exit)
                .bind(Action.STEP_FORWARD, stepping::stepForward)
                .bind(Action.STEP_BACK, stepping::stepBack)
                .bind(Action.NEXT_EVENT, stepping.guidedOr(transport::stepForward, transport::nextEvent))
                .bind(Action.PREVIOUS_EVENT, stepping.guidedOr(transport::stepBack, transport::previousEvent))
                .bind(Action.CONTINUE, stepping.guidedOr(transport::stepForward, transport::continueToBreakpoint))
                .bind(Action.REVERSE_CONTINUE, stepping.guidedOr(transport::stepBack, transport::reverseContinue))
                .bind(Action.RUN_PAUSE, transport::toggleRun)
                .bind(Action.HOME, stepping.guidedOr(() -> { }, transport::home))
                .bind(Action.END, stepping.guidedOr(() -> { }, transport::end))
                .bind(Action.NEXT_CAPTION, stepping::nextCaption)
                .bind(Action.PREVIOUS_CAPTION, stepping::previousCaption)
                .bind(Action.GO_TO_CYCLE, () -> {
                    stepping.focusCycleField();
                    keys.swallowNextTyped();
                })
                .bind(Action.STOP, () -> {
                    // Escape pauses a run first; pressed again (nothing running) it leaves presentation mode.
                    boolean wasRunning = transport.runningProperty().get();
                    transport.pause();
                    scenarios.runs().cancel();
                    compare.cancel();
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
                .bind(Action.COMPARE, () -> setCompare(!compare.isActive()))
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

    /** The view panes on screen (the grid or the comparison's). */
    private List<ViewPane> visiblePanes() {
        List<ViewPane> out = new ArrayList<>(viewPanes);
        out.addAll(compare.visiblePanes());
        return out;
    }

    private void previousCaption() {
        stepping.previousCaption();
    }

    private void nextCaption() {
        stepping.nextCaption();
    }

    /** A workspace being opened sets its policy and cycle (the what-if pane keeps the workspace's own). */
    private void rerunForWorkspace(String policy, long cycle) {
        scenarios.rerun(policy, cycle, false);
    }

    private void goToTypedCycle() {
        if (stepping.goToTypedCycle()) {
            root.requestFocus();
        }
    }

    // ------------------------------------------------------------------ parts, for tests and the launcher

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

    public List<ViewPane> viewPanes() {
        return viewPanes;
    }

    /** The window's action handlers (tests run actions through it as the menus and keys do). */
    public Keymap keymap() {
        return keymap;
    }

    /** "asiscope - scenario name", for the stage title. */
    public ReadOnlyStringProperty titleProperty() {
        return scenarios.titleProperty();
    }

    /** The last error shown in a dialog (one line), or null. */
    public String lastError() {
        return errors.last();
    }

    /** Re-runs and opens in progress off the FX thread. */
    public BackgroundRun runs() {
        return scenarios.runs();
    }

    // ------------------------------------------------------------------ scenarios and runs

    /** Uses {@code r} for the Open recent menu (tests pass one in a temporary directory). */
    public void setRecentFiles(RecentFiles r) {
        scenarios.setRecentFiles(r);
    }

    /**
     * Opens {@code s} under its own policy at cycle 0, with its breakpoints, simulating on this thread
     * (for callers that need the run at once; the menus use {@link #openFile}, which does not block).
     */
    public void open(LoadedScenario s) {
        scenarios.open(s);
    }

    /**
     * Opens a scenario file: reads it here (errors, including a scenario with nothing to run, go to a
     * one-line dialog and return false), simulates it off the FX thread, and shows it when the run is
     * complete.
     */
    public boolean openFile(Path file) {
        return scenarios.openFile(file);
    }

    /**
     * Shows {@code s} with a run of it made elsewhere (the launcher simulates a command-line scenario
     * while the toolkit starts); {@code file} goes to Open recent, {@code startedNanos} is when the work
     * began (for the timing line).
     */
    public void openPrepared(LoadedScenario s, Simulation run, Path file, long startedNanos) {
        scenarios.openPrepared(s, run, file, startedNanos);
    }

    /** Re-reads the open file and re-runs it off the FX thread, keeping policy and cursor. */
    public void reload() {
        scenarios.reload();
    }

    /**
     * Re-runs under the policy typed or chosen, off the FX thread (the window shows the current run until
     * the new one is complete; Escape or the status bar's Cancel stops it); an unknown name marks the box
     * and says why, and returns false.
     */
    public boolean applyPolicy(String spec) {
        return scenarios.applyPolicy(spec);
    }

    /** Guided mode on: the scenario's step unit, free navigation off. */
    public void setGuided(boolean on) {
        stepping.setGuided(on);
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

    // ------------------------------------------------------------------ views, comparison, presentation

    /** The view the toolbar, export and clipboard act on. */
    public ViewPane focusedPane() {
        return grid.focused();
    }

    /** Selects the view the toolbar, export and clipboard act on. */
    public void setFocusedPane(ViewPane p) {
        grid.focus(p);
    }

    /**
     * Shows {@code pane} alone in the views area (for a projector), or restores the grid when it is
     * already maximized.
     */
    public void toggleMaximized(ViewPane pane) {
        grid.toggleMaximized(pane);
    }

    /** The view shown alone, or null when the grid is shown. */
    public ViewPane maximizedView() {
        return grid.maximized();
    }

    /** Whether the comparison pane has been made (comparison mode was used). */
    public boolean hasComparison() {
        return compare.exists();
    }

    /** The comparison pane, made on first use. */
    public ComparisonPane comparison() {
        return compare.pane();
    }

    /** Comparison mode: two policies side by side on one cursor. */
    public void setCompare(boolean on) {
        compare.set(on);
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
            if (compare.isActive()) {
                setCompare(false);
            }
            tools.annotateToggle.setSelected(false);
        }
        presentation.toggle();
    }

    public Presentation presentation() {
        return presentation;
    }

    public void showShortcuts(boolean on) {
        overlay.show(on);
    }

    public boolean shortcutsShowing() {
        return overlay.isShowing();
    }

    /** The views' share of the height over the Events table (theme-dependent, see {@link PanelLayout}). */
    double viewsShare() {
        return panels.viewsShare();
    }

    // ------------------------------------------------------------------ annotation

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

    /** Stops background work (runs, the file watcher, autosave); call when the window closes. */
    public void dispose() {
        transport.pause();
        scenarios.close();
        compare.close();
        workspace.close();
        whatIf.close();
    }
}
