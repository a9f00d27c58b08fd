package dev.asiscope.scenario.importer;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every ptdump sample in samples/real, with concrete numbers checked against the files. */
class PtdumpImporterTest {
    private final PtdumpImporter importer = new PtdumpImporter();

    private static PtdumpRange find(AddressSpaceDump d, long start) {
        for (PtdumpRange r : d.ranges()) {
            if (r.start() == start) {
                return r;
            }
        }
        throw new AssertionError("no range at " + Long.toHexString(start));
    }

    private static void assertRange(PtdumpRange r, long start, long end, String size, List<String> flags,
                                    PtdumpLevel level, String section) {
        assertEquals(start, r.start(), "start");
        assertEquals(end, r.end(), "end");
        assertEquals(size, r.sizeText(), "size");
        assertEquals(flags, r.flags(), "flags");
        assertEquals(!flags.isEmpty(), r.present(), "present");
        assertEquals(level, r.level(), "level");
        assertEquals(section, r.section(), "section");
    }

    @Test
    void fedoraIntelEfiBootDump() throws Exception {
        List<AddressSpaceDump> all = importer.parseAll(Samples.path("ptdump-lkml-fedora-4.18rc7-intel-efi-1.txt"));
        assertEquals(1, all.size());
        AddressSpaceDump d = all.get(0);
        assertEquals(457, d.ranges().size());
        assertEquals(241, d.presentRanges().size());
        assertEquals(0, d.skippedLines());
        assertEquals(0, d.sizeMismatches());
        assertEquals(1, d.gaps(), "the gap left by '... 131059 entries skipped ...'");
        assertEquals(4, d.pagingLevels());
        assertEquals("efi", d.name());
        assertEquals(Map.of(PtdumpLevel.PGD, 9, PtdumpLevel.PUD, 15, PtdumpLevel.PMD, 52, PtdumpLevel.PTE, 381),
                d.countByLevel());
        assertEquals(List.of("User Space", "Kernel Space", "Low Kernel Mapping", "vmalloc() Area", "Vmemmap",
                "CPU entry Area", "LDT remap", "ESPfix Area", "EFI Runtime Services", "High Kernel Mapping",
                "Modules", "End Modules", "Fixmap Area"), List.copyOf(d.sections()));
        assertEquals(1, d.entriesSkipped().size());
        assertEquals(131059, d.entriesSkipped().get(0).count());
        assertEquals(304, d.entriesSkipped().get(0).sourceLine());
        assertEquals("EFI Runtime Services", d.ranges().get(d.entriesSkipped().get(0).beforeRange()).section());
        assertEquals(165, d.rangesIn("User Space").size());
        assertEquals(148, d.rangesIn("EFI Runtime Services").size());
        assertEquals(5, d.rangesIn("High Kernel Mapping").size());

        PtdumpRange first = d.ranges().get(0);
        assertRange(first, 0, 0x8000, "32K", List.of("RW", "x"), PtdumpLevel.PTE, "User Space");
        assertEquals(2, first.sourceLine());
        assertRange(find(d, 0x0000008000000000L), 0x0000008000000000L, 0xffff800000000000L, "17179737600G", List.of(),
                PtdumpLevel.PGD, "User Space");
        assertRange(find(d, 0x00000000f8000000L), 0x00000000f8000000L, 0x00000000fc000000L, "64M",
                List.of("RW", "PCD", "PSE", "x"), PtdumpLevel.PMD, "User Space");
        assertRange(find(d, 0xffffffffa0c00000L), 0xffffffffa0c00000L, 0xffffffffa0e00000L, "2M",
                List.of("RW", "PSE", "GLB", "x"), PtdumpLevel.PMD, "High Kernel Mapping");
        assertRange(find(d, 0xffffffffff5fb000L), 0xffffffffff5fb000L, 0xffffffffff5fd000L, "8K",
                List.of("RW", "PWT", "PCD", "NX"), PtdumpLevel.PTE, "Fixmap Area");
        assertRange(find(d, 0xffffffffff600000L), 0xffffffffff600000L, 0xffffffffff601000L, "4K",
                List.of("USR", "ro", "NX"), PtdumpLevel.PTE, "Fixmap Area");
        PtdumpRange last = d.ranges().get(456);
        assertRange(last, 0xffffffffff800000L, 0, "8M", List.of(), PtdumpLevel.PMD, "Fixmap Area");
        assertTrue(last.endWraps());
        assertEquals(BigInteger.ONE.shiftLeft(64), last.endExclusive());
        assertEquals(BigInteger.valueOf(8L << 20), last.sizeBytes());
        assertEquals(-1L, last.lastAddress());
        assertEquals(471, d.lastLine());
    }

