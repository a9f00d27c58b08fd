package dev.asiscope.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Every class of mistake in a scenario gets a located, one-line message that says what was expected. */
class ScenarioErrorsTest {
    private static ScenarioException error(String json) {
        return assertThrows(ScenarioException.class, () -> ScenarioLoader.parse("s.json", json, null));
    }

    private static final String VM = "\"vms\": [{\"id\": 1}]";

    private static String program(String ops) {
        return "{" + VM + ",\n \"programs\": [{\"cpu\": 0, \"tasks\": [{\"vm\": 1, \"ops\": [\n" + ops + "\n]}]}]}";
    }

    @Test
    void unknownOperationSuggestsTheRightOne() {
        ScenarioException e = error(program("{\"op\": \"probe-relaod\"}"));
        assertTrue(e.detail().contains("unknown op 'probe-relaod'; did you mean 'probe-reload'?"), e.getMessage());
        assertEquals("$.programs[0].tasks[0].ops[0]", e.path());
        assertEquals(3, e.line());
    }

    @Test
    void missingOperationName() {
        assertTrue(error(program("{\"cycles\": 5}")).detail().contains("needs an \"op\" field"));
    }

    @Test
    void unknownFieldInsideAnOperation() {
        ScenarioException e = error(program("{\"op\": \"compute\", \"cycels\": 5}"));
        assertTrue(e.detail().contains("unknown field 'cycels'; did you mean 'cycles'?"), e.getMessage());
    }

    @Test
    void missingRequiredValue() {
        ScenarioException e = error(program("{\"op\": \"compute\"}"));
        assertTrue(e.detail().contains("compute needs \"cycles\" > 0"), e.getMessage());
        assertEquals(3, e.line());
    }

    @Test
    void unknownExitReasonSuggestsTheRightOne() {
        ScenarioException e = error(program("{\"op\": \"vmexit\", \"reason\": \"EXTERNAL_INTERUPT\"}"));
        assertTrue(e.detail().contains("did you mean 'EXTERNAL_INTERRUPT'?"), e.getMessage());
        assertEquals("$.programs[0].tasks[0].ops[0].reason", e.path());
        assertEquals(3, e.line());
        assertTrue(e.column() > 1);
    }

    @Test
    void newOperationAndExpectationFieldsAreChecked() {
        ScenarioException via = error(program("{\"op\": \"l1tf\", \"target\": \"host-secret\", \"via\": \"reserved\"}"));
        assertTrue(via.detail().contains("unknown l1tf trigger 'reserved'; did you mean 'reserved-bit'?"), via.getMessage());
        assertEquals("$.programs[0].tasks[0].ops[0].via", via.path());
        ScenarioException reason = error(program("{\"op\": \"spectre-v1\", \"target\": \"host-secret\", \"reason\": \"MSR_WRIT\"}"));
        assertEquals("$.programs[0].tasks[0].ops[0].reason", reason.path());
        String expect = "{" + VM + ", \"expectations\": [\n";
        ScenarioException cpu = error(expect + "{\"policy\": \"none\", \"leaks\": {\"max\": 0}, \"attackerCpu\": 9}]}");
        assertTrue(cpu.detail().contains("no logical CPU 9"), cpu.getMessage());
        assertEquals("$.expectations[0].attackerCpu", cpu.path());
        assertEquals(2, cpu.line());
        ScenarioException vcpu = error(expect + "{\"policy\": \"none\", \"leaks\": {\"max\": 0}, \"attackerVcpu\": 0}]}");
        assertTrue(vcpu.detail().contains("attackerVcpu needs \"attacker\""), vcpu.getMessage());
        ScenarioException dom = error(expect + "{\"policy\": \"none\", \"leaks\": {\"max\": 0}, \"attacker\": \"vm2\"}]}");
        assertTrue(dom.detail().contains("expected an attacker domain such as \"vm:2\""), dom.getMessage());
        ScenarioException cause = error(expect + "{\"policy\": \"none\", \"leaks\": {\"max\": 0}, \"asiExitCause\": \"x\"}]}");
        assertTrue(cause.detail().contains("give \"asiExits\" too"), cause.getMessage());
    }

