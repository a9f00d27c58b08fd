package dev.asiscope.cli;

import dev.asiscope.ui.AsiscopeApp;
import java.nio.file.Path;

/** Starts the JavaFX window, reporting a missing display as a clear message instead of a stack trace. */
final class GuiLauncher {
    private GuiLauncher() {
    }

    static int launch(Path scenario) {
        String display = System.getenv("DISPLAY");
        boolean monocle = "Monocle".equals(System.getProperty("glass.platform"));
        // Only X11 needs DISPLAY; Windows and macOS always have their own display.
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        boolean x11 = !os.startsWith("windows") && !os.startsWith("mac");
        if (x11 && (display == null || display.isEmpty()) && !monocle) {
            System.err.println("asiscope: no display (DISPLAY is not set). Run the window under X11 or Xvfb,"
                    + " e.g. 'xvfb-run -a java -jar target/asiscope.jar', or use a headless command"
                    + " (asiscope --help).");
            return Main.EXIT_BAD_INPUT;
        }
        AsiscopeApp.launchWith(scenario);
        return 0;
    }
}
