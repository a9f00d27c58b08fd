package dev.asiscope.ui.workspace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.asiscope.scenario.AtomicFiles;
import dev.asiscope.scenario.JsonErrors;
import dev.asiscope.ui.annotate.Annotation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Reads and writes workspace files. Writing is atomic (a temporary file renamed over the old one, see
 * {@link AtomicFiles}), so a crash or a full disk leaves the previous workspace intact. Every problem
 * reading a file is a {@link WorkspaceException} with a one-line message, never a stack trace.
 */
public final class WorkspaceFile {
    /** Suffix of a workspace beside its scenario: {@code l1tf.json} has {@code l1tf.asiscope.json}. */
    public static final String SUFFIX = ".asiscope.json";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // Missing numbers and flags take their defaults (cycle 0, not pinned) so hand-written files stay short.
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private WorkspaceFile() {
    }

    /** The workspace that belongs beside {@code scenario}: {@code dir/name.asiscope.json}. */
    public static Path defaultPath(Path scenario) {
        String name = scenario.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return scenario.resolveSibling(base + SUFFIX);
    }

    /** The workspace beside {@code scenario}, if there is one. */
    public static Optional<Workspace> openBeside(Path scenario) throws WorkspaceException {
        Path p = defaultPath(scenario);
        return Files.isRegularFile(p) ? Optional.of(read(p)) : Optional.empty();
    }

    /** How {@code scenario} is named in a workspace saved at {@code workspaceFile}: relative to its folder. */
    public static String scenarioReference(Path workspaceFile, Path scenario) {
        Path dir = workspaceFile.toAbsolutePath().normalize().getParent();
        Path s = scenario.toAbsolutePath().normalize();
        try {
            return dir.relativize(s).toString().replace('\\', '/');
        } catch (IllegalArgumentException differentRoot) {
            return s.toString();
        }
    }

    /** The scenario file a workspace read from {@code workspaceFile} refers to, or null if it names none. */
    public static Path scenarioOf(Path workspaceFile, Workspace ws) {
        if (ws.scenario() == null) {
            return null;
        }
        return workspaceFile.toAbsolutePath().getParent().resolve(ws.scenario()).normalize();
    }

    /** Reads and checks a workspace file. */
    public static Workspace read(Path file) throws WorkspaceException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new WorkspaceException(file.toString(), 0, 0, null, "no such file");
        } catch (IOException e) {
            throw new WorkspaceException(file.toString(), 0, 0, null, "cannot read: " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    /** Parses workspace JSON; {@code name} is used in messages only. */
    public static Workspace parse(String name, String json) throws WorkspaceException {
        if (json.isBlank()) {
            throw new WorkspaceException(name, 0, 0, null, "the file is empty (expected a workspace JSON object)");
        }
        try {
            Workspace ws = MAPPER.readValue(json, Workspace.class);
            if (ws == null) {
                throw new WorkspaceException(name, 1, 1, null, "expected a JSON object, got null");
            }
            return ws;
        } catch (JsonProcessingException e) {
            throw translate(name, e);
        } catch (RuntimeException e) {
            throw new WorkspaceException(name, 0, 0, null, "not a valid workspace: " + e.getMessage());
        }
    }

    /** The JSON text of {@code ws}. */
    public static String toJson(Workspace ws) {
        try {
            return MAPPER.writeValueAsString(ws) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise workspace", e);
        }
    }

    /** Writes {@code ws} to {@code file} atomically. */
    public static void save(Path file, Workspace ws) throws IOException {
        save(file, ws, UnaryOperator.identity());
    }

    /** As {@link #save(Path, Workspace)}, with the content writer wrapped (tests simulate crashes with it). */
    static void save(Path file, Workspace ws, UnaryOperator<AtomicFiles.ContentWriter> around) throws IOException {
        byte[] bytes = toJson(ws).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, around.apply(out -> out.write(bytes)));
    }

    private static WorkspaceException translate(String name, JsonProcessingException e) {
        return new WorkspaceException(name, JsonErrors.line(e), JsonErrors.column(e), JsonErrors.path(e),
                JsonErrors.detail(e, new JsonErrors.TypeNames("an annotation", "type", "annotation type",
                        Annotation.TYPE_NAMES)));
    }
}
