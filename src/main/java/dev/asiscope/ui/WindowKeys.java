package dev.asiscope.ui;

import dev.asiscope.ui.annotate.editor.AnnotationOverlay;
import javafx.scene.Node;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.Pane;

/**
 * The window's keyboard: every key goes through the {@link Keymap} (the action table's keys), except keys
 * typed into a text field, keys the annotation editor owns while annotating, and any key while the
 * shortcut card is shown (it closes the card).
 */
final class WindowKeys {
    private final Pane root;
    private final Keymap keymap;
    private final ShortcutOverlay overlay;
    private final ToggleButton annotating;
    private boolean swallowTyped;

    WindowKeys(Pane root, Keymap keymap, ShortcutOverlay overlay, ToggleButton annotating) {
        this.root = root;
        this.keymap = keymap;
        this.overlay = overlay;
        this.annotating = annotating;
        root.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        root.addEventFilter(KeyEvent.KEY_TYPED, this::onKeyTyped);
    }

    /** The character of the key just pressed (G, which focused the cycle field) must not land in a field. */
    void swallowNextTyped() {
        swallowTyped = true;
    }

    private void onKeyTyped(KeyEvent e) {
        if (swallowTyped) {
            swallowTyped = false;
            e.consume();
            return;
        }
        if (inText() || overlay.isShowing()) {
            return;
        }
        if (keymap.run(Keymap.typed(e.getCharacter()))) {
            e.consume();
        }
    }

    /** Keys typed into a text field (or an editable combo box's editor) belong to it, not to the shortcuts. */
    private boolean inText() {
        Node focus = root.getScene() == null ? null : root.getScene().getFocusOwner();
        return focus instanceof TextInputControl || focus instanceof ComboBoxBase<?> c && c.isEditable();
    }

    private void onKey(KeyEvent e) {
        KeyCode k = e.getCode();
        if (overlay.isShowing()) {
            if (!k.isModifierKey()) {
                overlay.show(false);
                e.consume();
            }
            return;
        }
        Keymap.Hit hit = Keymap.pressed(e);
        if (hit != null && hit.action() == Action.SHORTCUTS) {
            overlay.show(true);
            e.consume();
            return;
        }
        if (inText()) {
            if (hit != null && hit.action() == Action.STOP) {
                root.requestFocus();
                e.consume();
            }
            return;
        }
        if (annotating.isSelected() && root.getScene() != null
                && root.getScene().getFocusOwner() instanceof AnnotationOverlay
                && (k.isArrowKey() || k == KeyCode.DELETE || k == KeyCode.BACK_SPACE || k == KeyCode.ESCAPE)) {
            return; // the editor moves, deletes and deselects annotations
        }
        if (keymap.run(hit)) {
            e.consume();
        }
    }
}
