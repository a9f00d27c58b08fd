package dev.asiscope.scenario.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.scenario.OpJson;
import dev.asiscope.scenario.RunReport;
import dev.asiscope.scenario.Scenario;
import dev.asiscope.scenario.ScenarioException;
import dev.asiscope.scenario.ScenarioLoader;
import dev.asiscope.scenario.ScenarioRunner;
import dev.asiscope.scenario.ScenarioWriter;
import dev.asiscope.sim.kernel.Handler;
import dev.asiscope.sim.kernel.KvmExitHandlers;
import dev.asiscope.sim.timing.LatencyTable;
import dev.asiscope.sim.vmx.VmxExitReason;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Replay scenarios generated from every real perf-kvm-stat and kvm_exit trace sample. */
class WorkloadGeneratorTest {
    private static final int EXIT_ENTRY = LatencyTable.defaults().vmExitEntry();

    static Stream<String> perfSamples() {
        return Samples.all().stream().filter(n -> n.startsWith("perf-kvm-stat-"));
    }

    static Stream<String> traceSamples() {
        return Samples.all().stream().filter(n -> n.startsWith("kvmexit-trace-"));
    }

    private static WorkloadGenerator.Options options(String name) {
        return new WorkloadGenerator.Options(name, null, null, 10L, null, null, null, null, null);
    }

    /** Writes, reads back and compiles the scenario; it must be equal to what was written. */
    private static LoadedScenario roundTrip(Scenario s) throws ScenarioException {
        String json = ScenarioWriter.toJson(s);
        LoadedScenario loaded = ScenarioLoader.parse("generated", json, null);
        assertEquals(s, loaded.raw(), "the written scenario reads back unchanged");
        return loaded;
    }

    private static List<OpJson.Workload> workloads(Scenario s) {
        return s.programs().stream().flatMap(p -> p.tasks().stream()).flatMap(t -> t.ops().stream())
                .map(op -> (OpJson.Workload) op).toList();
    }

    /** Mix weights are the imported counts of the VMX reasons, on every vCPU. */
    private static void assertWeights(ExitMix mix, Scenario s) {
        Map<String, Double> expected = new HashMap<>();
        mix.counts().forEach((k, v) -> VmxExitReason.fromName(k)
                .ifPresent(r -> expected.merge(r.linuxName(), (double) v, Double::sum)));
        assertFalse(expected.isEmpty());
        List<OpJson.Workload> ws = workloads(s);
        assertEquals(4, ws.size(), "one vCPU per logical CPU of the default 2x2 machine");
        for (OpJson.Workload w : ws) {
            assertEquals(expected, w.mix());
            assertEquals(10L, w.exits());
        }
    }

