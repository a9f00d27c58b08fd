package dev.asiscope.ui;

import dev.asiscope.ui.core.SimSession;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Details of the session's selection at the cursor, as a key/value grid and an explanation. */
public final class InspectorPanel {
    private final SimSession session;
    private final VBox box = new VBox(6);
    private final Label title = new Label();
    private final GridPane grid = new GridPane();
    private final TextArea text = new TextArea();
    private final ScrollPane scroll;
    private Inspection current;

    public InspectorPanel(SimSession session) {
        this.session = session;
        Label heading = new Label("Inspector");
        heading.getStyleClass().add("panel-title");
        title.setId("inspectorTitle");
        title.setWrapText(true);
        grid.setId("inspectorGrid");
        grid.setHgap(10);
        grid.setVgap(3);
        ColumnConstraints k = new ColumnConstraints();
        k.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        ColumnConstraints v = new ColumnConstraints();
        v.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(k, v);
        text.setId("inspectorText");
        text.setEditable(false);
        text.setWrapText(true);
        text.setPrefRowCount(6);
        text.getStyleClass().add("mono");
        box.getChildren().addAll(heading, title, grid, text);
        box.setPadding(new Insets(8));
        VBox.setVgrow(text, Priority.ALWAYS);
        scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        scroll.setId("inspector");
        session.selectionProperty().addListener((o, a, b) -> refresh());
    }

    public ScrollPane node() {
        return scroll;
    }

    public Inspection current() {
        return current;
    }

    /** Re-derives the inspection from the selection and the machine at the cursor. */
    public void refresh() {
        if (session.simulation() == null) {
            return;
        }
        Inspection i = Inspection.of(session.selectionProperty().get(), session.machine());
        if (i.equals(current)) {
            return;
        }
        current = i;
        title.setText(i.title());
        grid.getChildren().clear();
        int r = 0;
        for (Inspection.Row row : i.rows()) {
            Label key = new Label(row.key());
            key.getStyleClass().add("inspector-key");
            Label value = new Label(row.value());
            value.getStyleClass().add("inspector-value");
            value.setWrapText(true);
            value.setMinWidth(0);
            // Wrapped, never cut to "...": the panel scrolls instead (a bit's meaning is a sentence).
            value.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            grid.addRow(r++, key, value);
        }
        text.setText(i.text() == null ? "" : i.text());
        text.setVisible(i.text() != null);
        text.setManaged(i.text() != null);
    }

    /** All text shown (tests read it). */
    public String shownText() {
        StringBuilder sb = new StringBuilder(title.getText()).append('\n');
        if (current != null) {
            for (Inspection.Row row : current.rows()) {
                sb.append(row.key()).append(": ").append(row.value()).append('\n');
            }
        }
        return sb.append(text.getText()).toString();
    }
}
