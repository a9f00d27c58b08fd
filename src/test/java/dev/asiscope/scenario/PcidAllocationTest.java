package dev.asiscope.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.engine.Policy;
import dev.asiscope.sim.kernel.HostLayout;
import dev.asiscope.sim.tables.AddressSpace;
import dev.asiscope.sim.tables.MachineTables;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Every page table of a machine has a PCID of its own, however many VMs and processes a scenario declares,
 * so a TLB entry filled under one table is never used under another (Linux: kern_pcid() and user_pcid() in
 * arch/x86/mm/tlb.c; the ASI RFC's asi_pcid(), "mm: asi: Use separate PCIDs for restricted address
 * spaces"); a scenario that needs more PCIDs than there are is refused with a located error.
 */
class PcidAllocationTest {
    /** VMs 1..{@code vms}, process 1; the process reads host-secret in a syscall, then VM {@code vm} exits to a handler that reads it too. */
    private static String scenario(int vms, int vm) {
        String vmList = IntStream.rangeClosed(1, vms).mapToObj(i -> "{\"id\": " + i + "}")
                .collect(Collectors.joining(", "));
        return """
                {"format": 1,
                 "machine": {"cores": 1, "threadsPerCore": 1},
                 "vms": [%s],
                 "processes": [{"id": 1}],
                 "exitHandlers": {"EXTERNAL_INTERRUPT": {"steps": [{"region": "host-secret"}], "work": 100}},
                 "programs": [{"cpu": 0, "tasks": [
                   {"process": 1, "ops": [{"op": "syscall", "handler": "read-secret"}]},
                   {"vm": %d, "ops": [{"op": "compute", "cycles": 100}, {"op": "vmexit", "reason": "EXTERNAL_INTERRUPT"}]}
                 ]}]}
                """.formatted(vmList, vm);
    }

    /**
     * The handler's read of host-secret is not mapped in the VM's restricted table, so it page-faults and
     * leaves ASI, whichever VM it is. When VM 15's restricted PCID was 2 + 15 = 17, process 1's kernel PCID
     * (16 + 1), the syscall's TLB entry for host-secret hit in the restricted space: no fault, no ASI exit,
     * and the secret came into L1D with nothing to flush it before the VM entry.
     */
    @Test
    void aSensitiveAccessLeavesAsiWhateverTheVmNumber() throws Exception {
        for (int vm : new int[] {1, 14, 15, 16, 60}) {
            LoadedScenario s = ScenarioLoader.parse("pcid.json", scenario(Math.max(vm, 15), vm), null);
            RunReport r = ScenarioRunner.run(s, "asi");
            assertEquals(1 + 1, r.asiExits(), "VM " + vm + ": the sensitive access in the restricted space leaves ASI"
                    + " (and so does the power-off's return to the VMM)");
        }
    }

    @Test
    void everyTableOfABigMachineHasItsOwnPcid() throws Exception {
        StringBuilder procs = new StringBuilder();
        for (int p = 1; p <= 40; p++) {
            procs.append(p == 1 ? "" : ", ").append("{\"id\": ").append(p * 20).append('}');
        }
        String json = scenario(60, 60).replace("\"processes\": [{\"id\": 1}]", "\"processes\": [" + procs + "]")
                .replace("\"process\": 1", "\"process\": 20");
        LoadedScenario s = ScenarioLoader.parse("pcid.json", json, null);
        for (String policy : List.of("asi", "kpti", "asi+kpti-on-asi")) {
            Machine m = new Machine(s.spec(), Policy.parse(policy), null);
            Map<Integer, String> owner = new HashMap<>();
            owner.put(HostLayout.IDLE_PCID, "idle");
            for (AddressSpace a : MachineTables.spaces(m)) {
                if (a.pcid() < 0) {
                    continue; // guest and EPT tables: tagged by VPID, not by a host PCID
                }
                assertTrue(a.pcid() > 0 && a.pcid() < 4096, a.name() + " PCID " + a.pcid());
                String before = owner.put(a.pcid(), a.name());
                assertEquals(null, before, "PCID " + a.pcid() + " of both " + before + " and " + a.name());
            }
            assertTrue(owner.size() > 100, owner.size() + " tables");
        }
    }

    @Test
    void asManyProcessesAsThePcidSpaceHoldsRun() throws Exception {
        StringBuilder procs = new StringBuilder();
        for (int p = 1; p <= HostLayout.MAX_PROCESSES; p++) {
            procs.append(p == 1 ? "" : ", ").append("{\"id\": ").append(p).append('}');
        }
        String json = scenario(60, 60).replace("\"processes\": [{\"id\": 1}]", "\"processes\": [" + procs + "]");
        LoadedScenario s = ScenarioLoader.parse("many.json", json, null);
        assertEquals(2 + 1, ScenarioRunner.run(s, "asi+kpti-on-asi").asiExits(),
                "the syscall and the VM exit each leave ASI, and so does the power-off's return to the VMM");
    }

    @Test
    void aScenarioNeedingMorePcidsThanThereAreIsRefusedWhereItSaysSo() {
        StringBuilder procs = new StringBuilder();
        for (int p = 1; p <= 900; p++) {
            procs.append(p == 1 ? "" : ", ").append("{\"id\": ").append(p).append('}');
        }
        String json = scenario(2, 1).replace("\"processes\": [{\"id\": 1}]", "\"processes\": [" + procs + "]");
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.parse("many.json", json,
                null));
        assertTrue(e.getMessage().contains("$.processes[" + HostLayout.MAX_PROCESSES + "]"), e.getMessage());
        assertTrue(e.getMessage().contains("PCID"), e.getMessage());
    }

    @Test
    void theSchemaStatesTheLimit() throws Exception {
        var schema = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                java.nio.file.Path.of("docs/scenario.schema.json").toFile());
        assertEquals(HostLayout.MAX_PROCESSES, schema.get("properties").get("processes").get("maxItems").asInt());
    }
}
