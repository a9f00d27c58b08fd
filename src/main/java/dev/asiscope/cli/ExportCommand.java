package dev.asiscope.cli;

import dev.asiscope.scenario.PolicyText;
import dev.asiscope.scenario.ScenarioContents;
import dev.asiscope.scenario.AtomicFiles;
import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.scenario.ScenarioException;
import dev.asiscope.sim.engine.Policy;
import dev.asiscope.ui.core.MachineView;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import dev.asiscope.ui.annotate.Annotation;
import dev.asiscope.ui.export.ExportRequest;
import dev.asiscope.ui.export.HeadlessFx;
import dev.asiscope.ui.export.Provenance;
import dev.asiscope.ui.export.StandardViews;
import dev.asiscope.ui.export.ViewExporter;
import dev.asiscope.ui.workspace.Workspace;
import dev.asiscope.ui.workspace.WorkspaceException;
import dev.asiscope.ui.workspace.WorkspaceFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import javafx.application.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code asiscope export}: a view (or the whole window) at one cycle, with the workspace's annotations,
 * as PNG and/or SVG, without a display. Renders with exactly the code the window's Export uses.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export a view at a cycle, annotated, as PNG and/or SVG (headless, reproducible).",
            "",
            "Simulates the scenario under the policy, moves the cursor to the cycle and draws the view with the "
                + "annotations of the workspace that are attached to that cycle or pinned. PNG files carry the "
                + "provenance (scenario and its SHA-256, cycle, policy, view, theme, version) in tEXt chunks, SVG "
                + "files in a <metadata> block; --footer also prints it under the picture. Output files are "
                + "written atomically. Rendering always uses the headless software pipeline, so the same inputs "
                + "give the same pixels on any machine with the same fonts."},
        footer = {"", "Examples:",
            "  asiscope export sample-traces/l1tf-guest-unmitigated.json --cycle 5200 --view caches --png caches.png",
            "  asiscope export s.json --cycle 5200 --svg window.svg --png window@2x.png --scale 2 --footer",
            "  asiscope export s.json --cycle 5200 --view cores --workspace talk.asiscope.json --theme projector \\",
            "      --width 1280 --height 720 --png slide3.png",
            "",
            "Without --workspace, the workspace beside the scenario (NAME.asiscope.json) is used if it exists.",
            "Exit codes: 0 success, 2 bad input, 3 internal error."})
