package dev.asiscope.scenario.importer;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AddressSpaceDiff on the PTI current_kernel / current_user sample. */
class AddressSpaceDiffPtdumpTest {

    private static List<AddressSpaceDump> dumps() throws ImportException {
        return new PtdumpImporter().parseAll(
                Samples.path("ptdump-ossec-davehansen-4.18-pti-current_kernel-user-grep-9.txt"));
    }

    @Test
    void beforeThePatchTheUserPageTableLacksKernelDataAndBss() throws Exception {
        List<AddressSpaceDump> d = dumps();
        AddressSpaceDiff diff = AddressSpaceDiff.compare(d.get(0), d.get(1));
        assertEquals("current_kernel", diff.a());
        assertEquals("current_user", diff.b());
        assertEquals(1, diff.onlyInA().size());
        AddressSpaceDiff.Interval only = diff.onlyInA().get(0);
        assertEquals(0xffffffff82600000L, only.start());
        assertEquals(0xffffffff83200000L, only.end());
        assertEquals(BigInteger.valueOf(12L << 20), diff.bytesOnlyInA());
        assertEquals(List.of("RW", "PSE", "NX"), only.flagsA());
        assertTrue(diff.onlyInB().isEmpty());
        assertTrue(diff.flagDifferences().isEmpty());
    }

    @Test
    void afterThePatch() throws Exception {
        List<AddressSpaceDump> d = dumps();
        AddressSpaceDiff diff = AddressSpaceDiff.compare(d.get(2), d.get(3));
        assertEquals(1, diff.onlyInA().size());
        assertEquals(0xffffffff82600000L, diff.onlyInA().get(0).start());
        assertEquals(0xffffffff82c0d000L, diff.onlyInA().get(0).end());
        assertTrue(diff.onlyInB().isEmpty());
        assertTrue(diff.flagDifferences().isEmpty());
        // the patch unmapped the freed 1980K text tail in both page tables
        AddressSpaceDiff beforeAfter = AddressSpaceDiff.compare(d.get(0), d.get(2));
        assertEquals(0xffffffff81e11000L, beforeAfter.onlyInA().get(0).start());
        assertEquals(0xffffffff82000000L, beforeAfter.onlyInA().get(0).end());
    }

    @Test
    void identicalAndFlagDifferences() throws Exception {
        List<AddressSpaceDump> d = dumps();
        assertTrue(AddressSpaceDiff.compare(d.get(1), d.get(1)).identical());
        AddressSpaceDump a = AddressSpaceDump.of("a", List.of(
                PtdumpRange.of(0x1000, 0x3000, List.of("RW", "NX"), PtdumpLevel.PTE, null),
                PtdumpRange.of(0xffffffffffe00000L, 0, List.of("ro", "GLB", "x"), PtdumpLevel.PMD, null)));
        AddressSpaceDump b = AddressSpaceDump.of("b", List.of(
                PtdumpRange.of(0x2000, 0x4000, List.of("ro", "NX"), PtdumpLevel.PTE, null)));
        AddressSpaceDiff diff = AddressSpaceDiff.compare(a, b);
        assertEquals(2, diff.onlyInA().size());
        assertEquals(0x1000, diff.onlyInA().get(0).start());
        assertEquals(0x2000, diff.onlyInA().get(0).end());
        assertEquals(0xffffffffffe00000L, diff.onlyInA().get(1).start());
        assertEquals(0L, diff.onlyInA().get(1).end(), "wraps to 2^64");
        assertEquals(BigInteger.valueOf(0x1000 + 0x200000), diff.bytesOnlyInA());
        assertEquals(1, diff.onlyInB().size());
        assertEquals(0x3000, diff.onlyInB().get(0).start());
        assertEquals(1, diff.flagDifferences().size());
        assertEquals(List.of("RW", "NX", "pte"), diff.flagDifferences().get(0).flagsA());
        assertEquals(List.of("ro", "NX", "pte"), diff.flagDifferences().get(0).flagsB());
    }
}
