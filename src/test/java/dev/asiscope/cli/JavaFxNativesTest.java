package dev.asiscope.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        assertEquals(null, System.getProperty("java.library.path").contains("asiscope") ? "changed" : null);
    }
}
