package dev.asiscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.ui.present.Presentation;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import dev.asiscope.ui.draw.DrawContext.Align;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Presentation mode as a lecture hall sees it: at 1280x720 and 1920x1080, in every theme, the drawn layout
 * has no control shortened to "...", the status line and the leak counter inside the window, and no text
 * (controls, caption, status, labels drawn in the views) below the stated minimum.
 */
class PresentationModeTest extends BuiltInWindowTest {

    /** Stepping as the built-in scenario asks (guided), as a lecture would present it. */
    @Override
    WindowFixture.Stepping stepping() {
        return WindowFixture.Stepping.AS_SCENARIO;
    }

    @ParameterizedTest(name = "{0}x{1} {2}")
    @CsvSource({"1280,720,light", "1280,720,dark", "1280,720,projector", "1920,1080,light", "1920,1080,dark",
            "1920,1080,projector"})
    void presentationLayoutIsLegibleAndComplete(int w, int h, String theme) {
        size(w, h);
        robot.interact(() -> window.appearance().setTheme(theme));
        // The first leak's cycle: the leak counter is red and the caption tells the story.
        robot.interact(() -> window.transport().goTo(
                window.session().simulation().end().leaks().get(0).reloadCycle()));
        robot.press(KeyCode.P).release(KeyCode.P);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> window.presentation().fitViewsNow());
        WaitForAsyncUtils.waitForFxEvents();
        Presentation p = window.presentation();
        assertTrue(p.isActive(), "P enters presentation mode");
        Scene scene = window.root().getScene();
        assertEquals(w, scene.getWidth(), 1, "scene width");
        assertEquals(h, scene.getHeight(), 1, "scene height");
        double min = Presentation.minTextPx(h);

        // Side panels, events table, menus and full toolbar are gone; two views fill the centre.
        assertNull(robot.lookup("#narration").tryQuery().filter(n -> n.getScene() == null).orElse(null));
        assertTrue(robot.lookup("#toolBar").tryQuery().isEmpty(), "full toolbar hidden");
        assertTrue(robot.lookup("#eventTable").tryQuery().isEmpty(), "events table hidden");
        assertEquals(2, p.shownViews().size());

        List<String> problems = new ArrayList<>();
        for (Node n : visible(window.root())) {
            Bounds b = n.localToScene(n.getBoundsInLocal());
            if (n instanceof Labeled l && l.getText() != null && !l.getText().isBlank()) {
                Node shownText = l.lookup(".text");
                if (shownText instanceof Text t && !t.getText().equals(l.getText())) {
                    problems.add("elided: '" + l.getText() + "' drawn as '" + t.getText() + "' (" + id(n) + ")");
                }
                if (l.getFont().getSize() < min - 0.01) {
                    problems.add(String.format("text %.1f px < %.0f px: '%s' (%s)", l.getFont().getSize(), min,
                            l.getText(), id(n)));
                }
            }
            if (n.getId() != null && List.of("presentationBar", "statusBar", "presentLeaks", "presentRun",
                    "presentForward", "presentBack", "narrationText").contains(n.getId())) {
                if (b.getMinX() < -0.5 || b.getMinY() < -0.5 || b.getMaxX() > w + 0.5 || b.getMaxY() > h + 0.5) {
                    problems.add(id(n) + " outside the window: " + b);
                }
            }
        }
        Label leaks = robot.lookup("#presentLeaks").queryAs(Label.class);
        assertTrue(leaks.getText().startsWith("leaks 1/"), leaks.getText());
        assertTrue(leaks.getStyleClass().contains("status-leaks-nonzero"));
        double drawn = p.smallestShown(window.appearance().zoom());
        if (drawn < Presentation.minViewTextPx(h) - 0.01) {
            problems.add(String.format("a view draws text at %.1f px < %.1f px", drawn, Presentation.minViewTextPx(h)));
        }
        saveForLooking(scene, "presentation-" + w + "x" + h + "-" + theme);
        assertTrue(problems.isEmpty(), String.join("\n", problems));

