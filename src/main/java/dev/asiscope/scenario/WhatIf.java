package dev.asiscope.scenario;

import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.engine.MachineEdit;
import dev.asiscope.sim.engine.Simulation;
import dev.asiscope.sim.engine.SimulationException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A "what if" session on one scenario and policy: the unedited run (with its checkpoints) and the run
 * with a list of edits ({@link Scenario.EditSpec}), redone from the earliest edit's cycle each time the
 * list changes, side by side as {@link RunReport}s. Edits are undone last-first. {@link #asScenario()}
 * is the scenario with the edits written into its {@code edits} section: {@code asiscope run} on it
 * reproduces the edited run exactly, because the engine applies the same edits at the same cycles.
 *
 * <p>Re-running from a cycle starts from the unedited run's state at that cycle (a checkpoint plus the
 * steps after it), applies each edit after the steps that start at or before its cycle, and runs to the
 * end. A {@code sensitivity} edit changes the layout the machine is built with, so with one the edited
 * run starts at cycle 0.
 */
public final class WhatIf {
    /** How often (simulated cycles) a re-run reports progress, hence how soon it can be cancelled. */
    private static final long PROGRESS_EVERY = 100_000;
    private final LoadedScenario base;
    private final String policy;
    /** {@link #policy} compiled: both runs use it (not the scenario's own policy). */
    private final dev.asiscope.sim.engine.Policy runPolicy;
    private final Simulation original;
    private final List<Scenario.EditSpec> edits = new ArrayList<>();
    private Machine edited;
    private LoadedScenario editedScenario;
    private long rerunFrom;

    /**
     * Runs {@code base} under {@code policySpec} (null: the scenario's).
     *
     * @throws ScenarioException for a bad policy
     */
    public WhatIf(LoadedScenario base, String policySpec) throws ScenarioException {
        this(base, policySpec, null);
    }

    /**
     * As {@link #WhatIf(LoadedScenario, String)}, reporting the simulated cycle to {@code progress} now and
     * then (a listener that throws stops the run: that is how the window cancels it).
     */
    public WhatIf(LoadedScenario base, String policySpec, Simulation.ProgressListener progress)
            throws ScenarioException {
        this.base = base;
        this.policy = policySpec == null ? base.policyName() : policySpec;
        this.runPolicy = new ScenarioCompiler("--policy", null).policy(this.policy, "--policy");
        this.original = Simulation.run(base.spec(), runPolicy, Simulation.DEFAULT_INTERVAL, progress);
        this.edited = original.end();
        this.editedScenario = base;
    }

    /**
     * The edited run for one list of edits, computed by {@link #prepare} without changing the session
     * (so it can be made on another thread and thrown away when cancelled) and shown by {@link #install}.
     */
    public static final class Rerun {
        private final List<Scenario.EditSpec> edits;
        private final LoadedScenario scenario;
        private final Machine end;
        private final long from;

        private Rerun(List<Scenario.EditSpec> edits, LoadedScenario scenario, Machine end, long from) {
            this.edits = List.copyOf(edits);
            this.scenario = scenario;
            this.end = end;
            this.from = from;
        }

        /** The edits this run was made with. */
        public List<Scenario.EditSpec> edits() {
            return edits;
        }

        /** The scenario with the edits, compiled. */
        public LoadedScenario scenario() {
            return scenario;
        }
    }

    /** The edits, in the order they were made. */
    public List<Scenario.EditSpec> edits() {
        return List.copyOf(edits);
    }

    /**
     * Adds {@code edit} and redoes the edited run.
     *
     * @throws ScenarioException if the edit is invalid for this scenario (located at {@code $.edits[n]}) or
     *                           the edited run fails; the edit is then not kept
     */
    public void apply(Scenario.EditSpec edit) throws ScenarioException {
        List<Scenario.EditSpec> more = new ArrayList<>(edits);
        more.add(edit);
        install(prepare(more, null));
    }

    /** Removes the last edit and redoes the edited run; false when there is none. */
    public boolean undo() throws ScenarioException {
        if (edits.isEmpty()) {
            return false;
        }
        install(prepare(edits.subList(0, edits.size() - 1), null));
        return true;
    }

