package dev.asiscope.ui.annotate.editor;

import dev.asiscope.ui.annotate.Annotation;
import dev.asiscope.ui.annotate.EditHistory;
import dev.asiscope.ui.annotate.Style;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ChangeListener;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ColorPicker;
import javafx.scene.control.Separator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.layout.FlowPane;
import javafx.scene.paint.Color;
import javafx.util.StringConverter;

/**
 * Tools, style and undo for the {@link AnnotationOverlay} that has the user's attention (a flow of
 * controls that wraps onto a second row in a narrow window). The shell sets
 * {@link #targetProperty()} to the overlay of the focused view; tool, style and the pin/anchor switches
 * carry over when the target changes. Node ids: {@code tool-select}, {@code tool-arrow}, {@code tool-rect},
 * {@code tool-ellipse}, {@code tool-callout}, {@code tool-step}, {@code tool-text}, {@code annotationColor},
 * {@code annotationStroke}, {@code annotationFontSize}, {@code annotationPin}, {@code annotationAnchor},
 * {@code annotationDelete}, {@code annotationUndo}, {@code annotationRedo}.
 */
public final class AnnotationToolbar extends FlowPane {
    private static final List<Double> STROKES = List.of(1.0, 2.0, 3.0, 4.0, 6.0, 8.0);
    private static final List<Double> FONT_SIZES = List.of(10.0, 12.0, 14.0, 16.0, 20.0, 24.0, 32.0, 48.0);

    private final ObjectProperty<AnnotationOverlay> target = new SimpleObjectProperty<>();
    private final ToggleGroup tools = new ToggleGroup();
    private final ColorPicker color = new ColorPicker(Color.web(Style.DEFAULT.color()));
    private final ChoiceBox<Double> stroke = new ChoiceBox<>();
    private final ChoiceBox<Double> fontSize = new ChoiceBox<>();
    private final CheckBox pin = new CheckBox("Pin");
    private final CheckBox anchor = new CheckBox("Follow objects");
    private final Button delete = new Button("Delete");
    private final Button undo = new Button("Undo");
    private final Button redo = new Button("Redo");
    private final Consumer<EditHistory> onHistory = h -> updateButtons();
    private final ChangeListener<Annotation> onSelection = (o, a, b) -> selectionChanged(b);
    private boolean syncing;

