package dev.asiscope.ui.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.scenario.Breakpoint;
import dev.asiscope.scenario.Scenario;
import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.ui.annotate.Anchor;
import dev.asiscope.ui.annotate.Annotation;
import dev.asiscope.ui.annotate.Arrow;
import dev.asiscope.ui.annotate.Attachment;
import dev.asiscope.ui.annotate.Callout;
import dev.asiscope.ui.annotate.EllipseHighlight;
import dev.asiscope.ui.annotate.Rect;
import dev.asiscope.ui.annotate.RectHighlight;
import dev.asiscope.ui.annotate.StepMarker;
import dev.asiscope.ui.annotate.Style;
import dev.asiscope.ui.annotate.TextNote;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceFileTest {
    @TempDir
    Path dir;

    /** One annotation of every kind, anchored, pinned and at a cycle. */
    public static List<Annotation> everyKind(String view, long cycle) {
        Style blue = new Style("#0969da", 2, 14);
        Rect box = new Rect(0.1, 0.2, 0.05, 0.02);
        return List.of(
                new Arrow("a1", Attachment.at(view, cycle), null, Style.DEFAULT, 0.1, 0.9, 0.3, 0.5),
                new RectHighlight("a2", Attachment.at(view, cycle), Anchor.cacheLine(0, 0x1033000L, box), blue,
                        -0.2, -0.2, 1.4, 1.4),
                new EllipseHighlight("a3", Attachment.pinned(view), Anchor.core(1, box), null, 0, 0, 1, 1),
                new Callout("a4", Attachment.at(view, cycle), Anchor.pte(0x7000L, box), blue,
                        "secret line\nbrought in by the IRQ handler", 2, -3, 0.5, 0.5),
                new StepMarker("a5", Attachment.at(view, cycle), null, Style.DEFAULT, 1, 0.6, 0.6),
                new TextNote("a6", Attachment.pinned(view), null, new Style("#000000", 1, 24), "L1TF \u2192 leak",
                        0.02, 0.02));
    }

    @Test
    void roundTripKeepsEverything() throws Exception {
        Workspace ws = new Workspace(1, "l1tf.json", "ab12", "asi-stun", 59145L,
                new WindowLayout(List.of("cores", "caches"), List.of(0.3, 0.62), "projector", 1.5),
                List.of(WorkspaceBreakpoint.of(Breakpoint.on(EventKind.LEAK), true),
                        WorkspaceBreakpoint.of(new Breakpoint(EventKind.VM_EXIT, 1, null, "EXTERNAL_INTERRUPT"), false)),
                everyKind("caches", 59145), new WorkspaceWhatIf("asi", List.of(
                        new Scenario.EditSpec("entry", 100_000L, "restricted:vm1", "0xffff888000200000", "pt",
                                List.of("RSVD"), List.of("P"), null, null, null),
                        new Scenario.EditSpec("sensitivity", 0L, null, null, null, null, null, "host-secret",
                                "global-nonsensitive", null),
                        new Scenario.EditSpec("exit-mix", 0L, null, null, null, null, null, null, null, null, null,
                                null, java.util.Map.of("HLT", 1.0), 1))));
        Path f = dir.resolve("l1tf.asiscope.json");
        WorkspaceFile.save(f, ws);
        Workspace back = WorkspaceFile.read(f);
        assertEquals(ws, back);
        assertEquals(new Breakpoint(EventKind.VM_EXIT, 1, null, "EXTERNAL_INTERRUPT"),
                back.breakpoints().get(1).toBreakpoint());
        String json = Files.readString(f);
        assertTrue(json.contains("\"type\" : \"callout\""), json);
        assertTrue(json.contains("\"address\" : \"0x1033000\""), "addresses in hex: " + json);
        assertTrue(json.contains("\"kind\" : \"cache-line\""));
        assertTrue(json.contains("\"clear\" : [ \"P\" ]"), json);
        assertEquals(3, back.whatIf().edits().size());
    }

    /** Files written before what-if edits were kept, and workspaces without edits, have no whatIf field. */
    @Test
    void theWhatIfFieldIsOptional() throws Exception {
        Workspace old = WorkspaceFile.read(Path.of("docs/examples/l1tf.asiscope.json"));
        assertNull(old.whatIf());
        Workspace none = Workspace.empty("s.json", null).withWhatIf(new WorkspaceWhatIf(null, List.of()));
        assertNull(none.whatIf());
        assertFalse(WorkspaceFile.toJson(none).contains("whatIf"));
    }

    @Test
    void aMinimalFileGetsDefaults() throws Exception {
        Workspace ws = WorkspaceFile.parse("w.json", "{}");
        assertEquals(1, ws.format());
        assertEquals(0L, ws.cycle());
        assertEquals(WindowLayout.DEFAULT, ws.layout());
        assertTrue(ws.annotations().isEmpty());
        Workspace one = WorkspaceFile.parse("w.json", """
                {"annotations": [{"type": "step", "id": "s", "attachment": {"view": "cores", "pinned": true},
                                  "number": 2, "x": 0.5, "y": 0.5}]}""");
        assertEquals(Style.DEFAULT, one.annotations().get(0).style());
        assertTrue(one.annotations().get(0).attachment().pinned());
    }

    @Test
    void theWorkspaceBesideAScenarioIsFoundByName() throws Exception {
        Path scenario = dir.resolve("l1tf-guest.json");
        assertEquals(dir.resolve("l1tf-guest.asiscope.json"), WorkspaceFile.defaultPath(scenario));
        assertTrue(WorkspaceFile.openBeside(scenario).isEmpty());
        WorkspaceFile.save(WorkspaceFile.defaultPath(scenario), Workspace.empty("l1tf-guest.json", null).withCycle(7));
        assertEquals(7L, WorkspaceFile.openBeside(scenario).orElseThrow().cycle());
        Path elsewhere = dir.resolve("talks/ws.json");
        assertEquals("../l1tf-guest.json", WorkspaceFile.scenarioReference(elsewhere, scenario));
        Workspace w = Workspace.empty(WorkspaceFile.scenarioReference(elsewhere, scenario), null);
        assertEquals(scenario.toAbsolutePath().normalize(), WorkspaceFile.scenarioOf(elsewhere, w));
        assertFalse(w.withCycle(1).forScenario("x", "aa").matchesScenario("bb"));
    }

    /** Every mistake is one line naming the file, where, and what was expected; never a stack trace. */
    @Test
    void badFilesGiveClearErrors() {
        assertError("{\"annotations\": [", "w.json:1:", "malformed JSON");
        assertError("{\"anotations\": []}", "w.json:1:", "unknown field 'anotations'", "annotations");
        assertError("{\"annotations\": [{\"type\": \"arow\"}]}", "$.annotations[0]",
                "unknown annotation type 'arow'; did you mean 'arrow'? (known: arrow, rect, ellipse, callout, step, text)");
        assertError("{\"annotations\": [{\"id\": \"x\"}]}", "needs a \"type\"");
        assertError("""
                {"annotations": [{"type": "arrow", "id": "a", "attachment": {"view": "cores", "cycle": 3},
                  "style": {"color": "red"}, "x1": 0, "y1": 0, "x2": 1, "y2": 1}]}""",
                "$.annotations[0].style", "colour must be #rrggbb, got 'red'");
        assertError("{\"format\": 2}", "newer asiscope");
        assertError("{\"cycle\": \"soon\"}", "$.cycle", "expected an integer");
        assertError("{\"layout\": {\"theme\": \"neon\"}}", "unknown theme 'neon'");
        assertError("{\"breakpoints\": [{\"kind\": \"leek\"}]}", "unknown event kind 'leek'");
        assertError("""
                {"annotations": [
                  {"type": "step", "id": "s", "attachment": {"view": "v"}, "number": 1, "x": 0, "y": 0},
                  {"type": "step", "id": "s", "attachment": {"view": "v"}, "number": 2, "x": 0, "y": 0}]}""",
                "two annotations have the id 's'");
        assertError("{\"whatIf\": {\"edits\": [{\"edit\": \"entyr\"}]}}", "w.json:1:", "$.whatIf.edits[0]",
                "unknown edit \"entyr\"; did you mean 'entry'?");
        assertError("{\"whatIf\": {\"edits\": [{\"edit\": \"unmap\", \"cycle\": -4}]}}", "$.whatIf.edits[0]",
                "cycle must be >= 0");
        assertError("   ", "empty");
        assertError("[1, 2]", "w.json", "expected a JSON object");
    }

    @Test
    void unreadableFilesAreErrorsToo() {
        WorkspaceException e = assertThrows(WorkspaceException.class, () -> WorkspaceFile.read(dir.resolve("nope.json")));
        assertTrue(e.getMessage().endsWith("nope.json: no such file"), e.getMessage());
        WorkspaceException d = assertThrows(WorkspaceException.class, () -> WorkspaceFile.read(dir));
        assertTrue(d.getMessage().contains("cannot read"), d.getMessage());
    }

    private static void assertError(String json, String... parts) {
        WorkspaceException e = assertThrows(WorkspaceException.class, () -> WorkspaceFile.parse("w.json", json));
        String m = e.getMessage();
        assertTrue(m.startsWith("w.json"), m);
        assertFalse(m.contains("\n"), "one line: " + m);
        assertFalse(m.contains("Exception") || m.contains("com.fasterxml") || m.contains("dev.asiscope"),
                "no Java internals: " + m);
        for (String p : parts) {
            assertTrue(m.contains(p), "'" + p + "' in: " + m);
        }
    }
}
