package dev.asiscope.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.sim.engine.Leak;
import dev.asiscope.sim.kernel.PlacedRegion;
import dev.asiscope.ui.annotate.Anchor;
import dev.asiscope.ui.annotate.AnchorLocator;
import dev.asiscope.ui.annotate.Rect;
import dev.asiscope.ui.present.CausalChain;
import java.util.List;
import java.util.Optional;
import javafx.geometry.Bounds;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * What a lecture hall must see: the secret's L1D line drawn large enough (not a 7-15 px cell) with the
 * selection frame around it, never over it; and the address-space view scrolled to the secret and to the
 * selected region whatever its height.
 */
class ViewEmphasisTest extends BuiltInWindowTest {
    private static final Rect WHOLE = new Rect(0, 0, 1, 1);

    @ParameterizedTest(name = "{0}x{1} {2}, presented: {3}")
    @CsvSource({"1600,1000,light,false", "1280,720,projector,false", "1280,720,light,true", "1920,1080,dark,true"})
    void theSecretsLineIsLargeAndTheSelectionFrameGoesAroundIt(int w, int h, String theme, boolean presented) {
        size(w, h);
        robot.interact(() -> window.appearance().setTheme(theme));
        Leak leak = fx(() -> window.session().simulation().end().leaks().get(0));
        CausalChain.Step step = CausalChain.of(leak, window.session().simulation()).get(1);
        if (presented) {
            robot.press(KeyCode.K).release(KeyCode.K).press(KeyCode.K).release(KeyCode.K);
            settle();
            robot.interact(() -> window.presentation().fitViewsNow());
        } else {
            robot.interact(() -> {
                window.transport().goTo(step.cycle());
                window.session().selectionProperty().set(leak);
            });
        }
        settle();
        ViewPane caches = pane("caches");
        Bounds box = fx(() -> caches.locateInScene(step.anchor())).orElseThrow();
        // The grid's cells here are a few pixels; the secret's line is drawn at least 1.6 type sizes a side.
        double min = 1.6 * window.appearance().theme().fontSize() * window.appearance().zoom();
        assertTrue(box.getWidth() >= min - 0.5 && box.getHeight() >= min - 0.5 && box.getWidth() >= 18,
                "the secret's line is " + box.getWidth() + "x" + box.getHeight() + " px, at least " + min);
        // The selection frame is drawn around the line's box, never across it.
        double z = window.appearance().zoom();
        double[] size = caches.canvasSize();
        Rect line = fx(() -> ((AnchorLocator) caches.view()).locate(step.anchor(), size[0] / z, size[1] / z,
                window.session()).orElseThrow());
        Strokes frames = new Strokes(window.appearance().theme().accent(), 2.5);
        robot.interact(() -> caches.view().paint(frames, size[0] / z, size[1] / z, window.session(),
                window.appearance().theme()));
        assertFalse(frames.rects.isEmpty(), "the selected leak's line is framed on screen");
        for (double[] f : frames.rects) {
            double half = f[4] / 2;
            boolean around = f[0] + half <= line.x() + 0.01 && f[1] + half <= line.y() + 0.01
                    && f[0] + f[2] - half >= line.maxX() - 0.01 && f[1] + f[3] - half >= line.maxY() - 0.01;
            boolean apart = f[0] - half >= line.maxX() || f[0] + f[2] + half <= line.x()
                    || f[1] - half >= line.maxY() || f[1] + f[3] + half <= line.y();
            assertTrue(around || apart, "frame " + java.util.Arrays.toString(f) + " covers the line at " + line);
        }
    }

    @Test
    void theAddressSpaceViewScrollsToTheSecretAndToTheSelectedRegion() {
        size(1280, 720);
        ViewPane spaces = pane("address-spaces");
        List<PlacedRegion> regions = fx(() -> window.session().machine().layout().regions());
        PlacedRegion secret = regions.stream().filter(r -> r.name().equals("host-secret")).findFirst().orElseThrow();
        Optional<Bounds> secretRow = fx(() -> spaces.locateInScene(Anchor.region(secret.physicalBase(), WHOLE)));
        assertTrue(secretRow.isPresent(), "the secret's row is on screen in a small view");
        // Rows that do not fit are hidden...
        List<PlacedRegion> hidden = fx(() -> regions.stream()
                .filter(r -> spaces.locateInScene(Anchor.region(r.physicalBase(), WHOLE)).isEmpty()).toList());
        assertFalse(hidden.isEmpty(), "at 1280x720 the grid's address-space view cannot show every row");
        // ... until one is selected (its row label, or one of its pages): the view scrolls to it.
        for (PlacedRegion r : hidden) {
            robot.interact(() -> window.session().selectionProperty().set(r));
            settle();
            Optional<Bounds> row = fx(() -> spaces.locateInScene(Anchor.region(r.physicalBase(), WHOLE)));
            assertTrue(row.isPresent(), "selected " + r.name() + ": its row is shown");
            Bounds view = fx(() -> spaces.localToScene(spaces.getLayoutBounds()));
            assertTrue(view.contains(row.get().getCenterX(), row.get().getCenterY()), r.name() + " inside the view");
            assertTrue(fx(() -> spaces.locateInScene(Anchor.region(secret.physicalBase(), WHOLE))).isPresent(),
                    "the secret stays on screen with " + r.name());
        }
        PlacedRegion some = hidden.get(0);
        robot.interact(() -> window.session().selectionProperty().set(new dev.asiscope.ui.views.PageMapping(
                dev.asiscope.ui.views.TableRef.full(window.session().machine()), some.virtualBase(), some,
                dev.asiscope.ui.views.TableRef.full(window.session().machine()).walk(window.session().machine(),
                        some.virtualBase()))));
        settle();
        assertNotNull(fx(() -> spaces.locateInScene(Anchor.region(some.physicalBase(), WHOLE)).orElse(null)),
                "a selected page of " + some.name() + " shows its row");
        size(1600, 1000);
    }
}
