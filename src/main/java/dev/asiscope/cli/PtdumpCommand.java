package dev.asiscope.cli;

import dev.asiscope.scenario.TextCheck;
import dev.asiscope.scenario.importer.AddressSpaceDump;
import dev.asiscope.scenario.importer.ImportException;
import dev.asiscope.scenario.importer.ImportReport;
import dev.asiscope.scenario.importer.PtdumpImporter;
import dev.asiscope.scenario.importer.PtdumpWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code asiscope ptdump <file>}: re-emits an address space in the exact Linux ptdump format. The input
 * is any ptdump text the importer accepts (quoted, timestamped, grep-prefixed, wrapped...) or the JSON
 * written by {@code asiscope import ptdump --format json}.
 */
@Command(name = "ptdump",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Write an address space in the exact Linux x86 ptdump format",
            "(/sys/kernel/debug/page_tables/*): '0x%%016lx-0x%%016lx   %%9lu%%c ', a 30-char",
            "flag column and the level, with ---[ section ]--- markers.",
            "",
            "FILE is a ptdump in any variant 'asiscope import ptdump' accepts (dmesg",
            "timestamps, mail quoting, grep -r prefixes and mail-wrapped lines are removed)",
            "or the JSON of 'asiscope import ptdump --format json'. Importing the output",
            "again gives the same ranges, flags and levels.",
            ""},
        footer = {
            "",
            "Examples:",
            "  asiscope ptdump mail-with-quoted-dmesg.txt        (clean Linux text on stdout)",
            "  asiscope ptdump grep-output.txt --dump current_user -o user.txt",
            "  asiscope import ptdump dump.txt --format json -o d.json",
            "  asiscope ptdump d.json",
            "",
            "Exit codes: 0 ok, 1 cannot write output, 2 bad input or arguments.",
            "Errors are printed as one line: file:line:col: message"})
public final class PtdumpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Parameters(index = "0", paramLabel = "FILE", description = "ptdump text or ptdump JSON to re-emit.")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Write to OUT (atomically: temp file + rename) instead of stdout.")
    Path output;

    @Option(names = "--dump", paramLabel = "N|NAME",
            description = "Which dump of a multi-dump text file (1-based index or name; default: the first).")
    String dump;

    @Option(names = "--merge",
            description = "Also merge adjacent imported ranges with identical flags and level (normally only "
                    + "synthetic ranges are merged, which keeps the kernel's own line splits).")
    boolean mergeImported;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String out;
        try {
            AddressSpaceDump d = load();
            if (mergeImported) {
                d = stripSourceLines(d);
            }
            out = new PtdumpWriter().write(d);
        } catch (ImportException e) {
            err.println(e.getMessage());
            err.flush();
            return 2;
        } catch (RuntimeException e) {
            err.println(file + ":0:0: internal error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            err.flush();
            return 2;
        }
        return ImportCommand.emit(spec, output, out);
    }

    private AddressSpaceDump load() throws ImportException {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            TextCheck.Problem notText = TextCheck.lenient(bytes, false);
            if (notText != null) {
                throw new ImportException(file.toString(), notText.line(), notText.column(), notText.message());
            }
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ImportException(file.toString(), 0, 0, "no such file");
        } catch (IOException e) {
            throw new ImportException(file.toString(), 0, 0, "cannot read file: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        if (text.stripLeading().startsWith("{")) {
            return ImportReport.ptdumpFromJson(file.toString(), text);
        }
        List<AddressSpaceDump> all = new PtdumpImporter().parseAll(file.toString(), text);
        return all.get(ImportCommand.selectDump(file.toString(), all, dump));
    }

    private static AddressSpaceDump stripSourceLines(AddressSpaceDump d) {
        List<dev.asiscope.scenario.importer.PtdumpRange> rs = new java.util.ArrayList<>();
        for (var r : d.ranges()) {
            rs.add(new dev.asiscope.scenario.importer.PtdumpRange(r.start(), r.end(), r.sizeText(), r.flags(),
                    r.present(), r.level(), r.section(), 0));
        }
        return new AddressSpaceDump(d.name(), d.nameSource(), rs, d.markers(), d.entriesSkipped(), d.pagingLevels(),
                d.skippedLines(), d.skippedExamples(), d.sizeMismatches(), d.gaps(), d.notes(), d.firstLine(),
                d.lastLine());
    }
}
