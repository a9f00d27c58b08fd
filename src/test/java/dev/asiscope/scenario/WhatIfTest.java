package dev.asiscope.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.kernel.PlacedRegion;
import dev.asiscope.sim.paging.AccessType;
import dev.asiscope.sim.paging.ControlRegisters;
import dev.asiscope.sim.tables.MachineTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What-if edits: applied at a cycle, compared with the unedited run, undone, saved and replayed. */
class WhatIfTest {
    @TempDir
    Path tmp;

    static LoadedScenario sample(String name) throws ScenarioException {
        return ScenarioLoader.load(Path.of("sample-traces", name));
    }

    static Scenario.EditSpec entry(long cycle, String space, long va, String level, List<String> set,
            List<String> clear) {
        return new Scenario.EditSpec("entry", cycle, space, "0x" + Long.toHexString(va), level, set, clear, null, null,
                null);
    }

    /** Misclassifying the host secret as non-sensitive puts it in the restricted table: ASI no longer stops L1TF. */
    @Test
    void reclassifyingTheSecretMakesAsiLeak() throws Exception {
        WhatIf w = new WhatIf(sample("l1tf-guest-unmitigated.json"), "asi");
        assertEquals(0, w.originalReport().leaks().size());
        assertTrue(w.originalReport().asiExits() >= 1);
        w.apply(new Scenario.EditSpec("sensitivity", 0L, null, null, null, null, null, "host-secret",
                "global-nonsensitive", null));
        assertEquals(0, w.rerunFrom());
        assertTrue(w.editedEnd().policy().asi(), "the edited run is under the session's policy, not the scenario's");
        assertTrue(w.editedReport().leaks().size() >= 1, w.comparisonText());
        assertTrue(w.editedReport().leaks().stream().anyMatch(l -> l.victimLabel().name().equals("host-secret")));
        assertTrue(w.comparisonText().contains("host-secret becomes global-nonsensitive"), w.comparisonText());
    }

    /** Unmapping per-CPU data from the restricted table at a cycle: the handlers that touch it now exit ASI. */
    @Test
    void clearingPresentInTheRestrictedTableCausesAsiExitsFromThatCycle() throws Exception {
        LoadedScenario s = sample("asi-restricted-exits.json");
        WhatIf w = new WhatIf(s, null);
        long before = w.originalEnd().stateHash();
        // No exit of the mix leaves ASI; only each vCPU's power-off returns to the VMM (docs/model.md, section 4).
        assertEquals(2, w.originalReport().asiExits());
        PlacedRegion percpu = w.originalEnd().layout().region("percpu");
        long at = 100_000;
        for (long off = 0; off < percpu.size(); off += 4096) {
            w.apply(entry(at, "restricted:vm1", percpu.virtualBase() + off, "pt", List.of(), List.of("P")));
        }
        assertEquals(at, w.rerunFrom(), "re-run from the edit's cycle, not from 0");
        assertTrue(w.editedReport().asiExits() > w.originalReport().asiExits(), w.comparisonText());
        assertTrue(w.editedReport().cycles() > w.originalReport().cycles(), "ASI exits and flushes cost cycles");
        // the edit is in memory: the restricted table no longer translates percpu
        Machine m = w.editedEnd();
        long root = MachineTables.spaces(m).stream().filter(sp -> sp.name().equals("restricted:vm1")).findFirst()
                .orElseThrow().root();
        assertTrue(m.walker().walk(ControlRegisters.linuxDefaults(root), percpu.virtualBase(), AccessType.READ, false,
                m.memory(), false).faulted());
        // undo every edit: the state hash of the original run, bit for bit
        int n = w.edits().size();
        for (int i = 0; i < n; i++) {
            assertTrue(w.undo());
        }
        assertFalse(w.undo());
        assertEquals(before, w.editedEnd().stateHash());
        assertEquals(w.originalReport().cycles(), w.editedReport().cycles());
    }

    /** "Save as scenario" writes the edits; asiscope run's engine reproduces the edited run exactly. */
    @Test
    void savedWhatIfScenarioReproducesTheEditedRun() throws Exception {
        WhatIf w = new WhatIf(sample("asi-restricted-exits.json"), null);
        PlacedRegion vcpu = w.originalEnd().layout().region("vcpu-state:vm1");
        w.apply(new Scenario.EditSpec("unmap", 50_000L, "restricted:vm1", null, null, null, null, "vcpu-state:vm1",
                null, null));
        w.apply(entry(250_000, "restricted:vm1", vcpu.virtualBase(), "pd", List.of("XD"), List.of()));
        w.apply(new Scenario.EditSpec("map", 300_000L, "restricted:vm1", null, null, null, null, "vcpu-state:vm1",
                null, null));
        Path file = tmp.resolve("what-if.json");
        w.saveAs(file);
        String json = Files.readString(file);
        assertTrue(json.contains("\"edits\""), json);
        LoadedScenario saved = ScenarioLoader.load(file);
        assertEquals(3, saved.spec().edits().size());
        Machine replay = new Machine(saved.spec(), saved.policy(), null);
        replay.runToEnd();
        assertEquals(w.editedEnd().stateHash(), replay.stateHash(), "checkpoint + edits == engine-applied edits");
        RunReport r = ScenarioRunner.run(saved, saved.policyName());
        RunReport e = w.editedReport();
        assertEquals(List.of(e.cycles(), e.asiExits(), e.l1dFlushes(), (long) e.leaks().size(), e.exposureCycles()),
                List.of(r.cycles(), r.asiExits(), r.l1dFlushes(), (long) r.leaks().size(), r.exposureCycles()));
        assertNotEquals(w.originalReport().asiExits(), e.asiExits(), "the edit changed something");
    }

