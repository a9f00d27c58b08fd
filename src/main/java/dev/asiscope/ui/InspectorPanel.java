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

/**
 * Details of the session's selection at the cursor, as a key/value grid and an explanation. In a narrow
 * column (a projector's large type, zoomed, at 1280x720) each value goes under its key at the full width
 * instead of beside it, where it was left a few characters per line.
 */
public final class InspectorPanel {
    /** Below this many type sizes of width, values go under their keys. */
    static final double STACK_BELOW_EMS = 20;

    private final SimSession session;
    private boolean stacked;
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
        scroll.widthProperty().addListener((o, a, b) -> restack());
        title.fontProperty().addListener((o, a, b) -> restack());
    }

    /** Whether values go under their keys at the panel's width and type size now. */
    private boolean narrow() {
        double w = scroll.getWidth();
        return w > 0 && w < STACK_BELOW_EMS * title.getFont().getSize();
    }

    private void restack() {
        if (narrow() != stacked && current != null) {
            layRows();
        }
    }

    /** Whether the values are under their keys (tests). */
    public boolean stacked() {
        return stacked;
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
        layRows();
        text.setText(i.text() == null ? "" : i.text());
        text.setVisible(i.text() != null);
        text.setManaged(i.text() != null);
    }

    /** Puts the rows of the current inspection in the grid: beside their keys, or under them when narrow. */
    private void layRows() {
        stacked = narrow();
        grid.getChildren().clear();
        int r = 0;
        for (Inspection.Row row : current.rows()) {
            Label key = new Label(row.key());
            key.getStyleClass().add("inspector-key");
            Label value = new Label(row.value());
            value.getStyleClass().add("inspector-value");
            value.setWrapText(true);
            value.setMinWidth(0);
            value.setMaxWidth(Double.MAX_VALUE); // as wide as its column, so it wraps at the column's width
            // Wrapped, never cut to "...": the panel scrolls instead (a bit's meaning is a sentence).
            value.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            if (stacked) {
                key.setWrapText(true);
                key.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
                grid.add(key, 0, r++, 2, 1);
                grid.add(value, 0, r++, 2, 1);
                GridPane.setMargin(value, new Insets(0, 0, 2, 12));
            } else {
                grid.addRow(r++, key, value);
            }
        }
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
