package dev.asiscope.scenario.importer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Access to the real samples copied into src/test/resources/samples/real (see SOURCES.md there). */
public final class Samples {
    private Samples() {
    }

    /** The sample's path on the test classpath. */
    public static Path path(String name) {
        URL url = Samples.class.getResource("/samples/real/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no sample " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The sample's bytes. */
    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample as text (UTF-8). */
    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /** All sample file names (*.txt), sorted. */
    public static List<String> all() {
        try (Stream<Path> s = Files.list(path("SOURCES.md").getParent())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".txt")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