    /** Each handler's work (plus user-space and halted time) follows the measured mean. */
    private static void assertHandlers(ExitMix mix, Scenario s) {
        KvmExitHandlers defaults = KvmExitHandlers.defaults();
        for (Map.Entry<String, Long> e : mix.counts().entrySet()) {
            VmxExitReason r = VmxExitReason.fromName(e.getKey()).orElse(null);
            if (r == null) {
                continue;
            }
            Scenario.HandlerSpec h = s.exitHandlers().get(r.linuxName());
            assertNotNull(h, r.linuxName());
            Handler d = defaults.handlerFor(r.code(), r.linuxName());
            assertEquals(d.steps().size(), h.steps().size(), "default regions kept: " + r);
            for (int i = 0; i < d.steps().size(); i++) {
                assertEquals(d.steps().get(i).region(), h.steps().get(i).region());
                assertEquals(d.steps().get(i).lines(), h.steps().get(i).lines());
                assertEquals(d.steps().get(i).write(), h.steps().get(i).write());
            }
            assertEquals(d.setsFlushRequest(), h.setsFlushRequest(), "flush request kept: " + r);
            assertEquals(d.exitsToUserspace(), h.userspaceCycles() > 0, "exit to user space kept: " + r);
            assertEquals(d.blockCycles() > 0, h.blockCycles() > 0, "blocking kept: " + r);
            Double us = mix.avgTimeUs().get(e.getKey());
            if (us == null) {
                assertEquals(d.workCycles(), h.work(), "unmeasured reasons keep the default work: " + r);
                continue;
            }
            long budget = Math.max(0, Math.round(us * 3000) - EXIT_ENTRY);
            if (d.blockCycles() > 0) {
                assertEquals(Math.min(d.workCycles(), budget), h.work());
                assertEquals(Math.max(1, Math.min(budget - h.work(), WorkloadGenerator.DEFAULT_MAX_BLOCK_CYCLES)),
                        h.blockCycles(), r.linuxName());
            } else if (d.exitsToUserspace()) {
                assertEquals(Math.min(d.workCycles(), budget), h.work());
                assertEquals(Math.max(1, budget - h.work()), h.userspaceCycles(), r.linuxName());
            } else {
                assertEquals(budget, h.work(), r.linuxName() + " at " + us + " µs");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("perfSamples")
    void perfSamplesGenerateLoadableReplays(String sample) throws Exception {
        ExitMix mix = WorkloadGenerator.exitMix(new PerfKvmStatImporter().parse(Samples.path(sample)));
        Scenario s = WorkloadGenerator.generate(mix, options(sample));
        LoadedScenario loaded = roundTrip(s);
        assertEquals(4, loaded.spec().logicalCpus());
        assertEquals(2, loaded.spec().vms().size());
        assertWeights(mix, s);
        assertHandlers(mix, s);
        assertTrue(s.description().contains(sample), s.description());
        assertTrue(s.description().contains("20,000 exits per vCPU per second"), "assumed rate named");
        assertEquals(150_000L, workloads(s).get(0).meanGuestCycles(), "3 GHz / 20,000 exits per second");
    }

    @ParameterizedTest
    @MethodSource("traceSamples")
    void traceSamplesGenerateLoadableReplays(String sample) throws Exception {
        KvmExitTrace t = new KvmTraceImporter().parse(Samples.path(sample));
        Scenario s = WorkloadGenerator.generate(t, options(sample));
        roundTrip(s);
        assertWeights(t.exitMix(), s);
        assertHandlers(t.exitMix(), s);
        assertTrue(s.description().startsWith("Generated from " + sample), s.description());
    }

    @Test
    void senozhatskyMixAndHandlerTimes() throws Exception {
        String name = "perf-kvm-stat-kvmlist-senozhatsky-pteprefetch-elided-5.txt";
        ExitMix mix = WorkloadGenerator.exitMix(new PerfKvmStatImporter().parse(Samples.path(name)));
        Scenario s = WorkloadGenerator.generate(mix, WorkloadGenerator.Options.defaults(name));
        OpJson.Workload w = workloads(s).get(0);
        assertEquals(Map.of("EPT_VIOLATION", 760998.0, "MSR_WRITE", 170599.0, "EXTERNAL_INTERRUPT", 159510.0),
                w.mix());
        assertEquals(5_000L, w.exits(), "20,000 exits over 4 vCPUs");
        // 7.78 µs x 3 GHz = 23,340 cycles, minus the 1,350-cycle exit+entry
        assertEquals(21_990L, s.exitHandlers().get("EPT_VIOLATION").work());
        assertEquals(6_210L, s.exitHandlers().get("MSR_WRITE").work());
        assertEquals(24_000L, s.exitHandlers().get("EXTERNAL_INTERRUPT").work());
        assertTrue(s.exitHandlers().get("EXTERNAL_INTERRUPT").setsFlushRequest());
        // The default interrupt handler's data: per-CPU only (not sensitive, so it runs restricted under ASI).
        assertEquals("percpu", s.exitHandlers().get("EXTERNAL_INTERRUPT").steps().get(0).region());
        assertTrue(s.description().contains("EPT_VIOLATION 54.85% (7.78 µs)"), s.description());
        assertTrue(s.description().contains("296,198 exits (21.35%) the input counted but did not list"),
                "the elided rows are named: " + s.description());
        assertEquals(ScenarioWriter.toJson(s), ScenarioWriter.toJson(WorkloadGenerator.generate(mix,
                WorkloadGenerator.Options.defaults(name))), "deterministic");
    }

    @Test
    void hltTimeIsCappedHaltedTime() throws Exception {
        String name = "perf-kvm-stat-blog-0xba1a-sysbench-1.txt";
        ExitMix mix = WorkloadGenerator.exitMix(new PerfKvmStatImporter().parse(Samples.path(name)));
        Scenario s = WorkloadGenerator.generate(mix, options(name));
        Scenario.HandlerSpec hlt = s.exitHandlers().get("HLT");
        assertEquals(600L, hlt.work());
        assertEquals(200_000L, hlt.blockCycles());
        assertTrue(hlt.setsFlushRequest());
        assertTrue(s.description().contains("HLT: measured 30,567.94 µs (91,703,820 cycles)"), s.description());
        assertTrue(s.description().contains("capped at 200,000"), s.description());
        // EPT_MISCONFIG completes in the user-space VMM: 13.33 µs = 39,990 cycles - 1,350 - 1,500 default work
        assertEquals(1_500L, s.exitHandlers().get("EPT_MISCONFIG").work());
        assertEquals(37_140L, s.exitHandlers().get("EPT_MISCONFIG").userspaceCycles());
        // EOI_INDUCED has no default handler: vCPU state and VMCS, work from the measurement
        assertEquals(List.of("vcpu-state", "vmcs"), s.exitHandlers().get("EOI_INDUCED").steps().stream()
                .map(Scenario.StepSpec::region).toList());
    }

    @Test
    void unknownReasonsAreNotReplayedAndSaidSo() throws Exception {
        String name = "perf-kvm-stat-live-github-virt-pvm-issue8-unknown-3.txt";
        ExitMix mix = WorkloadGenerator.exitMix(new PerfKvmStatImporter().parse(Samples.path(name)));
        Scenario s = WorkloadGenerator.generate(mix, options(name));
        assertEquals(Map.of("INVLPG", 18940.0, "INVD", 181.0), workloads(s).get(0).mix());
        assertTrue(s.description().contains("Not replayed: 8,428 exits (30.59%)"), s.description());
        assertTrue(s.description().contains("UNKNOWN"), s.description());
    }

    @Test
    void msrAccessTableCountsAsMsrExits() throws Exception {
        String name = "perf-kvm-stat-lkml-lirongqing-msr-event-6.txt";
        ExitMix mix = WorkloadGenerator.exitMix(new PerfKvmStatImporter().parse(Samples.path(name)));
        assertEquals(Map.of("MSR_WRITE", 67007L + 1186L, "MSR_READ", 66L), mix.counts());
        assertEquals((0.9 * 67007 + 0.82 * 1186) / (67007 + 1186), mix.avgTimeUs().get("MSR_WRITE"), 1e-9);
    }

    @Test
    void traceRateIsMeasuredFromEntryToNextExit() throws Exception {
        String name = "kvmexit-trace-qemudevel-ruemelin-5.x-splitlines-5.txt";
        KvmExitTrace t = new KvmTraceImporter().parse(Samples.path(name));
        Scenario s = WorkloadGenerator.generate(t, options(name));
        // 9 guest intervals of 21 µs in all: 2.33 µs x 3 GHz
        assertEquals(7_000L, workloads(s).get(0).meanGuestCycles());
        assertTrue(s.description().contains("measured"), s.description());
        assertTrue(s.description().contains("9 intervals"), s.description());
        Scenario given = WorkloadGenerator.generate(t, new WorkloadGenerator.Options(name, 2.0, 1000.0, 10L, null,
                null, null, null, null));
        assertEquals(2_000_000L, workloads(given).get(0).meanGuestCycles(), "--exits-per-second replaces it");
    }

    @Test
    void traceWithOneExitPerVcpuFallsBackToTheAssumedRate() throws Exception {
        String name = "kvmexit-trace-stable-wanpengli-5.7-svm-npf-lowercase-9.txt";
        KvmExitTrace t = new KvmTraceImporter().parse(Samples.path(name));
        Scenario s = WorkloadGenerator.generate(t, options(name));
        assertEquals(150_000L, workloads(s).get(0).meanGuestCycles());
        assertEquals(3, s.vms().size(), "three vCPUs in the trace: three VMs");
        assertTrue(s.description().contains("no rate can be measured"), s.description());
    }

    @Test
    void machineShapeAndVmsFollowTheOptions() throws Exception {
        String name = "vmexit-freq-cmpe283-ept-vs-shadowpaging-4.txt";
        ExitMix mix = new ExitCountsImporter().parse(Samples.path(name)).exitMix();
        Scenario s = WorkloadGenerator.generate(mix, new WorkloadGenerator.Options(name, null, null, null, 4, 1, 9,
                7L, null));
        LoadedScenario l = roundTrip(s);
        assertEquals(4, l.spec().logicalCpus());
        assertEquals(4, s.vms().size(), "VMs capped to the logical CPUs");
        assertEquals(5_000L, workloads(s).get(0).exits());
        assertEquals(7L, s.machine().seed());
        assertEquals(15, workloads(s).get(0).mix().size());
        assertEquals(6_000L, s.exitHandlers().get("IO_INSTRUCTION").userspaceCycles(), "no times: defaults");
    }

    @Test
    void generatedReplayRuns() throws Exception {
        String name = "vmexit-freq-perf-prof-kvm-exit-latency-2.txt";
        ExitMix mix = new ExitCountsImporter().parse(Samples.path(name)).exitMix();
        LoadedScenario l = roundTrip(WorkloadGenerator.generate(mix, options(name)));
        RunReport none = ScenarioRunner.run(l, "none");
        assertEquals(40 + 4, none.vmExits(), "4 vCPUs x 10 exits, and each one's power-off");
        assertEquals(0, none.leaks().size());
        RunReport always = ScenarioRunner.run(l, "l1d-flush-always");
        assertTrue(always.l1dFlushes() >= 40, "a flush before every entry");
    }

    @Test
    void nothingToReplayIsAnError() {
        ExitMix mix = new ExitMix(Map.of("UNKNOWN", 5L), Map.of(), 5, "test");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkloadGenerator.generate(mix, options("x")));
        assertTrue(e.getMessage().contains("no reason of the exit mix is a VMX exit reason (UNKNOWN)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new WorkloadGenerator.Options("x", 0.0, null, null, null,
                null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new WorkloadGenerator.Options("x", null, -1.0, null, null,
                null, null, null, null));
    }
}
