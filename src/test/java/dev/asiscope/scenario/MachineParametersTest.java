package dev.asiscope.scenario;

import dev.asiscope.scenario.EventText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.sim.engine.L1dFlushMethod;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.engine.MachineSpec;
import dev.asiscope.sim.engine.Policy;
import dev.asiscope.sim.program.Op;
import org.junit.jupiter.api.Test;

/** The machine parameters and the workload field that SMT contention, the flush method and the sweep added. */
class MachineParametersTest {
    private static final String WORKLOAD = "{\"vms\": [{\"id\": 1}], \"programs\": [{\"cpu\": 0, \"tasks\": [{\"vm\": 1,"
            + " \"ops\": [{\"op\": \"workload\", \"exits\": 10, \"meanGuestCycles\": 1000, \"mix\": {\"MSR_WRITE\": 1}%s}]}]}]";

    private static LoadedScenario load(String json) throws ScenarioException {
        return ScenarioLoader.parse("s.json", json, null);
    }

    private static ScenarioException error(String json) {
        return assertThrows(ScenarioException.class, () -> load(json));
    }

    @Test
    void defaultsAndValuesReachTheEngine() throws Exception {
        MachineSpec d = load("{\"format\": 1}").spec();
        assertEquals(MachineSpec.DEFAULT_SMT_THROUGHPUT, d.smtThroughput());
        assertEquals(L1dFlushMethod.MSR, d.l1dFlushMethod());
        MachineSpec s = load("{\"machine\": {\"smtThroughput\": 1.15, \"l1dFlushMethod\": \"software\","
                + " \"latencies\": {\"l1dWriteBack\": 2, \"cpuid\": 150}}}").spec();
        assertEquals(1.15, s.smtThroughput());
        assertEquals(L1dFlushMethod.SOFTWARE, s.l1dFlushMethod());
        assertEquals(2, s.latency().l1dWriteBack());
        assertEquals(150, s.latency().cpuid());
        Op.Workload w = (Op.Workload) load(String.format(WORKLOAD, ", \"sensitiveShare\": 12.5") + "}").spec()
                .programs().get(0).tasks().get(0).ops().get(0);
        assertEquals(12.5, w.sensitiveShare());
    }

    @Test
    void outOfRangeValuesAreLocatedErrors() {
        ScenarioException smt = error("{\"machine\": {\"smtThroughput\": 2.5}}");
        assertTrue(smt.getMessage().contains("smtThroughput must be between 1.0"), smt.getMessage());
        assertTrue(smt.path().startsWith("$.machine"), smt.path());
        ScenarioException method = error("{\"machine\": {\"l1dFlushMethod\": \"sofware\"}}");
        assertTrue(method.getMessage().contains("did you mean 'software'?"), method.getMessage());
        ScenarioException share = error(String.format(WORKLOAD, ", \"sensitiveShare\": 120") + "}");
        assertTrue(share.getMessage().contains("sensitiveShare") && share.getMessage().contains("0..100"),
                share.getMessage());
        assertTrue(share.path().startsWith("$.programs[0].tasks[0].ops[0]"), share.path());
    }

    /**
     * Sensitive exits read the region named host-secret (Machine.SENSITIVE_EXIT_REGION). Scenario regions are added to the
     * default ones (which include it) and never remove them, so a scenario that defines other regions only
     * still runs its sensitive exits; if scenarios could ever drop default regions, this needs a compile-time check.
     */
    @Test
    void sensitiveExitsRunWhenTheScenarioDefinesOtherRegionsOnly() throws Exception {
        MachineSpec spec = load(String.format(WORKLOAD, ", \"sensitiveShare\": 50")
                + ", \"regions\": [{\"name\": \"x\", \"size\": 4096, \"sensitivity\": \"sensitive\"}]}").spec();
        Machine m = new Machine(spec, Policy.parse("asi"), null);
        m.runToEnd();
        assertTrue(m.asiExitCauses().keySet().stream().anyMatch(c -> EventText.cause(c).contains("host-secret")),
                "sensitive exits read the default region: " + m.asiExitCauses());
    }
}
