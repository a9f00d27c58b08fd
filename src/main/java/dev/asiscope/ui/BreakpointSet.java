package dev.asiscope.ui;

import dev.asiscope.scenario.Breakpoint;
import dev.asiscope.sim.engine.Event;
import java.util.function.Predicate;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The window's breakpoints, each switchable on and off; continue and reverse-continue stop at any enabled one. */
public final class BreakpointSet {
    /** One breakpoint and whether it is on. */
    public static final class Entry {
        private final Breakpoint breakpoint;
        private final BooleanProperty enabled = new SimpleBooleanProperty(true);

        public Entry(Breakpoint breakpoint) {
            this.breakpoint = breakpoint;
        }

        public Breakpoint breakpoint() {
            return breakpoint;
        }

        public BooleanProperty enabledProperty() {
            return enabled;
        }

        @Override
        public String toString() {
            return breakpoint.describe();
        }
    }

    private final ObservableList<Entry> entries = FXCollections.observableArrayList(
            e -> new javafx.beans.Observable[] {e.enabledProperty()});

    public ObservableList<Entry> entries() {
        return entries;
    }

    public Entry add(Breakpoint b) {
        for (Entry e : entries) {
            if (e.breakpoint().equals(b)) {
                e.enabledProperty().set(true);
                return e;
            }
        }
        Entry e = new Entry(b);
        entries.add(e);
        return e;
    }

    /** True when at least one breakpoint is enabled. */
    public boolean anyEnabled() {
        return entries.stream().anyMatch(e -> e.enabledProperty().get());
    }

    /** Matches events that hit any enabled breakpoint (a snapshot: later toggles do not change it). */
    public Predicate<Event> predicate() {
        var on = entries.stream().filter(e -> e.enabledProperty().get()).map(Entry::breakpoint).toList();
        return ev -> {
            for (Breakpoint b : on) {
                if (b.test(ev)) {
                    return true;
                }
            }
            return false;
        };
    }
}
