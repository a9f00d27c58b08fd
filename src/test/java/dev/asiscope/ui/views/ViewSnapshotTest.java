package dev.asiscope.ui.views;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.ui.core.MachineView;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every view painted on a real canvas at 1600x1000 (headless), written to target/snapshots, checked not blank. */
class ViewSnapshotTest {
    private static final Path OUT = Path.of("target", "snapshots");

    @BeforeAll
    static void fx() throws Exception {
        FxSnapshots.startFx();
    }

    /** The sibling L1TF machine under no mitigation, cursor just after the first leak. */
    static SimSession leakSession(String policy) {
        SimSession s = ViewScenarios.open(ViewScenarios.twoCores(), policy);
        var leaks = s.simulation().log().ofKind(EventKind.LEAK);
        long at = leaks.isEmpty() ? s.simulation().endCycle() / 2 : leaks.get(0).cycle();
        s.seek(at);
        return s;
    }

    private static void snap(String name, List<FxSnapshots.Placement> views, SimSession s, Theme theme)
            throws Exception {
        BufferedImage img = FxSnapshots.toBuffered(FxSnapshots.onFx(() -> FxSnapshots.paint(views, s, theme, 1600, 1000)));
        FxSnapshots.write(img, OUT.resolve("views-" + name + ".png"));
        int colours = FxSnapshots.distinctColours(img);
        assertTrue(colours > 20, name + ": only " + colours + " distinct colours");
    }

    /** Zoom helper: the host secret's page with neighbours on both sides. */
    static final class PlacedRegionPages {
        static void zoomAroundSecret(AddressSpaceView v, SimSession s) {
            long va = s.machine().layout().region("host-secret").virtualBase();
            v.zoomToPages(va - 3 * 4096, 7);
        }
    }

    private static List<FxSnapshots.Placement> full(MachineView v) {
        return List.of(new FxSnapshots.Placement(v, 0, 0, 1600, 1000));
    }

    @Test
    void caches() throws Exception {
        snap("caches", full(new CacheView()), leakSession("none"), Theme.LIGHT);
        snap("caches-dark", full(new CacheView()), leakSession("asi-stun"), Theme.DARK);
    }

    @Test
    void addressSpaces() throws Exception {
        SimSession s = leakSession("asi");
        AddressSpaceView v = new AddressSpaceView();
        snap("address-spaces", full(v), s, Theme.LIGHT);
        PlacedRegionPages.zoomAroundSecret(v, s);
        snap("address-spaces-pages", full(v), s, Theme.PROJECTOR);
    }

    @Test
    void pageWalks() throws Exception {
        SimSession s = ViewScenarios.open(ViewScenarios.twoCores(), "asi");
        var exits = s.simulation().log().ofKind(EventKind.ASI_EXIT);
        s.seek(exits.get(0).cycle());
        PageWalkView v = new PageWalkView();
        snap("page-walk", full(v), s, Theme.LIGHT);
        SimSession l = leakSession("none");
        l.selectionProperty().set(l.simulation().end().leaks().get(0));
        snap("page-walk-l1tf", full(v), l, Theme.LIGHT);
        v.setTarget(dev.asiscope.sim.vmx.GuestLayout.WORKING_SET_BASE + 0x40,
                new dev.asiscope.sim.security.AddressSpaceId.Guest(1));
        snap("page-walk-guest", full(v), l, Theme.PROJECTOR);
    }

    @Test
    void timeline() throws Exception {
        TimelineView v = new TimelineView();
        snap("timeline", full(v), leakSession("none"), Theme.LIGHT);
        SimSession s = leakSession("asi-stun");
        snap("timeline-asi-stun", full(v), s, Theme.LIGHT);
        v.setRange(s.cycle() - 6000, s.cycle() + 6000);
        snap("timeline-zoomed", full(v), s, Theme.PROJECTOR);
    }

    /** The five views tiled as a main window might place them. */
    static List<FxSnapshots.Placement> tiled() {
        return List.of(new FxSnapshots.Placement(new CoresView(), 0, 0, 800, 380),
                new FxSnapshots.Placement(new CacheView(), 800, 0, 800, 380),
                new FxSnapshots.Placement(new AddressSpaceView(), 0, 380, 800, 360),
                new FxSnapshots.Placement(new PageWalkView(), 800, 380, 800, 360),
                new FxSnapshots.Placement(new TimelineView(), 0, 740, 1600, 260));
    }

    @Test
    void allTogether() throws Exception {
        snap("all", tiled(), leakSession("asi"), Theme.LIGHT);
        snap("all-projector", tiled(), leakSession("none"), Theme.PROJECTOR);
    }

    @Test
    void longRun() throws Exception {
        SimSession s = ViewScenarios.open(ViewScenarios.workload(1500), "asi-stun");
        s.seek(s.simulation().endCycle() / 3);
        snap("timeline-long", full(new TimelineView()), s, Theme.LIGHT);
        snap("cores-long", full(new CoresView()), s, Theme.DARK);
    }

    @Test
    void cores() throws Exception {
        snap("cores", full(new CoresView()), leakSession("none"), Theme.LIGHT);
        snap("cores-projector", full(new CoresView()), leakSession("asi-stun"), Theme.PROJECTOR);
    }
}
