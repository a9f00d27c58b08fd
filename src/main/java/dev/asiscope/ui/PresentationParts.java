package dev.asiscope.ui;

import dev.asiscope.ui.core.SimSession;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.engine.Simulation;
import dev.asiscope.ui.present.Presentation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.stage.Stage;

/**
 * What the main window lends to {@link Presentation}: its views (taken out of their grid rows and put
 * back at the same place), the caption panel, the status line, and its actions for the stepping buttons.
 */
final class PresentationParts implements Presentation.Parts {
    private record Borrowed(ViewPane pane, SplitPane row, int slot) {
    }

    private final BorderPane root;
    private final List<ViewPane> views;
    private final java.util.function.Function<ViewPane, SplitPane> rowOf;
    private final ScrollPane captionHome;
    private final Node caption;
    private final Node status;
    private final Keymap keymap;
    private final SimSession session;
    private final Appearance appearance;
    private final List<Borrowed> borrowed = new ArrayList<>();
    private final java.util.function.LongConsumer goTo;
    private final ViewGrid grid;

    @Override
    public dev.asiscope.ui.present.ChainOverlay chainOverlay() {
        return grid.chain();
    }

    @Override
    public void returnChainOverlay() {
        grid.mountChain();
    }

    PresentationParts(BorderPane root, List<ViewPane> views, java.util.function.Function<ViewPane, SplitPane> rowOf,
            ScrollPane captionHome,
            Node status, Keymap keymap, SimSession session, Appearance appearance, java.util.function.LongConsumer goTo,
            ViewGrid grid) {
        this.goTo = goTo;
        this.grid = grid;
        this.root = root;
        this.views = views;
        this.rowOf = rowOf;
        this.captionHome = captionHome;
        this.caption = captionHome.getContent();
        this.status = status;
        this.keymap = keymap;
        this.session = session;
        this.appearance = appearance;
    }

    @Override
    public BorderPane root() {
        return root;
    }

    @Override
    public List<? extends Region> views() {
        return views;
    }

    @Override
    public String viewId(int i) {
        return views.get(i).view().id();
    }

    @Override
    public Region borrowView(int i) {
        ViewPane p = views.get(i);
        SplitPane row = rowOf.apply(p);
        borrowed.add(new Borrowed(p, row, row.getItems().indexOf(p)));
        row.getItems().remove(p);
        p.markDirty();
        return p;
    }

    @Override
    public void returnViews() {
        // Back in slot order, so each goes where it was even when two came from one row.
        borrowed.sort(Comparator.comparingInt(Borrowed::slot));
        for (Borrowed b : borrowed) {
            if (!b.row().getItems().contains(b.pane())) {
                b.row().getItems().add(Math.min(b.slot(), b.row().getItems().size()), b.pane());
            }
            b.pane().markDirty();
        }
        borrowed.clear();
    }

    @Override
    public Node caption() {
        captionHome.setContent(null);
        return caption;
    }

    @Override
    public void returnCaption() {
        captionHome.setContent(caption);
    }

    @Override
    public Node statusLine() {
        return status;
    }

    @Override
    public Stage stage() {
        // A window inside a test stage of fixed size is presented in place, not full screen.
        if (root.getScene() == null || !(root.getScene().getWindow() instanceof Stage s)
                || Boolean.TRUE.equals(root.getProperties().get("presentInPlace"))) {
            return null;
        }
        return s;
    }

    @Override
    public Consumer<String> command() {
        return c -> {
            Action a = switch (c) {
                case "back" -> Action.STEP_BACK;
                case "run" -> Action.RUN_PAUSE;
                case "forward" -> Action.STEP_FORWARD;
                case "next-caption" -> Action.NEXT_CAPTION;
                case "previous-caption" -> Action.PREVIOUS_CAPTION;
                default -> throw new IllegalArgumentException("no presentation command " + c);
            };
            keymap.run(new Keymap.Hit(a, 0));
        };
    }

    @Override
    public Supplier<String> cycleText() {
        return () -> {
            Simulation sim = session.simulation();
            return sim == null ? "" : String.format("cycle %,d / %,d", session.cycle(), sim.endCycle());
        };
    }

    @Override
    public Supplier<String> leakText() {
        return () -> {
            Simulation sim = session.simulation();
            if (sim == null) {
                return "";
            }
            Machine now = session.machine();
            return "leaks " + now.leaks().size() + "/" + sim.end().leaks().size();
        };
    }

    @Override
    public Supplier<Boolean> leaked() {
        return () -> session.simulation() != null && !session.machine().leaks().isEmpty();
    }

    @Override
    public Supplier<Double> zoom() {
        return appearance::zoom;
    }

    @Override
    public Consumer<Double> setZoom() {
        return appearance::setZoom;
    }

    @Override
    public BiFunction<Integer, Double, Double> smallestLabel() {
        return (i, z) -> views.get(i).smallestText(z);
    }

    @Override
    public Supplier<List<dev.asiscope.ui.present.CausalChain.Step>> chain() {
        return () -> {
            dev.asiscope.sim.engine.Leak leak = leak();
            return leak == null ? List.of() : dev.asiscope.ui.present.CausalChain.of(leak, session.simulation());
        };
    }

    /** The selected leak (or LEAK event), else the run's first. */
    private dev.asiscope.sim.engine.Leak leak() {
        if (session.simulation() == null) {
            return null;
        }
        dev.asiscope.sim.engine.Leak selected =
                dev.asiscope.ui.views.Highlight.leakOf(session.selectionProperty().get());
        if (selected != null) {
            return selected;
        }
        List<dev.asiscope.sim.engine.Leak> all = session.simulation().end().leaks();
        return all.isEmpty() ? null : all.get(0);
    }

    @Override
    public Consumer<dev.asiscope.ui.present.CausalChain.Step> showStep() {
        return step -> {
            dev.asiscope.sim.engine.Leak leak = leak();
            goTo.accept(step.cycle());
            session.selectionProperty().set(leak);
        };
    }
}
