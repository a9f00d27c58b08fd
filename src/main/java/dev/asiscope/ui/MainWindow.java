package dev.asiscope.ui;

import dev.asiscope.scenario.ArchitecturalState;
import dev.asiscope.scenario.Hex;
import dev.asiscope.scenario.Scenario;
import dev.asiscope.scenario.TranslationReport;
import dev.asiscope.sim.mem.PhysicalMemory;
import dev.asiscope.sim.paging.AccessType;
import dev.asiscope.sim.paging.ControlRegisters;
import dev.asiscope.sim.paging.PageTableEntry;
import dev.asiscope.sim.paging.PageWalker;
import dev.asiscope.sim.paging.PagingLevel;
import dev.asiscope.sim.paging.WalkResult;
import dev.asiscope.sim.paging.WalkStep;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;

/**
 * The main window (first slice): the scenario's page tables, walked on demand. Inspection never
 * changes the simulated memory: walks here do not set accessed or dirty bits.
 */
public final class MainWindow {
    private final BorderPane root = new BorderPane();
    private final Scenario scenario;
    private final PhysicalMemory memory;
    private final PageWalker walker;
    private final TextField vaField = new TextField("0x401000");
    private final ChoiceBox<String> accessChoice = new ChoiceBox<>();
    private final ChoiceBox<Integer> cpuChoice = new ChoiceBox<>();
    private final CheckBox userBox = new CheckBox("user mode");
    {
        userBox.setSelected(true);
    }
    private final GridPane levels = new GridPane();
    private final Label result = new Label();

    public MainWindow(Scenario scenario) {
        this.scenario = scenario;
        this.memory = ArchitecturalState.memoryOf(scenario);
        this.walker = new PageWalker(scenario.machine().maxPhysAddr());
        build();
        walk();
    }

    public BorderPane root() {
        return root;
    }

    private void build() {
        Label title = new Label(scenario.name());
        title.setId("scenarioTitle");
        title.setFont(Font.font(20));
        Label description = new Label(scenario.description());
        description.setWrapText(true);
        VBox header = new VBox(4, title, description);
        header.setPadding(new Insets(10));

        for (AccessType t : AccessType.values()) {
            accessChoice.getItems().add(t.id());
        }
        accessChoice.setValue("read");
        for (int i = 0; i < scenario.cpus().size(); i++) {
            cpuChoice.getItems().add(i);
        }
        cpuChoice.setValue(0);
        vaField.setId("vaField");
        vaField.setPrefColumnCount(20);
        Button walkButton = new Button("Walk");
        walkButton.setId("walkButton");
        walkButton.setDefaultButton(true);
        walkButton.setOnAction(e -> walk());
        HBox controls = new HBox(8, new Label("CPU"), cpuChoice, new Label("linear address"), vaField,
                accessChoice, userBox, walkButton);
        controls.setPadding(new Insets(0, 10, 10, 10));

        levels.setId("walkLevels");
        levels.setHgap(16);
        levels.setVgap(6);
        levels.setPadding(new Insets(10));
        result.setId("walkResult");
        result.setFont(Font.font("Monospaced", 14));
        VBox walkPane = new VBox(8, new Label("Page-table walk"), levels, result);
        walkPane.setPadding(new Insets(10));

        TextArea frames = new TextArea(describeMemory());
        frames.setId("memoryView");
        frames.setEditable(false);
        frames.setFont(Font.font("Monospaced", 12));
        frames.setPrefColumnCount(44);
        VBox memoryPane = new VBox(6, new Label("Physical memory (populated frames)"), frames);
        VBox.setVgrow(frames, Priority.ALWAYS);
        memoryPane.setPadding(new Insets(10));

        root.setTop(new VBox(header, controls));
        root.setCenter(walkPane);
        root.setRight(memoryPane);
    }

    /** Walks the address in the form without side effects and shows every level. */
    void walk() {
        levels.getChildren().clear();
        long va;
        try {
            va = Hex.parse(vaField.getText());
        } catch (NumberFormatException e) {
            result.setText(e.getMessage());
            return;
        }
        int cpu = cpuChoice.getValue();
        ControlRegisters cr = ArchitecturalState.registersOf(scenario.cpus().get(cpu));
        AccessType type = AccessType.fromId(accessChoice.getValue());
        WalkResult r = walker.walk(cr, va, type, userBox.isSelected(), memory, false);
        String[] headers = {"level", "index", "entry address", "entry", "bits"};
        for (int c = 0; c < headers.length; c++) {
            Label h = new Label(headers[c]);
            h.setStyle("-fx-font-weight: bold");
            levels.add(h, c, 0);
        }
        int row = 1;
        for (WalkStep s : r.steps()) {
            levels.add(mono(s.level().id() + " (" + s.level().linuxName(cr.cr4La57()) + ")"), 0, row);
            levels.add(mono(Integer.toString(s.level().indexOf(va))), 1, row);
            levels.add(mono(Hex.of16(s.entryAddress())), 2, row);
            levels.add(mono(Hex.of16(s.entry())), 3, row);
            levels.add(mono(PageTableEntry.describe(s.entry(), s.level() != PagingLevel.PT)), 4, row);
            row++;
        }
        String text = TranslationReport.text(cpu, type, userBox.isSelected(), cr.cr4La57(), r);
        String[] lines = text.split("\\R");
        StringBuilder outcome = new StringBuilder();
        for (String l : lines) {
            if (l.trim().startsWith("->")) {
                outcome.append(l.trim().substring(3));
            }
        }
        result.setText(outcome.toString());
    }

    private static Label mono(String s) {
        Label l = new Label(s);
        l.setFont(Font.font("Monospaced", 14));
        return l;
    }

    private String describeMemory() {
        StringBuilder sb = new StringBuilder();
        for (Scenario.MemoryInit init : scenario.memory()) {
            long pa = init.address();
            for (long q : init.qwords()) {
                sb.append(Hex.of16(pa)).append("  ").append(Hex.of16(memory.readQword(pa))).append('\n');
                pa += 8;
            }
        }
        return sb.toString();
    }
}
