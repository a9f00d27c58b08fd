package dev.asiscope.ui;

import dev.asiscope.ui.core.VcpuTracker;
import dev.asiscope.scenario.EventText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.scenario.ScenarioLoader;
import dev.asiscope.sim.engine.Event;
import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.Policy;
import dev.asiscope.sim.engine.Simulation;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two runs of one scenario under two policies are lined up by the story, not by the cycle. */
class StoryIndexTest {
    private static Simulation run(LoadedScenario s, String policy) {
        return Simulation.run(s.spec(), Policy.parse(policy));
    }

    /** The k-th VM exit of vCPU vm1/vcpu0 in {@code sim} (stun-IPI exits are the mitigation's, not counted). */
    private static Event nthExitOfVcpu(Simulation sim, String vcpu, int k) {
        int seen = 0;
        String[] running = new String[sim.spec().logicalCpus()];
        for (int i = 0; i < sim.log().size(); i++) {
            Event e = sim.log().get(i);
            if (e.kind() == EventKind.VM_ENTRY) {
                running[e.cpu()] = EventText.detail(e);
            } else if (e.kind() == EventKind.VM_EXIT && vcpu.equals(running[e.cpu()])
                    && !EventText.detail(e).contains("stun IPI") && ++seen == k) {
                return e;
            }
        }
        return null;
    }

    @Test
    void theNthExitOfAVcpuIsTheSameMomentUnderBothPolicies() throws Exception {
        LoadedScenario s = ScenarioLoader.load(Path.of("sample-traces/asi-stun.json"));
        Simulation none = run(s, "none");
        Simulation slow = run(s, "l1d-flush-always+nosmt");
        StoryIndex left = StoryIndex.of(none, NarrationTrack.resolve(s.narration(), none.log()));
        StoryIndex right = StoryIndex.of(slow, NarrationTrack.resolve(s.narration(), slow.log()));
        for (int k : List.of(1, 10, 60, 100)) {
            Event a = nthExitOfVcpu(none, "vm1/vcpu0", k);
            Event b = nthExitOfVcpu(slow, "vm1/vcpu0", k);
            assertNotNull(a);
            assertNotNull(b);
            StoryIndex.Alignment al = left.align(a.cycle() + 5, right);
            assertEquals(a.cycle(), al.here().cycle(), al.describe());
            assertEquals(b.cycle(), al.there().cycle(), al.describe());
            assertEquals(b.cycle() + 5, al.otherCycle(), "the same distance past the shared moment");
            assertTrue(al.describe().startsWith("aligned at VM exit " + k + " of vm1/vcpu0: cycle "), al.describe());
        }
        // The flushing run drifts: by the 100th exit the same cycle is a different moment.
        Event a100 = nthExitOfVcpu(none, "vm1/vcpu0", 100);
        assertTrue(nthExitOfVcpu(slow, "vm1/vcpu0", 100).cycle() != a100.cycle());
    }

    @Test
    void beforeAnySharedMomentTheCyclesAreTheSame() throws Exception {
        LoadedScenario s = ScenarioLoader.load(Path.of("sample-traces/asi-stun.json"));
        Simulation a = run(s, "none");
        Simulation b = run(s, "asi-stun");
        StoryIndex left = StoryIndex.of(a, null);
        StoryIndex right = StoryIndex.of(b, null);
        long first = left.milestones().get(0).cycle();
        StoryIndex.Alignment al = left.align(first - 1, right);
        assertNull(al.here());
        assertEquals(first - 1, al.otherCycle());
        assertTrue(al.describe().startsWith("aligned by cycle"));
    }

    @Test
    void vcpusArePackedFromTheEntryFact() {
        assertEquals(1 << 16 | 3, VcpuTracker.pack(1, 3));
        assertEquals("vm1/vcpu3", VcpuTracker.name(VcpuTracker.pack(1, 3)));
        assertEquals(-1, VcpuTracker.pack(-1, 0));
        assertEquals(-1, VcpuTracker.pack(0x8000, 0));
    }
}