    /**
     * Makes the edited run for {@code list} (the whole list of edits, replacing the current one) without
     * changing this session: only reads the unedited run, so it may run on another thread while the
     * session is shown. {@code progress} (may be null) gets the simulated cycle now and then; if it throws,
     * the run stops with that exception.
     *
     * @throws ScenarioException if an edit is invalid (its {@link ScenarioException#file()} is
     *                           {@code edit N}, N counted from 1, see {@link #failedEdit}) or the run fails
     */
    public Rerun prepare(List<Scenario.EditSpec> list, Simulation.ProgressListener progress)
            throws ScenarioException {
        List<Scenario.EditSpec> want = List.copyOf(list);
        Scenario s = base.raw().withEdits(want);
        String json = ScenarioWriter.toJson(s);
        LoadedScenario compiled;
        try {
            compiled = new ScenarioCompiler(name(), json).compile(new ScenarioReader().parse(name(), json),
                    base.source());
        } catch (ScenarioException e) {
            // located in the edit list, not in the regenerated JSON
            String path = e.path() == null ? "" : e.path();
            int base0 = base.raw().edits().size();
            if (path.startsWith("$.edits[")) {
                int n = Integer.parseInt(path.substring(8, path.indexOf(']')));
                throw new ScenarioException("edit " + (n - base0 + 1), 0, 0, path.substring(path.indexOf(']') + 1)
                        .replaceFirst("^\\.", ""), e.detail());
            }
            throw new ScenarioException("edits", 0, 0, path, e.detail());
        }
        // these change what the machine is built with: the edited run starts at cycle 0
        boolean layoutChanged = want.stream().anyMatch(e -> List.of("sensitivity", "exit-handler", "exit-mix")
                .contains(e.edit()));
        List<MachineEdit> added = new ArrayList<>(compiled.spec().edits());
        added.removeAll(base.spec().edits());
        try {
            if (layoutChanged || !base.spec().edits().isEmpty()) {
                Machine m = new Machine(compiled.spec(), runPolicy, null);
                finish(m, progress);
                return new Rerun(want, compiled, m, 0);
            }
            long from = added.isEmpty() ? original.endCycle() : added.get(0).cycle();
            Machine m = original.stateAt(Math.min(from, original.endCycle()));
            for (MachineEdit e : added) {
                // the steps up to the edit's cycle (not runUntil, which would also move the clock to it)
                Simulation.drive(m, e.cycle(), null);
                // as the engine does: an edit takes effect before the next step, so not at all after the last
                if (!m.done()) {
                    e.apply(m);
                }
            }
            finish(m, progress);
            return new Rerun(want, compiled, m, from);
        } catch (SimulationException e) {
            throw new ScenarioException(name(), 0, 0, "$.edits", SimulationErrorText.of(e));
        }
    }

    /** Runs {@code m} to the end, telling {@code progress} every 100,000 simulated cycles or so. */
    private static void finish(Machine m, Simulation.ProgressListener progress) {
        long[] next = {m.cycle() + PROGRESS_EVERY};
        Simulation.drive(m, Long.MAX_VALUE, x -> {
            if (progress != null && x.cycle() >= next[0]) {
                progress.progress(x.cycle());
                next[0] = x.cycle() + PROGRESS_EVERY;
            }
            return true;
        });
        m.finish();
    }

    /** Shows {@code r} (made by {@link #prepare} on this session) as the edited run. */
    public void install(Rerun r) {
        edits.clear();
        edits.addAll(r.edits);
        editedScenario = r.scenario;
        edited = r.end;
        rerunFrom = r.from;
    }

    /**
     * The index (from 0, in the list given to {@link #prepare}) of the edit an exception from
     * {@link #prepare} is about, or -1 when it is about no one edit (the run itself failed).
     */
    public static int failedEdit(ScenarioException e) {
        String f = e.file();
        if (f != null && f.matches("edit [0-9]+")) {
            return Integer.parseInt(f.substring(5)) - 1;
        }
        return -1;
    }

    private String name() {
        return base.source() == null ? base.name() : base.source().toString();
    }

