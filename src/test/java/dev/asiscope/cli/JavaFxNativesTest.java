package dev.asiscope.cli;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The platform folder names match what the build unpacks (pom.xml, javafx-natives). */
class JavaFxNativesTest {
    @Test
    void platformsJavaFxShips() {
        assertEquals("linux-x64", JavaFxNatives.platform("Linux", "amd64"));
        assertEquals("linux-aarch64", JavaFxNatives.platform("Linux", "aarch64"));
        assertEquals("mac-x64", JavaFxNatives.platform("Mac OS X", "x86_64"));
        assertEquals("mac-aarch64", JavaFxNatives.platform("Mac OS X", "aarch64"));
        assertEquals("win-x64", JavaFxNatives.platform("Windows 11", "amd64"));
    }

    @Test
    void platformsItDoesNot() {
        assertNull(JavaFxNatives.platform("Windows 11", "aarch64"));
        assertNull(JavaFxNatives.platform("Linux", "arm"));
        assertNull(JavaFxNatives.platform("FreeBSD", "amd64"));
    }

    @Test
    void runningFromClassesInstallsNothing() {
        // the tests run from target/classes: the build machine's JavaFX jar serves its own natives
        assertNull(JavaFxNatives.install());
        assertFalse(System.getProperty("java.library.path").contains(".asiscope"));
    }

    @TempDir
    Path tmp;

    private Path jar(String name, String libContent) throws Exception {
        Path jar = tmp.resolve(name);
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o)) {
            for (String[] e : new String[][] {{"natives/linux-x64/libglass.so", libContent},
                {"natives/linux-x64/libprism_sw.so", "sw"}, {"natives/win-x64/glass.dll", "win"},
                {"natives/linux-x64/nested/ignored.so", "no"}, {"dev/asiscope/X.class", "class"}}) {
                j.putNextEntry(new JarEntry(e[0]));
                j.write(e[1].getBytes(StandardCharsets.UTF_8));
                j.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void extractsOnlyTheRunningPlatformsFolderOnceAndPerContent() throws Exception {
        String old = System.getProperty("asiscope.cachedir");
        System.setProperty("asiscope.cachedir", tmp.resolve("cache").toString());
        try {
            Path a = jar("a.jar", "glass-1");
            Path dir = JavaFxNatives.extract(a, "linux-x64");
            try (Stream<Path> s = Files.list(dir)) {
                assertEquals(List.of(".complete", "libglass.so", "libprism_sw.so"),
                        s.map(p -> p.getFileName().toString()).sorted().toList());
            }
            assertEquals("glass-1", Files.readString(dir.resolve("libglass.so")));
            // a second start reuses the copy as it is
            Files.writeString(dir.resolve("libprism_sw.so"), "touched");
            assertEquals(dir, JavaFxNatives.extract(a, "linux-x64"));
            assertEquals("touched", Files.readString(dir.resolve("libprism_sw.so")));
            // another release (other bytes) gets its own folder
            Path b = jar("b.jar", "glass-2");
            Path other = JavaFxNatives.extract(b, "linux-x64");
            assertNotEquals(dir, other);
            assertEquals("glass-2", Files.readString(other.resolve("libglass.so")));
            assertNull(JavaFxNatives.extract(a, "mac-aarch64"), "no folder for this platform in the jar");
        } finally {
            if (old == null) {
                System.clearProperty("asiscope.cachedir");
            } else {
                System.setProperty("asiscope.cachedir", old);
            }
        }
    }
}
