package dev.asiscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.ui.export.ExportFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code asiscope export}: one-line errors with exit code 2, atomic outputs, help. */
class ExportCommandTest {
    static final String S = ExportFixtures.SCENARIO.toString();

    @TempDir
    Path dir;

    @BeforeAll
    static void startToolkit() throws Exception {
        ExportFixtures.startFx();
    }

    @Test
    void badInputIsExitTwoWithOneLine() throws Exception {
        String png = dir.resolve("o.png").toString();
        Files.writeString(dir.resolve("bad.json"), "{\"annotations\": [{\"type\": \"arow\"}]}");
        assertBad("nothing to write", "export", S, "--cycle", "5");
        assertBad("--scale must be 1 to 4", "export", S, "--cycle", "5", "--png", png, "--scale", "5");
        assertBad("unknown view 'l1d' (known: window, presentation, cores, caches, address-spaces, page-walk, page-tables, timeline)", "export", S,
                "--cycle", "5", "--png", png, "--view", "l1d");
        assertBad("--theme: unknown theme 'neon'", "export", S, "--cycle", "5", "--png", png, "--theme", "neon");
        assertBad("--policy: unknown policy 'asi-stunn'", "export", S, "--cycle", "5", "--png", png, "--policy",
                "asi-stunn");
        assertBad("nope.json: no such file", "export", "nope.json", "--cycle", "5", "--png", png);
        assertBad("unknown annotation type 'arow'", "export", S, "--cycle", "5", "--png", png, "--workspace",
                dir.resolve("bad.json").toString());
        assertBad("is past the end of the run (the last cycle under none is 285663)", "export", S, "--cycle",
                "999999999", "--png", png);
        assertBad("--width and --height must be 16 to 16384", "export", S, "--cycle", "5", "--png", png, "--width",
                "0");
        assertBad("is a directory", "export", S, "--cycle", "5", "--png", dir.toString());
        assertBad("Missing required option: '--cycle=C'", "export", S, "--png", png);
        assertFalse(Files.exists(dir.resolve("o.png")), "no output on errors");
    }

    @Test
    void aScenarioWithNothingToRunIsAnErrorNotAnIdleMachine() throws Exception {
        Path empty = dir.resolve("empty.json");
        Files.writeString(empty, "\n  {}\n");
        String png = dir.resolve("idle.png").toString();
        assertBad(empty + ":2:3: nothing to run: no program has a task", "export", empty.toString(), "--cycle", "0",
                "--png", png);
        assertFalse(Files.exists(dir.resolve("idle.png")), "no picture of an idle machine");
    }

    @Test
    void helpListsTheCommandAndItsOptions() {
        CliRunner top = CliRunner.run("--help");
        assertTrue(top.out().contains("export"), top.out());
        CliRunner help = CliRunner.run("export", "--help");
        assertEquals(0, help.exitCode());
        for (String o : new String[] {"--cycle", "--policy", "--view", "--workspace", "--theme", "--png", "--scale",
            "--svg", "--width", "--height", "--footer"}) {
            assertTrue(help.out().contains(o), o);
        }
    }

    @Test
    void writesBothFormatsAndLeavesNoTemporaryFiles() throws Exception {
        Path png = dir.resolve("sub/c.png");
        Path svg = dir.resolve("sub/c.svg");
        CliRunner r = CliRunner.run("export", S, "--cycle", "59145", "--view", "cores", "--png", png.toString(),
                "--svg", svg.toString(), "--width", "640", "--height", "400", "--no-workspace");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.size(png) > 5000);
        assertTrue(Files.readString(svg).startsWith("<?xml"));
        try (var files = Files.list(dir.resolve("sub"))) {
            assertEquals(2, files.count());
        }
    }

    @Test
    void presentationIsTheTwoViewsOfPresentationModeSideBySide() throws Exception {
        Path png = dir.resolve("p.png");
        CliRunner r = CliRunner.run("export", S, "--cycle", "59901", "--view", "presentation", "--theme", "projector",
                "--width", "1280", "--height", "720", "--png", png.toString(), "--no-workspace");
        assertEquals(0, r.exitCode(), r.err());
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
        assertEquals(1280, img.getWidth());
        assertEquals(720, img.getHeight());
        // Two tiles side by side: the grid colour (black in the projector theme) runs down the middle.
        int dark = 0;
        for (int y = 0; y < 720; y += 10) {
            int rgb = img.getRGB(639, y) & 0xffffff;
            dark += rgb == 0 ? 1 : 0;
        }
        assertTrue(dark > 60, "a gap between two tiles at the middle: " + dark);
    }

    private static void assertBad(String message, String... args) {
        CliRunner r = CliRunner.run(args);
        assertEquals(Main.EXIT_BAD_INPUT, r.exitCode(), r.err());
        assertTrue(r.err().contains(message), "'" + message + "' in: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }
}