    @Test
    void fedoraAmdEfiBootDumpKeepsGlobalDirectMap() throws Exception {
        AddressSpaceDump d = importer.parse(Samples.path("ptdump-lkml-fedora-4.18rc8-amd-efi-2.txt"));
        assertEquals(371, d.ranges().size());
        assertEquals(245, d.presentRanges().size());
        assertEquals(0, d.skippedLines());
        assertEquals(0, d.sizeMismatches());
        assertEquals(1, d.gaps());
        assertEquals(Map.of(PtdumpLevel.PGD, 9, PtdumpLevel.PUD, 15, PtdumpLevel.PMD, 50, PtdumpLevel.PTE, 297),
                d.countByLevel());
        assertEquals(120, d.ranges().stream().filter(PtdumpRange::global).count());
        assertEquals(13, d.markers().size());
        assertEquals(131059, d.entriesSkipped().get(0).count());
        assertRange(find(d, 0xffff93d700000000L), 0xffff93d700000000L, 0xffff93d780000000L, "2G",
                List.of("RW", "PSE", "GLB", "NX"), PtdumpLevel.PUD, "Vmemmap");
        assertRange(find(d, 0xffffffffa3000000L), 0xffffffffa3000000L, 0xffffffffa6400000L, "52M",
                List.of("RW", "PSE", "GLB", "x"), PtdumpLevel.PMD, "High Kernel Mapping");
        assertRange(find(d, 0xffffffffff5fa000L), 0xffffffffff5fa000L, 0xffffffffff5fd000L, "12K",
                List.of("RW", "PWT", "PCD", "GLB", "NX"), PtdumpLevel.PTE, "Fixmap Area");
        assertTrue(d.ranges().get(370).endWraps());
    }

    @Test
    void fiveLevelSnippetWithP4dAndPetabytes() throws Exception {
        AddressSpaceDump d = importer.parse(Samples.path("ptdump-lkml-5level-p4d-shutemov-5.txt"));
        assertEquals(7, d.ranges().size());
        assertEquals(5, d.pagingLevels());
        assertEquals(2, d.skippedLines(), "the two '>> ...' elisions");
        assertEquals(0, d.sizeMismatches());
        assertNull(d.name());
        assertEquals(Map.of(PtdumpLevel.P4D, 3, PtdumpLevel.PGD, 1, PtdumpLevel.PUD, 2, PtdumpLevel.PMD, 1),
                d.countByLevel());
        assertRange(d.ranges().get(0), 0xff9e938000000000L, 0xff9f000000000000L, "111104G", List.of(),
                PtdumpLevel.P4D, null);
        assertRange(d.ranges().get(1), 0xff9f000000000000L, 0xffff000000000000L, "24P", List.of(),
                PtdumpLevel.PGD, null);
        assertRange(d.ranges().get(2), 0xffff000000000000L, 0xffffff0000000000L, "255T", List.of(),
                PtdumpLevel.P4D, null);
        assertRange(d.ranges().get(3), 0xffffff0000000000L, 0xffffff8000000000L, "512G", List.of(),
                PtdumpLevel.P4D, "ESPfix Area");
        assertRange(d.ranges().get(6), 0xfffffffec0000000L, 0xfffffffefe400000L, "996M", List.of(),
                PtdumpLevel.PMD, "EFI Runtime Services");
    }