    /** Another handler for MSR_WRITE, or a mix with EPT violations: exits that need sensitive memory. */
    @Test
    void exitHandlerAndExitMixEditsChangeTheRun() throws Exception {
        WhatIf w = new WhatIf(sample("asi-restricted-exits.json"), null);
        w.apply(new Scenario.EditSpec("exit-handler", 0L, null, null, null, null, null, null, null, null, "MSR_WRITE",
                "EPT_VIOLATION", null, null));
        assertTrue(w.editedReport().asiExits() > w.originalReport().asiExits(), w.comparisonText());
        assertTrue(w.comparisonText().contains("MSR_WRITE exits are handled by EPT_VIOLATION"), w.comparisonText());
        long byHandler = w.editedReport().asiExits();
        assertTrue(w.undo());
        w.apply(new Scenario.EditSpec("exit-mix", 0L, null, null, null, null, null, null, null, null, null, null,
                java.util.Map.of("MSR_WRITE", 90.0, "EPT_VIOLATION", 10.0), 1));
        assertTrue(w.editedReport().asiExits() > w.originalReport().asiExits(), w.comparisonText());
        assertNotEquals(byHandler, w.editedReport().asiExits());
        Path file = tmp.resolve("mix.json");
        w.saveAs(file);
        RunReport replay = ScenarioRunner.run(ScenarioLoader.load(file), "asi");
        assertEquals(w.editedReport().cycles(), replay.cycles());
        assertEquals(w.editedReport().asiExits(), replay.asiExits());
        ScenarioException e = assertThrows(ScenarioException.class, () -> w.apply(new Scenario.EditSpec("exit-mix", 5L,
                null, null, null, null, null, null, null, null, null, null, java.util.Map.of("MSR_WRITE", 1.0), null)));
        assertTrue(e.getMessage().contains("takes effect at cycle 0"), e.getMessage());
        e = assertThrows(ScenarioException.class, () -> w.apply(new Scenario.EditSpec("exit-handler", 0L, null, null,
                null, null, null, null, null, null, "MSR_WRITE", "EPT_VIOLATON", null, null)));
        assertTrue(e.getMessage().contains("EPT_VIOLATION"), e.getMessage());
        assertEquals(1, w.edits().size(), "a rejected edit is not kept");
    }

    /** An edit after the run's last step never takes effect, in a re-run as in a saved scenario. */
    @Test
    void anEditAfterTheLastStepChangesNothing() throws Exception {
        WhatIf w = new WhatIf(sample("asi-restricted-exits.json"), null);
        long end = w.originalEnd().cycle();
        PlacedRegion percpu = w.originalEnd().layout().region("percpu");
        w.apply(entry(end + 1000, "restricted:vm1", percpu.virtualBase(), "pt", List.of(), List.of("P")));
        assertEquals(w.originalEnd().stateHash(), w.editedEnd().stateHash());
        Path file = tmp.resolve("late.json");
        w.saveAs(file);
        LoadedScenario saved = ScenarioLoader.load(file);
        Machine replay = new Machine(saved.spec(), saved.policy(), null);
        replay.runToEnd();
        assertEquals(w.editedEnd().stateHash(), replay.stateHash());
    }

    @Test
    void badEditsAreLocated() throws Exception {
        String json = Files.readString(Path.of("sample-traces/asi-restricted-exits.json")).replace("\"guided\": \"event\",",
                "\"guided\": \"event\", \"edits\": [ { \"edit\": \"entry\", \"space\": \"restricted:vm2\", \"va\": \"0x1000\","
                        + " \"level\": \"pt\", \"clear\": [\"P\"] } ],");
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.parse("w.json", json, null));
        assertTrue(e.getMessage().contains("$.edits[0].space: no table 'restricted:vm2'; did you mean 'restricted:vm1'?"),
                e.getMessage());
        String bits = json.replace("\"clear\": [\"P\"]", "\"clear\": [\"NX\"]").replace("restricted:vm2", "full");
        e = assertThrows(ScenarioException.class, () -> ScenarioLoader.parse("w.json", bits, null));
        assertTrue(e.getMessage().contains("unknown bit 'NX'"), e.getMessage());
        String kind = json.replace("\"edit\": \"entry\"", "\"edit\": \"entri\"");
        e = assertThrows(ScenarioException.class, () -> ScenarioLoader.parse("w.json", kind, null));
        assertTrue(e.getMessage().contains("unknown edit \"entri\"; did you mean 'entry'?"), e.getMessage());
        assertTrue(e.getMessage().startsWith("w.json:"), e.getMessage());
    }
}