    /** The scenario with the edits, compiled (what the window opens to show the what-if run). */
    public LoadedScenario editedScenario() {
        return editedScenario;
    }

    /** The policy both runs use. */
    public String policy() {
        return policy;
    }

    /** The cycle the last re-run started from. */
    public long rerunFrom() {
        return rerunFrom;
    }

    /** The unedited run (the window shows it as the what-if run while there are no edits). */
    public Simulation originalRun() {
        return original;
    }

    /** The end state of the unedited run. */
    public Machine originalEnd() {
        return original.end();
    }

    /** The end state of the run with the edits. */
    public Machine editedEnd() {
        return edited;
    }

    /** The unedited run's totals (leaks, exposure, exits, flushes, costs). */
    public RunReport originalReport() {
        return RunReport.of(policy, original.end());
    }

    /** The edited run's totals. */
    public RunReport editedReport() {
        return RunReport.of(policy, edited);
    }

    /**
     * The scenario with the edits appended to its {@code edits} section, under the policy used. With edits,
     * the name and description say what was changed, and the narration and expectations are left out: they
     * describe the unedited run (a caption saying "no ASI exit" would be false after an edit causing them).
     */
    public Scenario asScenario() {
        Scenario raw = base.raw().withEdits(edits);
        if (edits.isEmpty()) {
            return raw;
        }
        StringBuilder what = new StringBuilder("What if, starting from '").append(raw.name()).append("':");
        for (Scenario.EditSpec e : edits) {
            what.append(' ').append(describe(e)).append(';');
        }
        what.setLength(what.length() - 1);
        what.append(". Original description: ").append(raw.description());
        return new Scenario(raw.format(), "What if: " + raw.name(), what.toString(), raw.machine(), raw.cpus(),
                raw.memory(), raw.regions(), raw.vms(), raw.processes(), raw.exitHandlers(), raw.kernelHandlers(),
                raw.programs(), policy, null, raw.breakpoints(), raw.guided(), null, raw.edits());
    }

    /** "Save as scenario": writes {@link #asScenario()} atomically (a failed save keeps the old file). */
    public void saveAs(Path file) throws IOException {
        AtomicFiles.writeString(file, ScenarioWriter.toJson(asScenario()));
    }

    /** Both runs side by side as text: leaks, exposure, cost. */
    public String comparisonText() {
        RunReport a = originalReport();
        RunReport b = editedReport();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-22s %15s %15s%n", "", "unedited", "what if"));
        row(sb, "leaks", a.leaks().size(), b.leaks().size());
        row(sb, "exposure cycles", a.exposureCycles(), b.exposureCycles());
        row(sb, "total cycles", a.cycles(), b.cycles());
        row(sb, "mitigation cycles", a.mitigationCycles(), b.mitigationCycles());
        row(sb, "ASI exits", a.asiExits(), b.asiExits());
        row(sb, "L1D flushes", a.l1dFlushes(), b.l1dFlushes());
        for (Scenario.EditSpec e : edits) {
            sb.append("edit: ").append(describe(e)).append('\n');
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String what, long a, long b) {
        sb.append(String.format("%-22s %,15d %,15d%n", what, a, b));
    }

    /** One line for an edit. */
    public static String describe(Scenario.EditSpec e) {
        return switch (e.edit()) {
            case "entry" -> "cycle " + e.cycle() + ": " + e.space() + " " + e.level() + " entry of " + e.va()
                    + (e.set().isEmpty() ? "" : " set " + String.join(",", e.set()))
                    + (e.clear().isEmpty() ? "" : " clear " + String.join(",", e.clear()));
            case "sensitivity" -> e.region() + " becomes " + e.sensitivity()
                    + (e.owner() == null ? "" : " (owner vm" + e.owner() + ")");
            case "exit-handler" -> e.reason() + " exits are handled by " + e.handler();
            case "exit-mix" -> "workload mix" + (e.cpu() == null ? "" : " of CPU " + e.cpu()) + " becomes " + e.mix();
            default -> "cycle " + e.cycle() + ": " + e.edit() + " " + e.region() + " in " + e.space();
        };
    }
}
