package dev.asiscope.ui;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The most recently opened scenario files, newest first, kept in {@code recent.json} in the user's
 * config directory ({@code $XDG_CONFIG_HOME/asiscope} or {@code ~/.config/asiscope}; the system
 * property {@code asiscope.configDir} overrides it). Written atomically: a temporary file in the same
 * directory moved over the old one, so a crash never leaves half a list.
 */
public final class RecentFiles {
    public static final int MAX = 10;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final List<Path> paths = new ArrayList<>();

    public RecentFiles(Path file) {
        this.file = file;
        load();
    }

    /** The list in the default config directory. */
    public static RecentFiles inConfigDir() {
        return new RecentFiles(configDir().resolve("recent.json"));
    }

    static Path configDir() {
        String override = System.getProperty("asiscope.configDir");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("asiscope");
    }

    private void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            List<String> names = JSON.readValue(file.toFile(), new TypeReference<List<String>>() { });
            for (String n : names) {
                if (paths.size() < MAX) {
                    paths.add(Path.of(n));
                }
            }
        } catch (IOException | RuntimeException e) {
            // A damaged list is not worth an error dialog: start a new one.
            paths.clear();
        }
    }

    /** Newest first. */
    public List<Path> paths() {
        return List.copyOf(paths);
    }

    /** Puts {@code p} at the top and saves; failures to save are ignored (the list is a convenience). */
    public void add(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        paths.remove(abs);
        paths.add(0, abs);
        while (paths.size() > MAX) {
            paths.remove(paths.size() - 1);
        }
        try {
            save();
        } catch (IOException e) {
            System.err.println("asiscope: could not save the recent-files list: " + e.getMessage());
        }
    }

    public void clear() throws IOException {
        paths.clear();
        save();
    }

    void save() throws IOException {
        Files.createDirectories(file.getParent());
        List<String> names = paths.stream().map(Path::toString).toList();
        Path tmp = Files.createTempFile(file.getParent(), ".recent", ".tmp");
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), names);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
