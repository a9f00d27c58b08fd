package dev.asiscope.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Entry point of the one runnable jar. Without a subcommand it opens the GUI (on the given scenario
 * or the built-in default); subcommands run headless. Deliberately not a JavaFX {@code Application}:
 * with JavaFX on the class path, the launcher class must be a plain class.
 */
@Command(name = "asiscope",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
            "Address Space Isolation for KVM, made visible and measurable.",
            "",
            "Without a command, opens the window on SCENARIO (or the built-in narrated default scenario).",
            "Commands run headless."},
        subcommands = {RunCommand.class, CompareCommand.class, ValidateCommand.class, TranslateCommand.class,
            BenchCommand.class, ImportCommand.class, PtdumpCommand.class, CostCommand.class, ExportCommand.class,
            TablesCommand.class, WhatIfCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 1 an expectation failed (or a leak with --fail-on-leak), 2 bad input,",
            "3 internal error (please report it).",
            "Run 'asiscope help COMMAND' or 'asiscope COMMAND --help' for a command's options."})
public final class Main implements Callable<Integer> {

    /** Exit code for bad input (unreadable file, malformed scenario, unknown option). */
    public static final int EXIT_BAD_INPUT = 2;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO", description = "Scenario file to open.")
    Path scenario;

    @Override
    public Integer call() {
        return GuiLauncher.launch(scenario);
    }

    /** Builds the configured picocli command line (shared by {@link #main} and tests). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            cmd.getErr().println("asiscope: internal error: " + ex);
            return 3;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("asiscope: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, cmd.getErr());
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
            return EXIT_BAD_INPUT;
        });
        return cl;
    }

    public static void main(String[] args) {
        dev.asiscope.ui.LaunchTiming.markMain();
        // before any JavaFX class loads: the release jar carries every platform's natives in subfolders
        JavaFxNatives.install();
        int rc = commandLine().execute(args);
        System.exit(rc);
    }
}
