package dev.asiscope.cli;

import dev.asiscope.scenario.importer.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.asiscope.cli.ImportCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PtdumpCommandTest {

    @Test
    void reEmitsQuotedDmesgDumpInLinuxFormat() {
        String f = Samples.path("ptdump-lkml-fedora-4.18rc8-amd-efi-2.txt").toString();
        ImportCommandTest.Run r = run(new PtdumpCommand(), f);
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(385, lines.length);
        assertEquals("---[ User Space ]---", lines[0]);
        assertEquals("0x0000000000000000-0x0000000000008000          32K     RW                     x  pte", lines[1]);
        assertEquals("... 131059 entries skipped ... ", lines[288]);
        assertEquals("0xffffffffff800000-0x0000000000000000           8M                               pmd", lines[384]);
    }

    @Test
    void selectsADumpAndRoundTripsThroughJson(@TempDir Path dir) throws Exception {
        String f = Samples.path("ptdump-ossec-davehansen-4.18-pti-current_kernel-user-grep-9.txt").toString();
        ImportCommandTest.Run text = run(new PtdumpCommand(), f, "--dump", "2");
        assertEquals(0, text.code(), text.err());
        assertEquals(7, text.out().split("\n").length);
        Path json = dir.resolve("u.json");
        assertEquals(0, run(new ImportCommand(), "ptdump", f, "--dump", "2", "--format", "json", "-o",
                json.toString()).code());
        ImportCommandTest.Run fromJson = run(new PtdumpCommand(), json.toString());
        assertEquals(0, fromJson.code(), fromJson.err());
        assertEquals(text.out(), fromJson.out());
        Path out = dir.resolve("u.txt");
        assertEquals(0, run(new PtdumpCommand(), json.toString(), "-o", out.toString()).code());
        assertEquals(text.out(), Files.readString(out));
    }

    @Test
    void mergeOptionMergesImportedNeighbours() {
        // 0xfffffe0000141000 128K and 0xfffffe0000161000 636K: two non-present pte lines the kernel kept apart
        String f = Samples.path("ptdump-lkml-fedora-4.18rc7-intel-efi-1.txt").toString();
        String exact = run(new PtdumpCommand(), f).out();
        String merged = run(new PtdumpCommand(), f, "--merge").out();
        assertTrue(exact.contains("0xfffffe0000141000-0xfffffe0000161000         128K"), exact);
        assertTrue(merged.contains("0xfffffe0000141000-0xfffffe0000200000         764K"), merged);
        assertTrue(merged.split("\n").length < exact.split("\n").length);
    }

    @Test
    void errors() {
        ImportCommandTest.Run i386 = run(new PtdumpCommand(),
                Samples.path("ptdump-linuxmm-bpetkov-i386-wx-kernel-mapping-10.txt").toString());
        assertEquals(2, i386.code());
        assertTrue(i386.err().contains(":6:1: 32-bit (i386) ptdump is not supported"), i386.err());
        ImportCommandTest.Run help = run(new PtdumpCommand(), "--help");
        assertTrue(help.out().contains("Examples:"), help.out());
    }
}
