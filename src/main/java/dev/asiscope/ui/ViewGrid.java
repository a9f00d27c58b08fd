package dev.asiscope.ui;

import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.MachineView;
import dev.asiscope.ui.annotate.EditHistory;
import dev.asiscope.ui.annotate.editor.AnnotationOverlay;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Orientation;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;

/**
 * The machine views of the window in rows (cores and caches, then the others, the timeline last), each
 * with its annotation layer; one of them is the focused view (export, clipboard and the annotation
 * toolbar act on it), and any one can be shown alone (1-6, a double-click) and put back in its place.
 */
final class ViewGrid {
    private final ProportionalSplitPane rows = new ProportionalSplitPane();
    private final BorderPane holder = new BorderPane();
    private final List<ViewPane> panes = new ArrayList<>();
    private final Map<ViewPane, SplitPane> rowOf = new HashMap<>();
    private final Map<ViewPane, AnnotationOverlay> overlays = new LinkedHashMap<>();
    private final Consumer<AnnotationOverlay> onFocus;
    private ViewPane focused;
    private ViewPane maximized;
    private int maximizedSlot;
    private final dev.asiscope.ui.present.ChainOverlay chain;

    /**
     * @param editing  true while annotating (a double-click then belongs to the editor)
     * @param onFocus  told the overlay of the view that gets the focus
     */
    ViewGrid(List<MachineView> views, SimSession session, Appearance appearance, EditHistory history,
            ObservableBooleanValue editing, Consumer<AnnotationOverlay> onFocus) {
        this.onFocus = onFocus;
        rows.setOrientation(Orientation.VERTICAL);
        rows.setId("viewsArea");
        for (List<MachineView> row : layout(views)) {
            ProportionalSplitPane r = new ProportionalSplitPane();
            for (MachineView m : row) {
                ViewPane p = new ViewPane(m, session, appearance::theme, appearance::zoom);
                p.setWheelZoom(d -> {
                    if (d > 0) {
                        appearance.zoomIn();
                    } else {
                        appearance.zoomOut();
                    }
                });
                p.setOnMouseClicked(e -> {
                    if (e.getClickCount() == 2 && !editing.get()) {
                        toggleMaximized(p);
                    }
                });
                AnnotationOverlay o = new AnnotationOverlay(history, m, session);
                o.zoomProperty().bind(appearance.zoomProperty());
                o.themeProperty().bind(appearance.themeProperty());
                o.editingProperty().bind(editing);
                o.setMouseTransparent(true);
                p.setOverlay(o);
                overlays.put(p, o);
                p.addEventFilter(javafx.scene.input.MouseEvent.MOUSE_PRESSED, e -> focus(p));
                panes.add(p);
                rowOf.put(p, r);
                r.getItems().add(p);
            }
            if (r.getItems().size() == 3) {
                // Address spaces, page walk and page tables: without positions the page walk (whose
                // preferred width is small) was squeezed to a sliver between the two wide views.
                r.keep(0.40, 0.72);
            } else if (r.getItems().size() == 2) {
                r.keep(0.5);
            }
            rows.getItems().add(r);
        }
        if (!panes.isEmpty()) {
            focus(panes.get(0));
        }
        holder.setCenter(rows);
        if (rows.getItems().size() == 3) {
            rows.keep(0.36, 0.68);
        }
        // The selected leak's causal chain, drawn over the views from their layout.
        chain = new dev.asiscope.ui.present.ChainOverlay(this::sceneBox, appearance::theme, session::cycle);
        // Its badges and arrows grow with the views' zoom, in the grid as in presentation mode.
        chain.setScale(appearance::zoom);
        mountChain();
        holder.centerProperty().addListener((o, a, b) -> {
            // A view shown alone (or the grid back): the layer on top, redrawn for the views now on screen.
            chain.toFront();
            chain.requestRefresh();
        });
        holder.widthProperty().addListener((o, a, b) -> layOutChain());
        holder.heightProperty().addListener((o, a, b) -> layOutChain());
        for (ViewPane p : panes) {
            p.addPaintListener(chain::requestRefresh);
        }
        session.selectionProperty().addListener((o, a, b) -> chain.setChain(chainOf(session)));
        session.simulationProperty().addListener((o, a, b) -> chain.setChain(chainOf(session)));
    }

