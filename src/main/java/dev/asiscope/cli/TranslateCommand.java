package dev.asiscope.cli;

import dev.asiscope.scenario.ScenarioContents;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.asiscope.scenario.ArchitecturalState;
import dev.asiscope.scenario.ScenarioLoader;
import dev.asiscope.scenario.ScenarioTables;
import dev.asiscope.sim.mem.QwordMemory;
import dev.asiscope.sim.tables.EntryFormat;
import dev.asiscope.sim.tables.PageTableTree;
import dev.asiscope.scenario.Hex;
import dev.asiscope.scenario.Scenario;
import dev.asiscope.scenario.ScenarioException;
import dev.asiscope.scenario.ScenarioReader;
import dev.asiscope.scenario.TextCheck;
import dev.asiscope.scenario.TranslationReport;
import dev.asiscope.sim.paging.AccessType;
import dev.asiscope.sim.paging.ControlRegisters;
import dev.asiscope.sim.paging.PageWalker;
import dev.asiscope.sim.paging.WalkResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code asiscope translate}: one architectural page walk (or a batch of them) on a scenario's memory. */
@Command(name = "translate",
        mixinStandardHelpOptions = true,
        description = {
            "Translate a linear address with the scenario's page tables, as the CPU would.",
            "",
            "Prints every paging-structure entry visited (level, entry address, value, decoded bits), then the "
                + "physical address, page size and effective rights, or the fault with its SDM error code. "
                + "Accessed and dirty bits are set as on hardware; the entries changed are listed."},
        footer = {"", "Examples:",
            "  asiscope translate sample-traces/paging-basics.json --va 0xffff888000001000",
            "  asiscope translate s.json --cpu 1 --va 0x401000 --access fetch --user --format json",
            "  asiscope translate s.json --batch accesses.txt --format json",
            "  asiscope translate sample-traces/asi-stun.json --space restricted:vm1 --va 0xffff888001010000",
            "",
            "With --space the walk uses one of the engine's page tables (names as 'asiscope tables' lists",
            "them; x86 tables only, not EPT) at --at CYCLE, with Linux's default control registers and",
            "that table as CR3; the CPU column of a batch file is then only reported.",
            "Batch files hold one access per line: CPU VA read|write|fetch [user]; blank lines and",
            "'#' comments are ignored; accessed/dirty-bit changes carry over to the next line.",
            "Exit codes: 0 success (a fault is a result, not an error), 2 bad input."})
