package dev.asiscope.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the command line in-process and captures exit code, stdout and stderr. */
public record CliRunner(int exitCode, String out, String err) {
    public static CliRunner run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute(args);
        return new CliRunner(rc, out.toString(), err.toString());
    }
}