        robot.press(KeyCode.P).release(KeyCode.P);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(p.isActive(), "P leaves presentation mode");
        assertNotNull(robot.lookup("#toolBar").tryQuery().orElse(null), "the toolbar is back");
        assertEquals(1.0, window.appearance().zoom(), 1e-9, "zoom restored");
    }

    @Test
    void stepsFromTheBarAndShowsOneViewAloneAndRestoresTheGrid() {
        size(1280, 720);
        int views = window.viewPanes().size();
        robot.interact(window::togglePresentation);
        WaitForAsyncUtils.waitForFxEvents();
        long c0 = window.session().cycle();
        robot.clickOn("#presentForward");
        assertTrue(window.session().cycle() > c0, "the bar's forward button steps");
        robot.press(KeyCode.DIGIT4).release(KeyCode.DIGIT4);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(3), window.presentation().shownViews(), "4 shows the fourth view alone");
        robot.press(KeyCode.DIGIT4).release(KeyCode.DIGIT4);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(2, window.presentation().shownViews().size(), "4 again: the pair again");
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(window.presentation().isActive(), "Escape leaves");
        long inGrid = window.viewPanes().stream().filter(v -> v.getScene() != null).count();
        assertEquals(views, inGrid, "every view is back in the grid");
        assertTrue(robot.lookup("#narration").tryQuery().isPresent(), "the narration is back beside the views");
    }

    /** Records where a paint puts its text: the lowest baseline and the largest size. */
    private static final class TextExtent extends dev.asiscope.ui.draw.NoPaintDrawContext {
        double lowest;
        double largestMono;

        TextExtent(dev.asiscope.ui.draw.DrawContext measure) {
            super(measure);
        }

        @Override
        public void text(String s, double x, double y, String color, double size, boolean bold, Align align) {
            lowest = Math.max(lowest, y);
        }

        @Override
        public void mono(String s, double x, double y, String color, double size, Align align) {
            lowest = Math.max(lowest, y);
            largestMono = Math.max(largestMono, size);
        }
    }

    /**
     * The page walk shown alone (4) on a slide uses the room: its text reaches the lower part of the view and
     * the walk's entries are drawn larger on screen than in the grid of the same window, at 1280x720 and
     * 1920x1080 in every theme.
     */
    @ParameterizedTest(name = "{0}x{1} {2}")
    @CsvSource({"1280,720,light", "1280,720,projector", "1920,1080,light", "1920,1080,dark", "1920,1080,projector"})
    void thePageWalkAloneFillsTheSlide(int w, int h, String theme) {
        size(w, h);
        robot.interact(() -> {
            window.appearance().setTheme(theme);
            dev.asiscope.sim.engine.Leak leak = window.session().simulation().end().leaks().get(0);
            window.transport().goTo(leak.transientCycle());
            window.session().selectionProperty().set(leak);
        });
        WaitForAsyncUtils.waitForFxEvents();
        ViewPane walk = window.viewPanes().stream().filter(v -> v.view().id().equals("page-walk")).findFirst()
                .orElseThrow();
        double inGrid = walkText(walk).largestMono * window.appearance().zoom();
        robot.press(KeyCode.P).release(KeyCode.P);
        robot.press(KeyCode.DIGIT4).release(KeyCode.DIGIT4);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> window.presentation().fitViewsNow());
        WaitForAsyncUtils.waitForFxEvents();
        double z = window.appearance().zoom();
        double vh = walk.canvasSize()[1] / z;
        TextExtent extent = walkText(walk);
        saveForLooking(window.root().getScene(), "presentation-walk-" + w + "x" + h + "-" + theme);
        assertTrue(extent.lowest >= vh * 0.7, theme + ": the walk reaches " + extent.lowest + " of " + vh);
        assertTrue(inGrid > 0, theme + ": the grid's walk draws its entries");
        assertTrue(extent.largestMono * z >= inGrid * 1.5, theme + ": entries of " + extent.largestMono * z
                + " px on screen on the slide, " + inGrid + " px in the grid");
        robot.press(KeyCode.P).release(KeyCode.P);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Where the walk's paint at its pane's present size puts its text. */
    private TextExtent walkText(ViewPane walk) {
        double z = window.appearance().zoom();
        double[] size = walk.canvasSize();
        TextExtent[] drawn = new TextExtent[1];
        robot.interact(() -> {
            drawn[0] = new TextExtent(new dev.asiscope.ui.draw.FxDrawContext(
                    new javafx.scene.canvas.Canvas(1, 1).getGraphicsContext2D()));
            walk.view().paint(drawn[0], size[0] / z, size[1] / z, window.session(), window.appearance().theme());
        });
        return drawn[0];
    }

    /** With -Dasiscope.shots=DIR, the drawn layout as DIR/NAME.png (to look at, not compared). */
    private void saveForLooking(Scene scene, String name) {
        String dir = System.getProperty("asiscope.shots");
        if (dir == null) {
            return;
        }
        javafx.scene.image.WritableImage[] img = new javafx.scene.image.WritableImage[1];
        robot.interact(() -> img[0] = scene.snapshot(null));
        int w = (int) img[0].getWidth();
        int h = (int) img[0].getHeight();
        java.awt.image.BufferedImage out = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, img[0].getPixelReader().getArgb(x, y));
            }
        }
        try {
            java.nio.file.Files.createDirectories(java.nio.file.Path.of(dir));
            javax.imageio.ImageIO.write(out, "png", java.nio.file.Path.of(dir, name + ".png").toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theWheelZoomsEveryViewButTheTimelineWhoseWheelZoomsTime() {
        size(1280, 720);
        for (ViewPane p : window.viewPanes()) {
            if (p.view().id().equals("timeline")) {
                continue;
            }
            robot.interact(() -> window.appearance().setZoom(1));
            javafx.scene.input.ScrollEvent up = new javafx.scene.input.ScrollEvent(javafx.scene.input.ScrollEvent.SCROLL,
                    10, 10, 10, 10, false, false, false, false, false, false, 0, 40, 0, 40,
                    javafx.scene.input.ScrollEvent.HorizontalTextScrollUnits.NONE, 0,
                    javafx.scene.input.ScrollEvent.VerticalTextScrollUnits.NONE, 0, 0, null);
            Node canvas = p.lookup("Canvas");
            robot.interact(() -> javafx.event.Event.fireEvent(canvas, up));
            assertEquals(1.1, window.appearance().zoom(), 1e-9, p.view().id() + ": wheel up zooms in");
        }
    }

    @Test
    void aNarratedScenarioOpensGuidedSpaceGoesCaptionToCaptionAndRunTakesAboutAMinute() {
        size(1280, 720);
        assertTrue(window.transport().guidedProperty().get(), "the built-in scenario is narrated: guided mode is on");
        NarrationTrack track = window.narration().track();
        robot.type(KeyCode.SPACE);
        assertEquals(track.captions().get(1).cycle(), window.session().cycle(), "Space: the next caption");
        robot.type(KeyCode.SPACE);
        assertEquals(track.captions().get(2).cycle(), window.session().cycle());
        robot.press(KeyCode.SHIFT).type(KeyCode.SPACE).release(KeyCode.SHIFT);
        assertEquals(track.captions().get(1).cycle(), window.session().cycle(), "Shift+Space: the previous one");
        double seconds = window.session().simulation().endCycle() / window.transport().speed();
        assertEquals(60, seconds, 1, "Run plays the whole run in about a minute");
    }

    @Test
    void kStepsThroughTheLeaksCausalChainAcrossTheViews() {
        size(1280, 720);
        dev.asiscope.sim.engine.Leak leak = window.session().simulation().end().leaks().get(0);
        List<dev.asiscope.ui.present.CausalChain.Step> steps = dev.asiscope.ui.present.CausalChain.of(leak, window.session().simulation());
        assertEquals(List.of("address-spaces", "caches", "page-walk", "caches", "timeline"),
                steps.stream().map(dev.asiscope.ui.present.CausalChain.Step::viewId).toList());
        Presentation p = window.presentation();
        List<String> shownIds = new ArrayList<>();
        for (int k = 0; k < steps.size(); k++) {
            robot.press(KeyCode.K).release(KeyCode.K);
            WaitForAsyncUtils.waitForFxEvents();
            assertTrue(p.isActive(), "K enters presentation mode");
            dev.asiscope.ui.present.CausalChain.Step step = p.chainStep();
            assertEquals(steps.get(k), step);
            assertEquals(step.cycle(), window.session().cycle(), "the cursor at the step's cycle");
            assertEquals(leak, window.session().selectionProperty().get(), "the leak selected: its parts outlined");
            String stepView = step.viewId();
            assertTrue(p.shownViews().stream().anyMatch(i -> window.viewPanes().get(i).view().id().equals(stepView)),
                    "step " + step.number() + " shows " + stepView);
            Label caption = robot.lookup("#presentChain").queryAs(Label.class);
            assertTrue(caption.isVisible() && caption.getText().contains(step.number() + "/" + steps.size())
                    && caption.getText().contains(step.title()), caption.getText());
            shownIds.add(stepView);
        }
        assertTrue(steps.get(0).cycle() <= steps.get(1).cycle() && steps.get(1).cycle() <= steps.get(2).cycle()
                && steps.get(2).cycle() <= steps.get(4).cycle(), "in causal order: " + steps);
        assertTrue(steps.get(4).text().contains(String.format("0x%02x", leak.value())), "the recovered byte is named");
        robot.press(KeyCode.K).release(KeyCode.K);
        WaitForAsyncUtils.waitForFxEvents();
        assertNull(p.chainStep(), "after the last step the chain ends");
        assertFalse(robot.lookup("#presentChain").queryAs(Label.class).isVisible());
        assertEquals(2, p.shownViews().size(), "the default pair again");
    }

    private static String id(Node n) {
        return n.getId() != null ? "#" + n.getId() : n.getClass().getSimpleName();
    }

    /** The visible nodes of the scene graph under {@code root}. */
    private static List<Node> visible(Parent root) {
        List<Node> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Node n, List<Node> out) {
        if (!n.isVisible()) {
            return;
        }
        out.add(n);
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                collect(c, out);
            }
        }
    }
}
