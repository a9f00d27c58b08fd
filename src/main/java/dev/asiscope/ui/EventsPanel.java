package dev.asiscope.ui;

import dev.asiscope.scenario.PolicyText;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.scenario.EventText;
import dev.asiscope.sim.engine.Event;
import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.EventLog;
import dev.asiscope.sim.engine.ExposureWindow;
import dev.asiscope.sim.engine.Leak;
import dev.asiscope.sim.engine.Simulation;
import java.util.EnumSet;
import java.util.Set;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.CheckBox;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Events &amp; Leaks panel: the whole event log in a virtualised table (rows are sequence numbers into
 * the log, so millions of events cost no copies), filterable by kind, CPU and text; the leaks with
 * their causal chains; the exposure windows. Clicking a row selects it and moves the cursor there.
 */
public final class EventsPanel {
    private final SimSession session;
    private final TabPane tabs = new TabPane();
    private final EventIndexList rows = new EventIndexList();
    private final TableView<Integer> table = new TableView<>(rows);
    private final Set<EventKind> kinds = EnumSet.noneOf(EventKind.class);
    private final MenuButton kindMenu = new MenuButton("all kinds");
    private final ComboBox<String> cpuBox = new ComboBox<>();
    private final TextField textFilter = new TextField();
    private final Label countLabel = new Label();
    private final CheckBox follow = new CheckBox("follow cursor");
    private final ListView<Leak> leakList = new ListView<>();
    private final ListView<ExposureWindow> exposureList = new ListView<>();
    private final Label leakSummary = new Label();
    private long lastFollowedCycle = -1;
    /** The table skin's row container (null until the skin is made), for which rows are on screen. */
    private VirtualFlow<?> flow;
    private boolean selecting;
    private Simulation shownRun;
    /** The rows the table made (a screenful and a few; the table reuses them). */
    private final java.util.Set<TableRow<Integer>> rowsMade = java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());

    public EventsPanel(SimSession session) {
        this.session = session;
        build();
        session.simulationProperty().addListener((o, a, b) -> reload());
        session.selectionProperty().addListener((o, a, b) -> showSelection(b));
    }

    public TabPane node() {
        return tabs;
    }

    public TableView<Integer> table() {
        return table;
    }

    public EventIndexList rows() {
        return rows;
    }

    private EventLog log() {
        Simulation s = session.simulation();
        return s == null ? null : s.log();
    }

    private void build() {
        table.setId("eventTable");
        table.setFixedCellSize(24);
        // The row container exists once the skin does: found here once, not looked up on every step.
        table.skinProperty().addListener((o, a, skin) -> flow = skin == null ? null
                : table.lookup(".virtual-flow") instanceof VirtualFlow<?> f ? f : null);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("#", 70, e -> Long.toString(e.seq())));
        table.getColumns().add(column("cycle", 100, e -> String.format("%,d", e.cycle())));
        table.getColumns().add(column("cpu", 50, e -> e.cpu() < 0 ? "-" : "cpu" + e.cpu()));
        table.getColumns().add(column("kind", 120, e -> EventText.title(e.kind())));
        table.getColumns().add(column("label", 150, e -> e.label() == null ? "" : e.label().name()));
        table.getColumns().add(column("address", 130, e -> e.address() < 0 ? "" : "0x" + Long.toHexString(e.address())));
        table.getColumns().add(column("detail", 300, e -> {
            String d = EventText.detail(e);
            return d == null ? "" : d;
        }));
        table.setRowFactory(tv -> {
            TableRow<Integer> row = new TableRow<>() {
                @Override
                protected void updateItem(Integer seq, boolean empty) {
                    super.updateItem(seq, empty);
                    restyle(this);
                }
            };
            rowsMade.add(row);
            return row;
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, a, seq) -> {
            if (seq != null && !selecting && log() != null) {
                Event e = log().get(seq);
                session.selectionProperty().set(e);
                if (e.cycle() != session.cycle()) {
                    lastFollowedCycle = e.cycle();
                    session.seek(e.cycle());
                }
            }
        });

        kindMenu.setId("kindFilter");
        MenuItem allKinds = new MenuItem("all kinds");
        allKinds.setOnAction(e -> {
            kinds.clear();
            kindMenu.getItems().stream().filter(i -> i instanceof CheckMenuItem)
                    .forEach(i -> ((CheckMenuItem) i).setSelected(false));
            applyFilter();
        });
        kindMenu.getItems().addAll(allKinds, new SeparatorMenuItem());
        for (EventKind k : EventKind.values()) {
            CheckMenuItem item = new CheckMenuItem(EventText.title(k));
            item.setId("kind-" + k.id());
            item.selectedProperty().addListener((o, a, on) -> {
                if (on) {
                    kinds.add(k);
                } else {
                    kinds.remove(k);
                }
                applyFilter();
            });
            kindMenu.getItems().add(item);
        }
        cpuBox.setId("cpuFilter");
        cpuBox.setOnAction(e -> applyFilter());
        textFilter.setId("textFilter");
        textFilter.setPromptText("filter text (detail, label, address)");
        textFilter.textProperty().addListener((o, a, b) -> applyFilter());
        countLabel.setId("eventCount");
        follow.setId("followCursor");
        follow.setSelected(true);
        Button clear = new Button("clear filter");
        clear.setOnAction(e -> clearFilter());
        // A flow, not a row: at 1280 x 720 in the projector theme the controls wrap onto a second line
        // instead of forcing the panel (and the window's centre) wider than the window.
        javafx.scene.layout.FlowPane filters = new javafx.scene.layout.FlowPane(8, 4, kindMenu, cpuBox, textFilter, clear,
                follow, countLabel);
        filters.setAlignment(Pos.CENTER_LEFT);
        filters.setPadding(new Insets(4));
        filters.setMinWidth(0);
        textFilter.setPrefColumnCount(22);
        BorderPane events = new BorderPane(table, filters, null, null, null);

        leakList.setId("leakList");
        leakList.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(Leak l, boolean empty) {
                super.updateItem(l, empty);
                setText(empty || l == null ? null : String.format("cycle %,d  %s: %s read 0x%x of [%s] (%s)",
                        l.reloadCycle(), EventText.title(l.mechanism()), l.attackerDomain(), l.value(), l.victimLabel(),
                        EventText.missing(l.missingMitigation())));
            }
        });
        leakList.getSelectionModel().selectedItemProperty().addListener((o, a, l) -> {
            if (l != null && !selecting) {
                session.selectionProperty().set(l);
                session.seek(l.reloadCycle());
            }
        });
        leakSummary.setId("leakSummary");
        leakSummary.setMinWidth(0);
        VBox leaks = new VBox(4, leakSummary, leakList);
        leaks.setPadding(new Insets(4));
        VBox.setVgrow(leakList, Priority.ALWAYS);

        exposureList.setId("exposureList");
        exposureList.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(ExposureWindow w, boolean empty) {
                super.updateItem(w, empty);
                setText(empty || w == null ? null : String.format("core %d  cycles %,d-%,d (%,d)  %s exposed to %s",
                        w.core(), w.startCycle(), w.endCycle(), w.length(w.startCycle()), w.victimLabel(),
                        w.attackerDomain()));
            }
        });
        exposureList.getSelectionModel().selectedItemProperty().addListener((o, a, w) -> {
            if (w != null && !selecting) {
                session.selectionProperty().set(w);
                session.seek(w.startCycle());
            }
        });

        Tab eventsTab = new Tab("Events", events);
        eventsTab.setId("eventsTab");
        Tab leaksTab = new Tab("Leaks", leaks);
        leaksTab.setId("leaksTab");
        Tab exposureTab = new Tab("Exposure windows", exposureList);
        exposureTab.setId("exposureTab");
        tabs.getTabs().addAll(eventsTab, leaksTab, exposureTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    }

    private TableColumn<Integer, String> column(String title, double width, java.util.function.Function<Event, String> f) {
        TableColumn<Integer, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setSortable(false);
        c.setCellValueFactory(cd -> {
            EventLog log = log();
            Integer seq = cd.getValue();
            return new ReadOnlyStringWrapper(log == null || seq == null || seq >= log.size() ? "" : f.apply(log.get(seq)));
        });
        return c;
    }

    /** Shows the events tab and puts the keyboard in the table. */
    public void focusEvents() {
        tabs.getSelectionModel().select(0);
        table.requestFocus();
    }

    /** Shows the events tab and puts the keyboard in its text filter (all of it selected). */
    public void focusTextFilter() {
        tabs.getSelectionModel().select(0);
        textFilter.requestFocus();
        textFilter.selectAll();
    }

    /** Shows the leaks tab, selects the first leak when none is (moving the cursor to it) and focuses the list. */
    public void focusLeaks() {
        tabs.getSelectionModel().select(1);
        if (leakList.getSelectionModel().isEmpty() && !leakList.getItems().isEmpty()) {
            leakList.getSelectionModel().select(0);
        }
        leakList.requestFocus();
    }

    /** Shows the tab at {@code index}. */
    public void showTab(int index) {
        tabs.getSelectionModel().select(index);
    }

    /** Tabs to add (the window adds the breakpoints tab). */
    public void addTab(Tab t) {
        tabs.getTabs().add(t);
    }

    /** Rebuilds every list from the current simulation (after open or re-run). */
    public void reload() {
        Simulation sim = session.simulation();
        shownRun = sim;
        selecting = true;
        try {
            String cpu = cpuBox.getValue();
            cpuBox.getItems().setAll("all CPUs");
            if (sim != null) {
                for (int i = 0; i < sim.end().cpuCount(); i++) {
                    cpuBox.getItems().add("cpu" + i);
                }
            }
            cpuBox.setValue(cpu != null && cpuBox.getItems().contains(cpu) ? cpu : "all CPUs");
            applyFilter();
            if (sim != null) {
                leakList.getItems().setAll(sim.end().leaks());
                exposureList.getItems().setAll(sim.end().exposures());
                long cycles = sim.end().exposureCycles();
                leakSummary.setText(sim.end().leaks().isEmpty()
                        ? "No leak under " + PolicyText.of(sim.policy()) + "."
                        : sim.end().leaks().size() + " leak(s) under " + PolicyText.of(sim.policy())
                                + ". Select one for its causal chain; exposure " + String.format("%,d", cycles)
                                + " cycles.");
            } else {
                leakList.getItems().clear();
                exposureList.getItems().clear();
            }
            // Rows and list items of the previous run are gone; select what the new run carried over.
            table.getSelectionModel().clearSelection();
            leakList.getSelectionModel().clearSelection();
            exposureList.getSelectionModel().clearSelection();
        } finally {
            selecting = false;
        }
        lastFollowedCycle = -1;
    }

    /** Back to all kinds, all CPUs, no text. */
    public void clearFilter() {
        kinds.clear();
        kindMenu.getItems().stream().filter(i -> i instanceof CheckMenuItem)
                .forEach(i -> ((CheckMenuItem) i).setSelected(false));
        cpuBox.setValue("all CPUs");
        textFilter.clear();
        applyFilter();
    }

    /** Filters by the selected kinds, CPU and text. */
    void applyFilter() {
        long t0 = System.nanoTime();
        EventLog log = log();
        EventFilter f = filter();
        selecting = true;
        try {
            rows.showSeqs(log, f.all() || log == null ? null : f.over(log));
        } finally {
            selecting = false;
        }
        kindMenu.setText(kinds.isEmpty() ? "all kinds" : kinds.size() == 1 ? EventText.title(kinds.iterator().next())
                : kinds.size() + " kinds");
        countLabel.setText(log == null ? "" : String.format("%,d of %,d events", rows.size(), log.size()));
        lastFollowedCycle = -1;
        // The rows on screen still carry their indexes into the old list: scroll without asking them.
        follow(true);
        if (log != null && !f.all()) {
            Timing.report("filter " + log.size() + " events", t0);
        }
    }

    /** The current filter. */
    EventFilter filter() {
        String cpu = cpuBox.getValue();
        int cpuNo = cpu == null || !cpu.startsWith("cpu") ? -1 : Integer.parseInt(cpu.substring(3));
        return new EventFilter(kinds, cpuNo, textFilter.getText());
    }

    public void setTextFilter(String s) {
        textFilter.setText(s);
    }

    public void setKindFilter(Set<EventKind> wanted) {
        kindMenu.getItems().stream().filter(i -> i instanceof CheckMenuItem).forEach(i -> {
            CheckMenuItem c = (CheckMenuItem) i;
            c.setSelected(wanted.stream().anyMatch(k -> ("kind-" + k.id()).equals(c.getId())));
        });
    }

    /** A row at the cursor (highlighted) and rows after it (greyed); see asiscope.css. */
    private static final PseudoClass AT_CURSOR = PseudoClass.getPseudoClass("at-cursor");
    private static final PseudoClass FUTURE = PseudoClass.getPseudoClass("future");

    /**
     * Marks a row as at the cursor or in the future (the log after the cursor is greyed). Pseudo-classes,
     * not style classes: a style class change makes JavaFX look the row's and its cells' styles up again
     * (the largest part of a step's CSS pass on the Events table), a pseudo-class change only moves them to
     * another state of the styles they have.
     */
    private void restyle(TableRow<Integer> row) {
        Integer seq = row.getItem();
        EventLog log = log();
        boolean at = false;
        boolean future = false;
        if (!row.isEmpty() && seq != null && log != null && seq < log.size()) {
            long c = log.cycleOf(seq);
            at = c == session.cycle();
            future = c > session.cycle();
        }
        row.pseudoClassStateChanged(AT_CURSOR, at);
        row.pseudoClassStateChanged(FUTURE, future);
    }

    /** Whether the row is at the cursor ({@code at-cursor}) or after it ({@code future}), for tests. */
    static boolean isAtCursor(TableRow<?> row) {
        return row.getPseudoClassStates().contains(AT_CURSOR);
    }

    static boolean isFuture(TableRow<?> row) {
        return row.getPseudoClassStates().contains(FUTURE);
    }

    /**
     * Keeps the row at the cursor visible and restyles the rows on screen (called once per pulse at most).
     * Only the pseudo-classes of the existing rows change: rebuilding every cell ({@code refresh}) cost
     * more than all the views' paints together on a benchmark-sized log. The table scrolls only when the
     * cursor's row is not already on screen: any scroll gives every row on screen a new index, so all
     * their cells format their text and are laid out again, which was most of a step's layout pass.
     */
    public void followCursor() {
        follow(false);
    }

    /** {@link #followCursor}; {@code rowsReplaced}: scroll to the cursor's row whether it seems on screen or not. */
    private void follow(boolean rowsReplaced) {
        long c = session.cycle();
        for (TableRow<Integer> row : rowsMade) {
            restyle(row);
        }
        if (!follow.isSelected() || c == lastFollowedCycle) {
            return;
        }
        lastFollowedCycle = c;
        int row = rows.rowAtOrBefore(c);
        if (row >= 0 && (rowsReplaced || !onScreen(row))) {
            table.scrollTo(Math.max(0, row - 3));
        }
    }

    /** Whether row {@code index} is wholly inside the table's viewport now (false before the first layout). */
    private boolean onScreen(int index) {
        if (flow == null || flow.getCellCount() == 0) {
            return false;
        }
        IndexedCell<?> first = flow.getFirstVisibleCell();
        IndexedCell<?> last = flow.getLastVisibleCell();
        if (first == null || last == null) {
            return false;
        }
        // The first and last rows may be cut by the viewport's edges: only those strictly between count.
        return index > first.getIndex() && index < last.getIndex();
    }

    /** The leaks listed (those of the run shown). */
    public java.util.List<Leak> leaks() {
        return leakList.getItems();
    }

    /** The run the lists were last built from. */
    public Simulation shownRun() {
        return shownRun;
    }

    /** Selects the leak in the list (when the selection is set elsewhere). */
    void showSelection(Object sel) {
        selecting = true;
        try {
            if (sel instanceof Leak l) {
                leakList.getSelectionModel().select(l);
            } else if (sel == null) {
                leakList.getSelectionModel().clearSelection();
                exposureList.getSelectionModel().clearSelection();
            }
        } finally {
            selecting = false;
        }
    }
}
