package dev.asiscope.scenario.importer;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An address space as Linux's ptdump prints it: the ranges in address order with their flags, levels
 * and sections, plus what the importer noticed about the text it came from.
 *
 * @param name            {@code kernel}, {@code current_kernel}, {@code current_user}, {@code efi} when it
 *                        could be inferred, else null
 * @param nameSource      how {@code name} was inferred (e.g. {@code "grep prefix current_user"}), or null
 * @param ranges          the ranges in input order
 * @param markers         the {@code ---[ name ]---} section markers and where they stood
 * @param entriesSkipped  the {@code ... N entries skipped ...} lines and where they stood
 * @param pagingLevels    4, or 5 when a {@code p4d} level or an address only valid with LA57 occurs
 * @param skippedLines    non-blank lines that were not part of the dump (prose, other log lines, broken
 *                        lines)
 * @param skippedExamples up to {@link SkippedLine#MAX_EXAMPLES} of them
 * @param sizeMismatches  ranges whose printed size disagrees with {@code end - start} (or whose end is not
 *                        above their start)
 * @param gaps            places where a range does not start at the previous range's end (expected after
 *                        {@code entries skipped} lines and in excerpts)
 * @param notes           human-readable remarks (name inference, multiple dumps, ...)
 * @param firstLine       1-based line of the first line belonging to this dump (0 for synthetic dumps)
 * @param lastLine        1-based line of the last line belonging to this dump (0 for synthetic dumps)
 */
public record AddressSpaceDump(String name, String nameSource, List<PtdumpRange> ranges,
                               List<SectionMarker> markers, List<EntriesSkipped> entriesSkipped,
                               int pagingLevels, int skippedLines, List<SkippedLine> skippedExamples,
                               int sizeMismatches, int gaps, List<String> notes, int firstLine, int lastLine) {

    /**
     * A {@code ---[ name ]---} line.
     *
     * @param name        the text between the brackets, trimmed
     * @param beforeRange index of the range that followed it ({@code ranges.size()} when none followed)
     * @param sourceLine  1-based line, 0 for synthetic markers
     */
    public record SectionMarker(String name, int beforeRange, int sourceLine) {
    }

    /**
     * A {@code ... N entries skipped ...} line (the kernel caps some sections, e.g. ESPfix).
     *
     * @param count       N
     * @param beforeRange index of the range that followed it
     * @param sourceLine  1-based line, 0 for synthetic entries
     */
    public record EntriesSkipped(long count, int beforeRange, int sourceLine) {
    }

    public AddressSpaceDump {
        ranges = List.copyOf(ranges);
        markers = List.copyOf(markers);
        entriesSkipped = List.copyOf(entriesSkipped);
        skippedExamples = List.copyOf(skippedExamples);
        notes = List.copyOf(notes);
    }

    /**
     * A synthetic dump (e.g. built from a simulated address space): no markers other than the ranges'
     * sections, no import diagnostics. The paging depth is derived from the ranges.
     */
    public static AddressSpaceDump of(String name, List<PtdumpRange> ranges) {
        return new AddressSpaceDump(name, null, ranges, List.of(), List.of(), detectPagingLevels(ranges), 0,
                List.of(), 0, 0, List.of(), 0, 0);
    }

    /** The present (mapped) ranges. */
    public List<PtdumpRange> presentRanges() {
        List<PtdumpRange> out = new ArrayList<>();
        for (PtdumpRange r : ranges) {
            if (r.present()) {
                out.add(r);
            }
        }
        return out;
    }

    /** Section names in order of first appearance (markers and ranges' sections). */
    public Set<String> sections() {
        Set<String> out = new LinkedHashSet<>();
        for (SectionMarker m : markers) {
            out.add(m.name());
        }
        for (PtdumpRange r : ranges) {
            if (r.section() != null) {
                out.add(r.section());
            }
        }
        return out;
    }

    /** The ranges of one section. */
    public List<PtdumpRange> rangesIn(String section) {
        List<PtdumpRange> out = new ArrayList<>();
        for (PtdumpRange r : ranges) {
            if (section.equals(r.section())) {
                out.add(r);
            }
        }
        return out;
    }

    /** Number of ranges per level. */
    public Map<PtdumpLevel, Integer> countByLevel() {
        Map<PtdumpLevel, Integer> out = new EnumMap<>(PtdumpLevel.class);
        for (PtdumpRange r : ranges) {
            out.merge(r.level(), 1, Integer::sum);
        }
        return out;
    }

    /** Number of ranges per section (sections in order of appearance; ranges before any marker under {@code ""}). */
    public Map<String, Integer> countBySection() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (PtdumpRange r : ranges) {
            out.merge(r.section() == null ? "" : r.section(), 1, Integer::sum);
        }
        return out;
    }

    /** The range containing {@code address} (unsigned), or null. */
    public PtdumpRange rangeAt(long address) {
        for (PtdumpRange r : ranges) {
            if (Long.compareUnsigned(address, r.start()) >= 0 && Long.compareUnsigned(address, r.lastAddress()) <= 0
                    && (r.endWraps() || Long.compareUnsigned(r.start(), r.end()) < 0)) {
                return r;
            }
        }
        return null;
    }

    /**
     * 5 when a {@code p4d} level occurs or when a start or end address lies strictly inside the 4-level
     * non-canonical hole ({@code 0x0000800000000000}..{@code 0xffff800000000000}); otherwise 4.
     */
    public static int detectPagingLevels(List<PtdumpRange> ranges) {
        final long holeLo = 0x0000_8000_0000_0000L;
        final long holeHi = 0xffff_8000_0000_0000L;
        for (PtdumpRange r : ranges) {
            if (r.level() == PtdumpLevel.P4D) {
                return 5;
            }
            for (long a : new long[] {r.start(), r.end()}) {
                if (Long.compareUnsigned(a, holeLo) > 0 && Long.compareUnsigned(a, holeHi) < 0) {
                    return 5;
                }
            }
        }
        return 4;
    }
}
