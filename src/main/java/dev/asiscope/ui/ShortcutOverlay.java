package dev.asiscope.ui;

import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The F1 / ? card listing every keyboard shortcut of the {@link Action} table; any key or click closes it. */
public final class ShortcutOverlay {
    /** One shortcut: the keys and what they do. */
    public record Shortcut(String keys, String action) {
    }

    /** Every action with keys, from the {@link Action} table, in its order. */
    public static final List<Shortcut> SHORTCUTS = Action.markdownRows().stream()
            .map(a -> new Shortcut(a.keys(), a.title().replace("\u2026", "") + ": " + a.description())).toList();

    private final StackPane layer = new StackPane();

    public ShortcutOverlay(Runnable onClose) {
        layer.setId("shortcutOverlay");
        layer.getStyleClass().add("shortcut-overlay");
        layer.setVisible(false);
        layer.setOnMouseClicked(e -> onClose.run());
    }

    /**
     * The card, made when first shown: its hundred-odd labels, wrapped, cost the window's first frame
     * their CSS and layout while nobody has asked for them.
     */
    private void makeCard() {
        // Two columns of shortcuts so the card fits a 1280x720 projector at 100%.
        GridPane grid = new GridPane();
        grid.setHgap(18);
        grid.setVgap(4);
        int half = (SHORTCUTS.size() + 1) / 2;
        for (int i = 0; i < SHORTCUTS.size(); i++) {
            Shortcut s = SHORTCUTS.get(i);
            Label k = new Label(s.keys());
            k.getStyleClass().add("shortcut-key");
            k.setMinWidth(Label.USE_PREF_SIZE);
            Label what = new Label(s.action());
            what.setWrapText(true);
            what.setMaxWidth(360);
            int col = i < half ? 0 : 2;
            grid.add(k, col, i % half);
            grid.add(what, col + 1, i % half);
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
    }

    public StackPane node() {
        return layer;
    }

    public boolean isShowing() {
        return layer.isVisible();
    }

    public void show(boolean on) {
        if (on && layer.getChildren().isEmpty()) {
            makeCard();
        }
        layer.setVisible(on);
    }
}
