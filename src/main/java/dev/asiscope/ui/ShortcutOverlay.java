package dev.asiscope.ui;

import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The F1 / ? card listing every keyboard shortcut; any key or click closes it. */
public final class ShortcutOverlay {
    /** One shortcut: the keys and what they do. */
    public record Shortcut(String keys, String action) {
    }

    /** Every shortcut the window handles, in the order shown. */
    public static final List<Shortcut> SHORTCUTS = List.of(
            new Shortcut("Space", "step forward (by the step unit: cycle, event or caption)"),
            new Shortcut("Shift+Space", "step back"),
            new Shortcut("Right / Left", "next / previous event (of the kinds chosen in Navigate)"),
            new Shortcut("Ctrl+Right", "continue to the next breakpoint"),
            new Shortcut("Ctrl+Left", "reverse-continue to the previous breakpoint"),
            new Shortcut("R", "run / pause"),
            new Shortcut("Home / End", "start / end of the run"),
            new Shortcut("Page Down / Page Up", "next / previous narration caption"),
            new Shortcut("G", "go to cycle (focuses the cycle field; Enter goes)"),
            new Shortcut("T", "next theme (light, dark, projector)"),
            new Shortcut("+ / -", "zoom in / out (50-200%)"),
            new Shortcut("0", "zoom 100%"),
            new Shortcut("1 ... 6", "show one view alone (cores, caches, address spaces, page walk, page tables, timeline); again to restore; or double-click a view"),
            new Shortcut("C", "comparison mode on / off"),
            new Shortcut("M", "guided mode on / off (when the scenario has one)"),
            new Shortcut("A", "annotate the selected view on / off"),
            new Shortcut("Ctrl+Z / Ctrl+Y", "undo / redo an annotation edit"),
            new Shortcut("Ctrl+S", "save the workspace beside the scenario"),
            new Shortcut("E / L / B", "Events table / Leaks (selects the first) / Breakpoints"),
            new Shortcut("Ctrl+O", "open a scenario file"),
            new Shortcut("F5", "reload the scenario file"),
            new Shortcut("Escape", "close this card; leave a text field"),
            new Shortcut("F1 or ?", "show this card"));

    private final StackPane layer = new StackPane();

    public ShortcutOverlay(Runnable onClose) {
        layer.setId("shortcutOverlay");
        layer.getStyleClass().add("shortcut-overlay");
        GridPane grid = new GridPane();
        grid.setHgap(24);
        grid.setVgap(6);
        int r = 0;
        for (Shortcut s : SHORTCUTS) {
            Label k = new Label(s.keys());
            k.getStyleClass().add("shortcut-key");
            grid.addRow(r++, k, new Label(s.action()));
        }
        Label title = new Label("Keyboard shortcuts");
        title.getStyleClass().add("narration-title");
        Label hint = new Label("Press any key or click to close.");
        hint.getStyleClass().add("inspector-key");
        VBox card = new VBox(12, title, grid, hint);
        card.getStyleClass().add("shortcut-card");
        card.setMaxSize(VBox.USE_PREF_SIZE, VBox.USE_PREF_SIZE);
        card.setPadding(new Insets(20));
        layer.getChildren().add(card);
        StackPane.setAlignment(card, Pos.CENTER);
        layer.setVisible(false);
        layer.setOnMouseClicked(e -> onClose.run());
    }

    public StackPane node() {
        return layer;
    }

    public boolean isShowing() {
        return layer.isVisible();
    }

    public void show(boolean on) {
        layer.setVisible(on);
    }
}
