package dev.asiscope.scenario;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Core scheduling keeps tasks of different cookies off sibling threads at the same time, host processes
 * included: Linux's core-wide pick (kernel/sched/core.c, pick_next_task() with sched_core_cookie_match())
 * lets a sibling run only a task whose cookie matches the core's, or forces it idle. Each process is its own
 * cookie here, as with prctl(PR_SCHED_CORE, PR_SCHED_CORE_CREATE) per process.
 */
class CoreSchedulingProcessesTest {
    private static final String TWO_PROCESSES = """
            {"format": 1,
             "machine": {"cores": 1, "threadsPerCore": 2},
             "processes": [{"id": 1}, {"id": 2}],
             "programs": [
               {"cpu": 0, "tasks": [{"process": 1, "ops": [{"op": "compute", "cycles": 10000, "lines": 0}]}]},
               {"cpu": 1, "tasks": [{"process": 2, "ops": [{"op": "compute", "cycles": 10000, "lines": 0}]}]}
             ]}
            """;

    @Test
    void twoProcessesOfDifferentCookiesDoNotShareTheCore() throws Exception {
        LoadedScenario s = ScenarioLoader.parse("two-processes.json", TWO_PROCESSES, null);
        RunReport shared = ScenarioRunner.run(s, "none");
        assertTrue(shared.cycles() < 20_000, "without core scheduling they run side by side: " + shared.cycles());

        RunReport r = ScenarioRunner.run(s, "core-scheduling");
        assertTrue(r.cycles() >= 20_000, "one after the other: " + r.cycles());
        long forcedIdle = r.cpus().get(0).cyclesByCategory().getOrDefault("coreschedIdle", 0L)
                + r.cpus().get(1).cyclesByCategory().getOrDefault("coreschedIdle", 0L);
        assertTrue(forcedIdle >= 10_000, "the second waits, forced idle, while the first runs: " + forcedIdle);

    }

    /** Three processes, two of them taking turns on one thread, with a yield and a syscall: never two at once, and all finish. */
    @Test
    void processesTakingTurnsNeverShareTheCoreAndAllFinish() throws Exception {
        String json = """
                {"format": 1,
                 "machine": {"cores": 1, "threadsPerCore": 2},
                 "processes": [{"id": 1}, {"id": 2}, {"id": 3}],
                 "programs": [
                   {"cpu": 0, "tasks": [
                     {"process": 1, "ops": [{"op": "compute", "cycles": 3000, "lines": 0}, {"op": "yield"},
                                            {"op": "compute", "cycles": 3000, "lines": 0}]},
                     {"process": 3, "ops": [{"op": "compute", "cycles": 2000, "lines": 0}]}]},
                   {"cpu": 1, "tasks": [{"process": 2, "ops": [{"op": "syscall", "handler": "getpid"},
                                                              {"op": "compute", "cycles": 5000, "lines": 0}]}]}
                 ]}
                """;
        LoadedScenario s = ScenarioLoader.parse("three-processes.json", json, null);
        RunReport r = ScenarioRunner.run(s, "core-scheduling");
        assertTrue(r.cycles() >= 13_000, "the 13,000 cycles of work run one process at a time: " + r.cycles());
        assertTrue(r.cycles() < 100_000, "and all of it finishes: " + r.cycles());
        long none = ScenarioRunner.run(s, "none").cycles();
        assertTrue(none < r.cycles(), "without core scheduling they overlap: " + none + " against " + r.cycles());
    }
}