    @Test
    void unknownRegionIsLocated() {
        ScenarioException e = error(program("{\"op\": \"l1tf\", \"target\": \"host-secrte\"}"));
        assertTrue(e.detail().contains("unknown region 'host-secrte'; did you mean 'host-secret'?"), e.getMessage());
        assertEquals(3, e.line());
    }

    @Test
    void unknownPolicyAndSensitivityAndEventKind() {
        assertTrue(error("{\"policy\": \"asi-stunn\"}").detail().contains("did you mean 'asi-stun'?"));
        assertTrue(error("{\"policy\": \"asi+nosmtt\"}").detail().contains("unknown policy 'nosmtt'; did you mean 'nosmt'?"));
        assertTrue(error("{\"regions\": [{\"name\": \"x\", \"sensitivity\": \"sensitve\"}]}").detail()
                .contains("did you mean 'sensitive'?"));
        assertTrue(error("{\"breakpoints\": [{\"event\": \"asi-exti\"}]}").detail()
                .contains("did you mean 'asi-exit'?"));
    }

    @Test
    void crossReferences() {
        ScenarioException cpu = error("{\"machine\": {\"cores\": 1, \"threadsPerCore\": 1},\n \"programs\": [{\"cpu\": 3}]}");
        assertTrue(cpu.detail().contains("no CPU 3: the machine has 1 logical CPUs"), cpu.getMessage());
        assertEquals(2, cpu.line());
        ScenarioException vm = error("{\"programs\": [{\"cpu\": 0, \"tasks\": [{\"vm\": 7}]}]}");
        assertTrue(vm.detail().contains("no VM 7"), vm.getMessage());
        ScenarioException handler = error("{\"processes\": [{\"id\": 1}], \"programs\": [{\"cpu\": 0, \"tasks\": "
                + "[{\"process\": 1, \"ops\": [{\"op\": \"syscall\", \"handler\": \"raed\"}]}]}]}");
        assertTrue(handler.detail().contains("did you mean 'read'?"), handler.getMessage());
        ScenarioException lat = error("{\"machine\": {\"latencies\": {\"l1hit\": 4}}}");
        assertTrue(lat.detail().contains("did you mean 'l1Hit'?"), lat.getMessage());
    }

    @Test
    void sizesAndNumbers() {
        assertTrue(error("{\"vms\": [{\"id\": 1, \"memory\": \"4Q\"}]}").detail().contains("expected a size"));
        assertTrue(error("{\"vms\": [{\"id\": 1, \"memory\": \"1M\"}]}").detail().contains("at least 4M"));
    }

    @Test
    void trailingContent() {
        assertTrue(error("{\"format\": 1} {}").detail().contains("unexpected content after the end"));
    }

    @Test
    void valuesTheMachineCannotBuildAreRejectedBeforeTheRun() throws Exception {
        assertTrue(error("{\"machine\": {\"tlb\": {\"entries\": 64, \"ways\": 5}}}").detail().contains("must divide"));
        assertTrue(error("{\"machine\": {\"l2\": {\"lineSize\": 128}}}").detail().contains("same lineSize"));
        assertTrue(error("{\"vms\": [{\"id\": 1, \"fill\": 300}]}").detail().contains("byte value"));
        assertTrue(error("{\"exitHandlers\": {\"CPUID\": {\"steps\": [{\"region\": \"percpu\", \"offset\": -64}]}}}")
                .detail().contains("not be negative"));
        assertEquals(0xB000L, SizeDeserializer.parse("0xB000"));
        assertEquals(4096L, SizeDeserializer.parse("4KiB"));
        assertEquals(4L, SizeDeserializer.parse("4B"));
    }
}
