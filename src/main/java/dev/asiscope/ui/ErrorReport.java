package dev.asiscope.ui;

import java.util.function.Supplier;
import javafx.beans.property.StringProperty;
import javafx.scene.control.Alert;
import javafx.stage.Window;

/**
 * How the window reports what it cannot do: one line in the status message and in a dialog over the
 * window (never a stack trace); the last line is kept for tests and scripts.
 */
final class ErrorReport {
    private final Supplier<Window> owner;
    private final StringProperty message;
    private String last;

    /**
     * @param owner   the window the dialog belongs to (null before it is shown)
     * @param message the status bar's message line
     */
    ErrorReport(Supplier<Window> owner, StringProperty message) {
        this.owner = owner;
        this.message = message;
    }

    /** A scenario that cannot be opened. */
    void cannotOpen(String oneLine) {
        show("Cannot open the scenario", oneLine);
    }

    /** Shows {@code oneLine} under {@code header} in a dialog and in the status line. */
    void show(String header, String oneLine) {
        last = oneLine;
        message.set(oneLine);
        Alert a = new Alert(Alert.AlertType.ERROR);
        a.setTitle("asiscope");
        a.setHeaderText(header);
        a.setContentText(oneLine);
        Window w = owner.get();
        if (w != null) {
            a.initOwner(w);
        }
        a.getDialogPane().setId("errorDialog");
        a.show();
    }

    /** The last error shown (one line), or null. */
    String last() {
        return last;
    }
}