    public AnnotationToolbar() {
        super(6, 4);
        setId("annotationToolbar");
        getStyleClass().add("annotation-toolbar");
        setPadding(new Insets(4, 6, 4, 6));
        setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        for (AnnotationTool t : AnnotationTool.values()) {
            ToggleButton b = new ToggleButton(t.title());
            b.setId(t.buttonId());
            b.setUserData(t);
            b.setToggleGroup(tools);
            getChildren().add(b);
        }
        tools.selectToggle(tools.getToggles().get(0));
        tools.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                tools.selectToggle(a);
            } else if (target.get() != null) {
                target.get().toolProperty().set((AnnotationTool) b.getUserData());
            }
        });

        color.setId("annotationColor");
        color.getStyleClass().add("button");
        stroke.setId("annotationStroke");
        stroke.getItems().setAll(STROKES);
        stroke.setConverter(suffix(" px line"));
        stroke.setValue(Style.DEFAULT.strokeWidth());
        fontSize.setId("annotationFontSize");
        fontSize.getItems().setAll(FONT_SIZES);
        fontSize.setConverter(suffix(" px text"));
        fontSize.setValue(Style.DEFAULT.fontSize());
        color.valueProperty().addListener((o, a, b) -> styleEdited());
        stroke.valueProperty().addListener((o, a, b) -> styleEdited());
        fontSize.valueProperty().addListener((o, a, b) -> styleEdited());

        pin.setId("annotationPin");
        pin.setTooltip(new Tooltip("New annotations show at every cycle (the selected one too)"));
        pin.selectedProperty().addListener((o, a, b) -> {
            AnnotationOverlay t = target.get();
            if (t != null && !syncing) {
                t.pinNewProperty().set(b);
                t.setSelectionPinned(b);
            }
        });
        anchor.setId("annotationAnchor");
        anchor.setSelected(true);
        anchor.setTooltip(new Tooltip("New annotations follow the cache line, PTE or core under them"));
        anchor.selectedProperty().addListener((o, a, b) -> {
            if (target.get() != null) {
                target.get().anchorNewProperty().set(b);
            }
        });

        delete.setId("annotationDelete");
        delete.setOnAction(e -> {
            if (target.get() != null) {
                target.get().deleteSelection();
            }
        });
        undo.setId("annotationUndo");
        undo.setOnAction(e -> {
            if (target.get() != null) {
                target.get().undo();
            }
        });
        redo.setId("annotationRedo");
        redo.setOnAction(e -> {
            if (target.get() != null) {
                target.get().redo();
            }
        });
        getChildren().addAll(new Separator(Orientation.VERTICAL), color, stroke, fontSize, pin, anchor,
                new Separator(Orientation.VERTICAL), delete, undo, redo);

        target.addListener((o, old, now) -> retarget(old, now));
        updateButtons();
    }

    /** The overlay the toolbar drives (the focused view's), or null. */
    public ObjectProperty<AnnotationOverlay> targetProperty() {
        return target;
    }

    /** The style the controls show. */
    public Style currentStyle() {
        Color c = color.getValue();
        String hex = String.format(Locale.ROOT, "#%02x%02x%02x", (int) Math.round(c.getRed() * 255),
                (int) Math.round(c.getGreen() * 255), (int) Math.round(c.getBlue() * 255));
        return new Style(hex, stroke.getValue(), fontSize.getValue());
    }

    private void retarget(AnnotationOverlay old, AnnotationOverlay now) {
        if (old != null) {
            old.history().removeListener(onHistory);
            old.selectionProperty().removeListener(onSelection);
        }
        if (now != null) {
            now.history().addListener(onHistory);
            now.selectionProperty().addListener(onSelection);
            now.toolProperty().set((AnnotationTool) tools.getSelectedToggle().getUserData());
            now.annotationStyleProperty().set(currentStyle());
            now.pinNewProperty().set(pin.isSelected());
            now.anchorNewProperty().set(anchor.isSelected());
        }
        updateButtons();
    }

    private void styleEdited() {
        if (syncing || target.get() == null) {
            return;
        }
        target.get().applyStyle(currentStyle());
    }

    /** Shows the selected annotation's style and pinning in the controls, without restyling anything. */
    private void selectionChanged(Annotation a) {
        updateButtons();
        if (a == null) {
            return;
        }
        syncing = true;
        try {
            color.setValue(Color.web(a.style().color()));
            if (!stroke.getItems().contains(a.style().strokeWidth())) {
                stroke.getItems().add(a.style().strokeWidth());
            }
            stroke.setValue(a.style().strokeWidth());
            if (!fontSize.getItems().contains(a.style().fontSize())) {
                fontSize.getItems().add(a.style().fontSize());
            }
            fontSize.setValue(a.style().fontSize());
            pin.setSelected(a.attachment().pinned());
        } finally {
            syncing = false;
        }
        if (target.get() != null) {
            target.get().annotationStyleProperty().set(a.style());
        }
    }

    private void updateButtons() {
        AnnotationOverlay t = target.get();
        undo.setDisable(t == null || !t.history().canUndo());
        redo.setDisable(t == null || !t.history().canRedo());
        delete.setDisable(t == null || t.selectionProperty().get() == null);
        undo.setTooltip(new Tooltip(t == null ? "Undo" : t.history().undoDescription().map(d -> "Undo " + d)
                .orElse("Nothing to undo") + " (Ctrl+Z)"));
        redo.setTooltip(new Tooltip(t == null ? "Redo" : t.history().redoDescription().map(d -> "Redo " + d)
                .orElse("Nothing to redo") + " (Ctrl+Y)"));
    }

    private static StringConverter<Double> suffix(String unit) {
        return new StringConverter<>() {
            @Override
            public String toString(Double v) {
                return v == null ? "" : (v == Math.rint(v) ? Long.toString(v.longValue()) : v.toString()) + unit;
            }

            @Override
            public Double fromString(String s) {
                return Double.valueOf(s.replace(unit, "").trim());
            }
        };
    }
}
