package dev.asiscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.sim.cache.CacheLine;
import dev.asiscope.sim.engine.Event;
import dev.asiscope.sim.engine.Leak;
import dev.asiscope.sim.kernel.PlacedRegion;
import dev.asiscope.sim.paging.WalkStep;
import dev.asiscope.ui.annotate.Anchor;
import dev.asiscope.ui.present.CausalChain;
import dev.asiscope.ui.present.ChainOverlay;
import dev.asiscope.ui.views.PageMapping;
import dev.asiscope.ui.views.TimelineView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.input.KeyCode;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The selected leak's causal chain drawn across the views: each step's outline is where its view draws the
 * thing (hit testing the view at the outline's centre finds the secret's region, its L1D line, the walked
 * PTE, the probe line, the leak's cycle on the attacker's lane), the arrows join consecutive outlines, and
 * all of it follows a resize and a zoom; K in presentation mode draws the chain step by step.
 */
class CausalChainOverlayTest extends BuiltInWindowTest {
    /** The chain layer, once it has redrawn after the views. */
    private ChainOverlay overlay() {
        ChainOverlay o = robot.lookup("#causalChainOverlay").queryAs(ChainOverlay.class);
        awaitRedrawn(o);
        return o;
    }

    private Leak firstLeak() {
        return window.session().simulation().end().leaks().get(0);
    }

    /** What the view shows at the centre of a scene box (its own hit testing). */
    private Object hitAt(ViewPane p, Bounds sceneBox) {
        Point2D c = p.canvas().sceneToLocal(sceneBox.getCenterX(), sceneBox.getCenterY());
        return p.hitTest(c.getX(), c.getY());
    }

    /**
     * Every drawn step lies in its own view at the box the view reports, and that box is the thing: the
     * view's hit test at its centre finds the region, line, entry or cycle the step names.
     */
    /**
     * Waits (a few seconds at most, for a busy machine) until the layer has redrawn after the views did by
     * itself: the same outlines twice in a row, each at the box its view reports now.
     */
    private void awaitRedrawn(ChainOverlay o) {
        List<ChainOverlay.Placed> last = null;
        for (int i = 0; i < 40; i++) {
            settle();
            List<ChainOverlay.Placed> now = fx(o::placed);
            boolean current = fx(() -> now.stream().allMatch(p -> pane(p.step().viewId()).locateInScene(
                    p.step().anchor()).map(b -> Math.abs(b.getMinX() - o.localToScene(p.box()).getMinX()) < 0.5
                            && Math.abs(b.getMinY() - o.localToScene(p.box()).getMinY()) < 0.5).orElse(false)));
            if (current && now.equals(last)) {
                return;
            }
            last = now;
        }
    }

    private void checkAnchored(ChainOverlay o, Leak leak, int expectedSteps) {
        awaitRedrawn(o);
        // Read the layer and hit-test the views on the FX thread: a view repaints there, and a hit test read
        // from the test thread while it does can find nothing.
        List<ChainOverlay.Placed> placed = fx(o::placed);
        if (expectedSteps >= 0) {
            assertEquals(expectedSteps, placed.size(), "steps drawn: " + placed);
        }
        for (ChainOverlay.Placed p : placed) {
            CausalChain.Step s = p.step();
            ViewPane pane = pane(s.viewId());
            Bounds inScene = o.localToScene(p.box());
            Bounds viewBox = pane.canvas().localToScene(pane.canvas().getLayoutBounds());
            assertTrue(viewBox.contains(inScene.getCenterX(), inScene.getCenterY()),
                    "step " + s.number() + " inside the " + s.viewId() + " view: " + inScene + " in " + viewBox);
            Bounds located = pane.locateInScene(s.anchor()).orElseThrow();
            assertEquals(located.getMinX(), inScene.getMinX(), 0.5, "step " + s.number() + " x");
            assertEquals(located.getMinY(), inScene.getMinY(), 0.5, "step " + s.number() + " y");
            assertEquals(located.getWidth(), inScene.getWidth(), 0.5, "step " + s.number() + " w");
            Object hit = fx(() -> hitAt(pane, inScene));
            Anchor a = s.anchor();
            switch (a.kind()) {
                case REGION -> {
                    PlacedRegion r = hit instanceof PlacedRegion pr ? pr : hit instanceof PageMapping pm ? pm.region() : null;
                    assertNotNull(r, "a region row at step 1's centre: " + hit);
                    assertTrue(r.containsPhysical(leak.physicalAddress()), "the secret's region: " + r.name());
                }
                case CACHE_LINE -> {
                    assertTrue(hit instanceof CacheLine, "an L1D line at step " + s.number() + ": " + hit);
                    assertEquals(a.address(), ((CacheLine) hit).physicalLine(), "step " + s.number() + "'s line");
                }
                case PTE -> {
                    assertTrue(hit instanceof WalkStep, "a walk level at step " + s.number() + ": " + hit);
                    assertEquals(a.address(), ((WalkStep) hit).entryAddress());
                }
                case EVENT -> assertTrue(hit instanceof Event e && e.cycle() == leak.reloadCycle()
                        || hit instanceof TimelineView.LanePoint lp && lp.cpu() == leak.attackerCpu()
                                && Math.abs(lp.cycle() - leak.reloadCycle()) < window.session().simulation().endCycle() / 100,
                        "the reload on the attacker's lane: " + hit);
                case CORE -> assertTrue(hit != null, "the attacker core's caches: " + hit);
                default -> throw new AssertionError("unexpected anchor " + a);
            }
        }
        // Arrows join consecutive steps, from outline to outline.
        // (Two boxes that touch, as two neighbouring cells of one grid can, need no arrow.)
        List<ChainOverlay.Link> links = o.links();
        for (int i = 1; i < placed.size(); i++) {
            Bounds a = placed.get(i - 1).box();
            Bounds b = placed.get(i).box();
            int from = placed.get(i - 1).step().number();
            int to = placed.get(i).step().number();
            Optional<ChainOverlay.Link> l = links.stream().filter(k -> k.toStep() == to).findFirst();
            boolean touching = a.getMinX() - 12 <= b.getMaxX() && b.getMinX() - 12 <= a.getMaxX()
                    && a.getMinY() - 12 <= b.getMaxY() && b.getMinY() - 12 <= a.getMaxY();
            assertTrue(l.isPresent() || touching, "an arrow into step " + to + ": " + links);
            if (l.isPresent()) {
                assertEquals(from, l.get().fromStep());
                assertTrue(near(a, l.get().start()), "arrow " + to + " leaves step " + from);
                assertTrue(near(b, l.get().end()), "arrow " + to + " ends at its step");
            }
        }
        assertTrue(links.size() <= Math.max(0, placed.size() - 1));
    }

