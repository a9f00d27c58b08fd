package dev.asiscope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asiscope.scenario.importer.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The import command: exit codes, one-line errors, JSON shapes, text summaries, atomic -o. */
class ImportCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int code, String out, String err) {
    }

    static Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static String sample(String name) {
        return Samples.path(name).toString();
    }

    @Test
    void kvmTraceJsonHasTheDocumentedShape() throws Exception {
        Run r = run(new ImportCommand(), "kvm-trace", sample("kvmexit-trace-kvmlist-peterx-dirtyring-5.4-2.txt"),
                "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = JSON.readTree(r.out());
        assertEquals(7, j.get("exits").asInt());
        assertEquals(7, j.get("byReason").get("EPT_VIOLATION").asInt());
        assertEquals(7, j.get("byVcpu").get("1").asInt());
        assertEquals(16, j.get("skippedLines").asInt());
        assertEquals(8, j.get("kvmEntries").asInt());
        assertEquals("ENTRY_EVENTS", j.get("vcpuSource").asText());
        assertEquals(7, j.get("exitMix").get("counts").get("EPT_VIOLATION").asInt());
        assertFalse(j.has("sequences"));
    }

    @Test
    void kvmTraceSequencesOnRequest() throws Exception {
        Run r = run(new ImportCommand(), "kvm-trace", sample("kvmexit-trace-stable-wanpengli-5.7-svm-npf-lowercase-9.txt"),
                "--format", "json", "--sequences");
        assertEquals(0, r.code(), r.err());
        JsonNode seq = JSON.readTree(r.out()).get("sequences");
        assertEquals(3, seq.size());
        JsonNode e = seq.get("2").get(0);
        assertEquals("EPT_VIOLATION", e.get("reason").asText());
        assertEquals("npf", e.get("printed").asText());
        assertEquals("0xfd11d", e.get("rip").asText());
        assertEquals("0x100000014", e.get("info1").asText());
        assertEquals(2825.959082, e.get("t").asDouble(), 1e-9);
        assertEquals(35788, e.get("pid").asInt());
    }

    @Test
    void perfKvmStatJsonRows() throws Exception {
        Run r = run(new ImportCommand(), "perf-kvm-stat", sample("perf-kvm-stat-blog-0xba1a-sysbench-1.txt"),
                "--format=json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = JSON.readTree(r.out());
        assertEquals("VM-EXIT", j.get("eventType").asText());
        assertEquals(9, j.get("rows").size());
        JsonNode row = j.get("rows").get(0);
        assertEquals("MSR_WRITE", row.get("reason").asText());
        assertEquals(9167, row.get("samples").asLong());
        assertEquals(35.40, row.get("samplesPercent").asDouble(), 1e-9);
        assertEquals(0.04, row.get("timePercent").asDouble(), 1e-9);
        assertEquals(3.00, row.get("avgTimeUs").asDouble(), 1e-9);
        assertEquals(0.45, row.get("minTimeUs").asDouble(), 1e-9);
        assertEquals(25898, j.get("totalSamples").asLong());
        assertEquals(1, j.get("tables").size());
    }

    @Test
    void ptdumpJsonRanges() throws Exception {
        Run r = run(new ImportCommand(), "ptdump", sample("ptdump-ossec-davehansen-4.18-pti-current_kernel-user-grep-9.txt"),
                "--format", "json", "--dump", "current_user");
        assertEquals(0, r.code(), r.err());
        JsonNode j = JSON.readTree(r.out());
        assertEquals("current_user", j.get("name").asText());
        assertEquals(4, j.get("dumpCount").asInt());
        assertEquals(1, j.get("dumpIndex").asInt());
        assertEquals(6, j.get("ranges").size());
        JsonNode range = j.get("ranges").get(1);
        assertEquals("0xffffffff81000000", range.get("start").asText());
        assertEquals("0xffffffff81e00000", range.get("end").asText());
        assertEquals("[\"ro\",\"PSE\",\"GLB\",\"x\"]", range.get("flags").toString());
        assertEquals("pmd", range.get("level").asText());
        assertEquals("High Kernel Mapping", range.get("section").asText());
        assertEquals(1, j.get("skippedLines").asInt());
    }

    @Test
    void exitCountsJson() throws Exception {
        Run r = run(new ImportCommand(), "exit-counts", sample("vmexit-freq-cmpe283-ept-vs-shadowpaging-4.txt"),
                "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = JSON.readTree(r.out());
        assertEquals(5, j.get("tables").size());
        assertEquals(35708, j.get("tables").get(0).get("rows").get(48).get("count").asLong());
        assertEquals(449531, j.get("exitMix").get("totalExits").asLong());
    }

    @Test
    void textSummaries() {
        Run r = run(new ImportCommand(), "ptdump", sample("ptdump-lkml-fedora-4.18rc7-intel-efi-1.txt"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("ptdump: efi, 4-level paging, 457 ranges (241 present), 0 lines skipped"),
                r.out());
        assertTrue(r.out().contains("High Kernel Mapping"));
        Run t = run(new ImportCommand(), "kvm-trace", sample("kvmexit-trace-qemudevel-ruemelin-5.x-splitlines-5.txt"));
        assertTrue(t.out().startsWith("kvm_exit trace: 10 exits, 9 kvm_entry, 1 vCPU(s), 33 lines skipped"), t.out());
        assertTrue(t.out().contains("IO_INSTRUCTION                    6   60.00%      26.40us"), t.out());
        Run p = run(new ImportCommand(), "perf-kvm-stat", sample("perf-kvm-stat-live-github-virt-pvm-issue8-unknown-3.txt"));
        assertTrue(p.out().contains("UNKNOWN(131072)"), p.out());
        Run c = run(new ImportCommand(), "exit-counts", sample("vmexit-freq-bcc-kvmexit-example-1.txt"));
        assertTrue(c.out().startsWith("exit counts: 8 table(s), 0 lines skipped"), c.out());
    }

    @Test
    void i386DumpGivesOneLineErrorAndExitCode2() {
        String f = sample("ptdump-linuxmm-bpetkov-i386-wx-kernel-mapping-10.txt");
        Run r = run(new ImportCommand(), "ptdump", f);
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertEquals(f + ":6:1: 32-bit (i386) ptdump is not supported: line has 8-hex-digit addresses "
                + "(0xc0000000-0xc0001000); only x86-64 dumps with 16-digit addresses can be imported\n",
                r.err().replace("\r\n", "\n"));
    }

    @Test
    void errorsAreOneLineNeverAStackTrace() {
        Run missing = run(new ImportCommand(), "kvm-trace", "/no/such/file.txt");
        assertEquals(2, missing.code());
        assertTrue(missing.err().startsWith("/no/such/file.txt:0:0: no such file"),
                missing.err());
        assertEquals(1, missing.err().strip().split("\n").length);
        Run wrongKind = run(new ImportCommand(), "kvm-trace", sample("vmexit-freq-bcc-kvmexit-example-1.txt"));
        assertEquals(2, wrongKind.code());
        assertTrue(wrongKind.err().contains(":1:1: no kvm_exit events found"), wrongKind.err());
        assertFalse(wrongKind.err().contains("\tat "));
        Run unknown = run(new ImportCommand(), "pcap", sample("vmexit-freq-bcc-kvmexit-example-1.txt"));
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains(":0:0: unknown kind 'pcap'"), unknown.err());
        Run badDump = run(new ImportCommand(), "ptdump", sample("ptdump-lkml-5level-p4d-shutemov-5.txt"), "--dump", "3");
        assertEquals(2, badDump.code());
        assertTrue(badDump.err().contains("--dump 3: the input holds 1 dump(s)"), badDump.err());
        Run usage = run(new ImportCommand());
        assertEquals(2, usage.code(), "picocli usage error");
    }

    @Test
    void outputFileIsWrittenAtomically(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("sub/trace.json");
        Run r = run(new ImportCommand(), "kvm-trace", sample("kvmexit-trace-vmplbench-6.5-snp-amd-npf-8.txt"),
                "--format", "json", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
        JsonNode j = JSON.readTree(Files.readString(out));
        assertEquals(10, j.get("exits").asInt());
        assertEquals(10, j.get("byVcpu").get("0").asInt());
        try (var s = Files.list(out.getParent())) {
            assertEquals(1, s.count(), "no temp file left behind");
        }
        Files.writeString(out, "old");
        run(new ImportCommand(), "kvm-trace", sample("kvmexit-trace-vmplbench-6.5-snp-amd-npf-8.txt"), "-o", out.toString());
        assertTrue(Files.readString(out).startsWith("kvm_exit trace: 10 exits"), "replaced");
    }

    @Test
    void unwritableOutputGivesExitCode1(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("file");
        Files.writeString(file, "x");
        Run r = run(new ImportCommand(), "kvm-trace", sample("kvmexit-trace-vmplbench-6.5-snp-amd-npf-8.txt"),
                "-o", file.resolve("below-a-file.json").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("cannot write output"), r.err());
    }

    @Test
    void helpHasDescriptionAndExamples() {
        Run r = run(new ImportCommand(), "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("Usage: import"), r.out());
        assertTrue(r.out().contains("Examples:"));
        assertTrue(r.out().contains("perf-kvm-stat"));
        assertTrue(r.out().contains("--format=FORMAT"));
    }
}
