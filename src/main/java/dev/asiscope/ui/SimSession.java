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
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
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
    private final ReadOnlyStringWrapper policyName = new ReadOnlyStringWrapper();

    /** Loads {@code s} and runs it under {@code policy} (the scenario's own when null). */
    public void open(LoadedScenario s, Policy policy) {
        policyName.set(policy == null ? s.policyName() : null);
        scenario.set(s);
        simulation.set(Simulation.run(s.spec(), policy == null ? s.policy() : policy));
        selection.set(null);
        seek(0);
    }

    /**
     * Loads {@code s} and runs it under the policy spelled {@code policySpec} (e.g.
     * {@code l1d-flush-always+nosmt}; the scenario's own when null), starting at {@code cycle}.
     *
     * @throws IllegalArgumentException for an unknown policy name
     */
    public void open(LoadedScenario s, String policySpec, long cycle) {
        Policy p = policySpec == null ? s.policy() : Policy.parse(policySpec);
        policyName.set(policySpec == null ? s.policyName() : policySpec.trim());
        scenario.set(s);
        simulation.set(Simulation.run(s.spec(), p));
        selection.set(null);
        seek(cycle);
    }

    /**
     * Opens {@code s} with a run of it already made (under {@code policySpec}, the scenario's own when
     * null), e.g. one computed on another thread while the window was being built.
     */
    public void open(LoadedScenario s, String policySpec, Simulation run) {
        policyName.set(policySpec == null ? s.policyName() : policySpec.trim());
        scenario.set(s);
        simulation.set(run);
        selection.set(null);
        seek(0);
    }

    /** Re-runs the current scenario under another policy, keeping the cursor's cycle. */
    public void rerun(Policy policy) {
        long c = cycle.get();
        policyName.set(null);
        simulation.set(Simulation.run(scenario.get().spec(), policy));
        seek(c);
    }

    /**
     * Re-runs under the policy spelled {@code policySpec}, keeping the cursor's cycle.
     *
     * @throws IllegalArgumentException for an unknown policy name (the run is unchanged)
     */
    public void rerun(String policySpec) {
        Policy p = Policy.parse(policySpec);
        long c = cycle.get();
        policyName.set(policySpec.trim());
        simulation.set(Simulation.run(scenario.get().spec(), p));
        seek(c);
    }

    /** The policy as the user or the scenario spelled it, or null when only the parsed policy is known. */
    public String policyName() {
        return policyName.get();
    }

    public ReadOnlyStringProperty policyNameProperty() {
        return policyName.getReadOnlyProperty();
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