    @Test
    void keesWrappedKernelPageTables() throws Exception {
        AddressSpaceDump d = importer.parse(Samples.path("ptdump-lkml-kees-kernel_page_tables-wrapped-snippet-7.txt"));
        assertEquals(6, d.ranges().size());
        assertEquals(6, d.skippedLines(), "the command line and five '...' elisions");
        assertEquals("kernel", d.name());
        assertEquals(1, d.gaps());
        assertEquals(0, d.sizeMismatches());
        PtdumpRange wrapped = d.ranges().get(0);
        assertRange(wrapped, 0xffff880001000000L, 0xffff880001a00000L, "10M", List.of("ro", "PSE", "GLB", "NX"),
                PtdumpLevel.PMD, "Low Kernel Mapping");
        assertEquals(5, wrapped.sourceLine());
        assertRange(d.ranges().get(1), 0xffff880001a00000L, 0xffff880001a5c000L, "368K", List.of("ro", "GLB", "NX"),
                PtdumpLevel.PTE, "Low Kernel Mapping");
        assertRange(d.ranges().get(3), 0xffffffff81000000L, 0xffffffff81a00000L, "10M",
                List.of("ro", "PSE", "GLB", "x"), PtdumpLevel.PMD, "High Kernel Mapping");
        assertTrue(d.ranges().get(3).executable());
        assertRange(d.ranges().get(5), 0xffffffff81a5c000L, 0xffffffff81c00000L, "1680K", List.of("RW", "GLB", "NX"),
                PtdumpLevel.PTE, "High Kernel Mapping");
    }

    @Test
    void grepOutputOfCurrentKernelAndCurrentUserGivesFourDumps() throws Exception {
        List<AddressSpaceDump> all = importer.parseAll(
                Samples.path("ptdump-ossec-davehansen-4.18-pti-current_kernel-user-grep-9.txt"));
        assertEquals(4, all.size());
        assertEquals(List.of("current_kernel", "current_user", "current_kernel", "current_user"),
                all.stream().map(AddressSpaceDump::name).toList());
        assertEquals(List.of(9, 6, 10, 8), all.stream().map(d -> d.ranges().size()).toList());
        assertEquals(2, all.stream().mapToInt(AddressSpaceDump::skippedLines).sum(),
                "'Before this patch:' and 'After this patch:'");
        for (AddressSpaceDump d : all) {
            assertEquals(0, d.sizeMismatches());
            assertEquals(0, d.gaps());
            assertEquals(List.of("High Kernel Mapping"), List.copyOf(d.sections()));
            assertRange(d.ranges().get(0), 0xffffffff80000000L, 0xffffffff81000000L, "16M", List.of(),
                    PtdumpLevel.PMD, "High Kernel Mapping");
            assertRange(d.ranges().get(1), 0xffffffff81000000L, 0xffffffff81e00000L, "14M",
                    List.of("ro", "PSE", "GLB", "x"), PtdumpLevel.PMD, "High Kernel Mapping");
        }
        assertRange(all.get(0).ranges().get(8), 0xffffffff83200000L, 0xffffffffa0000000L, "462M", List.of(),
                PtdumpLevel.PMD, "High Kernel Mapping");
        assertRange(all.get(1).ranges().get(5), 0xffffffff82600000L, 0xffffffffa0000000L, "474M", List.of(),
                PtdumpLevel.PMD, "High Kernel Mapping");
        assertRange(all.get(2).ranges().get(3), 0xffffffff81e11000L, 0xffffffff82000000L, "1980K", List.of(),
                PtdumpLevel.PTE, "High Kernel Mapping");
        assertEquals(1, all.get(0).firstLine(), "the first dump starts with the prose line before it");
        assertEquals(14, all.get(1).firstLine());
        // parse() returns the first dump and says there are more
        AddressSpaceDump first = importer.parse(
                Samples.path("ptdump-ossec-davehansen-4.18-pti-current_kernel-user-grep-9.txt"));
        assertEquals(9, first.ranges().size());
        assertTrue(first.notes().stream().anyMatch(n -> n.startsWith("input contains 4 dumps")));
    }

