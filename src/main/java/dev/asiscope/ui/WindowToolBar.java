package dev.asiscope.ui;

import dev.asiscope.ui.core.SimSession;
import dev.asiscope.sim.engine.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

/**
 * The toolbar (open, policy, stepping, run, step unit, go to cycle, speed) and the classroom bar (theme,
 * zoom, guided, compare, annotate, shortcuts). Buttons run the {@link Action} table's handlers, so a
 * button, its key and its menu item always do the same thing; their tooltips are the table's names and
 * keys. The window reads and drives the controls through the package-private fields.
 */
final class WindowToolBar {
    final ComboBox<String> policyBox = new ComboBox<>();
    final TextField cycleField = new TextField();
    final Label endLabel = new Label();
    final ChoiceBox<String> themeBox = new ChoiceBox<>();
    final ChoiceBox<StepUnit> stepUnitBox = new ChoiceBox<>();
    final Label zoomLabel = new Label();
    final Slider speed = new Slider(0, 7, 4.5);
    final Label speedLabel = new Label();
    final ToggleButton runPause = new ToggleButton("\u25B6 Run");
    final ToggleButton guidedToggle = new ToggleButton("Guided");
    final ToggleButton compareToggle = new ToggleButton("Compare");
    final ToggleButton annotateToggle = new ToggleButton("Annotate");
    final ToolBar classroomBar = new ToolBar();
    final List<Node> freeNavigation = new ArrayList<>();
    private final Keymap keymap;
    private final Transport transport;
    private final Appearance appearance;
    private final SimSession session;
    private final Consumer<String> applyPolicy;
    private final Runnable goToTypedCycle;
    private final Consumer<Boolean> setGuided;
    private final Consumer<Boolean> setCompare;
    private final ToolBar bar;

    WindowToolBar(Keymap keymap, Transport transport, Appearance appearance, SimSession session,
            Predicate<String> applyPolicy, Runnable goToTypedCycle, Consumer<Boolean> setGuided,
            Consumer<Boolean> setCompare) {
        this.keymap = keymap;
        this.transport = transport;
        this.appearance = appearance;
        this.session = session;
        this.applyPolicy = applyPolicy::test;
        this.goToTypedCycle = goToTypedCycle;
        this.setGuided = setGuided;
        this.setCompare = setCompare;
        this.bar = build();
    }

    /** The main toolbar (the classroom bar is {@link #classroomBar}). */
    ToolBar bar() {
        return bar;
    }

    private ToolBar build() {
        Button open = button("openButton", "Open\u2026", Action.OPEN);
        policyBox.setId("policyBox");
        policyBox.setEditable(true);
        policyBox.getItems().setAll(Policy.NAMED.keySet());
        policyBox.setTooltip(new Tooltip("Mitigation policy: a name or a combination such as l1d-flush-always+nosmt"));
        policyBox.setOnAction(e -> applyPolicy.accept(policyBox.getValue()));

        Button home = button("home", "\u21E4", Action.HOME);
        Button reverse = button("reverseContinue", "\u25C0\u25C0", Action.REVERSE_CONTINUE);
        Button prevEvent = button("prevEvent", "|\u25C0", Action.PREVIOUS_EVENT);
        Button back = button("stepBack", "\u25C0", Action.STEP_BACK);
        runPause.setId("runPause");
        runPause.setTooltip(new Tooltip(tip(Action.RUN_PAUSE)));
        runPause.setOnAction(e -> transport.toggleRun());
        transport.runningProperty().addListener((o, a, on) -> {
            runPause.setSelected(on);
            runPause.setText(on ? "\u2016 Pause" : "\u25B6 Run");
        });
        Button fwd = button("stepForward", "\u25B6", Action.STEP_FORWARD);
        Button nextEvent = button("nextEvent", "\u25B6|", Action.NEXT_EVENT);
        Button cont = button("continue", "\u25B6\u25B6", Action.CONTINUE);
        Button end = button("end", "\u21E5", Action.END);

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
        cycleField.setOnAction(e -> goToTypedCycle.run());
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
        Button zoomOut = button("zoomOut", "\u2212", Action.ZOOM_OUT);
        Button zoomIn = button("zoomIn", "+", Action.ZOOM_IN);
        zoomLabel.setId("zoomLabel");
        zoomLabel.setMinWidth(44);
        zoomLabel.setAlignment(Pos.CENTER);

        guidedToggle.setId("guidedToggle");
        guidedToggle.setTooltip(new Tooltip("Guided mode: steps follow the scenario's granularity (M)"));
        guidedToggle.selectedProperty().addListener((o, a, on) -> setGuided.accept(on));
        compareToggle.setId("compareToggle");
        compareToggle.setTooltip(new Tooltip("Compare two policies side by side (C)"));
        compareToggle.selectedProperty().addListener((o, a, on) -> setCompare.accept(on));
        annotateToggle.setId("annotateToggle");
        annotateToggle.setFocusTraversable(false);
        annotateToggle.setTooltip(new Tooltip("Annotate the selected view: arrows, boxes, callouts, steps (A)"));
        Button help = button("helpButton", "?", Action.SHORTCUTS);

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
        // Controls keep their width: when the window is narrow (1280 x 720 in the projector theme) the
        // toolbar moves the last ones into its overflow menu instead of shortening every label to "...".
        for (ToolBar t : List.of(bar, classroomBar)) {
            for (Node n : t.getItems()) {
                keepWidth(n);
            }
        }
        return bar;
    }

    private static void keepWidth(Node n) {
        if (n instanceof javafx.scene.layout.Region r && !(n instanceof Separator)) {
            r.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        if (n instanceof javafx.scene.Parent p && !(n instanceof javafx.scene.control.Control)) {
            p.getChildrenUnmodifiable().forEach(WindowToolBar::keepWidth);
        }
    }

    /** A toolbar button that runs {@code a} from the action table, with its name and keys as the tooltip. */
    private Button button(String id, String text, Action a) {
        Button b = new Button(text);
        b.setId(id);
        b.setTooltip(new Tooltip(tip(a)));
        b.setFocusTraversable(false);
        b.setOnAction(e -> keymap.run(new Keymap.Hit(a, 0)));
        return b;
    }

    private static String tip(Action a) {
        return a.title() + (a.keys().isEmpty() ? "" : " (" + a.keys() + ")") + ": " + a.description();
    }

    private String speedText() {
        double s = transport.speed();
        String n = s >= 1e6 ? String.format("%.1fM", s / 1e6) : s >= 1e3 ? String.format("%.0fk", s / 1e3)
                : String.format("%.0f", s);
        return n + " cyc/s";
    }

}
