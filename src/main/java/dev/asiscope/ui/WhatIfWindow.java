package dev.asiscope.ui;

import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import dev.asiscope.scenario.Scenario;
import dev.asiscope.scenario.ScenarioException;
import java.util.List;
import dev.asiscope.ui.workspace.WorkspaceWhatIf;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The main window's one what-if pane and the window it is shown in. The pane is made when first needed
 * (View &gt; What if, or a workspace with what-if edits), not with every scenario opened: it simulates the
 * scenario again, which is wasted work for a window never asked "what if". When a scenario is opened the
 * pane starts over on it, with the workspace's edits if it has any.
 */
final class WhatIfWindow {
    private final SimSession main;
    private final Supplier<Theme> theme;
    private final Supplier<Double> zoom;
    private WhatIfPane pane;
    private Stage stage;
    private Runnable onEdited = () -> { };

    WhatIfWindow(SimSession main, Supplier<Theme> theme, Supplier<Double> zoom) {
        this.main = main;
        this.theme = theme;
        this.zoom = zoom;
    }

    /** View &gt; What if: shows the pane's window, making the pane on the open scenario if there is none. */
    void show() {
        if (main.scenario() == null) {
            return;
        }
        if (stage == null) {
            stage = new Stage();
            stage.setTitle("asiscope: what if");
            stage.setScene(new Scene(pane(), 1280, 900));
        }
        stage.show();
        stage.toFront();
    }

    /** The pane, made (on the open scenario, no edits) when there is none yet. */
    WhatIfPane pane() {
        if (pane == null) {
            pane = new WhatIfPane(main, theme, zoom);
            pane.setOnEdited(() -> onEdited.run());
        }
        return pane;
    }

    /** Whether the pane has been made. */
    boolean exists() {
        return pane != null;
    }

    /** Calls {@code r} after each edit or undo the user makes in the pane (the workspace autosaves). */
    void setOnEdited(Runnable r) {
        onEdited = r;
    }

    /**
     * A scenario was opened in the main window: the pane starts over on it with {@code saved}'s edits
     * (null: none), and {@code onBad} hears of an edit that does not fit (see {@link WhatIfPane#restore}).
     */
    void scenarioOpened(WorkspaceWhatIf saved, BiConsumer<Integer, ScenarioException> onBad) {
        if (saved == null || saved.edits().isEmpty()) {
            if (pane != null) {
                pane.runs().cancel();
                pane.reset();
            }
            return;
        }
        boolean made = pane == null;
        WhatIfPane p = pane();
        if (!made) {
            p.runs().cancel();
        }
        // a new pane has started its unedited run already: restore replaces it (one run in flight)
        p.restore(saved.policy() == null ? main.scenario().policyName() : saved.policy(), saved.edits(), onBad);
    }

    /**
     * The main window's run changed without a scenario being opened (a reload of the file, a policy
     * change): the pane starts over on the main window's scenario and policy and re-applies its edits, so
     * that it never compares against a run the main window no longer shows. An edit that no longer fits
     * the reloaded scenario is named in the pane's status line; the edits before it stay.
     */
    void followRun() {
        if (pane == null || main.scenario() == null) {
            return;
        }
        List<Scenario.EditSpec> edits = pane.edits();
        pane.runs().cancel();
        pane.restore(main.policyName(), edits, null);
    }

    /** The pane's edits for the workspace, or null when there are none. */
    WorkspaceWhatIf current() {
        if (pane == null || pane.edits().isEmpty() || pane.policy() == null) {
            return null;
        }
        String policy = pane.policy();
        // as the workspace's own policy: written only when it is not the scenario's (the main window's
        // policy is no guide: it may change after the pane was made)
        return new WorkspaceWhatIf(policy.equals(main.scenario().policyName()) ? null : policy, pane.edits());
    }

    /** Stops the pane's re-run and closes its window. */
    void close() {
        if (pane != null) {
            pane.runs().cancel();
        }
        if (stage != null) {
            stage.close();
        }
    }
}
