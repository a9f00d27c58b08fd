package dev.asiscope.ui.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.scenario.ScenarioLoader;
import dev.asiscope.sim.engine.Leak;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Selecting a leak outlines its cause, per mechanism, in every view that shows it. */
class HighlightTest {
    private static final String ACCENT = Theme.LIGHT.accent();

    private static SimSession atFirstLeak(String sample) throws Exception {
        LoadedScenario s = ScenarioLoader.load(Path.of("sample-traces", sample));
        SimSession session = new SimSession();
        session.open(s, (String) null, 0);
        Leak l = session.simulation().end().leaks().get(0);
        session.seek(l.reloadCycle());
        session.selectionProperty().set(l);
        return session;
    }

    /** Accent outlines drawn around the text {@code fragment}. */
    private static boolean outlined(RecordingDrawContext g, String fragment) {
        List<RecordingDrawContext.Call> texts = g.textsContaining(fragment);
        return g.where(c -> c.kind() == RecordingDrawContext.Kind.STROKE_RECT && ACCENT.equals(c.color())).stream()
                .anyMatch(box -> texts.stream().anyMatch(t -> box.contains(RecordingDrawContext.textLeft(t) + 1, t.y() - 2)));
    }

    @Test
    void meltdownPointsAtTheLeakedRegionTheGlobalBitAndTheSurvivingTlbEntry() throws Exception {
        SimSession s = atFirstLeak("meltdown-kpti-global-bit.json");
        Leak l = (Leak) s.selectionProperty().get();
        assertEquals(Leak.Mechanism.MELTDOWN, l.mechanism());
        assertEquals("session-keys", l.victimLabel().name());
        Highlight h = Highlight.of(l, s.machine(), s.simulation());
        assertEquals("session-keys", h.region());
        assertEquals(Highlight.PteFocus.GLOBAL_BIT, h.pte());
        assertNotNull(h.tlbEntry(), "the global entry the load used in cpu" + l.attackerCpu() + "'s DTLB");
        assertTrue(h.tlbEntry().global());

        RecordingDrawContext spaces = new RecordingDrawContext();
        new AddressSpaceView().paint(spaces, 1600, 1000, s, Theme.LIGHT);
        assertTrue(outlined(spaces, "session-keys"), "the leaked region is outlined");
        assertFalse(outlined(spaces, "host-secret"), "another secret region is not");

        RecordingDrawContext walk = new RecordingDrawContext();
        PageWalkView pw = new PageWalkView();
        pw.paint(walk, 1600, 1000, s, Theme.LIGHT);
        assertTrue(walk.hasText("Global bit set"), walk.texts().toString());
        assertTrue(outlined(walk, "Global"), "the Global chip of the PTE is outlined");
        assertFalse(walk.texts().contains("G"), "no bare G");
        // In a small view the walk is a table: the leaf's row names the bit and is outlined.
        RecordingDrawContext small = new RecordingDrawContext();
        new PageWalkView().paint(small, 520, 300, s, Theme.LIGHT);
        assertTrue(small.texts().stream().anyMatch(t -> t.startsWith("PT ") && t.contains(" Global")), small.texts().toString());
        assertFalse(small.texts().stream().anyMatch(t -> t.matches(".* G( .*|$)")), "no bare G");
        assertTrue(outlined(small, "PT "), "the PTE's row is outlined");

        RecordingDrawContext caches = new RecordingDrawContext();
        new CacheView().paint(caches, 1600, 1000, s, Theme.LIGHT);
        assertTrue(caches.hasText("survived the CR3 switch; the load at cycle " + Fmt.cycles(l.transientCycle())), caches.texts().toString());
        // At the transient load the entry is in the DTLB, outlined.
        s.seek(l.transientCycle());
        RecordingDrawContext then = new RecordingDrawContext();
        new CacheView().paint(then, 1600, 1000, s, Theme.LIGHT);
        assertTrue(then.hasText("Global (G) entry: survived the CR3 switch to the user PCID"), then.texts().toString());
        assertTrue(outlined(then, Long.toHexString(h.tlbEntry().linearBase())), "the entry is outlined");
    }

    @Test
    void mdsPointsAtTheFillBufferNotTheL1d() throws Exception {
        SimSession s = atFirstLeak("mds-verw.json");
        Leak l = (Leak) s.selectionProperty().get();
        assertEquals(Leak.Mechanism.MDS, l.mechanism());
        Highlight h = Highlight.of(l, s.machine());
        assertEquals(l.physicalAddress() & ~63L, h.lfbLine());
        assertEquals(-1, h.l1dLine(), "MDS does not read the L1D");
        RecordingDrawContext caches = new RecordingDrawContext();
        new CacheView().paint(caches, 1600, 1000, s, Theme.LIGHT);
        assertTrue(caches.hasText("MDS: sampled from a fill buffer at cycle " + Fmt.cycles(l.transientCycle())), caches.texts().toString());
    }

    @Test
    void l1tfPointsAtTheNotPresentPtesFrameBits() throws Exception {
        SimSession s = atFirstLeak("l1tf-guest-unmitigated.json");
        Leak l = (Leak) s.selectionProperty().get();
        assertEquals(Leak.Mechanism.L1TF, l.mechanism());
        Highlight h = Highlight.of(l, s.machine());
        assertEquals(Highlight.PteFocus.FRAME_BITS, h.pte());
        assertEquals(l.physicalAddress() & ~63L, h.l1dLine());
        RecordingDrawContext walk = new RecordingDrawContext();
        new PageWalkView().paint(walk, 1600, 1000, s, Theme.LIGHT);
        assertTrue(walk.hasText("not present (P=0), yet its frame bits"), walk.texts().toString());
        assertTrue(walk.hasText("used by L1TF"), walk.texts().toString());
        assertTrue(outlined(walk, "value"), "the entry's value row is outlined");
    }
}
