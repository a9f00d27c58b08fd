package dev.asiscope.bench;

import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.sim.engine.MachineSpec;
import dev.asiscope.sim.engine.MachineSpecBuilder;
import dev.asiscope.sim.engine.Policy;
import dev.asiscope.sim.kernel.Handler;
import dev.asiscope.sim.kernel.HandlerStep;
import dev.asiscope.sim.program.Op;
import dev.asiscope.ui.core.MachineView;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import dev.asiscope.ui.draw.FxDrawContext;
import dev.asiscope.ui.views.AddressSpaceView;
import dev.asiscope.ui.views.CacheView;
import dev.asiscope.ui.views.CoresView;
import dev.asiscope.ui.views.PageWalkView;
import dev.asiscope.ui.views.TimelineIndex;
import dev.asiscope.ui.views.TimelineView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.Group;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;

/**
 * Headless render benchmark of the five views (not a test; timings are never asserted). Paints all views,
 * tiled into 1600x1000 as a main window would show them, N times and prints milliseconds per frame:
 * <ul>
 *   <li>"repaint": same cursor cycle every frame (hover, resize, theme): cached derived data, painting only;</li>
 *   <li>"scrub": the cursor moves every frame (seek time excluded, derivation included);</li>
 *   <li>"+render": each frame also rasterised by a scene snapshot (software pipeline, for reference).</li>
 * </ul>
 * Run: {@code java -cp target/test-classes:target/classes:$(cat cp.txt) dev.asiscope.bench.ViewRenderBench [frames]}
 * with the test classpath in cp.txt ({@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}).
 */
public final class ViewRenderBench {
    private static final int W = 1600;
    private static final int H = 1000;

    private ViewRenderBench() {
    }

