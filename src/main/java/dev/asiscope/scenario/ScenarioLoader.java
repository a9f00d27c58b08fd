package dev.asiscope.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads and compiles scenario files, and lists the scenarios built into the jar. */
public final class ScenarioLoader {
    /** Folder of the built-in scenarios inside the jar (a copy of sample-traces/). */
    public static final String SAMPLES = "/dev/asiscope/samples/";
    /** The scenario the window opens on when none is given. */
    public static final String DEFAULT_SAMPLE = "l1tf-guest-unmitigated.json";

    private ScenarioLoader() {
    }

    /** Reads, validates and compiles the scenario at {@code file}. */
    public static LoadedScenario load(Path file) throws ScenarioException {
        String text = TextCheck.readUtf8(file);
        return parse(file.toString(), text, file);
    }

    /** Compiles scenario JSON text; {@code name} is used in messages. */
    public static LoadedScenario parse(String name, String json, Path source) throws ScenarioException {
        Scenario s = new ScenarioReader().parse(name, json);
        return new ScenarioCompiler(name, json).compile(s, source);
    }

    /** A built-in scenario by file name (e.g. {@code asi-stun.json}). */
    public static LoadedScenario builtIn(String fileName) throws ScenarioException {
        try (InputStream in = ScenarioLoader.class.getResourceAsStream(SAMPLES + fileName)) {
            if (in == null) {
                throw new ScenarioException(fileName, 0, 0, null, "no built-in scenario of that name; known: "
                        + String.join(", ", builtInNames()));
            }
            return parse("built-in " + fileName, new String(in.readAllBytes(), StandardCharsets.UTF_8), null);
        } catch (IOException e) {
            throw new ScenarioException(fileName, 0, 0, null, e.getMessage());
        }
    }

    /** Names of the built-in scenarios, from the index file generated with the library. */
    public static List<String> builtInNames() {
        List<String> names = new ArrayList<>();
        try (InputStream in = ScenarioLoader.class.getResourceAsStream(SAMPLES + "index.txt")) {
            if (in != null) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        names.add(line.trim());
                    }
                }
            }
        } catch (IOException e) {
            // an unreadable index lists nothing
        }
        return names;
    }
}
