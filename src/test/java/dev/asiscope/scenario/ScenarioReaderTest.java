package dev.asiscope.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScenarioReaderTest {
    private final ScenarioReader reader = new ScenarioReader();

    private ScenarioException error(String json) {
        return assertThrows(ScenarioException.class, () -> reader.parse("s.json", json));
    }

    @Test
    void minimalScenarioGetsDefaults() throws Exception {
        Scenario s = reader.parse("s.json", "{\"format\": 1}");
        assertEquals(46, s.machine().maxPhysAddr());
        assertEquals(1, s.cpus().size());
        Scenario.Cpu cpu = s.cpus().get(0);
        assertTrue(cpu.cr0().wp());
        assertTrue(cpu.cr4().smep());
        assertTrue(cpu.efer().nxe());
        assertEquals(0L, cpu.cr3());
    }

    @Test
    void sampleParses() throws Exception {
        Scenario s = reader.read(Path.of("sample-traces/paging-basics.json"));
        assertEquals(0x1000L, s.cpus().get(0).cr3());
        assertEquals(0x8000000000000183L, s.memory().get(3).qwords().get(0));
    }

    @Test
    void unknownFieldSuggestsTheRightOne() {
        ScenarioException e = error("{\"format\": 1,\n  \"cpus\": [{\"cr4\": {\"smapp\": true}}]}");
        assertEquals(2, e.line());
        assertEquals("$.cpus[0].cr4.smapp", e.path());
        assertTrue(e.detail().contains("unknown field 'smapp'; did you mean 'smap'?"), e.getMessage());
        assertTrue(e.getMessage().startsWith("s.json:2:"), e.getMessage());
    }

    @Test
    void malformedNumberNamesPath() {
        ScenarioException e = error("{\"cpus\": [{\"cr3\": \"0x10g0\"}]}");
        assertEquals("$.cpus[0].cr3", e.path());
        assertTrue(e.detail().contains("expected a 64-bit number"), e.getMessage());
        assertEquals(1, e.line());
    }

    @Test
    void wrongTypeSaysWhatWasExpected() {
        ScenarioException e = error("{\"cpus\": [{\"cr0\": {\"wp\": \"yes\"}}]}");
        assertEquals("$.cpus[0].cr0.wp", e.path());
        assertTrue(e.detail().contains("true or false"), e.getMessage());
    }

    @Test
    void outOfRangeValue() {
        ScenarioException e = error("{\"machine\": {\"maxPhysAddr\": 60}}");
        assertTrue(e.detail().contains("maxPhysAddr must be between 36 and 52"), e.getMessage());
    }

    @Test
    void unsupportedFormat() {
        assertTrue(error("{\"format\": 2}").detail().contains("unsupported format 2"));
    }

    @Test
    void syntaxError() {
        ScenarioException e = error("{\"format\": 1,,}");
        assertTrue(e.detail().startsWith("malformed JSON"), e.getMessage());
        assertEquals(1, e.line());
    }

    @Test
    void unalignedMemory() {
        assertTrue(error("{\"memory\": [{\"address\": \"0x1004\", \"qwords\": [1]}]}").detail()
                .contains("not 8-byte aligned"));
    }

    @Test
    void missingFile() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> reader.read(Path.of("nope.json")));
        assertEquals("nope.json: no such file", e.getMessage());
    }
}
