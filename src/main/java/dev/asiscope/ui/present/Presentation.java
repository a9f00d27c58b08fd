package dev.asiscope.ui.present;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * Presentation mode: the window as a lecture hall sees it. The side panels, the events table, the menus
 * and the full toolbar go; one or two views fill the screen; above them a bar with the stepping controls
 * (which keep their full width: nothing is shortened to "...") and the leak counter; below them the
 * caption at the cursor and the status line.
 *
 * <p>Type size: every control, caption and status text is at least {@link #minTextPx(double)} px high,
 * one 36th of the window height (20 px at 720 lines, 30 px at 1080), whatever the theme and zoom; the
 * views are zoomed so that their smallest label reaches {@link #minViewTextPx(double)} (13 px at 720 lines). The window lends its
 * parts ({@link Parts}) and gets them back unchanged when the mode ends.
 */
public final class Presentation {
    /** Lines of text that fit the window height at the minimum size: 720 / 36 = 20 px. */
    public static final double LINES_PER_SCREEN = 36;
    /** Smallest label drawn inside a view in presentation mode at 720 lines, in px on screen. */
    public static final double MIN_VIEW_TEXT_PX = 13;
    /** The views shown side by side by default: where the secret is mapped, and where it lands in L1D. */
    public static final List<String> DEFAULT_VIEWS = dev.asiscope.ui.export.StandardViews.PRESENTATION_VIEWS;

    /** What the window lends to the presentation. */
    public interface Parts {
        /** The window's root: its top, centre and bottom are swapped for the presentation's. */
        BorderPane root();

        /** The views, in the window's order; the ones shown are taken out of the grid while presenting. */
        List<? extends Region> views();

        /** The id of view {@code i} ("caches", ...). */
        String viewId(int i);

        /** Takes view {@code i} out of the grid (so it can be shown here) and returns it. */
        Region borrowView(int i);

        /** Puts every borrowed view back where it was. */
        void returnViews();

        /** The caption panel (narration), taken from its place while presenting. */
        Node caption();

        /** Puts the caption panel back. */
        void returnCaption();

        /** The status line. */
        Node statusLine();

        /** The stage, for full screen (null in tests that present inside a fixed-size stage). */
        Stage stage();

        /** Runs a window action: "back", "run", "forward", "next-caption", "previous-caption". */
        Consumer<String> command();

        /** The cycle readout ("cycle 120 / 480"). */
        Supplier<String> cycleText();

        /** The leak counter ("leaks 1/2"), and whether a leak has happened at the cursor. */
        Supplier<String> leakText();

        /** True when a leak has happened at or before the cursor. */
        Supplier<Boolean> leaked();

        /** The current zoom, and how to set it (views are zoomed so their smallest label is legible). */
        Supplier<Double> zoom();

        Consumer<Double> setZoom();

        /** The steps of the causal chain of the leak to tell (the selected one, else the run's first), or empty. */
        Supplier<List<CausalChain.Step>> chain();

        /** Shows a step: the cursor to its cycle, its leak selected so the views outline its parts. */
        Consumer<CausalChain.Step> showStep();

        /** Smallest label (px on screen) that view {@code i} draws at zoom {@code z} in its present size. */
        java.util.function.BiFunction<Integer, Double, Double> smallestLabel();

        /** The layer that draws the selected leak's causal chain over the views, lent while presenting. */
        ChainOverlay chainOverlay();

        /** Puts the causal-chain layer back over the window's views. */
        void returnChainOverlay();
    }

    private final Parts parts;
    private final ReadOnlyBooleanWrapper active = new ReadOnlyBooleanWrapper(false);
    private final HBox bar = new HBox(10);
    private final Label cycle = new Label();
    private final Label leaks = new Label();
    private final Button runButton = new Button("\u25B6 Run");
    private final VBox bottom = new VBox(4);
    private final SplitPane stage = new SplitPane();
    private Node savedTop;
    private Node savedCentre;
    private Node savedBottom;
    private double savedZoom = 1;
    private javafx.geometry.Rectangle2D savedBounds;
    private List<Integer> shown = List.of();
    private final List<Node> controls = new ArrayList<>();
    private final Label chainCaption = new Label();
    private List<CausalChain.Step> chain = List.of();
    private int chainAt = -1;

    public Presentation(Parts parts) {
        this.parts = parts;
        bar.setId("presentationBar");
        bar.getStyleClass().add("presentation-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 10, 4, 10));
        Button back = button("presentBack", "\u25C0", "Step back (Shift+Space)", "back");
        runButton.setId("presentRun");
        runButton.setTooltip(new Tooltip("Run / pause (R)"));
        runButton.setOnAction(e -> parts.command().accept("run"));
        runButton.setFocusTraversable(false);
        Button fwd = button("presentForward", "\u25B6", "Step forward (Space)", "forward");
        Button prevCaption = button("presentPrevCaption", "\u25C0 caption", "Previous caption (Page Up)", "previous-caption");
        Button nextCaption = button("presentNextCaption", "caption \u25B6", "Next caption (Page Down)", "next-caption");
        Button exit = button("presentExit", "\u2715", "Leave presentation mode (P or Esc)", "exit");
        cycle.setId("presentCycle");
        leaks.setId("presentLeaks");
        leaks.getStyleClass().add("presentation-leaks");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        controls.addAll(List.of(back, runButton, fwd, prevCaption, nextCaption, cycle, leaks, exit));
        bar.getChildren().addAll(back, runButton, fwd, prevCaption, nextCaption, cycle, spacer, leaks, exit);
        for (Node n : controls) {
            // The stepping controls never give way: they keep the width of their whole text.
            ((Region) n).setMinWidth(Region.USE_PREF_SIZE);
        }
        bottom.setId("presentationBottom");
        chainCaption.setId("presentChain");
        chainCaption.getStyleClass().add("presentation-chain");
        chainCaption.setWrapText(true);
        chainCaption.setPadding(new Insets(4, 10, 2, 10));
        chainCaption.setMaxWidth(Double.MAX_VALUE);
        chainCaption.setMinHeight(Region.USE_PREF_SIZE);
        chainCaption.setStyle("-fx-font-weight: bold; -fx-font-size: 1.1em;");
        chainCaption.setVisible(false);
        chainCaption.setManaged(false);
        stage.setId("presentationViews");
        stage.setOrientation(Orientation.HORIZONTAL);
    }

    private Button button(String id, String text, String tip, String command) {
        Button b = new Button(text);
        b.setId(id);
        b.setTooltip(new Tooltip(tip));
        b.setFocusTraversable(false);
        b.setOnAction(e -> {
            if (command.equals("exit")) {
                leave();
            } else {
                parts.command().accept(command);
            }
        });
        return b;
    }

    /** The minimum text height (font size, px) in presentation mode for a window {@code height} px high. */
    public static double minTextPx(double height) {
        return Math.max(20, Math.round(height / LINES_PER_SCREEN));
    }

    /**
     * The smallest label a view may draw in presentation mode in a window {@code height} px high: 13 px up
     * to 780 lines, then a 60th of the height (18 px at 1080 lines), so a larger projector image does not
     * shrink the labels on the wall.
     */
    public static double minViewTextPx(double height) {
        return Math.max(MIN_VIEW_TEXT_PX, height / 60);
    }

    public ReadOnlyBooleanProperty activeProperty() {
        return active.getReadOnlyProperty();
    }

    public boolean isActive() {
        return active.get();
    }

    /** The indices (in the window's order) of the views shown. */
    public List<Integer> shownViews() {
        return shown;
    }

    /** The bar with the stepping controls and the leak counter. */
    public HBox bar() {
        return bar;
    }

    /** Enters presentation mode (full screen when there is a stage), or leaves it. */
    public void toggle() {
        if (isActive()) {
            leave();
        } else {
            enter();
        }
    }

    /** Presentation mode with the default views (address spaces and caches, or the first two). */
    public void enter() {
        if (isActive()) {
            return;
        }
        List<Integer> pick = defaultPick();
        BorderPane root = parts.root();
        savedTop = root.getTop();
        savedCentre = root.getCenter();
        savedBottom = root.getBottom();
        savedZoom = parts.zoom().get();
        root.setTop(bar);
        // The causal chain's arrows over the views shown.
        ChainOverlay overlay = parts.chainOverlay();
        overlay.setManaged(true);
        root.setCenter(new javafx.scene.layout.StackPane(stage, overlay));
        root.setBottom(bottom);
        bottom.getChildren().setAll(chainCaption, parts.caption(), parts.statusLine());
        active.set(true);
        show(pick);
        Stage s = parts.stage();
        if (s != null) {
            s.setFullScreenExitHint("P or Esc leaves presentation mode");
            // The window also covers the screen it is on itself: without a window manager (a bare X server
            // driving a projector) the full-screen request alone leaves the window at its size.
            savedBounds = new javafx.geometry.Rectangle2D(s.getX(), s.getY(), s.getWidth(), s.getHeight());
            javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getScreensForRectangle(savedBounds).stream()
                    .findFirst().orElse(javafx.stage.Screen.getPrimary()).getBounds();
            s.setX(screen.getMinX());
            s.setY(screen.getMinY());
            s.setWidth(screen.getWidth());
            s.setHeight(screen.getHeight());
            s.setFullScreen(true);
            s.fullScreenProperty().addListener(new javafx.beans.value.ChangeListener<Boolean>() {
                @Override
                public void changed(javafx.beans.value.ObservableValue<? extends Boolean> o, Boolean was, Boolean now) {
                    if (!now) {
                        o.removeListener(this);
                        leave();
                    }
                }
            });
        }
        root.heightProperty().addListener(resize);
        fitText();
        refresh();
    }

    private final javafx.beans.value.ChangeListener<Number> resize = (o, a, b) -> fitText();

    /** Shows view {@code i} alone, or (when it is shown alone already) the default pair again. */
    public void showAlone(int i) {
        if (!isActive() || i < 0 || i >= parts.views().size()) {
            return;
        }
        List<Integer> next = shown.equals(List.of(i)) ? defaultPick() : List.of(i);
        leaveViews();
        parts.returnViews();
        show(next);
    }

    private List<Integer> defaultPick() {
        List<Integer> pick = new ArrayList<>();
        for (String id : DEFAULT_VIEWS) {
            for (int i = 0; i < parts.views().size(); i++) {
                if (parts.viewId(i).equals(id)) {
                    pick.add(i);
                }
            }
        }
        for (int i = 0; pick.size() < 2 && i < parts.views().size(); i++) {
            if (!pick.contains(i)) {
                pick.add(i);
            }
        }
        return pick;
    }

    private void leaveViews() {
        stage.getItems().clear();
    }

    private void show(List<Integer> views) {
        stage.getItems().clear();
        for (int i : views) {
            stage.getItems().add(parts.borrowView(i));
        }
        if (views.size() == 2) {
            stage.setDividerPositions(0.5);
        }
        shown = List.copyOf(views);
        fitViews();
    }

    /**
     * The next step of the causal chain (entering presentation mode first): the step's view beside the
     * previous step's, the cursor at its cycle, its caption numbered above the narration, and the chain
     * drawn over the views up to it ({@link ChainOverlay}: the step outlined, an arrow from the previous
     * step's view). After the last step, the chain ends and the default views come back. Returns false
     * when the run has no leak.
     */
    public boolean nextChainStep() {
        if (chainAt < 0) {
            chain = parts.chain().get();
            if (chain.isEmpty()) {
                return false;
            }
        }
        if (!isActive()) {
            enter();
        }
        chainAt++;
        if (chainAt >= chain.size()) {
            endChain();
            leaveViews();
            parts.returnViews();
            show(defaultPick());
            return true;
        }
        CausalChain.Step step = chain.get(chainAt);
        parts.showStep().accept(step);
        parts.chainOverlay().setChain(chain);
        parts.chainOverlay().setFocus(chainAt);
        List<Integer> views = new ArrayList<>();
        if (chainAt > 0 && !chain.get(chainAt - 1).viewId().equals(step.viewId())) {
            indexOf(chain.get(chainAt - 1).viewId(), views);
        }
        indexOf(step.viewId(), views);
        if (!views.isEmpty()) {
            leaveViews();
            parts.returnViews();
            show(views);
        }
        chainCaption.setText(circled(step.number()) + " " + step.number() + "/" + chain.size() + "  " + step.title()
                + ": " + step.text());
        chainCaption.setVisible(true);
        chainCaption.setManaged(true);
        return true;
    }

    /** The chain step shown, or null. */
    public CausalChain.Step chainStep() {
        return chainAt < 0 || chainAt >= chain.size() ? null : chain.get(chainAt);
    }

    private void endChain() {
        chainAt = -1;
        parts.chainOverlay().setFocus(-1);
        chain = List.of();
        chainCaption.setVisible(false);
        chainCaption.setManaged(false);
    }

    private void indexOf(String viewId, List<Integer> into) {
        for (int i = 0; i < parts.views().size(); i++) {
            if (parts.viewId(i).equals(viewId) && !into.contains(i)) {
                into.add(i);
            }
        }
    }

    private static String circled(int n) {
        return n >= 1 && n <= 20 ? String.valueOf((char) ('\u2460' + n - 1)) : "(" + n + ")";
    }

    /** Leaves presentation mode: the window's layout, zoom and full-screen state as they were. */
    public void leave() {
        if (!isActive()) {
            return;
        }
        endChain();
        active.set(false);
        leaveViews();
        parts.returnViews();
        parts.returnCaption();
        BorderPane root = parts.root();
        root.heightProperty().removeListener(resize);
        root.setTop(savedTop);
        root.setCenter(savedCentre);
        parts.returnChainOverlay();
        root.setBottom(savedBottom);
        parts.setZoom().accept(savedZoom);
        Stage s = parts.stage();
        if (s != null && s.isFullScreen()) {
            s.setFullScreen(false);
        }
        if (s != null && savedBounds != null) {
            s.setX(savedBounds.getMinX());
            s.setY(savedBounds.getMinY());
            s.setWidth(savedBounds.getWidth());
            s.setHeight(savedBounds.getHeight());
            savedBounds = null;
        }
    }

    /** Updates the readouts (cycle, leaks, run button) from the window's state. */
    public void refresh() {
        if (!isActive()) {
            return;
        }
        cycle.setText(parts.cycleText().get());
        leaks.setText(parts.leakText().get());
        leaks.getStyleClass().remove("status-leaks-nonzero");
        if (parts.leaked().get()) {
            leaks.getStyleClass().add("status-leaks-nonzero");
        }
    }

    /** Sets the run button's label as the window's run state changes. */
    public void setRunning(boolean running) {
        runButton.setText(running ? "\u2016 Pause" : "\u25B6 Run");
    }

    /** Type at least {@link #minTextPx(double)} in the bar, the caption and the status line. */
    private void fitText() {
        double h = parts.root().getHeight() > 0 ? parts.root().getHeight()
                : parts.stage() != null ? parts.stage().getHeight() : 720;
        double px = minTextPx(h);
        String style = "-fx-font-size: " + px + "px;";
        bar.setStyle(style);
        bottom.setStyle(style);
        fitViews();
    }

    /**
     * Zooms the views (from the zoom in force, up to the largest) until the smallest label any of them
     * draws is at least {@link #minViewTextPx(double)} on screen. Runs after the next layout, when the views
     * have their presentation size.
     */
    private void fitViews() {
        javafx.application.Platform.runLater(this::fitViewsNow);
    }

    /** {@link #fitViews()} now, with the views' present sizes; returns the zoom chosen. */
    public double fitViewsNow() {
        if (!isActive() || shown.isEmpty()) {
            return parts.zoom().get();
        }
        double z = parts.zoom().get();
        double min = minViewTextPx(parts.root().getHeight());
        while (z < MAX_ZOOM - 1e-9 && smallestShown(z) < min) {
            z = Math.round((z + 0.1) * 10) / 10.0;
        }
        if (z != parts.zoom().get()) {
            parts.setZoom().accept(z);
        }
        return z;
    }

    /** The smallest label of the shown views at zoom {@code z}, px on screen. */
    public double smallestShown(double z) {
        double smallest = Double.MAX_VALUE;
        for (int i : shown) {
            smallest = Math.min(smallest, parts.smallestLabel().apply(i, z));
        }
        return smallest;
    }

    private static final double MAX_ZOOM = 2.0;
}
