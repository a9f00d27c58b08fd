package dev.asiscope.ui.core;

import dev.asiscope.scenario.PolicyText;
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
    private String carryOverNote;
    private long lastSeekNanos;

    /** Loads {@code s} and runs it under {@code policy} (the scenario's own when null), on this thread. */
    public void open(LoadedScenario s, Policy policy) {
        install(s, policy == null ? s.policyName() : null,
                Simulation.run(s.spec(), policy == null ? s.policy() : policy), 0);
    }

    /**
     * Loads {@code s} and runs it under the policy spelled {@code policySpec} (e.g.
     * {@code l1d-flush-always+nosmt}; the scenario's own when null), starting at {@code cycle}, on this
     * thread (the window runs off the FX thread with BackgroundRun and then {@link #install}s).
     *
     * @throws IllegalArgumentException for an unknown policy name
     */
    public void open(LoadedScenario s, String policySpec, long cycle) {
        Policy p = policySpec == null ? s.policy() : PolicyText.parse(policySpec);
        install(s, policySpec == null ? s.policyName() : policySpec.trim(), Simulation.run(s.spec(), p), cycle);
    }

    /**
     * Opens {@code s} with a run of it already made (under {@code policySpec}, the scenario's own when
     * null), e.g. one computed on another thread while the window was being built.
     */
    public void open(LoadedScenario s, String policySpec, Simulation run) {
        install(s, policySpec == null ? s.policyName() : policySpec.trim(), run, 0);
    }

    /** Re-runs the current scenario under another policy, keeping the cursor's cycle (on this thread). */
    public void rerun(Policy policy) {
        install(scenario.get(), null, Simulation.run(scenario.get().spec(), policy), cycle.get());
    }

    /**
     * Re-runs under the policy spelled {@code policySpec}, keeping the cursor's cycle (on this thread).
     *
     * @throws IllegalArgumentException for an unknown policy name (the run is unchanged)
     */
    public void rerun(String policySpec) {
        Policy p = PolicyText.parse(policySpec);
        install(scenario.get(), policySpec.trim(), Simulation.run(scenario.get().spec(), p), cycle.get());
    }

    /**
     * Shows {@code run} (of {@code s}, under the policy spelled {@code policySpec}) with the cursor at
     * {@code cycle} (clamped). Everything derived from the previous run goes: the selection is carried
     * over only when the new run has the same thing ({@link RunCarryOver}: the n-th leak of a label, the
     * n-th VM exit of a vCPU, a CPU), otherwise cleared, and {@link #carryOverNote()} says why; the hover
     * is cleared. Listeners of {@link #simulationProperty()} see the new scenario, policy and selection.
     */
    public void install(LoadedScenario s, String policySpec, Simulation run, long cycle) {
        Simulation old = simulation.get();
        Object sel = selection.get();
        LoadedScenario was = scenario.get();
        boolean sameScenario = was != null && java.util.Objects.equals(was.source(), s.source())
                && java.util.Objects.equals(was.name(), s.name());
        RunCarryOver.Result carried = old == null || sel == null || !sameScenario ? RunCarryOver.Result.NOTHING
                : RunCarryOver.carry(sel, old, run);
        hoverCycle.set(-1);
        selection.set(null);
        carryOverNote = carried.note();
        policyName.set(policySpec);
        scenario.set(s);
        simulation.set(run);
        selection.set(carried.selection());
        seek(cycle);
    }

    /** What happened to the selection at the last run change ("the leak ... does not happen ..."), or null. */
    public String carryOverNote() {
        return carryOverNote;
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
        long t0 = System.nanoTime();
        Machine m = sim.seek(c);
        lastSeekNanos = System.nanoTime() - t0;
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

    /** How long the engine took for the last seek (state at the cursor), in nanoseconds. */
    public long lastSeekNanos() {
        return lastSeekNanos;
    }

    /** Marks views dirty without moving the cursor (e.g. after a theme change). */
    public void touch() {
        revision.set(revision.get() + 1);
    }
}
