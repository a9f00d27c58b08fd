package dev.asiscope.ui;

import dev.asiscope.scenario.EventText;
import dev.asiscope.sim.engine.EventFact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.scenario.Narration;
import dev.asiscope.sim.engine.Event;
import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.EventLog;
import dev.asiscope.sim.engine.Leak;
import dev.asiscope.sim.engine.Policy;
import dev.asiscope.sim.engine.Simulation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window's logic that needs no toolkit: narration placement, inspections, event rows, recent files. */
class ShellLogicTest {
    private static LoadedScenario scenario;
    private static Simulation none;

    @BeforeAll
    static void run() {
        scenario = BuiltInScenarios.defaultScenario();
        none = Simulation.run(scenario.spec(), Policy.NONE);
    }

    @Test
    void narrationAnchorsResolveThroughTheLogAndSkipEventsThatNeverHappen() {
        NarrationTrack track = NarrationTrack.resolve(scenario.narration(), none.log());
        EventLog log = none.log();
        // Under none there is no ASI exit and no unstun: those captions are left out.
        assertEquals(List.of("Two VMs, one core", "The victim's VM exits", "The attacker's transient load", "Leaked"),
                track.captions().stream().map(p -> p.narration().title()).collect(Collectors.toList()));
        long firstExitOnCpu1 = log.ofKind(EventKind.VM_EXIT).stream().filter(e -> e.cpu() == 1).findFirst()
                .orElseThrow().cycle();
        assertEquals(firstExitOnCpu1, track.captions().get(1).cycle());
        long firstLeak = log.ofKind(EventKind.LEAK).get(0).cycle();
        assertEquals("Leaked", track.at(firstLeak).narration().title());
        assertEquals("The attacker's transient load", track.at(firstLeak - 1).narration().title());
        assertEquals("Leaked", track.at(Long.MAX_VALUE).narration().title());
        assertNull(track.after(firstLeak));
        assertEquals(firstLeak, track.after(firstLeak - 1).cycle());
        assertEquals(track.captions().get(2).cycle(), track.before(firstLeak).cycle());
    }

    @Test
    void captionsAtTheSameCycleShowTheLaterOneAndEventOccurrencesCount() {
        EventLog log = new EventLog();
        log.append(0, 0, EventKind.VM_ENTRY, -1, new EventFact.VmEntry(1, 0));
        log.append(100, 0, EventKind.VM_EXIT, -1, new EventFact.VmExit(30, "IO_INSTRUCTION"));
        log.append(200, 0, EventKind.VM_ENTRY, -1, new EventFact.VmEntry(1, 0));
        NarrationTrack t = NarrationTrack.resolve(List.of(
                new Narration(0, null, 0, -1, "intro", "a"),
                new Narration(-1, "vm-entry", 1, -1, "entry 1", "b"),
                new Narration(-1, "vm-entry", 2, -1, "entry 2", "c"),
                new Narration(-1, "vm-entry", 3, -1, "never", "d"),
                new Narration(-1, "no-such-kind", 1, -1, "bad kind", "e")), log);
        assertEquals(3, t.captions().size());
        assertEquals("entry 1", t.at(0).narration().title());
        assertEquals("entry 1", t.at(199).narration().title());
        assertEquals("entry 2", t.at(200).narration().title());
        assertEquals(-1, NarrationTrack.resolve(List.of(new Narration(50, null, 0, -1, "late", "x")), log).indexAt(10));
    }

    @Test
    void inspectionsExplainLeaksEventsAndCpus() {
        Leak leak = none.end().leaks().get(0);
        Inspection i = Inspection.of(leak, none.end());
        assertEquals("Leak of host-secret", i.title());
        assertEquals(dev.asiscope.scenario.EventText.explain(leak), i.text());
        assertTrue(i.rows().contains(new Inspection.Row("missing", EventText.missing(leak.missingMitigation()))));
        assertTrue(i.rows().stream().anyMatch(r -> r.key().equals("region") && r.value().startsWith("host-secret")));

        Event fill = none.log().ofKind(EventKind.CACHE_FILL).stream()
                .filter(e -> e.label() != null && "host-secret".equals(e.label().name())).findFirst().orElseThrow();
        Inspection fi = Inspection.of(fill, none.stateAt(fill.cycle()));
        assertTrue(fi.title().startsWith("L1D fill at cycle"), fi.title());
        assertTrue(fi.rows().stream().anyMatch(r -> r.key().equals("line label") && r.value().equals("host-secret")),
                fi.rows().toString());
        assertTrue(fi.rows().stream().anyMatch(r -> r.key().equals("filled by") && r.value().startsWith("cpu1")),
                fi.rows().toString());

        Inspection cpu = Inspection.of(0, none.stateAt(0));
        assertEquals("cpu0", cpu.title());
        assertTrue(cpu.rows().contains(new Inspection.Row("domain", "vm:2")), cpu.rows().toString());
        assertEquals("Nothing selected", Inspection.of(null, none.end()).title());
    }

    @Test
    void eventRowsAreIndexesIntoTheLogNotCopies() {
        EventIndexList rows = new EventIndexList();
        rows.show(none.log());
        assertEquals(none.log().size(), rows.size());
        assertEquals(17, rows.get(17));
        rows.show(none.log(), e -> e.kind() == EventKind.LEAK);
        assertEquals(none.log().count(EventKind.LEAK), rows.size());
        Event second = none.log().get(rows.get(1));
        assertEquals(EventKind.LEAK, second.kind());
        assertEquals(1, rows.rowAtOrBefore(second.cycle()));
        assertEquals(0, rows.rowAtOrBefore(second.cycle() - 1));
        assertEquals(-1, rows.rowAtOrBefore(0));
        rows.show(none.log());
        assertEquals(none.log().countUpTo(5000) - 1, rows.rowAtOrBefore(5000));
    }

    @Test
    void runStopsOnlyAtBreakpointsInsideTheFrame() {
        EventLog log = none.log();
        Event leak = log.ofKind(EventKind.LEAK).get(0);
        assertEquals(leak, Transport.firstHit(log, 0, leak.cycle(), e -> e.kind() == EventKind.LEAK));
        assertNull(Transport.firstHit(log, 0, leak.cycle() - 1, e -> e.kind() == EventKind.LEAK));
        assertNull(Transport.firstHit(log, leak.cycle(), leak.cycle() + 1, e -> e.kind() == EventKind.LEAK));
        assertEquals(StepUnit.NARRATION, StepUnit.fromId(" Narration "));
        assertNull(StepUnit.fromId(null));
    }

    @Test
    void recentFilesAreNewestFirstBoundedAndWrittenAtomically(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("cfg/recent.json");
        RecentFiles r = new RecentFiles(store);
        for (int i = 0; i < RecentFiles.MAX + 3; i++) {
            r.add(dir.resolve("s" + i + ".json"));
        }
        r.add(dir.resolve("s5.json"));
        List<Path> back = new RecentFiles(store).paths();
        assertEquals(RecentFiles.MAX, back.size());
        assertEquals(dir.resolve("s5.json"), back.get(0));
        assertEquals(dir.resolve("s12.json"), back.get(1));
        assertEquals(1, back.stream().filter(p -> p.endsWith("s5.json")).count());
        try (var files = Files.list(store.getParent())) {
            assertEquals(List.of(store), files.collect(Collectors.toList()), "no temporary file left behind");
        }
        Files.writeString(store, "{ not json");
        assertTrue(new RecentFiles(store).paths().isEmpty());
        assertFalse(Files.readString(store).isEmpty());
    }
}
