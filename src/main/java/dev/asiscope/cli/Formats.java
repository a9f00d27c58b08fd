package dev.asiscope.cli;

import dev.asiscope.scenario.AtomicFiles;
import dev.asiscope.scenario.ScenarioException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** Small helpers shared by the report commands. */
final class Formats {
    private Formats() {
    }

    static void check(String format, String... allowed) throws ScenarioException {
        if (!List.of(allowed).contains(format)) {
            throw new ScenarioException("--format", 0, 0, null, "expected " + String.join(", ", allowed) + "; got '"
                    + format + "'");
        }
    }

    /** Prints {@code text} to stdout, or writes it atomically to {@code out}. */
    static void emit(CommandSpec spec, Path out, String text) throws IOException {
        if (out == null) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        } else {
            AtomicFiles.writeString(out, text);
        }
    }
}