    /** The causal chain of the selected leak (or LEAK event), or none. */
    static List<dev.asiscope.ui.present.CausalChain.Step> chainOf(SimSession s) {
        dev.asiscope.sim.engine.Leak leak = dev.asiscope.ui.views.Highlight.leakOf(s.selectionProperty().get());
        return leak == null || s.simulation() == null ? List.of()
                : dev.asiscope.ui.present.CausalChain.of(leak, s.simulation());
    }

    /** Where a pane of the grid (the first of that view that is on screen) draws an anchor's object. */
    private java.util.Optional<javafx.geometry.Bounds> sceneBox(String viewId, dev.asiscope.ui.annotate.Anchor a) {
        for (ViewPane p : panes) {
            if (p.view().id().equals(viewId) && p.getScene() != null) {
                java.util.Optional<javafx.geometry.Bounds> b = p.locateInScene(a);
                if (b.isPresent()) {
                    return b;
                }
            }
        }
        return java.util.Optional.empty();
    }

    /** The causal-chain layer (presentation mode borrows it and gives it back with {@link #mountChain()}). */
    dev.asiscope.ui.present.ChainOverlay chain() {
        return chain;
    }

    /** Lays the causal-chain layer over the grid (again). */
    void mountChain() {
        chain.setManaged(false);
        if (chain.getParent() != holder) {
            holder.getChildren().add(chain);
        }
        chain.toFront();
        layOutChain();
    }

    private void layOutChain() {
        if (chain.getParent() == holder) {
            chain.resizeRelocate(0, 0, holder.getWidth(), holder.getHeight());
        }
    }

    /** Rows: cores and caches; the other views but the timeline; the timeline. */
    private static List<List<MachineView>> layout(List<MachineView> views) {
        List<List<MachineView>> out = new ArrayList<>();
        out.add(pick(views, "cores", "caches"));
        List<MachineView> rest = new ArrayList<>(views);
        rest.removeAll(out.get(0));
        List<MachineView> timeline = rest.stream().filter(m -> m.id().equals("timeline")).toList();
        rest.removeAll(timeline);
        if (!rest.isEmpty()) {
            out.add(rest);
        }
        if (!timeline.isEmpty()) {
            out.add(timeline);
        }
        return out;
    }

    /** The views of {@code all} with these ids, in this order (the first two when none is there). */
    static List<MachineView> pick(List<MachineView> all, String... ids) {
        List<MachineView> out = new ArrayList<>();
        for (String id : ids) {
            all.stream().filter(m -> m.id().equals(id)).findFirst().ifPresent(out::add);
        }
        return out.isEmpty() ? all.subList(0, Math.min(2, all.size())) : out;
    }

    /** The node to place in the window (the grid, or the view shown alone). */
    BorderPane node() {
        return holder;
    }

    List<ViewPane> panes() {
        return panes;
    }

    /** Makes {@code p} the view the toolbar, export and clipboard act on. */
    void focus(ViewPane p) {
        if (focused == p) {
            return;
        }
        if (focused != null) {
            focused.getStyleClass().remove("focused-view");
        }
        focused = p;
        p.getStyleClass().add("focused-view");
        onFocus.accept(overlays.get(p));
    }

    ViewPane focused() {
        return focused;
    }

    /** The annotation layer over {@code p}. */
    AnnotationOverlay overlay(ViewPane p) {
        return overlays.get(p);
    }

    /** Shows {@code pane} alone, or puts it back in its row when it is the one shown alone. */
    void toggleMaximized(ViewPane pane) {
        ViewPane was = maximized;
        if (was != null) {
            holder.setCenter(rows);
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
        holder.setCenter(pane);
        maximized = pane;
        pane.markDirty();
    }

    /** The row {@code p} belongs in (presentation mode takes views out of it and puts them back). */
    SplitPane row(ViewPane p) {
        return rowOf.get(p);
    }

    /** The view shown alone, or null. */
    ViewPane maximized() {
        return maximized;
    }
}