public final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "Scenario JSON file.")
    Path scenario;

    @Option(names = "--cycle", required = true, paramLabel = "C", description = "Cycle to show.")
    long cycle;

    @Option(names = "--policy", paramLabel = "P",
            description = "Mitigation policy (default: the workspace's, else the scenario's).")
    String policy;

    @Option(names = "--view", paramLabel = "NAME", defaultValue = "window",
            description = "View id (cores, caches, address-spaces, page-walk, page-tables, timeline), window for all of them in a grid, "
                    + "or presentation for the two views of presentation mode side by side (address-spaces, caches) "
                    + "(default: ${DEFAULT-VALUE}).")
    String view;

    @Option(names = "--workspace", paramLabel = "FILE", description = "Workspace with the annotations.")
    Path workspace;

    @Option(names = "--no-workspace", description = "Ignore the workspace beside the scenario.")
    boolean noWorkspace;

    @Option(names = "--theme", paramLabel = "T",
            description = "light, dark or projector (default: the workspace's, else light).")
    String theme;

    @Option(names = "--png", paramLabel = "FILE", description = "Write a PNG.")
    Path png;

    @Option(names = "--scale", paramLabel = "S", defaultValue = "1",
            description = "PNG scale, 1 to 4 (default: ${DEFAULT-VALUE}); 2 gives 2x the pixels, equally sharp.")
    double scale;

    @Option(names = "--svg", paramLabel = "FILE", description = "Write an SVG (text stays text).")
    Path svg;

    @Option(names = "--width", paramLabel = "W", defaultValue = "1600",
            description = "Picture width in pixels at scale 1 (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", paramLabel = "H", defaultValue = "1000",
            description = "Picture height in pixels at scale 1, footer excluded (default: ${DEFAULT-VALUE}).")
    int height;

    @Option(names = "--footer", description = "Add a footer line: scenario, policy, cycle, asiscope version.")
    boolean footer;

    /** Inputs checked and loaded before the toolkit starts. */
    record Plan(LoadedScenario scenario, String policy, Policy parsedPolicy, List<MachineView> views, String viewId,
            Theme theme, List<Annotation> annotations) {
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Plan plan;
        try {
            plan = plan(err);
        } catch (BadInput e) {
            err.println("asiscope export: " + e.getMessage());
            return Main.EXIT_BAD_INPUT;
        }
        HeadlessFx.selectHeadlessPlatform();
        boolean ownToolkit = false;
        try {
            ownToolkit = HeadlessFx.start();
            Rendered out = HeadlessFx.onFx(() -> render(plan));
            if (out.error() != null) {
                err.println("asiscope export: " + out.error());
                return Main.EXIT_BAD_INPUT;
            }
            if (out.image() != null) {
                byte[] bytes = ViewExporter.encodePng(out.image(), out.request().provenance(), scale);
                AtomicFiles.write(png, bytes);
            }
            if (out.svg() != null) {
                AtomicFiles.writeString(svg, out.svg());
            }
            return 0;
        } catch (IOException e) {
            err.println("asiscope export: cannot write: " + e.getMessage());
            return Main.EXIT_BAD_INPUT;
        } catch (Exception | LinkageError e) {
            err.println("asiscope export: rendering failed: " + e);
            return 3;
        } finally {
            if (ownToolkit) {
                Platform.exit();
            }
        }
    }

    private static final class BadInput extends Exception {
        private static final long serialVersionUID = 1L;
        BadInput(String message) {
            super(message);
        }
    }

    private Plan plan(PrintWriter err) throws BadInput {
        if (png == null && svg == null) {
            throw new BadInput("nothing to write: give --png FILE and/or --svg FILE");
        }
        if (cycle < 0) {
            throw new BadInput("--cycle must be >= 0, got " + cycle);
        }
        if (!(scale >= 1 && scale <= 4)) {
            throw new BadInput("--scale must be 1 to 4, got " + scale);
        }
        if (width < 16 || height < 16 || width > 16384 || height > 16384) {
            throw new BadInput("--width and --height must be 16 to 16384, got " + width + "x" + height);
        }
        if ((double) width * scale * height * scale > 400e6) {
            throw new BadInput("picture too large: " + (int) (width * scale) + "x" + (int) (height * scale)
                    + " pixels (at most 400 million)");
        }
        checkWritable(png, "--png");
        checkWritable(svg, "--svg");
        List<MachineView> views;
        if (StandardViews.WINDOW.equals(view)) {
            views = StandardViews.all();
        } else if (StandardViews.PRESENTATION.equals(view)) {
            views = StandardViews.presentation();
        } else {
            views = StandardViews.byId(view).map(List::of).orElseThrow(() -> new BadInput("unknown view '" + view
                    + "' (known: " + String.join(", ", StandardViews.ids()) + ")"));
        }
        LoadedScenario s;
        try {
            s = ScenarioContents.loadRunnable(scenario);
        } catch (ScenarioException e) {
            throw new BadInput(e.getMessage());
        }
        Workspace ws = null;
        Path wsFile = workspace != null ? workspace : noWorkspace ? null : WorkspaceFile.defaultPath(scenario);
        if (wsFile != null && (workspace != null || Files.isRegularFile(wsFile))) {
            try {
                ws = WorkspaceFile.read(wsFile);
            } catch (WorkspaceException e) {
                throw new BadInput(e.getMessage());
            }
            try {
                String hash = Provenance.sha256(scenario);
                if (!ws.matchesScenario(hash)) {
                    err.println("asiscope export: warning: " + wsFile + " was saved for another version of "
                            + scenario.getFileName() + "; annotations may not point at the right things");
                }
            } catch (IOException ignored) {
                // the scenario was just read; a failure here only loses the warning
            }
        }
        String p = policy != null ? policy : ws != null && ws.policy() != null ? ws.policy() : s.policyName();
        Policy parsed;
        try {
            parsed = PolicyText.parse(p);
        } catch (IllegalArgumentException e) {
            throw new BadInput("--policy: " + e.getMessage());
        }
        String themeId = theme != null ? theme : ws != null ? ws.layout().theme() : "light";
        Theme t;
        try {
            t = Theme.byId(themeId);
        } catch (IllegalArgumentException e) {
            throw new BadInput("--theme: " + e.getMessage());
        }
        return new Plan(s, p, parsed, views, view, t, ws == null ? List.of() : ws.annotations());
    }

    private static void checkWritable(Path out, String option) throws BadInput {
        if (out == null) {
            return;
        }
        Path dir = out.toAbsolutePath().getParent();
        if (Files.isDirectory(out)) {
            throw new BadInput(option + " " + out + " is a directory");
        }
        if (dir != null && Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new BadInput(option + " " + out + ": " + dir + " is not a directory");
        }
    }

    /** What the FX thread produced: an image and/or SVG text, or a user error. */
    record Rendered(ExportRequest request, BufferedImage image, String svg, String error) {
    }

    private Rendered render(Plan plan) {
        SimSession session = new SimSession();
        session.open(plan.scenario(), plan.parsedPolicy());
        long end = session.simulation().endCycle();
        if (cycle > end) {
            return new Rendered(null, null, null, "--cycle " + cycle + " is past the end of the run (the last cycle"
                    + " under " + plan.policy() + " is " + end + ")");
        }
        session.seek(cycle);
        ExportRequest r = ExportRequest.of(plan.scenario(), plan.policy(), session, plan.views(),
                StandardViews.WINDOW.equals(plan.viewId()), width, height, plan.theme(), plan.annotations(), footer);
        BufferedImage image = png == null ? null : ViewExporter.render(r, scale);
        String text = svg == null ? null : ViewExporter.svg(r);
        return new Rendered(r, image, text, null);
    }
}
