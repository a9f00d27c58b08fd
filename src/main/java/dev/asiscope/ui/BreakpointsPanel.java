package dev.asiscope.ui;

import dev.asiscope.scenario.EventText;
import dev.asiscope.scenario.Breakpoint;
import dev.asiscope.sim.engine.EventKind;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.cell.CheckBoxListCell;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * Breakpoints on event kinds and conditions: a kind, optionally a CPU, a data label (e.g. an L1D fill
 * of {@code host-secret}) or a text in the event's detail (e.g. a VM-exit reason).
 */
public final class BreakpointsPanel {
    private final BreakpointSet set;
    private final BorderPane root = new BorderPane();
    private final ListView<BreakpointSet.Entry> list = new ListView<>();
    private final ComboBox<EventKind> kind = new ComboBox<>();
    private final TextField cpu = new TextField();
    private final TextField label = new TextField();
    private final TextField contains = new TextField();
    private final Label error = new Label();

    public BreakpointsPanel(BreakpointSet set, Transport transport) {
        this.set = set;
        list.setId("breakpointList");
        list.setItems(set.entries());
        list.setCellFactory(CheckBoxListCell.forListView(BreakpointSet.Entry::enabledProperty,
                new StringConverter<>() {
                    @Override
                    public String toString(BreakpointSet.Entry e) {
                        return e == null ? "" : e.breakpoint().describe();
                    }

                    @Override
                    public BreakpointSet.Entry fromString(String s) {
                        return null;
                    }
                }));
        kind.setId("breakpointKind");
        kind.getItems().setAll(EventKind.values());
        kind.setConverter(new StringConverter<>() {
            @Override
            public String toString(EventKind k) {
                return k == null ? "" : EventText.title(k);
            }

            @Override
            public EventKind fromString(String s) {
                return null;
            }
        });
        kind.setValue(EventKind.ASI_EXIT);
        cpu.setId("breakpointCpu");
        cpu.setPromptText("any CPU");
        cpu.setPrefColumnCount(5);
        label.setId("breakpointLabel");
        label.setPromptText("label, e.g. host-secret");
        contains.setId("breakpointContains");
        contains.setPromptText("detail contains, e.g. EXTERNAL_INTERRUPT");
        Button add = new Button("Add");
        add.setId("addBreakpoint");
        add.setOnAction(e -> addFromForm());
        Button remove = new Button("Remove");
        remove.setId("removeBreakpoint");
        remove.setOnAction(e -> {
            BreakpointSet.Entry sel = list.getSelectionModel().getSelectedItem();
            if (sel != null) {
                set.entries().remove(sel);
            }
        });
        Button asiExit = preset("ASI exit", Breakpoint.on(EventKind.ASI_EXIT));
        Button leak = preset("leak", Breakpoint.on(EventKind.LEAK));
        Button secretFill = preset("L1D fill of host-secret",
                new Breakpoint(EventKind.CACHE_FILL, -1, "host-secret", null));
        Button irq = preset("VM exit EXTERNAL_INTERRUPT",
                new Breakpoint(EventKind.VM_EXIT, -1, null, "EXTERNAL_INTERRUPT"));
        CheckBox stopRun = new CheckBox("stop a run at breakpoints");
        stopRun.setId("stopAtBreakpoints");
        stopRun.selectedProperty().bindBidirectional(transport.stopAtBreakpointsProperty());
        error.getStyleClass().add("status-leaks-nonzero");
        HBox presets = new HBox(6, new Label("Quick:"), asiExit, leak, secretFill, irq);
        presets.setAlignment(Pos.CENTER_LEFT);
        HBox form = new HBox(6, kind, cpu, label, contains, add, remove);
        form.setAlignment(Pos.CENTER_LEFT);
        VBox top = new VBox(6, presets, form, new HBox(12, stopRun, error));
        top.setPadding(new Insets(4));
        root.setTop(top);
        root.setCenter(list);
        root.setId("breakpointsPanel");
    }

    private Button preset(String text, Breakpoint b) {
        Button button = new Button(text);
        button.setMnemonicParsing(false);
        button.setOnAction(e -> set.add(b));
        return button;
    }

    private void addFromForm() {
        if (kind.getValue() == null) {
            error.setText("choose an event kind");
            return;
        }
        int c = -1;
        String ct = cpu.getText() == null ? "" : cpu.getText().trim().replace("cpu", "");
        if (!ct.isEmpty()) {
            try {
                c = Integer.parseInt(ct);
            } catch (NumberFormatException e) {
                error.setText("CPU must be a number, e.g. 1");
                return;
            }
        }
        error.setText("");
        set.add(new Breakpoint(kind.getValue(), c, blankToNull(label.getText()), blankToNull(contains.getText())));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    public BorderPane node() {
        return root;
    }
}
