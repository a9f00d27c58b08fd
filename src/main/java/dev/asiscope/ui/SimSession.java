package dev.asiscope.ui;

import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.sim.engine.Event;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.engine.Policy;
import dev.asiscope.sim.engine.Simulation;
import java.util.function.Predicate;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The UI's view of one simulation: the scenario, the recorded run, and the cycle cursor. Every view
 * re-derives its picture from {@link #machine()} (the state at the cursor) and the run's event log
 * whenever {@link #revisionProperty()} changes; nothing in a view is a second source of truth.
 * FX thread only.
 */
public final class SimSession {
    private final ReadOnlyObjectWrapper<LoadedScenario> scenario = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Simulation> simulation = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyLongWrapper cycle = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper revision = new ReadOnlyLongWrapper();
    private final ObjectProperty<Object> selection = new SimpleObjectProperty<>();
    private final LongProperty hoverCycle = new SimpleLongProperty(-1);

    /** Loads {@code s} and runs it under {@code policy} (the scenario's own when null). */
    public void open(LoadedScenario s, Policy policy) {
        scenario.set(s);
        simulation.set(Simulation.run(s.spec(), policy == null ? s.policy() : policy));
        selection.set(null);
        seek(0);
    }

    /** Re-runs the current scenario under another policy, keeping the cursor's cycle. */
    public void rerun(Policy policy) {
        long c = cycle.get();
        simulation.set(Simulation.run(scenario.get().spec(), policy));
        seek(c);
    }

    public ReadOnlyObjectProperty<LoadedScenario> scenarioProperty() {
        return scenario.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Simulation> simulationProperty() {
        return simulation.getReadOnlyProperty();
    }

    /** The cursor's cycle. */
    public ReadOnlyLongProperty cycleProperty() {
        return cycle.getReadOnlyProperty();
    }

    /** Incremented on every change views must re-derive from (seek, re-run, selection). */
    public ReadOnlyLongProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    /** What the user selected (a cache line, a PTE, an event, a leak, a core...), shown by the inspector. */
    public ObjectProperty<Object> selectionProperty() {
        return selection;
    }

    public LongProperty hoverCycleProperty() {
        return hoverCycle;
    }

    public LoadedScenario scenario() {
        return scenario.get();
    }

    public Simulation simulation() {
        return simulation.get();
    }

    /** The machine state at the cursor (read only). */
    public Machine machine() {
        return simulation.get().cursor();
    }

    public long cycle() {
        return cycle.get();
    }

    /** Moves the cursor (clamped to the run). */
    public void seek(long c) {
        Simulation sim = simulation.get();
        if (sim == null) {
            return;
        }
        Machine m = sim.seek(c);
        cycle.set(m.cycle());
        revision.set(revision.get() + 1);
    }

    /** Moves the cursor to the next event matching {@code p}; false if none. */
    public boolean next(Predicate<Event> p) {
        Event e = simulation.get().nextEvent(p);
        if (e == null) {
            return false;
        }
        seek(e.cycle());
        return true;
    }

    /** Moves the cursor to the previous event matching {@code p}; false if none. */
    public boolean previous(Predicate<Event> p) {
        Event e = simulation.get().previousEvent(p);
        if (e == null) {
            return false;
        }
        seek(e.cycle());
        return true;
    }

    /** Marks views dirty without moving the cursor (e.g. after a theme change). */
    public void touch() {
        revision.set(revision.get() + 1);
    }
}
