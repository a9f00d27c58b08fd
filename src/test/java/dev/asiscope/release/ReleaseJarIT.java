package dev.asiscope.release;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The release jar works when it is the only file: copied alone into an empty folder and started with
 * nothing but {@code java -jar}, it prints its help, validates a scenario and renders a view headless (which
 * needs the JavaFX natives it carries). Runs in {@code mvn verify} after {@code package} (maven-failsafe).
 */
class ReleaseJarIT {
    @TempDir
    Path dir;

    private Path jar() throws IOException {
        String built = System.getProperty("asiscope.jar");
        assertNotNull(built, "failsafe passes the packaged jar's path as asiscope.jar");
        Path copy = dir.resolve("asiscope.jar");
        Files.copy(Path.of(built), copy);
        return copy;
    }

    private record Result(int code, String out) {
    }

    /** Runs {@code java -jar asiscope.jar ARGS} in the temp folder with no display and a private cache. */
    private Result run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Dasiscope.cachedir=" + dir.resolve("cache"));
        cmd.add("-jar");
        cmd.add("asiscope.jar");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().remove("DISPLAY");
        pb.environment().remove("CLASSPATH");
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished");
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @Test
    void helpAndValidateFromAnEmptyFolder() throws Exception {
        jar();
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("asiscope.jar"), files.map(f -> f.getFileName().toString()).toList());
        }
        Result help = run("--help");
        assertEquals(0, help.code(), help.out());
        assertTrue(help.out().startsWith("Usage: asiscope"), help.out());
        assertTrue(help.out().contains("validate"), help.out());

        Files.copy(Path.of("sample-traces/asi-stun.json"), dir.resolve("asi-stun.json"));
        Result v = run("validate", "asi-stun.json");
        assertEquals(0, v.code(), v.out());
        assertTrue(v.out().startsWith("PASS  asi-stun.json"), v.out());
        assertFalse(v.out().contains("FAIL"), v.out());

        Result version = run("--version");
        assertEquals(0, version.code(), version.out());
        assertTrue(version.out().startsWith("asiscope 0."), "version from the manifest: " + version.out());
    }

    @Test
    void headlessExportLoadsTheCarriedNatives() throws Exception {
        jar();
        Files.copy(Path.of("sample-traces/asi-stun.json"), dir.resolve("asi-stun.json"));
        Result r = run("export", "asi-stun.json", "--cycle", "1000", "--png", "view.png");
        assertEquals(0, r.code(), r.out());
        byte[] png = Files.readAllBytes(dir.resolve("view.png"));
        assertTrue(png.length > 10_000, "a real picture: " + png.length + " bytes");
        assertEquals((byte) 0x89, png[0]);
        String platform = System.getProperty("os.name").startsWith("Linux") && "amd64".equals(
                System.getProperty("os.arch")) ? "linux-x64" : null;
        if (platform != null) {
            try (Stream<Path> s = Files.list(dir.resolve("cache").resolve("natives"))) {
                Path natives = s.filter(p -> p.getFileName().toString().startsWith(platform)).findFirst()
                        .orElseThrow();
                assertTrue(Files.isRegularFile(natives.resolve("libprism_sw.so")));
                assertTrue(Files.isRegularFile(natives.resolve(".complete")));
            }
        }
        // a second start reuses the cache
        Result again = run("export", "asi-stun.json", "--cycle", "1000", "--png", "again.png");
        assertEquals(0, again.code(), again.out());
        try (Stream<Path> s = Files.list(dir.resolve("cache").resolve("natives"))) {
            assertEquals(1, s.count());
        }
        // Two fresh JVMs, the same scenario, cycle and size: the same bytes (no time stamp in the PNG, one
        // rendering pipeline, a deterministic drawing order).
        org.junit.jupiter.api.Assertions.assertArrayEquals(png, Files.readAllBytes(dir.resolve("again.png")),
                "the same export twice");
    }

    @Test
    void theJarCarriesEveryPlatform() throws Exception {
        try (JarFile jf = new JarFile(jar().toFile())) {
            for (String n : List.of("natives/linux-x64/libglass.so", "natives/linux-x64/libglassgtk3.so",
                    "natives/linux-aarch64/libglass.so", "natives/mac-x64/libglass.dylib",
                    "natives/mac-aarch64/libglass.dylib", "natives/win-x64/glass.dll",
                    "natives/win-x64/prism_d3d.dll", "natives/win-x64/vcruntime140.dll",
                    "com/sun/glass/ui/gtk/GtkApplication.class", "com/sun/glass/ui/mac/MacApplication.class",
                    "com/sun/glass/ui/win/WinApplication.class", "com/sun/prism/d3d/D3DPipeline.class",
                    "com/sun/glass/ui/monocle/MonoclePlatformFactory.class", "picocli/CommandLine.class",
                    "com/fasterxml/jackson/databind/ObjectMapper.class", "dev/asiscope/cli/Main.class",
                    "dev/asiscope/samples/asi-stun.json")) {
                assertNotNull(jf.getEntry(n), n);
            }
            // nothing at the root that NativeLibLoader would pick up for the wrong platform
            assertFalse(jf.stream().anyMatch(e -> !e.getName().contains("/") && (e.getName().endsWith(".so")
                    || e.getName().endsWith(".dll") || e.getName().endsWith(".dylib"))));
            assertEquals("dev.asiscope.cli.Main", jf.getManifest().getMainAttributes().getValue("Main-Class"));
            assertEquals(null, jf.getManifest().getMainAttributes().getValue("Class-Path"));
        }
    }
}
