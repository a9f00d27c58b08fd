package dev.asiscope.ui;

import dev.asiscope.ui.core.SimSession;
import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.ui.annotate.EditHistory;
import dev.asiscope.ui.export.Provenance;
import dev.asiscope.ui.workspace.WindowLayout;
import dev.asiscope.ui.workspace.Workspace;
import dev.asiscope.ui.workspace.WorkspaceAutosave;
import dev.asiscope.ui.workspace.WorkspaceBreakpoint;
import dev.asiscope.ui.workspace.WorkspaceException;
import dev.asiscope.ui.workspace.WorkspaceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.StringProperty;

/**
 * The workspace beside the open scenario ({@code NAME.asiscope.json}): read when the scenario opens
 * (annotations, breakpoints, theme, zoom, policy, cycle, the what-if pane's edits), autosaved after each
 * edit, saved on request. A bad file, or a what-if edit in it that does not fit the scenario, gives one
 * line in a dialog; the file is then not overwritten by autosave.
 */
final class WorkspaceBinding {
    private final SimSession session;
    private final EditHistory history;
    private final BreakpointSet breakpoints;
    private final Appearance appearance;
    private final StringProperty message;
    private final BiConsumer<String, String> showError;
    private final Supplier<List<String>> viewIds;
    private final BiConsumer<String, Long> rerunAt;
    private final LongConsumer goTo;
    private final WhatIfWindow whatIf;
    private Path file;
    private WorkspaceAutosave autosave;
    /** SHA-256 of the open scenario file, or null. */
    private String scenarioHash;
    /** True while a scenario and its workspace are being applied: those changes are not edits. */
    private boolean loading;

    /**
     * @param rerunAt re-runs under a policy, the cursor then going to a cycle (the workspace's)
     * @param goTo    moves the cursor
     * @param whatIf  the what-if pane, whose edits the workspace keeps
     */
    WorkspaceBinding(SimSession session, EditHistory history, BreakpointSet breakpoints, Appearance appearance,
            StringProperty message, BiConsumer<String, String> showError, Supplier<List<String>> viewIds,
            BiConsumer<String, Long> rerunAt, LongConsumer goTo, WhatIfWindow whatIf) {
        this.session = session;
        this.history = history;
        this.breakpoints = breakpoints;
        this.appearance = appearance;
        this.message = message;
        this.showError = showError;
        this.viewIds = viewIds;
        this.rerunAt = rerunAt;
        this.goTo = goTo;
        this.whatIf = whatIf;
        whatIf.setOnEdited(this::edited);
        history.addListener(h -> edited());
        breakpoints.entries().addListener((javafx.collections.ListChangeListener<BreakpointSet.Entry>) c -> edited());
    }

    /** Runs {@code r} (a scenario being applied) without its changes counting as edits. */
    void applying(Runnable r) {
        boolean was = loading;
        loading = true;
        try {
            r.run();
        } finally {
            loading = was;
        }
    }

    /** Writes what autosave has pending and stops it. */
    void close() {
        if (autosave != null) {
            try {
                autosave.close();
            } catch (IOException e) {
                message.set("cannot save the workspace: " + e.getMessage());
            }
            autosave = null;
        }
        file = null;
        scenarioHash = null;
    }

    /** Loads the workspace beside {@code s} when there is one (call while {@link #applying}). */
    void open(LoadedScenario s) {
        history.reset(List.of());
        history.markSaved();
        if (s.source() == null) {
            whatIf.scenarioOpened(null, null);
            return;
        }
        Path f = WorkspaceFile.defaultPath(s.source());
        file = f;
        rehash(s);
        autosave = new WorkspaceAutosave(f, e -> Platform.runLater(
                () -> message.set("cannot autosave " + f.getFileName() + ": " + e.getMessage())));
        if (!Files.isRegularFile(f)) {
            whatIf.scenarioOpened(null, null);
            return;
        }
        Workspace ws;
        try {
            ws = WorkspaceFile.read(f);
        } catch (WorkspaceException | RuntimeException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            showError.accept("Cannot read the workspace", firstLine(m.contains(f.getFileName().toString()) ? m
                    : f.getFileName() + ": " + m));
            whatIf.scenarioOpened(null, null);
            // Do not overwrite the user's file with an empty workspace: edits are saved only on request.
            try {
                autosave.close();
            } catch (IOException ignored) {
                // nothing was pending
            }
            autosave = null;
            return;
        }
        if (!ws.matchesScenario(scenarioHash)) {
            message.set(f.getFileName() + " was saved for another version of " + s.source().getFileName()
                    + ": annotations may not point at the right things");
        }
        history.reset(ws.annotations());
        history.markSaved();
        if (!ws.breakpoints().isEmpty()) {
            breakpoints.entries().clear();
            for (WorkspaceBreakpoint b : ws.breakpoints()) {
                breakpoints.add(b.toBreakpoint()).enabledProperty().set(b.enabled());
            }
        }
        WindowLayout l = ws.layout();
        try {
            if (l.theme() != null) {
                appearance.setTheme(l.theme());
            }
        } catch (IllegalArgumentException e) {
            message.set(f.getFileName() + ": " + e.getMessage());
        }
        if (l.zoom() != null) {
            appearance.setZoom(l.zoom());
        }
        whatIf.scenarioOpened(ws.whatIf(), (i, e) -> badWhatIf(f, ws.whatIf(), i, e));
        if (ws.policy() != null && !ws.policy().equals(session.policyName())) {
            // The cycle is applied with the re-run, when it is complete.
            rerunAt.accept(ws.policy(), Math.max(0, ws.cycle()));
        } else if (ws.cycle() > 0) {
            goTo.accept(Math.min(ws.cycle(), session.simulation().endCycle()));
        }
    }

