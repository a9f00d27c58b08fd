package dev.asiscope.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Makes the JavaFX native libraries of the running platform loadable when asiscope runs from its one
 * self-contained jar.
 *
 * <p>The release jar carries the natives of every supported platform, each under
 * {@code natives/<os>-<arch>/} ({@code linux-x64}, {@code linux-aarch64}, {@code mac-x64}, {@code mac-aarch64},
 * {@code win-x64}), because the JavaFX jars of two platforms put files of the same name at their root
 * ({@code libglass.so} for Linux x64 and arm64). JavaFX's {@code NativeLibLoader} looks for
 * {@code /libglass.so} at the class-path root first, then in each directory of the
 * {@code java.library.path} system property, read when a library is loaded. So, before any JavaFX class
 * loads, this class copies the running platform's directory to a per-user cache (once per jar content) and
 * puts that directory first on {@code java.library.path}.
 *
 * <p>Does nothing when asiscope runs from classes or from a jar without {@code natives/} (the build's
 * tests, {@code mvn javafx:run}): the JavaFX jar of the build machine is then on the class path with its
 * natives at the root. Never throws: a failure only means the window cannot open later, and JavaFX
 * reports that itself; the headless commands that do not render do not need the natives at all.
 */
final class JavaFxNatives {
    /** The jar folder holding one subfolder per platform. */
    static final String ROOT = "natives/";

    private JavaFxNatives() {
    }

    /** The folder name of the running platform, e.g. {@code linux-x64}; null when JavaFX has no build for it. */
    static String platform(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        String o = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "mac"
                : os.startsWith("windows") ? "win" : null;
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x64"
                : arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : null;
        if (o == null || a == null || (o.equals("win") && a.equals("aarch64"))) {
            return null;
        }
        return o + "-" + a;
    }

    /** Installs the natives if this is the release jar; returns the directory used, or null. */
    static Path install() {
        try {
            Path jar = runningJar();
            String platform = platform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
            if (jar == null || platform == null) {
                return null;
            }
            Path dir = extract(jar, platform);
            if (dir == null) {
                return null;
            }
            String old = System.getProperty("java.library.path", "");
            System.setProperty("java.library.path", dir + (old.isEmpty() ? "" : File.pathSeparator + old));
            if (platform.startsWith("win")) {
                preloadWindowsRuntime(dir);
            }
            return dir;
        } catch (IOException | RuntimeException e) {
            System.err.println("asiscope: cannot prepare the JavaFX native libraries (" + e.getMessage()
                    + "); the window may not open, headless commands still work");
            return null;
        }
    }

    private static Path runningJar() {
        try {
            var src = JavaFxNatives.class.getProtectionDomain().getCodeSource();
            if (src == null) {
                return null;
            }
            Path p = Path.of(src.getLocation().toURI());
            return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Copies {@code natives/<platform>/} of {@code jar} into the cache, named after a digest of the entries'
     * names and CRCs so that a new release never reuses an old copy; null when the jar has no such folder.
     */
    static Path extract(Path jar, String platform) throws IOException {
        String prefix = ROOT + platform + "/";
        try (JarFile jf = new JarFile(jar.toFile())) {
            List<JarEntry> entries = new ArrayList<>();
            jf.stream().filter(e -> !e.isDirectory() && e.getName().startsWith(prefix)
                    && e.getName().indexOf('/', prefix.length()) < 0).forEach(entries::add);
            if (entries.isEmpty()) {
                return null;
            }
            entries.sort(Comparator.comparing(JarEntry::getName));
            String id = platform + "-" + digest(entries);
            Path dir = cacheRoot().resolve(id);
            if (Files.isRegularFile(dir.resolve(".complete"))) {
                return dir;
            }
            Files.createDirectories(dir.getParent());
            Path tmp = Files.createTempDirectory(dir.getParent(), id + ".tmp");
            for (JarEntry e : entries) {
                try (InputStream in = jf.getInputStream(e)) {
                    Files.copy(in, tmp.resolve(e.getName().substring(prefix.length())));
                }
            }
            Files.writeString(tmp.resolve(".complete"), jar.getFileName() + "\n");
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                // another asiscope started at the same moment and won the race: use its copy
                deleteTree(tmp);
                if (!Files.isRegularFile(dir.resolve(".complete"))) {
                    throw raced;
                }
            }
            return dir;
        }
    }

    /** {@code ~/.asiscope/natives}, or a per-user folder in the temp dir when the home is not writable. */
    private static Path cacheRoot() {
        String override = System.getProperty("asiscope.cachedir");
        if (override != null && !override.isBlank()) {
            return Path.of(override, "natives");
        }
        Path home = Path.of(System.getProperty("user.home", "."), ".asiscope", "natives");
        try {
            Files.createDirectories(home);
            if (Files.isWritable(home)) {
                return home;
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the temp dir (read-only home on a managed classroom machine)
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "asiscope-" + System.getProperty("user.name", "user"),
                "natives");
    }

    private static String digest(List<JarEntry> entries) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (JarEntry e : entries) {
                md.update((e.getName() + ":" + e.getCrc() + ":" + e.getSize() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * JavaFX's Windows libraries need the Visual C++ runtime, which the JavaFX jar ships next to them and
     * loads first when it extracts them itself. Loaded here from the cache for the same reason: Windows
     * resolves a DLL's imports by name against the modules already loaded. Failures are ignored (the
     * system's own copy then serves).
     */
    private static void preloadWindowsRuntime(Path dir) {
        for (String n : List.of("ucrtbase.dll", "vcruntime140.dll", "vcruntime140_1.dll", "msvcp140.dll",
                "msvcp140_1.dll", "msvcp140_2.dll")) {
            Path p = dir.resolve(n);
            if (Files.isRegularFile(p)) {
                try {
                    System.load(p.toString());
                } catch (UnsatisfiedLinkError e) {
                    // the system's runtime is used instead
                }
            }
        }
    }

    private static void deleteTree(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(q -> {
                try {
                    Files.deleteIfExists(q);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
