package dev.asiscope.ui;

import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.export.StandardViews;
import java.util.List;
import java.util.function.Supplier;
import javafx.animation.PauseTransition;
import javafx.scene.Node;
import javafx.scene.control.ToggleButton;
import javafx.stage.Window;
import javafx.util.Duration;

/**
 * Comparison mode (C): the window's run beside the same scenario under another policy, on one cursor.
 * The pane is made on first use; its right-hand run is simulated in advance a second after each new run
 * is shown, so turning comparison on shows it at once.
 */
final class CompareControl {
    /** The views shown on each side of the comparison. */
    private static final String[] COMPARED_VIEWS = {"cores", "caches", "address-spaces"};

    private final SimSession session;
    private final Appearance appearance;
    private final Supplier<NarrationTrack> narration;
    private final StatusBar status;
    private final ErrorReport errors;
    private final ToggleButton toggle;
    private final Supplier<Window> window;
    private final Node grid;
    private final PanelLayout panels;
    /** Waits before simulating comparison mode's run in advance. */
    private final PauseTransition prefetchDelay = new PauseTransition(Duration.seconds(1));
    private ComparisonPane comparison;

    CompareControl(SimSession session, Appearance appearance, Supplier<NarrationTrack> narration, StatusBar status,
            ErrorReport errors, ToggleButton toggle, Supplier<Window> window, Node grid, PanelLayout panels) {
        this.session = session;
        this.appearance = appearance;
        this.narration = narration;
        this.status = status;
        this.errors = errors;
        this.toggle = toggle;
        this.window = window;
        this.grid = grid;
        this.panels = panels;
        prefetchDelay.setOnFinished(e -> {
            Window w = window.get();
            if (w == null || !w.isShowing()) {
                prefetchDelay.playFromStart(); // not on screen yet: the first frame comes first
            } else {
                pane().prefetch();
            }
        });
    }

    boolean exists() {
        return comparison != null;
    }

    boolean isActive() {
        return comparison != null && comparison.isActive();
    }

    /** The comparison pane, made on first use (with view instances of its own: views keep hit maps). */
    ComparisonPane pane() {
        if (comparison == null) {
            comparison = new ComparisonPane(session, ViewGrid.pick(StandardViews.all(), COMPARED_VIEWS),
                    ViewGrid.pick(StandardViews.all(), COMPARED_VIEWS), appearance::theme, appearance::zoom,
                    narration);
            comparison.setOnError(m -> errors.show("Cannot simulate the right-hand policy", m));
            status.attach(comparison.runs());
        }
        return comparison;
    }

    /** Comparison mode on or off: the comparison or the grid over the table. */
    void set(boolean on) {
        if (toggle.isSelected() != on) {
            toggle.setSelected(on);
        }
        if (!on && comparison == null) {
            return;
        }
        pane().setActive(on);
        panels.setViews(on ? pane().node() : grid);
    }

    /** The comparison's view panes while it is shown, else none. */
    List<ViewPane> visiblePanes() {
        return isActive() ? comparison.viewPanes() : List.of();
    }

    /** Every view pane of the comparison (none before it is made). */
    List<ViewPane> allPanes() {
        return comparison == null ? List.of() : comparison.viewPanes();
    }

    /**
     * A new run is shown: comparison mode's right-hand run is simulated while the user looks at it, a
     * second later, so it does not compete with the window's first frames.
     */
    void prefetchSoon() {
        prefetchDelay.stop();
        prefetchDelay.playFromStart();
    }

    /** Stops the comparison's simulation in flight (Escape). */
    void cancel() {
        if (comparison != null) {
            comparison.cancel();
        }
    }

    /** Stops everything in flight; the window closes. */
    void close() {
        prefetchDelay.stop();
        cancel();
    }
}
