package dev.asiscope.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inputs that used to be accepted silently or reported with a decoder's message: binary files, files in
 * another encoding, empty scenarios. Each gives exit 2 and one located line, never a stack trace.
 */
class BadInputTest {
    /** The first bytes of a PNG: not text. */
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H',
        'D', 'R', 0, 0, 2, 0, 0, 0, 1, 0, 8, 6, 0, 0, 0};

    @TempDir
    Path dir;

    private Path file(String name, byte[] bytes) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private Path file(String name, String text) throws Exception {
        return file(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void oneLine(CliRunner r) {
        assertEquals(1, r.err().strip().split("\n").length, r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void binaryScenarioIsNotText() throws Exception {
        Path f = file("image.json", PNG);
        CliRunner r = CliRunner.run("run", f.toString());
        assertEquals(2, r.exitCode());
        oneLine(r);
        assertEquals("asiscope run: " + f + ":1:1: not a text file (expected UTF-8 text): byte 0x89 at offset 0 is "
                + "not UTF-8, and there is a NUL byte at offset 8", r.err().strip());
    }

    @Test
    void binaryWithNulIsNotTextInValidateAndTranslate() throws Exception {
        Path f = file("zeros.json", new byte[] {'{', '\n', ' ', 0, 0});
        CliRunner v = CliRunner.run("validate", f.toString());
        assertEquals(2, v.exitCode());
        assertEquals("ERROR " + f + ":2:2: not a text file (expected UTF-8 text): NUL byte at offset 3",
                v.out().strip());
        CliRunner t = CliRunner.run("translate", f.toString(), "--va", "0x1000");
        assertEquals(2, t.exitCode());
        assertTrue(t.err().contains(f + ":2:2: not a text file (expected UTF-8 text)"), t.err());
    }

    @Test
    void latin1ScenarioNamesTheByteAndTheExpectedEncoding() throws Exception {
        Path f = file("latin1.json", "{\n  \"name\": \"caf\u00e9\"\n}\n".getBytes(StandardCharsets.ISO_8859_1));
        CliRunner r = CliRunner.run("validate", f.toString());
        assertEquals(2, r.exitCode());
        assertEquals("ERROR " + f + ":2:15: not UTF-8 text (expected UTF-8; was it saved as Latin-1 or "
                + "Windows-1252?): byte 0xe9 at offset 16 is not UTF-8 (1 such byte in 21)", r.out().strip());
    }

    @Test
    void binaryImportIsNotText() throws Exception {
        Path f = file("perf.data", PNG);
        for (String kind : new String[] {"kvm-trace", "perf-kvm-stat", "exit-counts", "ptdump"}) {
            CliRunner r = CliRunner.run("import", kind, f.toString());
            assertEquals(2, r.exitCode(), kind);
            oneLine(r);
            assertTrue(r.err().contains(f + ":1:1: not a text file (expected UTF-8 text): byte 0x89 at offset 0"),
                    kind + ": " + r.err());
        }
        CliRunner p = CliRunner.run("ptdump", f.toString());
        assertEquals(2, p.exitCode());
        assertTrue(p.err().contains(f + ":1:1: not a text file (expected UTF-8 text)"), p.err());
        CliRunner c = CliRunner.run("cost", f.toString(), "--kind", "perf-kvm-stat");
        assertEquals(2, c.exitCode());
        assertTrue(c.err().contains("not a text file (expected UTF-8 text)"), c.err());
    }

    @Test
    void emptyObjectHasNothingToRun() throws Exception {
        Path f = file("empty.json", "\n  {}\n");
        for (String cmd : new String[] {"run", "compare", "bench"}) {
            CliRunner r = CliRunner.run(cmd, f.toString());
            assertEquals(2, r.exitCode(), cmd);
            oneLine(r);
            assertEquals("asiscope " + cmd + ": " + f + ":2:3: nothing to run: no program has a task (expected "
                    + "\"programs\": [{\"cpu\": 0, \"tasks\": [...]}], see docs/scenario-format.md)", r.err().strip());
        }
        CliRunner w = CliRunner.run("whatif", f.toString(), "--edit",
                "{\"edit\":\"sensitivity\",\"region\":\"host-secret\",\"sensitivity\":\"global-nonsensitive\"}");
        assertEquals(2, w.exitCode());
        assertTrue(w.err().contains(f + ":2:3: nothing to run"), w.err());
        CliRunner v = CliRunner.run("validate", f.toString());
        assertEquals(2, v.exitCode());
        assertTrue(v.out().startsWith("ERROR " + f + ":2:3: nothing to run"), v.out());
        CliRunner t = CliRunner.run("translate", f.toString(), "--va", "0x1000");
        assertEquals(2, t.exitCode());
        assertTrue(t.err().contains(f + ":1:1: $.memory: nothing to translate: the scenario has no \"memory\""),
                t.err());
    }

    @Test
    void programsWithoutTasksAreLocatedAtPrograms() throws Exception {
        Path f = file("idle.json", "{\n  \"format\": 1,\n  \"programs\": [{\"cpu\": 0, \"tasks\": []}]\n}\n");
        CliRunner r = CliRunner.run("run", f.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains(f + ":3:15: $.programs: nothing to run"), r.err());
    }

    @Test
    void tablesOnlyFileSaysItIsForTranslate() throws Exception {
        Path tables = Path.of("sample-traces/paging-basics.json");
        CliRunner v = CliRunner.run("validate", tables.toString());
        assertEquals(0, v.exitCode(), v.out());
        assertEquals("OK    " + tables + " (page tables only: nothing to run; for 'asiscope translate')",
                v.out().strip());
        CliRunner r = CliRunner.run("run", tables.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("nothing to run: this file holds page tables only (no program has a task); use "
                + "it with 'asiscope translate paging-basics.json --va ADDRESS'"), r.err());
        CliRunner t = CliRunner.run("translate", tables.toString(), "--va", "0x401000");
        assertEquals(0, t.exitCode(), t.err());
    }

    @Test
    void theShippedPerfSampleIsWhatTheReadmeCosts() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains("cost sample-traces/perf-kvm-stat-sysbench.txt --kind perf-kvm-stat"));
        CliRunner r = CliRunner.run("cost", "sample-traces/perf-kvm-stat-sysbench.txt", "--kind", "perf-kvm-stat");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("25,898 exits"), r.out());
    }

    @Test
    void riscvReportCostsWithItsUnmappedExitsNamed() throws Exception {
        Path f = Path.of("src/test/resources/samples/real/perf-kvm-stat-kvmlist-atishp-riscv-ns-layout-7.txt");
        CliRunner r = CliRunner.run("cost", f.toString(), "--kind", "perf-kvm-stat");
        assertEquals(0, r.exitCode(), r.err());
        String flat = r.out().replaceAll("\\s+", " "); // the description is wrapped
        assertTrue(flat.contains("Mix: EPT_VIOLATION 92.09%"), r.out());
        assertTrue(flat.contains("Not replayed: 1,268 exits (2.55%) of reasons that are not VMX exit reasons "
                + "(VIRTUAL_INST_FAULT, HYPERVISOR_SYSCALL)"), r.out());
    }
}
