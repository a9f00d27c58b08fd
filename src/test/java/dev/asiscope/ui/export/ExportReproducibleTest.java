package dev.asiscope.ui.export;

import static dev.asiscope.ui.export.ExportFixtures.fx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.ui.annotate.Anchor;
import dev.asiscope.ui.annotate.Attachment;
import dev.asiscope.ui.annotate.Callout;
import dev.asiscope.ui.annotate.Rect;
import dev.asiscope.ui.annotate.Style;
import dev.asiscope.ui.core.MachineView;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same scenario, cycle, size and theme exported twice in one JVM give the same PNG bytes: with the same
 * views and with fresh ones, with another export between them, at scale 1 and 2, with an anchored annotation.
 * (Fresh JVMs are compared by scripts/check-export-reproducible.sh through {@code asiscope export}.)
 */
class ExportReproducibleTest {
    @BeforeAll
    static void startToolkit() throws Exception {
        ExportFixtures.startFx();
    }

    private static byte[] export(LoadedScenario s, SimSession session, List<MachineView> views, boolean window,
            double w, double h, Theme theme, double scale) throws Exception {
        Callout note = new Callout("n1", Attachment.pinned("caches"), Anchor.core(0, new Rect(0.1, 0.1, 0.3, 0.3)),
                new Style("#c0008a", 3, 16), "the secret's line", 0.6, -0.4, 0.5, 0.5);
        return fx(() -> ViewExporter.png(ExportRequest.of(s, null, session, views, window, w, h, theme, List.of(note),
                true), scale));
    }

    @Test
    void theWindowExportedTwiceGivesTheSameBytes() throws Exception {
        LoadedScenario s = ExportFixtures.scenario();
        SimSession session = fx(() -> ExportFixtures.session(s));
        List<MachineView> views = StandardViews.all();
        byte[] first = export(s, session, views, true, 1600, 1000, Theme.LIGHT, 1);
        // Something else in between: another size, theme and scale through the same views.
        export(s, session, views, true, 1280, 720, Theme.PROJECTOR, 2);
        byte[] again = export(s, session, views, true, 1600, 1000, Theme.LIGHT, 1);
        assertArrayEquals(first, again, "same views, exported again");
        byte[] fresh = export(s, session, StandardViews.all(), true, 1600, 1000, Theme.LIGHT, 1);
        assertArrayEquals(first, fresh, "fresh views");
        SimSession other = fx(() -> ExportFixtures.session(s));
        assertArrayEquals(first, export(s, other, StandardViews.all(), true, 1600, 1000, Theme.LIGHT, 1),
                "a fresh session on the same scenario and cycle");
    }

    @Test
    void presentationAtScaleTwoExportedTwiceGivesTheSameBytes() throws Exception {
        LoadedScenario s = ExportFixtures.scenario();
        SimSession session = fx(() -> ExportFixtures.session(s));
        byte[] first = export(s, session, StandardViews.presentation(), true, 1280, 720, Theme.PROJECTOR, 2);
        byte[] again = export(s, session, StandardViews.presentation(), true, 1280, 720, Theme.PROJECTOR, 2);
        assertArrayEquals(first, again);
        for (String id : List.of("timeline", "page-walk", "page-tables")) {
            byte[] a = export(s, session, List.of(StandardViews.byId(id).orElseThrow()), false, 900, 600, Theme.DARK, 1);
            byte[] b = export(s, session, List.of(StandardViews.byId(id).orElseThrow()), false, 900, 600, Theme.DARK, 1);
            assertArrayEquals(a, b, id);
        }
    }
}