    private static boolean near(Bounds b, Point2D p) {
        return p.getX() >= b.getMinX() - 8 && p.getX() <= b.getMaxX() + 8 && p.getY() >= b.getMinY() - 8
                && p.getY() <= b.getMaxY() + 8;
    }

    static void snapshot(javafx.scene.Node n, String name) {
        String dir = System.getProperty("asiscope.testShots");
        if (dir == null) {
            return;
        }
        try {
            Files.createDirectories(Path.of(dir));
            ImageIO.write(SwingFXUtils.fromFXImage(n.snapshot(null, null), null), "png", Path.of(dir, name).toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theSelectedLeaksChainIsDrawnAcrossTheGridAndFollowsResizeAndZoom() {
        size(1600, 1000);
        Leak leak = firstLeak();
        robot.interact(() -> {
            window.transport().goTo(leak.transientCycle());
            window.session().selectionProperty().set(leak);
        });
        settle();
        ChainOverlay o = overlay();
        robot.interact(() -> snapshot(window.root(), "chain-grid-1600.png"));
        // At the transient load: the secret's region, its line, the walked PTE, the probe line.
        checkAnchored(o, leak, 4);
        List<Bounds> before = o.placed().stream().map(ChainOverlay.Placed::box).toList();

        size(1280, 720);
        robot.interact(() -> snapshot(window.root(), "chain-grid-1280.png"));
        checkAnchored(o, leak, -1);
        assertTrue(o.placed().size() >= 4, "at 1280x720 the chain is still drawn: " + o.placed());
        assertFalse(before.equals(o.placed().stream().map(ChainOverlay.Placed::box).toList()), "the boxes moved: "
                + before + " at " + window.root().getScene().getWidth() + "x" + window.root().getScene().getHeight());

        // Zoomed at 1600x1000 (at 1280x720 and 130 % the middle row holds no walk entry or region row).
        size(1600, 1000);
        robot.interact(() -> window.appearance().setZoom(1.3));
        settle();
        checkAnchored(o, leak, -1);
        assertTrue(o.placed().size() >= 3, "zoomed: " + o.placed());

        // At the reload the byte is recovered: the timeline marker joins the chain (the reload of the 256
        // probe lines, all in set 0, has evicted the secret's line from the L1D by then).
        robot.interact(() -> {
            window.appearance().setZoom(1);
            window.transport().goTo(leak.reloadCycle());
        });
        settle();
        robot.interact(() -> snapshot(window.root(), "chain-grid-reload.png"));
        checkAnchored(o, leak, -1);
        assertTrue(o.placed().stream().anyMatch(p -> p.step().number() == 5), "the recovered byte: " + o.placed());
    }

    /**
     * The smallest supported window at the largest zoom a lecturer uses: every step of the chain still has its
     * thing on screen (the views bring the secret's region row and the walked entry into view), in the
     * light and the projector theme.
     */
    @Test
    void everyStepIsAnchoredAt1280x720And130PercentZoom() {
        Leak leak = firstLeak();
        for (String theme : List.of("light", "projector")) {
            robot.interact(() -> {
                window.appearance().setTheme(theme);
                window.appearance().setZoom(1.3);
            });
            size(1280, 720);
            robot.interact(() -> {
                window.transport().goTo(leak.transientCycle());
                window.session().selectionProperty().set(leak);
            });
            settle();
            ChainOverlay o = overlay();
            robot.interact(() -> snapshot(window.root(), "chain-grid-1280-130-" + theme + ".png"));
            checkAnchored(o, leak, 4);
            assertEquals(List.of(1, 2, 3, 4), o.placed().stream().map(p -> p.step().number()).toList(),
                    theme + ": every step at the transient load");

            robot.interact(() -> window.transport().goTo(leak.reloadCycle()));
            settle();
            robot.interact(() -> snapshot(window.root(), "chain-grid-1280-130-reload-" + theme + ".png"));
            checkAnchored(o, leak, -1);
            List<Integer> drawn = o.placed().stream().map(p -> p.step().number()).toList();
            // The reload of the 256 probe lines (all in L1D set 0, 8 ways) evicts the secret's line and the
            // probe line 0x53 (steps 2 and 4): the model's answer, not a missing anchor. The others are drawn.
            assertTrue(drawn.containsAll(List.of(1, 3, 5)), theme + ": at the reload " + drawn);
            robot.interact(() -> window.session().selectionProperty().set(null));
        }
        size(1600, 1000);
    }

    /** The badges and arrows grow with the views' zoom in the grid (a lecture hall's 130 %) as on a slide. */
    @Test
    void theBadgesGrowWithTheGridsZoom() {
        size(1280, 720);
        Leak leak = firstLeak();
        robot.interact(() -> {
            window.appearance().setTheme("projector");
            window.transport().goTo(leak.transientCycle());
            window.session().selectionProperty().set(leak);
        });
        settle();
        double at100 = fx(overlay()::badgeRadius);
        robot.interact(() -> window.appearance().setZoom(1.3));
        settle();
        ChainOverlay o = overlay();
        robot.interact(() -> snapshot(window.root(), "chain-grid-1280-130-badges-projector.png"));
        assertEquals(at100 * 1.3, fx(o::badgeRadius), 1e-9, "the badges at 130 % are 1.3 times those at 100 %");
        assertFalse(o.placed().isEmpty(), "the chain is drawn");
    }

    @Test
    void aViewShownAloneCarriesOnlyItsOwnSteps() {
        size(1600, 1000);
        Leak leak = firstLeak();
        robot.interact(() -> {
            window.transport().goTo(leak.transientCycle());
            window.session().selectionProperty().set(leak);
        });
        settle();
        assertEquals(4, overlay().placed().size());
        robot.interact(() -> window.toggleMaximized(pane("caches")));
        settle();
        ChainOverlay o = overlay();
        assertEquals(List.of(2, 4), o.placed().stream().map(p -> p.step().number()).toList(),
                "the caches view alone: its two lines, nothing of the views hidden");
        checkAnchored(o, leak, 2);
        robot.interact(() -> window.toggleMaximized(pane("caches")));
        settle();
        assertEquals(4, overlay().placed().size(), "the grid back: the whole chain");
    }

    @Test
    void beforeTheLeakOnlyTheStepsReachedAreDrawnAndNoSelectionNoChain() {
        Leak leak = firstLeak();
        robot.interact(() -> {
            window.transport().goTo(leak.source().cycle());
            window.session().selectionProperty().set(leak);
        });
        settle();
        ChainOverlay o = overlay();
        assertEquals(List.of(1, 2), o.placed().stream().map(p -> p.step().number()).toList(),
                "at the fill: the secret's region and its line");
        robot.interact(() -> window.session().selectionProperty().set(null));
        settle();
        assertTrue(overlay().placed().isEmpty(), "no leak selected: no chain");
    }

    @Test
    void kDrawsTheChainStepByStepInPresentationMode() {
        size(1280, 720);
        Leak leak = firstLeak();
        List<CausalChain.Step> steps = CausalChain.of(leak, window.session().simulation());
        for (int k = 0; k < steps.size(); k++) {
            robot.press(KeyCode.K).release(KeyCode.K);
            settle();
            ChainOverlay o = overlay();
            assertTrue(o.getScene() != null && o.isVisible(), "the chain layer is over the presented views");
            CausalChain.Step step = window.presentation().chainStep();
            assertEquals(steps.get(k), step);
            List<Integer> drawn = o.placed().stream().map(p -> p.step().number()).toList();
            assertTrue(drawn.contains(step.number()), "step " + step.number() + " drawn: " + drawn);
            assertTrue(drawn.stream().allMatch(n -> n <= step.number()), "nothing after the step: " + drawn);
            checkAnchored(o, leak, drawn.size());
            robot.interact(() -> snapshot(window.root(), "chain-present-" + step.number() + ".png"));
            if (k > 0 && !steps.get(k - 1).viewId().equals(step.viewId()) && drawn.contains(step.number() - 1)) {
                assertTrue(o.links().stream().anyMatch(l -> l.toStep() == step.number()),
                        "an arrow from view to view into step " + step.number() + ": " + o.links());
            }
        }
        robot.press(KeyCode.P).release(KeyCode.P);
        settle();
        assertTrue(overlay().getScene() != null, "back over the grid after presentation mode");
        size(1600, 1000);
    }
}
