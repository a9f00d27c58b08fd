package dev.asiscope.scenario.importer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** PtdumpWriter: exact Linux format, merge rule, and import → write → import round trips on every sample. */
class PtdumpWriterRoundTripTest {
    private final PtdumpImporter importer = new PtdumpImporter();
    private final PtdumpWriter writer = new PtdumpWriter();

    @ParameterizedTest
    @ValueSource(strings = {
        "ptdump-lkml-fedora-4.18rc7-intel-efi-1.txt",
        "ptdump-lkml-fedora-4.18rc8-amd-efi-2.txt",
        "ptdump-lkml-5level-p4d-shutemov-5.txt",
        "ptdump-lkml-kees-kernel_page_tables-wrapped-snippet-7.txt",
        "ptdump-ossec-davehansen-4.18-pti-current_kernel-user-grep-9.txt"})
    void importWriteImportGivesIdenticalRangesFlagsLevels(String sample) throws Exception {
        List<AddressSpaceDump> all = importer.parseAll(Samples.path(sample));
        for (AddressSpaceDump d : all) {
            String text = writer.write(d);
            AddressSpaceDump again = importer.parse("rewritten", text);
            assertEquals(d.ranges().size(), again.ranges().size(), sample);
            for (int i = 0; i < d.ranges().size(); i++) {
                PtdumpRange a = d.ranges().get(i);
                PtdumpRange b = again.ranges().get(i);
                assertEquals(a.start(), b.start(), sample + " #" + i);
                assertEquals(a.end(), b.end(), sample + " #" + i);
                assertEquals(a.sizeText(), b.sizeText(), sample + " #" + i);
                assertEquals(a.flags(), b.flags(), sample + " #" + i);
                assertEquals(a.present(), b.present(), sample + " #" + i);
                assertEquals(a.level(), b.level(), sample + " #" + i);
                assertEquals(a.section(), b.section(), sample + " #" + i);
            }
            assertEquals(names(d.markers()), names(again.markers()), sample);
            assertEquals(d.entriesSkipped().stream().map(s -> s.count() + "@" + s.beforeRange()).toList(),
                    again.entriesSkipped().stream().map(s -> s.count() + "@" + s.beforeRange()).toList(), sample);
            assertEquals(0, again.skippedLines(), sample);
            assertEquals(0, again.sizeMismatches(), sample);
            // and writing again is a fixed point
            assertEquals(text, writer.write(again), sample);
        }
    }

    private static List<String> names(List<AddressSpaceDump.SectionMarker> ms) {
        List<String> out = new ArrayList<>();
        for (AddressSpaceDump.SectionMarker m : ms) {
            out.add(m.name() + "@" + m.beforeRange());
        }
        return out;
    }

    /** Strips "> [    0.006000] " from the boot dump: what is left is exactly what the kernel printed. */
    @ParameterizedTest
    @ValueSource(strings = {"ptdump-lkml-fedora-4.18rc7-intel-efi-1.txt", "ptdump-lkml-fedora-4.18rc8-amd-efi-2.txt"})
    void reproducesTheKernelsBytesOfACanonicalDump(String sample) throws Exception {
        StringBuilder expected = new StringBuilder();
        for (String line : Samples.text(sample).split("\n")) {
            expected.append(line.replaceFirst("^> \\[ *[0-9.]+\\] ", "")).append('\n');
        }
        assertEquals(expected.toString(), writer.write(importer.parse(Samples.path(sample))));
    }

    @Test
    void reproducesGrepOutputWithoutPrefixes() throws Exception {
        List<AddressSpaceDump> all = importer.parseAll(
                Samples.path("ptdump-ossec-davehansen-4.18-pti-current_kernel-user-grep-9.txt"));
        String expectedUserBefore = String.join("\n",
                "---[ High Kernel Mapping ]---",
                "0xffffffff80000000-0xffffffff81000000          16M                               pmd",
                "0xffffffff81000000-0xffffffff81e00000          14M     ro         PSE     GLB x  pmd",
                "0xffffffff81e00000-0xffffffff81e11000          68K     ro                 GLB x  pte",
                "0xffffffff81e11000-0xffffffff82000000        1980K     RW                     NX pte",
                "0xffffffff82000000-0xffffffff82600000           6M     ro         PSE     GLB NX pmd",
                "0xffffffff82600000-0xffffffffa0000000         474M                               pmd") + "\n";
        assertEquals(expectedUserBefore, writer.write(all.get(1)));
    }

