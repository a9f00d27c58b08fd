package dev.asiscope.ui.export;

import static dev.asiscope.ui.export.ExportFixtures.CYCLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.cli.CliRunner;
import dev.asiscope.ui.annotate.AnnotationJob;
import dev.asiscope.ui.annotate.Attachment;
import dev.asiscope.ui.annotate.Callout;
import dev.asiscope.ui.annotate.EditHistory;
import dev.asiscope.ui.annotate.RectHighlight;
import dev.asiscope.ui.annotate.Style;
import dev.asiscope.ui.workspace.Workspace;
import dev.asiscope.ui.workspace.WorkspaceFile;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Create annotations, save the workspace beside the scenario, reopen it, export: the annotations are there. */
class AnnotationRoundTripTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void startToolkit() throws Exception {
        ExportFixtures.startFx();
    }

    @Test
    void annotationsSurviveSaveReopenAndExport() throws Exception {
        Path scenario = dir.resolve("l1tf.json");
        Files.copy(ExportFixtures.SCENARIO, scenario);

        EditHistory h = new EditHistory();
        RectHighlight box = new RectHighlight(h.newId(), Attachment.at("cores", CYCLE), null,
                new Style("#ff00ff", 6, 16), 0.5, 0.5, 0.2, 0.2);
        h.execute(new AnnotationJob.Add(box));
        h.execute(new AnnotationJob.Add(new Callout(h.newId(), Attachment.pinned("cores"), null, Style.DEFAULT,
                "ASI would have stopped this", 0.05, 0.85, 0.5, 0.5)));
        Workspace ws = Workspace.empty("l1tf.json", Provenance.sha256(scenario)).withCycle(CYCLE)
                .withAnnotations(h.annotations());
        WorkspaceFile.save(WorkspaceFile.defaultPath(scenario), ws);

        Workspace reopened = WorkspaceFile.openBeside(scenario).orElseThrow();
        assertEquals(ws, reopened);
        EditHistory again = new EditHistory();
        again.reset(reopened.annotations());
        assertEquals(h.annotations(), again.annotations());
        assertFalse(again.isDirty());

        Path with = dir.resolve("with.png");
        Path without = dir.resolve("without.png");
        Path svg = dir.resolve("with.svg");
        String[] common = {"export", scenario.toString(), "--cycle", Long.toString(CYCLE), "--view", "cores",
            "--width", "800", "--height", "500"};
        assertEquals(0, CliRunner.run(concat(common, "--png", with.toString(), "--svg", svg.toString())).exitCode());
        assertEquals(0, CliRunner.run(concat(common, "--png", without.toString(), "--no-workspace")).exitCode());
        BufferedImage a = ImageIO.read(with.toFile());
        BufferedImage b = ImageIO.read(without.toFile());
        // The highlight's magenta outline runs along its top edge at y = 250.
        int magenta = 0;
        for (int x = 410; x < 550; x++) {
            int c = a.getRGB(x, 251) & 0xffffff;
            if (((c >> 16) & 0xff) > 200 && (c & 0xff) > 200 && ((c >> 8) & 0xff) < 80) {
                magenta++;
            }
        }
        assertTrue(magenta > 100, "the workspace beside the scenario was used: " + magenta);
        assertTrue(ExportFixtures.differing(ExportFixtures.rgb(a), ExportFixtures.rgb(b)) > 1000);
        assertTrue(Files.readString(svg).contains(">ASI would have stopped this</text>"));

        // Another cycle: the pinned callout stays, the highlight of cycle 59,145 does not.
        Path later = dir.resolve("later.svg");
        assertEquals(0, CliRunner.run("export", scenario.toString(), "--cycle", "60000", "--view", "cores", "--svg",
                later.toString()).exitCode());
        String text = Files.readString(later);
        assertTrue(text.contains(">ASI would have stopped this</text>"));
        assertFalse(text.contains("#ff00ff"));
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
