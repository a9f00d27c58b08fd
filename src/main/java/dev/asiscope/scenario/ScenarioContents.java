package dev.asiscope.scenario;

import java.nio.file.Path;

/**
 * What a scenario file holds: something to run (a program with at least one task), page tables only
 * (raw memory, for {@code translate}), or nothing. Running a file with nothing to run is bad input, not a
 * run of 0 cycles: {@code {}} would otherwise "pass" every check.
 */
public final class ScenarioContents {
    private ScenarioContents() {
    }

    /** True when some program has a task. */
    public static boolean hasWork(Scenario s) {
        return s.programs().stream().anyMatch(p -> !p.tasks().isEmpty());
    }

    /** True when the file initialises physical memory (page tables for {@code translate}). */
    public static boolean hasPageTables(Scenario s) {
        return !s.memory().isEmpty();
    }

    /** Loads a scenario that must have something to run (run, compare, bench). */
    public static LoadedScenario loadRunnable(Path file) throws ScenarioException {
        LoadedScenario s = ScenarioLoader.load(file);
        requireWork(file, s.raw());
        return s;
    }

    /**
     * Throws a located "nothing to run" error unless {@link #hasWork}: at the {@code programs} field when
     * there is one, else at the scenario's opening brace.
     */
    public static void requireWork(Path file, Scenario s) throws ScenarioException {
        if (hasWork(s)) {
            return;
        }
        int[] at = locate(file, !s.programs().isEmpty());
        String detail = hasPageTables(s)
                ? "nothing to run: this file holds page tables only (no program has a task); use it with "
                        + "'asiscope translate " + file.getFileName() + " --va ADDRESS', or add \"programs\" to run it"
                : "nothing to run: no program has a task (expected \"programs\": [{\"cpu\": 0, \"tasks\": [...]}], "
                        + "see docs/scenario-format.md)";
        throw new ScenarioException(file.toString(), at[0], at[1], s.programs().isEmpty() ? null : "$.programs",
                detail);
    }

    private static int[] locate(Path file, boolean programs) {
        String text;
        try {
            text = TextCheck.readUtf8(file);
        } catch (ScenarioException e) {
            return new int[] {1, 1};
        }
        if (programs) {
            int[] at = JsonLocator.locate(text, "$.programs");
            if (at[0] > 0) {
                return at;
            }
        }
        int line = 1;
        int col = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                return new int[] {line, col};
            }
            if (c == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new int[] {1, 1};
    }
}
