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
import dev.asiscope.ui.export.Provenance;
import dev.asiscope.ui.export.StandardViews;
import dev.asiscope.ui.export.ViewExporter;
import dev.asiscope.ui.workspace.WindowLayout;
import dev.asiscope.ui.workspace.Workspace;
import dev.asiscope.ui.workspace.WorkspaceAutosave;
import dev.asiscope.ui.workspace.WorkspaceBreakpoint;
import dev.asiscope.ui.workspace.WorkspaceException;
import dev.asiscope.ui.workspace.WorkspaceFile;
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
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Slider;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.control.Separator;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * The main window: toolbar (files, policy, stepping, run, speed, go to cycle, theme, zoom), the machine
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
    private ComparisonPane comparison;
    private final List<ViewPane> viewPanes = new ArrayList<>();
    private final SplitPane viewsArea = new SplitPane();
    private final SplitPane centre = new SplitPane();
    private final BorderPane viewsHolder = new BorderPane();
    private ViewPane maximized;
    private final java.util.Map<ViewPane, SplitPane> rowOf = new java.util.HashMap<>();
    private final ComboBox<String> policyBox = new ComboBox<>();
    private final TextField cycleField = new TextField();
    private final Label endLabel = new Label();
    private final ChoiceBox<String> themeBox = new ChoiceBox<>();
    private final ChoiceBox<StepUnit> stepUnitBox = new ChoiceBox<>();
    private final Label zoomLabel = new Label();
    private final Slider speed = new Slider(0, 7, 4.5);
    private final Label speedLabel = new Label();
    private final ToggleButton runPause = new ToggleButton("\u25B6 Run");
    private final ToggleButton guidedToggle = new ToggleButton("Guided");
    private final ToggleButton compareToggle = new ToggleButton("Compare");
    private final ToggleButton annotateToggle = new ToggleButton("Annotate");
    /** The annotations of the open workspace and their undo history, shared by every view's overlay. */
    private final EditHistory history = new EditHistory();
    private final AnnotationToolbar annotationToolbar = new AnnotationToolbar();
    private final java.util.Map<ViewPane, AnnotationOverlay> overlays = new java.util.LinkedHashMap<>();
    /** The view the export and the annotation toolbar act on: the last one clicked. */
    private ViewPane focusedPane;
    /** The workspace file beside the open scenario, or null (built-in scenario). */
    private Path workspaceFile;
    private WorkspaceAutosave autosave;
    /** SHA-256 of the open scenario file (for the workspace), or null. */
    private String scenarioHash;
    /** True while a scenario and its workspace are being applied: those changes are not edits. */
    private boolean loadingWorkspace;
    private final ToolBar classroomBar = new ToolBar();
    private final Menu recentMenu = new Menu("Open recent");
    private final Menu samplesMenu = new Menu("Samples");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("asiscope");
    private final List<Node> freeNavigation = new ArrayList<>();
    private RecentFiles recent;
    private ScenarioWatcher watcher;
    private String lastError;
    private boolean swallowTyped;
    private int maximizedSlot;
    private boolean tableDirty = true;
    private final AnimationTimer tableFollower = new AnimationTimer() {
        @Override
        public void handle(long now) {
            if (tableDirty) {
                tableDirty = false;
                events.followCursor();
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
        overlay = new ShortcutOverlay(() -> showShortcuts(false));
        List<MachineView> v = views == null || views.isEmpty() ? dev.asiscope.ui.export.StandardViews.all() : views;

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

    private static List<MachineView> pick(List<MachineView> all, String... ids) {
        List<MachineView> out = new ArrayList<>();
        for (String id : ids) {
            all.stream().filter(m -> m.id().equals(id)).findFirst().ifPresent(out::add);
        }
        return out.isEmpty() ? all.subList(0, Math.min(2, all.size())) : out;
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

    /** The comparison pane, made on first use (with view instances of its own: views keep hit maps). */
    public ComparisonPane comparison() {
        if (comparison == null) {
            comparison = new ComparisonPane(session, pick(dev.asiscope.ui.export.StandardViews.all(), "cores", "caches"),
                    pick(dev.asiscope.ui.export.StandardViews.all(), "cores", "caches"), appearance::theme, appearance::zoom);
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
        ToolBar tools = toolBar();
        MenuBar menus = menuBar();
        HBox.setHgrow(menus, javafx.scene.layout.Priority.ALWAYS);
        HBox menuRow = new HBox(menus, classroomBar);
        menuRow.setAlignment(Pos.CENTER_LEFT);
        annotationToolbar.visibleProperty().bind(annotateToggle.selectedProperty());
        annotationToolbar.managedProperty().bind(annotateToggle.selectedProperty());
        root.setTop(new VBox(menuRow, tools, annotationToolbar));

        viewsArea.setOrientation(Orientation.VERTICAL);
        viewsArea.setId("viewsArea");
        List<List<MachineView>> rows = new ArrayList<>();
        rows.add(pick(views, "cores", "caches"));
        List<MachineView> rest = new ArrayList<>(views);
        rest.removeAll(rows.get(0));
        List<MachineView> timeline = rest.stream().filter(m -> m.id().equals("timeline")).toList();
        rest.removeAll(timeline);
        if (!rest.isEmpty()) {
            rows.add(rest);
        }
        if (!timeline.isEmpty()) {
            rows.add(timeline);
        }
        for (List<MachineView> row : rows) {
            SplitPane r = new SplitPane();
            for (MachineView m : row) {
                ViewPane p = new ViewPane(m, session, appearance::theme, appearance::zoom);
                p.setOnMouseClicked(e -> {
                    if (e.getClickCount() == 2 && !annotateToggle.isSelected()) {
                        toggleMaximized(p);
                    }
                });
                AnnotationOverlay o = new AnnotationOverlay(history, m, session);
                o.zoomProperty().bind(appearance.zoomProperty());
                o.themeProperty().bind(appearance.themeProperty());
                o.editingProperty().bind(annotateToggle.selectedProperty());
                o.setMouseTransparent(true);
                p.setOverlay(o);
                overlays.put(p, o);
                p.addEventFilter(javafx.scene.input.MouseEvent.MOUSE_PRESSED, e -> focusPane(p));
                viewPanes.add(p);
                rowOf.put(p, r);
                r.getItems().add(p);
            }
            viewsArea.getItems().add(r);
        }
        if (!viewPanes.isEmpty()) {
            focusPane(viewPanes.get(0));
        }
        history.addListener(h -> edited());
        breakpoints.entries().addListener((javafx.collections.ListChangeListener<BreakpointSet.Entry>) c -> edited());
        annotateToggle.selectedProperty().addListener((o, a, on) -> {
            transport.messageProperty().set(on ? "annotating " + focusedPane.view().title()
                    + ": pick a tool, drag on the view; Ctrl+Z undo, Ctrl+Y redo, A to stop" : "");
            if (on) {
                transport.pause();
            }
        });
        viewsHolder.setCenter(viewsArea);
        if (viewsArea.getItems().size() == 3) {
            viewsArea.setDividerPositions(0.36, 0.68);
        }

        Tab bpTab = new Tab("Breakpoints", new BreakpointsPanel(breakpoints, transport).node());
        bpTab.setId("breakpointsTab");
        events.addTab(bpTab);

        centre.setOrientation(Orientation.VERTICAL);
        centre.getItems().addAll(viewsHolder, events.node());
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
            themeBox.setValue(b.id());
            repaintAll();
        });
        appearance.zoomProperty().addListener((o, a, b) -> {
            zoomLabel.setText(Math.round(b.doubleValue() * 100) + "%");
            repaintAll();
        });
        zoomLabel.setText("100%");
    }

    private MenuBar menuBar() {
        MenuItem open = new MenuItem("Open\u2026");
        open.setId("menuOpen");
        open.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN));
        open.setOnAction(e -> chooseFile());
        MenuItem reload = new MenuItem("Reload");
        reload.setAccelerator(new KeyCodeCombination(KeyCode.F5));
        reload.setOnAction(e -> reload());
        samplesMenu.setId("samplesMenu");
        for (ScenarioFiles.Sample s : ScenarioFiles.samples()) {
            MenuItem item = new MenuItem(s.title());
            item.setOnAction(e -> {
                try {
                    open(s.load());
                } catch (ScenarioException ex) {
                    showError(ex.getMessage());
                }
            });
            samplesMenu.getItems().add(item);
        }
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        quit.setOnAction(e -> Platform.exit());
        MenuItem saveWs = new MenuItem("Save workspace");
        saveWs.setId("menuSaveWorkspace");
        saveWs.setAccelerator(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN));
        saveWs.setOnAction(e -> saveWorkspace());
        MenuItem pngView = item("Export view as PNG\u2026", () -> chooseExport(Export.VIEW_PNG));
        pngView.setId("menuExportViewPng");
        MenuItem svgView = item("Export view as SVG\u2026", () -> chooseExport(Export.VIEW_SVG));
        svgView.setId("menuExportViewSvg");
        MenuItem pngWindow = item("Export window as PNG\u2026", () -> chooseExport(Export.WINDOW_PNG));
        pngWindow.setId("menuExportWindowPng");
        MenuItem copy = item("Copy view to clipboard", this::copyViewToClipboard);
        copy.setId("menuCopyView");
        copy.setAccelerator(new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        Menu file = new Menu("File", null, open, recentMenu, samplesMenu, reload, new SeparatorMenuItem(), saveWs,
                new SeparatorMenuItem(), pngView, svgView, pngWindow, copy, new SeparatorMenuItem(), quit);

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
        MenuItem zin = new MenuItem("Zoom in (+)");
        zin.setOnAction(e -> appearance.zoomIn());
        MenuItem zout = new MenuItem("Zoom out (-)");
        zout.setOnAction(e -> appearance.zoomOut());
        MenuItem zreset = new MenuItem("Zoom 100% (0)");
        zreset.setOnAction(e -> appearance.setZoom(1));
        CheckMenuItem compare = new CheckMenuItem("Compare two policies (C)");
        compare.selectedProperty().bindBidirectional(compareToggle.selectedProperty());
        CheckMenuItem guided = new CheckMenuItem("Guided mode (M)");
        guided.selectedProperty().bindBidirectional(guidedToggle.selectedProperty());
        CheckMenuItem annotate = new CheckMenuItem("Annotate (A)");
        annotate.setId("menuAnnotate");
        annotate.selectedProperty().bindBidirectional(annotateToggle.selectedProperty());
        MenuItem undo = item("Undo annotation (Ctrl+Z)", this::undo);
        MenuItem redo = item("Redo annotation (Ctrl+Y)", this::redo);
        MenuItem whatIf = item("What if\u2026 (edit the selected page-table entry)", () -> WhatIfPane.openWindow(
                session, appearance::theme, appearance::zoom));
        Menu view = new Menu("View", null, themes, zin, zout, zreset, new SeparatorMenuItem(), compare, guided,
                new SeparatorMenuItem(), annotate, undo, redo, new SeparatorMenuItem(), whatIf);

        Menu nav = new Menu("Navigate");
        nav.setId("navigateMenu");
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
        nav.getItems().addAll(item("Step forward (Space)", transport::stepForward),
                item("Step back (Shift+Space)", transport::stepBack),
                item("Next event (Right)", transport::nextEvent),
                item("Previous event (Left)", transport::previousEvent),
                item("Continue to breakpoint (Ctrl+Right)", transport::continueToBreakpoint),
                item("Reverse-continue to breakpoint (Ctrl+Left)", transport::reverseContinue),
                item("Go to cycle\u2026 (G)", this::focusCycleField),
                new SeparatorMenuItem(), kinds);

        MenuItem shortcuts = new MenuItem("Keyboard shortcuts (F1)");
        shortcuts.setOnAction(e -> showShortcuts(true));
        Menu help = new Menu("Help", null, shortcuts);
        MenuBar bar = new MenuBar(file, view, nav, help);
        bar.setId("menuBar");
        return bar;
    }

    private static MenuItem item(String text, Runnable r) {
        MenuItem m = new MenuItem(text);
        m.setOnAction(e -> r.run());
        return m;
    }

    private ToolBar toolBar() {
        Button open = button("openButton", "Open\u2026", "Open a scenario file (Ctrl+O); or drop one on the window",
                this::chooseFile);
        policyBox.setId("policyBox");
        policyBox.setEditable(true);
        policyBox.getItems().setAll(Policy.NAMED.keySet());
        policyBox.setTooltip(new Tooltip("Mitigation policy: a name or a combination such as l1d-flush-always+nosmt"));
        policyBox.setOnAction(e -> applyPolicy(policyBox.getValue()));

        Button home = button("home", "\u21E4", "Start of the run (Home)", transport::home);
        Button reverse = button("reverseContinue", "\u25C0\u25C0", "Reverse-continue to the previous breakpoint (Ctrl+Left)",
                transport::reverseContinue);
        Button prevEvent = button("prevEvent", "|\u25C0", "Previous event (Left)", transport::previousEvent);
        Button back = button("stepBack", "\u25C0", "Step back (Shift+Space)", transport::stepBack);
        runPause.setId("runPause");
        runPause.setTooltip(new Tooltip("Run / pause (R)"));
        runPause.setOnAction(e -> transport.toggleRun());
        transport.runningProperty().addListener((o, a, on) -> {
            runPause.setSelected(on);
            runPause.setText(on ? "\u2016 Pause" : "\u25B6 Run");
        });
        Button fwd = button("stepForward", "\u25B6", "Step forward (Space)", transport::stepForward);
        Button nextEvent = button("nextEvent", "\u25B6|", "Next event (Right)", transport::nextEvent);
        Button cont = button("continue", "\u25B6\u25B6", "Continue to the next breakpoint (Ctrl+Right)",
                transport::continueToBreakpoint);
        Button end = button("end", "\u21E5", "End of the run (End)", transport::end);

        stepUnitBox.setId("stepUnit");
        stepUnitBox.getItems().setAll(StepUnit.values());
        stepUnitBox.valueProperty().bindBidirectional(transport.stepUnitProperty());
        stepUnitBox.setTooltip(new Tooltip("What one step (Space) moves by"));

        speed.setId("speedSlider");
        speed.setPrefWidth(90);
        speed.valueProperty().bindBidirectional(transport.speedLogProperty());
        speed.setTooltip(new Tooltip("Run speed (cycles per second, logarithmic)"));
        speed.valueProperty().addListener((o, a, b) -> speedLabel.setText(speedText()));
        speedLabel.setText(speedText());
        speedLabel.setId("speedLabel");
        speedLabel.setMinWidth(90);

        cycleField.setId("cycleField");
        cycleField.setPrefColumnCount(7);
        cycleField.setTooltip(new Tooltip("Go to cycle (G, then Enter)"));
        cycleField.setOnAction(e -> goToTypedCycle());
        cycleField.focusedProperty().addListener((o, a, f) -> {
            if (!f) {
                cycleField.setText(Long.toString(session.cycle()));
            }
        });
        endLabel.setId("endLabel");

        themeBox.setId("themeBox");
        themeBox.getItems().setAll(Appearance.THEMES);
        themeBox.setValue(appearance.theme().id());
        themeBox.setTooltip(new Tooltip("Theme (T)"));
        themeBox.valueProperty().addListener((o, a, b) -> {
            if (b != null && !b.equals(appearance.theme().id())) {
                appearance.setTheme(b);
            }
        });
        Button zoomOut = button("zoomOut", "\u2212", "Zoom out (-)", appearance::zoomOut);
        Button zoomIn = button("zoomIn", "+", "Zoom in (+)", appearance::zoomIn);
        zoomLabel.setId("zoomLabel");
        zoomLabel.setMinWidth(44);
        zoomLabel.setAlignment(Pos.CENTER);

        guidedToggle.setId("guidedToggle");
        guidedToggle.setTooltip(new Tooltip("Guided mode: steps follow the scenario's granularity (M)"));
        guidedToggle.selectedProperty().addListener((o, a, on) -> setGuided(on));
        compareToggle.setId("compareToggle");
        compareToggle.setTooltip(new Tooltip("Compare two policies side by side (C)"));
        compareToggle.selectedProperty().addListener((o, a, on) -> setCompare(on));
        annotateToggle.setId("annotateToggle");
        annotateToggle.setFocusTraversable(false);
        annotateToggle.setTooltip(new Tooltip("Annotate the selected view: arrows, boxes, callouts, steps (A)"));
        Button help = button("helpButton", "?", "Keyboard shortcuts (F1 or ?)", () -> showShortcuts(true));

        freeNavigation.addAll(List.of(home, reverse, prevEvent, nextEvent, cont, end, cycleField, stepUnitBox));
        HBox cycleBox = new HBox(4, new Label("cycle"), cycleField, endLabel);
        cycleBox.setAlignment(Pos.CENTER_LEFT);
        HBox zoomBox = new HBox(2, zoomOut, zoomLabel, zoomIn);
        zoomBox.setAlignment(Pos.CENTER_LEFT);
        ToolBar bar = new ToolBar(open, new Label("policy"), policyBox, new Separator(Orientation.VERTICAL),
                home, reverse, prevEvent, back, runPause, fwd, nextEvent, cont, end, stepUnitBox,
                new Separator(Orientation.VERTICAL), cycleBox, new Separator(Orientation.VERTICAL), speed, speedLabel);
        classroomBar.getItems().setAll(new Label("theme"), themeBox, zoomBox, new Separator(Orientation.VERTICAL), guidedToggle,
                compareToggle, annotateToggle, help);
        classroomBar.setId("classroomBar");
        bar.setId("toolBar");
        return bar;
    }

    private static Button button(String id, String text, String tip, Runnable r) {
        Button b = new Button(text);
        b.setId(id);
        b.setTooltip(new Tooltip(tip));
        b.setFocusTraversable(false);
        b.setOnAction(e -> r.run());
        return b;
    }

    private String speedText() {
        double s = transport.speed();
        String n = s >= 1e6 ? String.format("%.1fM", s / 1e6) : s >= 1e3 ? String.format("%.0fk", s / 1e3)
                : String.format("%.0f", s);
        return n + " cyc/s";
    }

    // ------------------------------------------------------------------ session changes

    private void onNewRun() {
        narration.reload();
        endLabel.setText(String.format("/ %,d", session.simulation().endCycle()));
        String name = session.policyName();
        if (name != null && !name.equals(policyBox.getValue())) {
            policyBox.setValue(name);
        }
        onCursor();
        repaintAll();
    }

    private void onCursor() {
        if (session.simulation() == null) {
            return;
        }
        if (!cycleField.isFocused()) {
            cycleField.setText(Long.toString(session.cycle()));
        }
        status.refresh();
        narration.refresh();
        inspector.refresh();
        tableDirty = true;
        tableFollower.start();
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

    /** Opens {@code s} under its own policy at cycle 0, with its breakpoints. */
    public void open(LoadedScenario s) {
        open(s, null);
    }

    private void open(LoadedScenario s, Simulation run) {
        transport.pause();
        closeWorkspace();
        loadingWorkspace = true;
        try {
            openScenario(s, run);
            openWorkspace(s);
        } finally {
            loadingWorkspace = false;
        }
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
        guidedToggle.setDisable(guided == null);
        guidedToggle.setText(guided == null ? "Guided" : "Guided (" + guided.id() + ")");
        if (guided == null) {
            guidedToggle.setSelected(false);
        } else if (guidedToggle.isSelected()) {
            setGuided(true);
        }
        title.set("asiscope - " + s.name() + (s.source() == null ? "" : " (" + s.source().getFileName() + ")"));
        watch(s.source());
        transport.messageProperty().set("");
    }

    /** Opens a scenario file; errors go to a one-line dialog. */
    public boolean openFile(Path file) {
        try {
            LoadedScenario s = ScenarioFiles.load(file);
            open(s);
            if (recent != null) {
                recent.add(file);
                rebuildRecentMenu();
            }
            return true;
        } catch (ScenarioException e) {
            showError(e.getMessage());
        } catch (RuntimeException e) {
            showError(file + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        return false;
    }

    /** Re-reads the open file, keeping policy and cursor. */
    public void reload() {
        LoadedScenario s = session.scenario();
        if (s == null || s.source() == null) {
            transport.messageProperty().set("built-in scenario: nothing to reload");
            return;
        }
        try {
            LoadedScenario fresh = ScenarioFiles.load(s.source());
            String policy = session.policyName() == null ? null : session.policyName();
            long cycle = session.cycle();
            session.open(fresh, policy, cycle);
            // The scenario's breakpoints come back; those set in the window (kept in the workspace) stay.
            List<BreakpointSet.Entry> mine = new ArrayList<>(breakpoints.entries());
            loadingWorkspace = true;
            try {
                breakpoints.entries().clear();
                fresh.breakpoints().forEach(breakpoints::add);
                for (BreakpointSet.Entry e : mine) {
                    breakpoints.add(e.breakpoint()).enabledProperty().set(e.enabledProperty().get());
                }
            } finally {
                loadingWorkspace = false;
            }
            if (workspaceFile != null) {
                try {
                    scenarioHash = Provenance.sha256(fresh.source());
                } catch (IOException e) {
                    scenarioHash = null;
                }
            }
            title.set("asiscope - " + fresh.name() + " (" + fresh.source().getFileName() + ")");
            transport.messageProperty().set("reloaded " + s.source().getFileName());
        } catch (ScenarioException e) {
            showError(e.getMessage());
        } catch (RuntimeException e) {
            showError(s.source() + ": " + e.getMessage());
        }
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

    /** Writes what autosave has pending and stops it. */
    private void closeWorkspace() {
        if (autosave != null) {
            try {
                autosave.close();
            } catch (IOException e) {
                transport.messageProperty().set("cannot save the workspace: " + e.getMessage());
            }
            autosave = null;
        }
        workspaceFile = null;
        scenarioHash = null;
    }

    /**
     * Loads {@code NAME.asiscope.json} beside the scenario when there is one: annotations, breakpoints,
     * theme, zoom, policy and cycle. A bad file gives a one-line dialog; the scenario stays open.
     */
    private void openWorkspace(LoadedScenario s) {
        history.reset(List.of());
        history.markSaved();
        if (s.source() == null) {
            return;
        }
        Path file = WorkspaceFile.defaultPath(s.source());
        workspaceFile = file;
        try {
            scenarioHash = Provenance.sha256(s.source());
        } catch (IOException e) {
            scenarioHash = null; // saved without the hash: no warning when the scenario changes
        }
        autosave = new WorkspaceAutosave(file, e -> Platform.runLater(
                () -> transport.messageProperty().set("cannot autosave " + file.getFileName() + ": " + e.getMessage())));
        if (!Files.isRegularFile(file)) {
            return;
        }
        Workspace ws;
        try {
            ws = WorkspaceFile.read(file);
        } catch (WorkspaceException | RuntimeException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            showError("Cannot read the workspace", firstLine(m.contains(file.getFileName().toString()) ? m
                    : file.getFileName() + ": " + m));
            // Do not overwrite the user's file with an empty workspace: edits are saved only on request.
            try {
                autosave.close();
            } catch (IOException ignored) {
                // nothing was pending
            }
            autosave = null;
            return;
        }
        if (!ws.matchesScenario(scenarioHash)) {
            transport.messageProperty().set(file.getFileName() + " was saved for another version of "
                    + s.source().getFileName() + ": annotations may not point at the right things");
        }
        history.reset(ws.annotations());
        history.markSaved();
        if (!ws.breakpoints().isEmpty()) {
            breakpoints.entries().clear();
            for (WorkspaceBreakpoint b : ws.breakpoints()) {
                breakpoints.add(b.toBreakpoint()).enabledProperty().set(b.enabled());
            }
        }
        WindowLayout l = ws.layout();
        try {
            if (l.theme() != null) {
                appearance.setTheme(l.theme());
            }
        } catch (IllegalArgumentException e) {
            transport.messageProperty().set(file.getFileName() + ": " + e.getMessage());
        }
        if (l.zoom() != null) {
            appearance.setZoom(l.zoom());
        }
        if (ws.policy() != null && !ws.policy().equals(session.policyName())) {
            applyPolicy(ws.policy());
        }
        if (ws.cycle() > 0) {
            transport.goTo(Math.min(ws.cycle(), session.simulation().endCycle()));
        }
    }

    private static String firstLine(String m) {
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** The workspace file of the open scenario, or null for a built-in one. */
    public Path workspaceFile() {
        return workspaceFile;
    }

    /** The annotations and their undo history (shared by all views). */
    public EditHistory history() {
        return history;
    }

    /** The window's state as a workspace (for saving beside the scenario). */
    public Workspace currentWorkspace() {
        LoadedScenario s = session.scenario();
        Path src = s == null ? null : s.source();
        String hash = src == null ? null : scenarioHash;
        String ref = src == null ? null : workspaceFile != null ? WorkspaceFile.scenarioReference(workspaceFile, src)
                : src.getFileName().toString();
        String policy = session.policyName();
        if (s != null && policy != null && policy.equals(s.policyName())) {
            policy = null;
        }
        List<String> ids = viewPanes.stream().map(p -> p.view().id()).toList();
        List<WorkspaceBreakpoint> bps = breakpoints.entries().stream()
                .map(e -> WorkspaceBreakpoint.of(e.breakpoint(), e.enabledProperty().get())).toList();
        return Workspace.empty(ref, hash).withPolicy(policy).withCycle(session.cycle())
                .withLayout(new WindowLayout(ids, List.of(), appearance.theme().id(), appearance.zoom()))
                .withBreakpoints(bps).withAnnotations(history.annotations());
    }

    /** An edit (annotation, breakpoint): autosaved after a quiet moment. */
    private void edited() {
        if (loadingWorkspace || autosave == null) {
            return;
        }
        autosave.changed(currentWorkspace());
    }

    /** File &gt; Save workspace: writes the workspace beside the scenario now. */
    public boolean saveWorkspace() {
        if (workspaceFile == null) {
            transport.messageProperty().set("built-in scenario: open a scenario file to save a workspace beside it");
            return false;
        }
        try {
            if (autosave != null) {
                autosave.flush();
            }
            WorkspaceFile.save(workspaceFile, currentWorkspace());
            history.markSaved();
            transport.messageProperty().set("saved " + workspaceFile.getFileName());
            return true;
        } catch (IOException | RuntimeException e) {
            showError("Cannot save the workspace", workspaceFile.getFileName() + ": " + e.getMessage());
            return false;
        }
    }

    // ------------------------------------------------------------------ annotation

    private void focusPane(ViewPane p) {
        if (focusedPane == p) {
            return;
        }
        if (focusedPane != null) {
            focusedPane.getStyleClass().remove("focused-view");
        }
        focusedPane = p;
        p.getStyleClass().add("focused-view");
        annotationToolbar.targetProperty().set(overlays.get(p));
    }

    /** The view the toolbar, export and clipboard act on. */
    public ViewPane focusedPane() {
        return focusedPane;
    }

    /** Selects the view the toolbar, export and clipboard act on. */
    public void setFocusedPane(ViewPane p) {
        focusPane(p);
    }

    /** The annotation layer over {@code p}. */
    public AnnotationOverlay overlay(ViewPane p) {
        return overlays.get(p);
    }

    public ToggleButton annotateToggle() {
        return annotateToggle;
    }

    public void setAnnotating(boolean on) {
        annotateToggle.setSelected(on);
    }

    public boolean undo() {
        AnnotationOverlay o = focusedPane == null ? null : overlays.get(focusedPane);
        return o != null ? o.undo() : history.undo();
    }

    public boolean redo() {
        AnnotationOverlay o = focusedPane == null ? null : overlays.get(focusedPane);
        return o != null ? o.redo() : history.redo();
    }

    // ------------------------------------------------------------------ export

    /** What an export writes. */
    public enum Export { VIEW_PNG, VIEW_SVG, WINDOW_PNG }

    /**
     * The request for the focused view (or every view, {@code window}) at the cursor, at the size it has on
     * screen in view pixels, built with {@link ExportRequest#of} like {@code asiscope export}.
     */
    public ExportRequest exportRequest(boolean window, boolean footer) {
        LoadedScenario s = session.scenario();
        double z = appearance.zoom();
        if (window) {
            double w = Math.max(16, Math.round(viewsHolder.getWidth() / z));
            double h = Math.max(16, Math.round(viewsHolder.getHeight() / z));
            List<MachineView> views = viewPanes.stream().map(ViewPane::view).toList();
            return ExportRequest.of(s, session.policyName(), session, views, true, w, h, appearance.theme(),
                    history.annotations(), footer);
        }
        double[] size = focusedPane.canvasSize();
        double w = Math.max(16, Math.round(size[0] / z));
        double h = Math.max(16, Math.round(size[1] / z));
        return ExportRequest.of(s, session.policyName(), session, List.of(focusedPane.view()), false, w, h,
                appearance.theme(), history.annotations(), footer);
    }

    /** Writes an export to {@code file}; errors go to a one-line dialog. */
    public boolean export(Export what, Path file, double scale, boolean footer) {
        try {
            ExportRequest r = exportRequest(what == Export.WINDOW_PNG, footer);
            if (what == Export.VIEW_SVG) {
                ViewExporter.writeSvg(file, r);
            } else {
                ViewExporter.writePng(file, r, scale);
            }
            transport.messageProperty().set("exported " + file.getFileName());
            return true;
        } catch (IOException | RuntimeException e) {
            showError("Cannot export", file.getFileName() + ": " + (e.getMessage() == null ? e : e.getMessage()));
            return false;
        }
    }

    /** Edit &gt; Copy view: the focused view as an image and as SVG. */
    public void copyViewToClipboard() {
        try {
            ViewExporter.copyToClipboard(exportRequest(false, false), 1);
            transport.messageProperty().set("copied " + focusedPane.view().title() + " to the clipboard");
        } catch (RuntimeException e) {
            showError("Cannot copy", e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** Asks for the scale and the footer, then for the file, and exports. */
    private void chooseExport(Export what) {
        if (session.simulation() == null) {
            return;
        }
        javafx.scene.control.Dialog<double[]> d = new javafx.scene.control.Dialog<>();
        d.setTitle("asiscope");
        d.setHeaderText(what == Export.WINDOW_PNG ? "Export the window" : "Export " + focusedPane.view().title());
        javafx.scene.control.Spinner<Integer> scale = new javafx.scene.control.Spinner<>(1, 4, 1);
        scale.setId("exportScale");
        javafx.scene.control.CheckBox footer = new javafx.scene.control.CheckBox("Footer (scenario, policy, cycle, version)");
        footer.setId("exportFooter");
        HBox scaleRow = new HBox(6, new Label("Scale"), scale);
        scaleRow.setAlignment(Pos.CENTER_LEFT);
        scale.setDisable(what == Export.VIEW_SVG);
        d.getDialogPane().setContent(new VBox(8, scaleRow, footer));
        d.getDialogPane().setId("exportDialog");
        d.getDialogPane().getButtonTypes().addAll(javafx.scene.control.ButtonType.OK,
                javafx.scene.control.ButtonType.CANCEL);
        d.setResultConverter(b -> b == javafx.scene.control.ButtonType.OK
                ? new double[] {scale.getValue(), footer.isSelected() ? 1 : 0} : null);
        Window w = root.getScene() == null ? null : root.getScene().getWindow();
        if (w != null) {
            d.initOwner(w);
        }
        d.showAndWait().ifPresent(opt -> {
            boolean svg = what == Export.VIEW_SVG;
            FileChooser fc = new FileChooser();
            fc.setTitle("Export");
            fc.getExtensionFilters().add(svg ? new FileChooser.ExtensionFilter("SVG (*.svg)", "*.svg")
                    : new FileChooser.ExtensionFilter("PNG (*.png)", "*.png"));
            String base = what == Export.WINDOW_PNG ? "window" : focusedPane.view().id();
            fc.setInitialFileName(base + "-" + session.cycle() + (opt[0] > 1 ? "@" + (int) opt[0] + "x" : "")
                    + (svg ? ".svg" : ".png"));
            LoadedScenario s = session.scenario();
            if (s != null && s.source() != null && s.source().getParent() != null) {
                fc.setInitialDirectory(s.source().getParent().toFile());
            }
            File f = fc.showSaveDialog(w);
            if (f != null) {
                export(what, f.toPath(), opt[0], opt[1] > 0);
            }
        });
    }

    /** Stops background work (the file watcher, autosave); call when the window closes. */
    public void dispose() {
        transport.pause();
        closeWorkspace();
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

    /** Re-runs under the policy typed or chosen; an unknown name marks the box and says why. */
    public boolean applyPolicy(String spec) {
        if (spec == null || spec.isBlank() || session.scenario() == null) {
            return false;
        }
        if (spec.trim().equals(session.policyName())) {
            return true;
        }
        try {
            transport.pause();
            session.rerun(spec);
            policyBox.getStyleClass().remove("error-field");
            transport.messageProperty().set("policy " + spec.trim() + ": " + session.simulation().policy().describe());
            return true;
        } catch (IllegalArgumentException e) {
            if (!policyBox.getStyleClass().contains("error-field")) {
                policyBox.getStyleClass().add("error-field");
            }
            transport.messageProperty().set(e.getMessage());
            return false;
        }
    }

    private void goToTypedCycle() {
        String t = cycleField.getText() == null ? "" : cycleField.getText().trim().replace(",", "").replace("_", "");
        try {
            long c = t.startsWith("0x") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
            transport.goTo(c);
            cycleField.getStyleClass().remove("error-field");
            root.requestFocus();
        } catch (NumberFormatException e) {
            if (!cycleField.getStyleClass().contains("error-field")) {
                cycleField.getStyleClass().add("error-field");
            }
            transport.messageProperty().set("not a cycle number: '" + t + "'");
        }
    }

    private void focusCycleField() {
        if (cycleField.isDisabled()) {
            return;
        }
        cycleField.requestFocus();
        cycleField.selectAll();
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
        if (guidedToggle.isSelected() != active) {
            guidedToggle.setSelected(active);
        }
        transport.guidedProperty().set(active);
        if (active) {
            transport.stepUnitProperty().set(unit);
            transport.messageProperty().set("guided mode: Space steps by " + unit.id() + ", Shift+Space back");
        }
        for (Node n : freeNavigation) {
            n.setDisable(active);
        }
    }

    /**
     * Shows {@code pane} alone in the views area (for a projector), or restores the grid when it is
     * already maximized.
     */
    public void toggleMaximized(ViewPane pane) {
        ViewPane was = maximized;
        if (was != null) {
            viewsHolder.setCenter(viewsArea);
            rowOf.get(was).getItems().add(Math.min(maximizedSlot, rowOf.get(was).getItems().size()), was);
            maximized = null;
            was.markDirty();
        }
        if (was == pane) {
            return;
        }
        SplitPane row = rowOf.get(pane);
        maximizedSlot = row.getItems().indexOf(pane);
        row.getItems().remove(pane);
        viewsHolder.setCenter(pane);
        maximized = pane;
        pane.markDirty();
    }

    /** The view shown alone, or null when the grid is shown. */
    public ViewPane maximizedView() {
        return maximized;
    }

    /** Comparison mode: two policies side by side on one cursor. */
    public void setCompare(boolean on) {
        if (compareToggle.isSelected() != on) {
            compareToggle.setSelected(on);
        }
        if (!on && comparison == null) {
            return;
        }
        comparison().setActive(on);
        centre.getItems().set(0, on ? comparison().node() : viewsHolder);
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
        if (inText(e)) {
            return;
        }
        String c = e.getCharacter();
        if ("?".equals(c)) {
            showShortcuts(!overlay.isShowing());
            e.consume();
        } else if ("+".equals(c) || "=".equals(c)) {
            appearance.zoomIn();
            e.consume();
        } else if ("-".equals(c)) {
            appearance.zoomOut();
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
        if (k == KeyCode.F1) {
            showShortcuts(true);
            e.consume();
            return;
        }
        if (inText(e)) {
            if (k == KeyCode.ESCAPE) {
                root.requestFocus();
                e.consume();
            }
            return;
        }
        boolean ctrl = e.isShortcutDown();
        if (ctrl && (k == KeyCode.Z || k == KeyCode.Y)) {
            if (k == KeyCode.Y || e.isShiftDown()) {
                redo();
            } else {
                undo();
            }
            e.consume();
            return;
        }
        if (annotateToggle.isSelected() && root.getScene() != null
                && root.getScene().getFocusOwner() instanceof AnnotationOverlay
                && (k.isArrowKey() || k == KeyCode.DELETE || k == KeyCode.BACK_SPACE || k == KeyCode.ESCAPE)) {
            return; // the editor moves, deletes and deselects annotations
        }
        if (ctrl || e.isAltDown()) {
            if (k == KeyCode.A) {
                return;
            }
        }
        boolean guided = transport.guidedProperty().get();
        boolean handled = true;
        switch (k) {
            case SPACE -> {
                if (e.isShiftDown()) {
                    transport.stepBack();
                } else {
                    transport.stepForward();
                }
            }
            case RIGHT -> {
                if (guided) {
                    transport.stepForward();
                } else if (ctrl) {
                    transport.continueToBreakpoint();
                } else {
                    transport.nextEvent();
                }
            }
            case LEFT -> {
                if (guided) {
                    transport.stepBack();
                } else if (ctrl) {
                    transport.reverseContinue();
                } else {
                    transport.previousEvent();
                }
            }
            case R -> transport.toggleRun();
            case HOME -> {
                if (!guided) {
                    transport.home();
                }
            }
            case END -> {
                if (!guided) {
                    transport.end();
                }
            }
            case PAGE_DOWN -> nextCaption();
            case PAGE_UP -> previousCaption();
            case G -> {
                focusCycleField();
                swallowTyped = true;
            }
            case T -> appearance.cycleTheme();
            case DIGIT0, NUMPAD0 -> appearance.setZoom(1);
            case DIGIT1, DIGIT2, DIGIT3, DIGIT4, DIGIT5 -> {
                int i = k.ordinal() - KeyCode.DIGIT1.ordinal();
                if (i < viewPanes.size()) {
                    toggleMaximized(viewPanes.get(i));
                }
            }
            case ADD, PLUS -> appearance.zoomIn();
            case SUBTRACT -> appearance.zoomOut();
            case C -> setCompare(comparison == null || !comparison.isActive());
            case M -> {
                if (!guidedToggle.isDisabled()) {
                    guidedToggle.setSelected(!guidedToggle.isSelected());
                }
            }
            case ESCAPE -> transport.pause();
            case E -> events.focusEvents();
            case L -> events.focusLeaks();
            case B -> events.showTab(3);
            case A -> annotateToggle.setSelected(!annotateToggle.isSelected());
            default -> handled = false;
        }
        if (handled) {
            e.consume();
        }
    }
}