    @Test
    void i386DumpIsRejectedWithAClearMessage() {
        ImportException e = assertThrows(ImportException.class,
                () -> importer.parse(Samples.path("ptdump-linuxmm-bpetkov-i386-wx-kernel-mapping-10.txt")));
        assertTrue(e.detail().startsWith("32-bit (i386) ptdump is not supported: "), e.detail());
        assertTrue(e.detail().contains("0xc0000000-0xc0001000"), e.detail());
        assertEquals(6, e.line());
        assertEquals(1, e.column());
        assertTrue(e.file().endsWith("ptdump-linuxmm-bpetkov-i386-wx-kernel-mapping-10.txt"));
        assertTrue(e.getMessage().endsWith("ptdump-linuxmm-bpetkov-i386-wx-kernel-mapping-10.txt:6:1: "
                + e.detail()), e.getMessage());
    }

    @Test
    void otherSamplesAreNotPtdumps() {
        for (String s : Samples.all()) {
            if (s.startsWith("ptdump-")) {
                continue;
            }
            ImportException e = assertThrows(ImportException.class, () -> importer.parse(Samples.path(s)), s);
            assertTrue(e.detail().startsWith("no x86-64 ptdump range lines found"), e.detail());
            assertEquals(1, e.line());
        }
    }

    @Test
    void acceptsCallerIdsSyslogLevelsGrepLineNumbersAndMixedQuoting() throws Exception {
        String text = String.join("\n",
                "<6>[    0.020031][    T1] ---[ High Kernel Mapping ]---",
                "> > [    0.020037][    T1] 0xffffffff80000000-0xffffffff81000000          16M                               pmd",
                "[    T1] 0xffffffff81000000-0xffffffff84600000          54M     RW         PSE     GLB x  pmd",
                "Jan 01 00:00:00 host kernel: 0xffffffff84600000-0xffffffffc0000000         954M                               pmd",
                "/sys/kernel/debug/page_tables/kernel:12:---[ Modules ]---",
                "/sys/kernel/debug/page_tables/kernel-13-0xffffffffc0000000-0xffffffffff000000        1008M                               pmd",
                "x86/mm: Checked W+X mappings: passed, no W+X pages found.",
                "... 1 entry skipped ... ");
        AddressSpaceDump d = importer.parse("inline", text);
        assertEquals(4, d.ranges().size());
        assertEquals(1, d.skippedLines());
        assertEquals("kernel", d.name());
        assertEquals(List.of("RW", "PSE", "GLB", "x"), d.ranges().get(1).flags());
        assertEquals("Modules", d.ranges().get(3).section());
        assertEquals(1, d.entriesSkipped().get(0).count());
        assertEquals(0, d.sizeMismatches());
    }

    @Test
    void countsSizeInconsistenciesAndReportsBrokenWrappedLines() throws Exception {
        String text = String.join("\n",
                "0x0000000000000000-0x0000000000001000           8K     RW                     NX pte",
                "0x0000000000001000-0x0000000000002000           4K     RW         PSE",
                "something else",
                "0x0000000000002000-0x0000000000003000           4K     RW         WHAT        NX pte");
        AddressSpaceDump d = importer.parse("inline", text);
        assertEquals(1, d.ranges().size());
        assertEquals(1, d.sizeMismatches());
        assertEquals(3, d.skippedLines());
        assertEquals("incomplete range line (no level)", d.skippedExamples().get(0).reason());
        assertTrue(d.skippedExamples().get(2).reason().startsWith("unexpected word 'WHAT'"));
        assertFalse(d.notes().isEmpty());
    }
}