    public static void main(String[] args) throws Exception {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        String display = System.getenv("DISPLAY");
        if (display == null || display.isBlank()) {
            System.setProperty("glass.platform", "Monocle");
            System.setProperty("monocle.platform", "Headless");
            System.setProperty("prism.order", "sw");
        }
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get(30, TimeUnit.SECONDS);
        try {
            System.out.printf(Locale.ROOT, "ViewRenderBench: %d frames at %dx%d, JDK %s, %d cores%n", frames, W, H,
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
            bench("two cores x 2 threads, 3 VMs, sibling L1TF (asi-stun)", twoCores(), "asi-stun", frames);
            bench("benchmark: 4 cores x 2 threads, 4 VMs, 20k VM exits (asi-stun)", large(5_000), "asi-stun", frames);
        } finally {
            Platform.exit();
        }
        System.exit(0);
    }

    private static void bench(String title, MachineSpec spec, String policy, int frames) throws Exception {
        System.out.println();
        System.out.println("== " + title);
        long t0 = System.nanoTime();
        SimSession s = onFx(() -> open(spec, policy));
        long t1 = System.nanoTime();
        TimelineIndex index = onFx(() -> TimelineIndex.of(s.simulation()));
        long t2 = System.nanoTime();
        System.out.printf(Locale.ROOT, "run %,d cycles, %,d events: %.0f ms; timeline index: %.0f ms%n",
                s.simulation().endCycle(), s.simulation().log().size(), (t1 - t0) / 1e6, (t2 - t1) / 1e6);

        List<Placement> tiles = tiles();
        Group root = new Group();
        List<Canvas> canvases = new ArrayList<>();
        for (Placement p : tiles) {
            Canvas c = new Canvas(p.w, p.h);
            c.setLayoutX(p.x);
            c.setLayoutY(p.y);
            root.getChildren().add(c);
            canvases.add(c);
        }
        Scene scene = onFx(() -> new Scene(root, W, H));
        long end = s.simulation().endCycle();
        onFx(() -> {
            s.seek(end / 2);
            return null;
        });
        for (Theme theme : List.of(Theme.LIGHT, Theme.PROJECTOR)) {
            double[] perView = new double[tiles.size()];
            double repaint = frameTime(tiles, canvases, s, theme, frames, false, null, perView);
            double scrub = frameTime(tiles, canvases, s, theme, frames, true, null, null);
            double render = frameTime(tiles, canvases, s, theme, Math.max(10, frames / 5), false, scene, null);
            StringBuilder views = new StringBuilder();
            for (int i = 0; i < tiles.size(); i++) {
                views.append(String.format(Locale.ROOT, " %s %.2f", tiles.get(i).view.id(), perView[i]));
            }
            System.out.printf(Locale.ROOT, "%-9s repaint %.2f ms/frame (%s) | scrub %.2f ms/frame | repaint+render %.1f ms%n",
                    theme.id(), repaint, views.toString().trim(), scrub, render);
        }
        // Each view alone on the whole 1600x1000 canvas.
        StringBuilder alone = new StringBuilder();
        for (Placement p : tiles) {
            List<Placement> one = List.of(new Placement(p.view, 0, 0, W, H));
            Canvas c = new Canvas(W, H);
            double ms = frameTime(one, List.of(c), s, Theme.LIGHT, frames, false, null, null);
            alone.append(String.format(Locale.ROOT, " %s %.2f", p.view.id(), ms));
        }
        System.out.println("each view alone at 1600x1000 (ms/frame):" + alone);
    }

    /** Mean ms per frame over {@code frames} after as many warm-up frames. */
    private static double frameTime(List<Placement> tiles, List<Canvas> canvases, SimSession s, Theme theme,
            int frames, boolean scrub, Scene render, double[] perView) throws Exception {
        long end = s.simulation().endCycle();
        long[] viewNanos = new long[tiles.size()];
        long total = 0;
        for (int f = -frames; f < frames; f++) {
            int frame = f;
            if (scrub) {
                onFx(() -> {
                    s.seek((long) ((frame + frames) * 0.37 % 1.0 * end) + (frame & 1));
                    return null;
                });
            }
            long nanos = onFx(() -> {
                long t = System.nanoTime();
                for (int i = 0; i < tiles.size(); i++) {
                    long v = System.nanoTime();
                    Placement p = tiles.get(i);
                    var gc = canvases.get(i).getGraphicsContext2D();
                    gc.clearRect(0, 0, p.w, p.h);
                    p.view.paint(new FxDrawContext(gc), p.w, p.h, s, theme);
                    if (frame >= 0) {
                        viewNanos[i] += System.nanoTime() - v;
                    }
                }
                if (render != null) {
                    render.snapshot(null);
                }
                return System.nanoTime() - t;
            });
            if (f >= 0) {
                total += nanos;
            }
        }
        if (perView != null) {
            for (int i = 0; i < perView.length; i++) {
                perView[i] = viewNanos[i] / 1e6 / frames;
            }
        }
        return total / 1e6 / frames;
    }

    private record Placement(MachineView view, double x, double y, double w, double h) {
    }

    private static List<Placement> tiles() {
        return List.of(new Placement(new CoresView(), 0, 0, 800, 380),
                new Placement(new CacheView(), 800, 0, 800, 380),
                new Placement(new AddressSpaceView(), 0, 380, 800, 360),
                new Placement(new PageWalkView(), 800, 380, 800, 360),
                new Placement(new TimelineView(), 0, 740, 1600, 260));
    }

    private static SimSession open(MachineSpec spec, String policy) {
        SimSession s = new SimSession();
        Policy p = Policy.parse(policy);
        s.open(new LoadedScenario(null, "bench", "", spec, policy, p, List.of(), List.of(), null, List.of(), null), p);
        return s;
    }

    private static <T> T onFx(Supplier<T> task) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(task.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(10, TimeUnit.MINUTES);
    }

    private static Handler secretIrq() {
        return Handler.of("EXTERNAL_INTERRUPT", 900, HandlerStep.read("percpu", 1), HandlerStep.read("host-secret", 1))
                .settingFlushRequest();
    }

    private static List<Op> repeat(int n, Op... body) {
        return List.of(new Op.Repeat("loop", n, List.of(body)));
    }

    static MachineSpec twoCores() {
        List<Op> attack = List.of(new Op.ProbeFlush(),
                new Op.Repeat("probe", 40, List.of(new Op.L1tf("host-secret", 0), new Op.Compute(200, 0))),
                new Op.ProbeReload(), new Op.VmExit(52));
        return new MachineSpecBuilder().topology(2, 2).vm(1, 0x11).vm(2, 0x22).vm(3, 0x33)
                .exitHandler(1, secretIrq())
                .vcpu(0, 2, 0, repeat(4, attack.toArray(new Op[0])))
                .vcpu(1, 1, 1, repeat(40, new Op.Compute(3000, 8), new Op.VmExit(1)))
                .vcpu(2, 3, 0, repeat(60, new Op.Compute(2000, 16), new Op.VmExit(32)))
                .vcpu(3, 3, 1, repeat(50, new Op.Compute(2500, 12), new Op.VmExit(52), new Op.Compute(500, 4),
                        new Op.VmExit(1)))
                .build();
    }

    /** Eight vCPUs of four VMs, each taking {@code exitsPerCpu} exits from a realistic mix. */
    static MachineSpec large(long exitsPerCpu) {
        MachineSpecBuilder b = new MachineSpecBuilder().topology(4, 2).exitHandler(1, secretIrq());
        for (int vm = 1; vm <= 4; vm++) {
            b.vm(vm, 0x10 * vm);
        }
        // EXTERNAL_INTERRUPT, MSR_WRITE, EPT_VIOLATION, PREEMPTION_TIMER, HLT-free.
        Map<Integer, Double> mix = Map.of(1, 0.2, 32, 0.4, 48, 0.1, 52, 0.3);
        for (int cpu = 0; cpu < 8; cpu++) {
            b.vcpu(cpu, cpu / 2 + 1, cpu % 2, List.of(new Op.Workload(exitsPerCpu, 2000, 8, mix, 17 + cpu)));
        }
        return b.build();
    }
}