    /**
     * A what-if edit of the workspace {@code f} (the {@code index}-th, -1 for the policy) does not fit the
     * scenario: one line naming the file, line and column, and the edits after it are not applied. Autosave
     * stops, as for a file that cannot be read, so the file keeps the edit for the user to correct.
     */
    private void badWhatIf(Path f, dev.asiscope.ui.workspace.WorkspaceWhatIf saved, int index,
            dev.asiscope.scenario.ScenarioException e) {
        if (!f.equals(file)) {
            return; // another scenario was opened meanwhile
        }
        // a path within the edit ("space"), or none when the edited run itself failed ("$.edits")
        String sub = e.path() == null || e.path().isEmpty() || e.path().startsWith("$") ? ""
                : e.path().startsWith("[") ? e.path() : "." + e.path();
        String path = index < 0 ? "$.whatIf.policy" : "$.whatIf.edits[" + index + "]" + sub;
        int[] at = {0, 0};
        try {
            at = dev.asiscope.scenario.JsonLocator.locate(Files.readString(f), path);
        } catch (IOException | RuntimeException unreadable) {
            // located by its path alone
        }
        int after = index < 0 ? saved.edits().size() : saved.edits().size() - index - 1;
        String what = index < 0 ? "no what-if edit is applied" : after == 0 ? "this edit is not applied"
                : "this edit and the " + after + " after it are not applied";
        String detail = (e.path() == null || index < 0 ? e.getMessage() : e.detail()) + "; " + what
                + ", and the workspace is saved only on request (Ctrl+S)";
        showError.accept("Cannot re-apply a what-if edit",
                new WorkspaceException(f.getFileName().toString(), at[0], at[1], path, detail).getMessage());
        if (autosave != null) {
            try {
                autosave.close(); // writes what was pending, made while the saved edits still stood
            } catch (IOException ex) {
                message.set("cannot save the workspace: " + ex.getMessage());
            }
            autosave = null;
        }
    }

    /** The scenario file changed (reloaded): the workspace records the new hash. */
    void rehash(LoadedScenario s) {
        try {
            scenarioHash = Provenance.sha256(s.source());
        } catch (IOException e) {
            scenarioHash = null; // saved without the hash: no warning when the scenario changes
        }
    }

    private static String firstLine(String m) {
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** The workspace file of the open scenario, or null for a built-in one. */
    Path file() {
        return file;
    }

    /** The window's state as a workspace. */
    Workspace current() {
        LoadedScenario s = session.scenario();
        Path src = s == null ? null : s.source();
        String hash = src == null ? null : scenarioHash;
        String ref = src == null ? null : file != null ? WorkspaceFile.scenarioReference(file, src)
                : src.getFileName().toString();
        String policy = session.policyName();
        if (s != null && policy != null && policy.equals(s.policyName())) {
            policy = null;
        }
        List<WorkspaceBreakpoint> bps = breakpoints.entries().stream()
                .map(e -> WorkspaceBreakpoint.of(e.breakpoint(), e.enabledProperty().get())).toList();
        return Workspace.empty(ref, hash).withPolicy(policy).withCycle(session.cycle())
                .withLayout(new WindowLayout(viewIds.get(), List.of(), appearance.theme().id(), appearance.zoom()))
                .withBreakpoints(bps).withAnnotations(history.annotations()).withWhatIf(whatIf.current());
    }

    /** An edit (annotation, breakpoint, what-if edit): autosaved after a quiet moment. */
    private void edited() {
        if (loading || autosave == null) {
            return;
        }
        autosave.changed(current());
    }

    /** Writes the workspace beside the scenario now; false (after a message or dialog) when it cannot. */
    boolean save() {
        if (file == null) {
            message.set("built-in scenario: open a scenario file to save a workspace beside it");
            return false;
        }
        try {
            if (autosave != null) {
                autosave.flush();
            }
            WorkspaceFile.save(file, current());
            history.markSaved();
            message.set("saved " + file.getFileName());
            return true;
        } catch (IOException | RuntimeException e) {
            showError.accept("Cannot save the workspace", file.getFileName() + ": " + e.getMessage());
            return false;
        }
    }
}
