package dev.asiscope.bench;

import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.scenario.ScenarioLoader;
import dev.asiscope.ui.core.MachineView;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import dev.asiscope.ui.annotate.Annotation;
import dev.asiscope.ui.annotate.Arrow;
import dev.asiscope.ui.annotate.Attachment;
import dev.asiscope.ui.annotate.Callout;
import dev.asiscope.ui.annotate.RectHighlight;
import dev.asiscope.ui.annotate.Style;
import dev.asiscope.ui.export.ExportRequest;
import dev.asiscope.ui.export.HeadlessFx;
import dev.asiscope.ui.export.StandardViews;
import dev.asiscope.ui.export.ViewExporter;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javafx.application.Platform;

/**
 * Export time of a 1600x1000 picture (target: PNG at scale 1 in at most 300 ms, warm), split into
 * render (paint into the scaled canvas and snapshot) and PNG encoding, plus SVG. A plain main method (the
 * FX thread does not suit JMH's harness). Run after {@code mvn test-compile}:
 *
 * <pre>
 * java -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw -Djava.awt.headless=true \
 *   -cp target/test-classes:target/classes:$(mvn -q -o dependency:build-classpath -Dmdep.outputFile=/dev/stdout) \
 *   dev.asiscope.bench.ExportBench [warmup] [iterations] [views, e.g. caches,cores,window]
 * </pre>
 *
 * The whole headless command (a fresh JVM) is measured separately with {@code time java -jar ... export}.
 */
public final class ExportBench {
    private ExportBench() {
    }

    public static void main(String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        HeadlessFx.selectHeadlessPlatform();
        HeadlessFx.start();
        try {
            LoadedScenario s = ScenarioLoader.load(Path.of("sample-traces/l1tf-guest-unmitigated.json"));
            long cycle = 59_145;
            List<Annotation> notes = List.of(
                    new RectHighlight("a1", Attachment.pinned("caches"), null, Style.DEFAULT, 0.05, 0.05, 0.3, 0.2),
                    new Arrow("a2", Attachment.pinned("caches"), null, Style.DEFAULT, 0.6, 0.6, 0.35, 0.25),
                    new Callout("a3", Attachment.pinned("caches"), null, Style.DEFAULT, "the secret line", 0.6, 0.1,
                            0.4, 0.2));
            System.out.printf(Locale.ROOT, "%-22s %5s %9s %9s %9s %9s%n", "picture", "scale", "render", "encode",
                    "total", "PNG KiB");
            List<String> pictures = args.length > 2 ? Arrays.asList(args[2].split(",")) : List.of("caches", "window");
            for (String id : pictures) {
                List<MachineView> views = id.equals("window") ? StandardViews.all()
                        : List.of(StandardViews.byId(id).orElseThrow());
                ExportRequest r = HeadlessFx.onFx(() -> {
                    SimSession session = new SimSession();
                    session.open(s, null);
                    session.seek(cycle);
                    return ExportRequest.of(s, null, session, views, id.equals("window"), 1600, 1000, Theme.LIGHT,
                            notes, false);
                });
                for (int scale : new int[] {1, 4}) {
                    int w = scale == 1 ? warmup : Math.max(2, warmup / 4);
                    int n = scale == 1 ? iterations : Math.max(3, iterations / 4);
                    double[] render = new double[n];
                    double[] encode = new double[n];
                    double[] total = new double[n];
                    long bytes = 0;
                    for (int i = -w; i < n; i++) {
                        long t0 = System.nanoTime();
                        BufferedImage img = HeadlessFx.onFx(() -> ViewExporter.render(r, scale));
                        long t1 = System.nanoTime();
                        byte[] png = ViewExporter.encodePng(img, r.provenance(), scale);
                        long t2 = System.nanoTime();
                        if (i >= 0) {
                            render[i] = (t1 - t0) / 1e6;
                            encode[i] = (t2 - t1) / 1e6;
                            total[i] = (t2 - t0) / 1e6;
                            bytes = png.length;
                        }
                    }
                    System.out.printf(Locale.ROOT, "%-22s %5d %9s %9s %9s %9d%n", id + " 1600x1000", scale,
                            ms(render), ms(encode), ms(total), bytes / 1024);
                }
                double[] svg = new double[iterations];
                int len = 0;
                for (int i = -warmup; i < iterations; i++) {
                    long t0 = System.nanoTime();
                    String text = HeadlessFx.onFx(() -> ViewExporter.svg(r));
                    if (i >= 0) {
                        svg[i] = (System.nanoTime() - t0) / 1e6;
                        len = text.length();
                    }
                }
                System.out.printf(Locale.ROOT, "%-22s %5s %9s %9s %9s %9s  (SVG, %d KiB)%n", id + " 1600x1000", "svg",
                        ms(svg), "-", ms(svg), "-", len / 1024);
            }
            System.out.println("times: median ms of the warm runs");
        } finally {
            Platform.exit();
        }
        System.exit(0);
    }

    private static String ms(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "%.0f", s[s.length / 2]);
    }

}