public final class TranslateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "Scenario JSON file.")
    Path scenarioFile;

    @Option(names = "--cpu", paramLabel = "N", defaultValue = "0", description = "Logical CPU (default: ${DEFAULT-VALUE}).")
    int cpu;

    @Option(names = "--va", paramLabel = "ADDR", description = "Linear address, hex (0x...) or decimal.")
    String va;

    @Option(names = "--access", paramLabel = "KIND", defaultValue = "read",
            description = "read, write or fetch (default: ${DEFAULT-VALUE}).")
    String access;

    @Option(names = "--user", description = "User-mode access (CPL 3); default supervisor.")
    boolean user;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--batch", paramLabel = "FILE", description = "Run every access listed in FILE, in order.")
    Path batch;

    @Option(names = "--space", paramLabel = "NAME",
            description = "Walk this engine page table instead of the scenario's cpus/memory (see 'asiscope tables').")
    String space;

    @Option(names = "--at", paramLabel = "CYCLE", defaultValue = "0",
            description = "With --space: the table as it is at this cycle of the run (default: ${DEFAULT-VALUE}).")
    long at;

    /** One requested access, with where it came from for error messages. */
    record Access(int cpu, long va, AccessType type, boolean user) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (!format.equals("text") && !format.equals("json")) {
                throw new ScenarioException("--format", 0, 0, null, "expected text or json, got '" + format + "'");
            }
            Scenario scenario = new ScenarioReader().read(scenarioFile);
            if (space == null && !ScenarioContents.hasPageTables(scenario)) {
                // every walk would read zeros and fault at the top level: say what is missing instead
                throw new ScenarioException(scenarioFile.toString(), 1, 1, "$.memory", "nothing to translate: the "
                        + "scenario has no \"memory\" (page tables); translate walks the tables a file's \"memory\" "
                        + "and \"cpus\"[N].cr3 describe, as in sample-traces/paging-basics.json, or, with --space, "
                        + "one of the engine's tables ('asiscope tables' lists them)");
            }
            List<Access> accesses = batch != null ? readBatch(batch) : List.of(single());
            QwordMemory memory = ArchitecturalState.memoryOf(scenario);
            PageWalker walker = new PageWalker(scenario.machine().maxPhysAddr());
            ControlRegisters spaceRegisters = null;
            if (space != null) {
                ScenarioTables tables = ScenarioTables.at(ScenarioLoader.load(scenarioFile), null, at);
                PageTableTree tree = tables.tree(space);
                if (tree.space().format() != EntryFormat.X86) {
                    throw new ScenarioException("--space", 0, 0, null, "'" + space + "' is an EPT, not an x86 page"
                            + " table; translate walks x86 tables only");
                }
                memory = tables.memoryOf(tree.space());
                spaceRegisters = ControlRegisters.linuxDefaults(tree.space().root());
            }
            ObjectMapper json = new ObjectMapper();
            ArrayNode array = json.createArrayNode();
            for (Access a : accesses) {
                if (spaceRegisters == null && (a.cpu() < 0 || a.cpu() >= scenario.cpus().size())) {
                    throw new ScenarioException(scenarioFile.toString(), 0, 0, "$.cpus",
                            "no CPU " + a.cpu() + "; the scenario defines " + scenario.cpus().size());
                }
                ControlRegisters cr = spaceRegisters != null ? spaceRegisters
                        : ArchitecturalState.registersOf(scenario.cpus().get(a.cpu()));
                WalkResult r = walker.walk(cr, a.va(), a.type(), a.user(), memory, true);
                if (format.equals("json")) {
                    array.add(TranslationReport.json(a.cpu(), a.type(), a.user(), cr.cr4La57(), r));
                } else {
                    out.print(TranslationReport.text(a.cpu(), a.type(), a.user(), cr.cr4La57(), r));
                }
            }
            if (format.equals("json")) {
                Object value = batch != null ? array : array.get(0);
                out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(value));
            }
            out.flush();
            return 0;
        } catch (ScenarioException e) {
            err.println("asiscope translate: " + e.getMessage());
            return Main.EXIT_BAD_INPUT;
        } catch (IOException e) {
            err.println("asiscope translate: " + e.getMessage());
            return Main.EXIT_BAD_INPUT;
        }
    }

    private Access single() throws ScenarioException {
        if (va == null) {
            throw new ScenarioException("command line", 0, 0, "--va", "missing: give --va ADDR or --batch FILE");
        }
        long address;
        try {
            address = Hex.parse(va);
        } catch (NumberFormatException e) {
            throw new ScenarioException("command line", 0, 0, "--va", e.getMessage());
        }
        AccessType type;
        try {
            type = AccessType.fromId(access);
        } catch (IllegalArgumentException e) {
            throw new ScenarioException("command line", 0, 0, "--access", e.getMessage());
        }
        return new Access(cpu, address, type, user);
    }

    /** Parses a batch file; errors name the file, line and column of the offending word. */
    static List<Access> readBatch(Path file) throws ScenarioException {
        List<String> lines = TextCheck.readUtf8(file).lines().toList();
        List<Access> result = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String content = hash >= 0 ? line.substring(0, hash) : line;
            if (content.isBlank()) {
                continue;
            }
            List<int[]> spans = words(content);
            String f = file.toString();
            int lineNo = i + 1;
            if (spans.size() < 3 || spans.size() > 4) {
                throw new ScenarioException(f, lineNo, 1, null,
                        "expected 'CPU VA read|write|fetch [user]', got " + spans.size() + " words");
            }
            String w0 = word(content, spans.get(0));
            String w1 = word(content, spans.get(1));
            String w2 = word(content, spans.get(2));
            int c;
            try {
                c = Integer.parseInt(w0);
            } catch (NumberFormatException e) {
                throw new ScenarioException(f, lineNo, spans.get(0)[0] + 1, "CPU",
                        "expected a CPU number, got '" + w0 + "'");
            }
            long address;
            try {
                address = Hex.parse(w1);
            } catch (NumberFormatException e) {
                throw new ScenarioException(f, lineNo, spans.get(1)[0] + 1, "VA", e.getMessage());
            }
            AccessType type;
            try {
                type = AccessType.fromId(w2);
            } catch (IllegalArgumentException e) {
                throw new ScenarioException(f, lineNo, spans.get(2)[0] + 1, "access", e.getMessage());
            }
            boolean u = false;
            if (spans.size() == 4) {
                String w3 = word(content, spans.get(3));
                if (!w3.equals("user") && !w3.equals("supervisor")) {
                    throw new ScenarioException(f, lineNo, spans.get(3)[0] + 1, "mode",
                            "expected 'user' or nothing, got '" + w3 + "'");
                }
                u = w3.equals("user");
            }
            result.add(new Access(c, address, type, u));
        }
        if (result.isEmpty()) {
            throw new ScenarioException(file.toString(), 0, 0, null, "no accesses in batch file");
        }
        return result;
    }

    private static List<int[]> words(String s) {
        List<int[]> spans = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i > start) {
                spans.add(new int[] {start, i});
            }
        }
        return spans;
    }

    private static String word(String s, int[] span) {
        return s.substring(span[0], span[1]);
    }
}