    @Test
    void canonicalisesCollapsedAndWrappedLines() throws Exception {
        String out = writer.write(importer.parse(
                Samples.path("ptdump-lkml-kees-kernel_page_tables-wrapped-snippet-7.txt")));
        assertEquals(String.join("\n",
                "---[ Low Kernel Mapping ]---",
                "0xffff880001000000-0xffff880001a00000          10M     ro         PSE     GLB NX pmd",
                "0xffff880001a00000-0xffff880001a5c000         368K     ro                 GLB NX pte",
                "0xffff880001a5c000-0xffff880001c00000        1680K     RW                 GLB NX pte",
                "---[ High Kernel Mapping ]---",
                "0xffffffff81000000-0xffffffff81a00000          10M     ro         PSE     GLB x  pmd",
                "0xffffffff81a00000-0xffffffff81a5c000         368K     ro                 GLB x  pte",
                "0xffffffff81a5c000-0xffffffff81c00000        1680K     RW                 GLB NX pte") + "\n", out);
    }

    @Test
    void sizeTextFollowsTheKernelsDivisionRule() {
        assertEquals("17179737600G", PtdumpWriter.sizeText(0x0000008000000000L, 0xffff800000000000L));
        assertEquals("3544K", PtdumpWriter.sizeText(0xffffffffff200000L, 0xffffffffff576000L));
        assertEquals("8M", PtdumpWriter.sizeText(0xffffffffff800000L, 0));
        assertEquals("24P", PtdumpWriter.sizeText(0xff9f000000000000L, 0xffff000000000000L));
        assertEquals("111104G", PtdumpWriter.sizeText(0xff9e938000000000L, 0xff9f000000000000L));
        assertEquals("255T", PtdumpWriter.sizeText(0xffff000000000000L, 0xffffff0000000000L));
        assertEquals("100B", PtdumpWriter.sizeText(0x1000, 0x1064));
        assertEquals("8E", PtdumpWriter.sizeText(0x8000000000000000L, 0));
    }

    @Test
    void flagColumnIsThirtyCharactersInKernelOrder() {
        assertEquals("USR RW PWT PCD PSE PAT GLB NX ", PtdumpWriter.flagColumn(
                List.of("USR", "RW", "PWT", "PCD", "PSE", "PAT", "GLB", "NX"), true, PtdumpLevel.PMD));
        assertEquals("    ro                     x  ", PtdumpWriter.flagColumn(List.of("ro", "x"), true,
                PtdumpLevel.PTE));
        assertEquals(30, PtdumpWriter.flagColumn(List.of(), false, PtdumpLevel.PTE).length());
        assertEquals("0xffffffffff600000-0xffffffffff601000           4K USR ro                 GLB NX pte",
                PtdumpWriter.rangeLine(PtdumpRange.of(0xffffffffff600000L, 0xffffffffff601000L,
                        List.of("USR", "ro", "GLB", "NX"), PtdumpLevel.PTE, null)));
    }

    @Test
    void mergesAdjacentSyntheticRangesLikeTheKernel() {
        List<PtdumpRange> ranges = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ranges.add(PtdumpRange.of(0xffffffff81000000L + i * 0x1000L, 0xffffffff81001000L + i * 0x1000L,
                    List.of("ro", "GLB", "x"), PtdumpLevel.PTE, "High Kernel Mapping"));
        }
        ranges.add(PtdumpRange.of(0xffffffff81004000L, 0xffffffff81005000L, List.of("RW", "GLB", "NX"),
                PtdumpLevel.PTE, "High Kernel Mapping"));
        ranges.add(PtdumpRange.of(0xffffffffc0000000L, 0xffffffffc0001000L, List.of("RW", "GLB", "NX"),
                PtdumpLevel.PTE, "Modules"));
        ranges.add(PtdumpRange.of(0xffffffffc0001000L, 0L, List.of(), PtdumpLevel.PTE, "Modules"));
        AddressSpaceDump d = AddressSpaceDump.of("synthetic", ranges);
        String expected = String.join("\n",
                "---[ High Kernel Mapping ]---",
                "0xffffffff81000000-0xffffffff81004000          16K     ro                 GLB x  pte",
                "0xffffffff81004000-0xffffffff81005000           4K     RW                 GLB NX pte",
                "---[ Modules ]---",
                "0xffffffffc0000000-0xffffffffc0001000           4K     RW                 GLB NX pte",
                "0xffffffffc0001000-0x0000000000000000     1048572K                               pte") + "\n";
        assertEquals(expected, writer.write(d));
        assertEquals(7, new PtdumpWriter().withMerge(false).write(d).split("\n").length - 2);
    }
}
