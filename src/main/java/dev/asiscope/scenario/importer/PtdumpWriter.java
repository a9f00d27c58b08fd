package dev.asiscope.scenario.importer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an {@link AddressSpaceDump} in the exact text format of Linux's x86 {@code dump_pagetables.c}:
 *
 * <pre>
 * ---[ High Kernel Mapping ]---
 * 0xffffffff80000000-0xffffffff81000000          16M                               pmd
 * 0xffffffff81000000-0xffffffff81e00000          14M     ro         PSE     GLB x  pmd
 * </pre>
 *
 * <ul>
 *   <li>range: {@code 0x%016lx-0x%016lx   %9lu%c } + a 30-character flag column + level;</li>
 *   <li>size: {@code end - start} (unsigned, so a wrapping end of 0 works) divided by 1024 while exactly
 *       divisible, unit from {@code B K M G T P E};</li>
 *   <li>flag column: {@code USR }|4 blanks, {@code RW }|{@code ro }, {@code PWT }|4, {@code PCD }|4,
 *       {@code PSE }|4, {@code PAT }|4, {@code GLB }|4, {@code NX }|{@code x  }; 30 blanks when not present;</li>
 *   <li>section markers {@code ---[ name ]---} where the dump had them (or where a synthetic range's
 *       section changes), {@code ... N entries skipped ... } lines where the dump had them;</li>
 *   <li>merge rule: consecutive contiguous ranges of the same section with identical flags and level are
 *       printed as one line, as the kernel does. Ranges that came from an imported dump
 *       ({@code sourceLine > 0}) are never merged with each other: the kernel already merged them, and two
 *       adjacent identical-looking lines differ in bits ptdump does not print. So importing, writing and
 *       importing again gives the same ranges.</li>
 * </ul>
 *
 * <p>The writer is immutable; {@link #withMerge(boolean)} returns a copy.
 */
public final class PtdumpWriter {
    private static final String UNITS = "BKMGTPE";
    private static final String BLANK30 = "                              ";

    private final boolean merge;

    /** A writer applying the kernel's merge rule to synthetic ranges. */
    public PtdumpWriter() {
        this(true);
    }

    private PtdumpWriter(boolean merge) {
        this.merge = merge;
    }

    /** A copy of this writer with merging of adjacent identical ranges switched on or off. */
    public PtdumpWriter withMerge(boolean on) {
        return new PtdumpWriter(on);
    }

    /** The dump as Linux ptdump text (lines end in {@code \n}). */
    public String write(AddressSpaceDump dump) {
        StringBuilder sb = new StringBuilder(dump.ranges().size() * 96 + 64);
        write(dump, sb);
        return sb.toString();
    }

    /** Appends the dump as Linux ptdump text. */
    public void write(AddressSpaceDump dump, Appendable out) {
        try {
            List<PtdumpRange> ranges = dump.ranges();
            List<AddressSpaceDump.SectionMarker> markers = dump.markers();
            List<AddressSpaceDump.EntriesSkipped> skips = dump.entriesSkipped();
            int mi = 0;
            int si = 0;
            String section = null;
            PtdumpRange pending = null;
            for (int i = 0; i <= ranges.size(); i++) {
                boolean explicit = false;
                boolean barrier = false;
                List<String> before = new ArrayList<>();
                // Markers and skip lines keep their relative order by source line.
                while ((mi < markers.size() && markers.get(mi).beforeRange() == i)
                        || (si < skips.size() && skips.get(si).beforeRange() == i)) {
                    boolean takeMarker = mi < markers.size() && markers.get(mi).beforeRange() == i
                            && (si >= skips.size() || skips.get(si).beforeRange() != i
                            || markers.get(mi).sourceLine() <= skips.get(si).sourceLine());
                    if (takeMarker) {
                        section = markers.get(mi).name();
                        before.add(markerLine(section));
                        explicit = true;
                        mi++;
                    } else {
                        long n = skips.get(si).count();
                        before.add("... " + Long.toUnsignedString(n) + " entr" + (n == 1 ? "y" : "ies")
                                + " skipped ... ");
                        si++;
                    }
                    barrier = true;
                }
                PtdumpRange r = i < ranges.size() ? ranges.get(i) : null;
                if (r != null && !explicit && r.section() != null && !r.section().equals(section)) {
                    section = r.section();
                    before.add(markerLine(section));
                    barrier = true;
                }
                if (pending != null && r != null && !barrier && mergeable(pending, r)) {
                    pending = new PtdumpRange(pending.start(), r.end(), null, pending.flags(), pending.present(),
                            pending.level(), pending.section(), 0);
                    continue;
                }
                if (pending != null) {
                    rangeLine(pending, out);
                }
                for (String b : before) {
                    out.append(b).append('\n');
                }
                pending = r;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean mergeable(PtdumpRange a, PtdumpRange b) {
        return merge && a.sourceLine() == 0 && b.sourceLine() == 0 && a.end() == b.start() && a.end() != 0
                && a.level() == b.level() && a.present() == b.present() && a.flags().equals(b.flags())
                && java.util.Objects.equals(a.section(), b.section());
    }

    private static String markerLine(String name) {
        return "---[ " + name + " ]---";
    }

    /** One range line, without the newline. */
    public static String rangeLine(PtdumpRange r) {
        StringBuilder sb = new StringBuilder(96);
        try {
            rangeLine(r, sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }

    private static void rangeLine(PtdumpRange r, Appendable out) throws IOException {
        out.append(ImportText.hex16(r.start())).append('-').append(ImportText.hex16(r.end())).append("   ");
        String size = sizeText(r.start(), r.end());
        for (int k = size.length(); k < 10; k++) {
            out.append(' ');
        }
        out.append(size).append(' ');
        out.append(flagColumn(r.flags(), r.present(), r.level())).append(r.level().linuxName()).append('\n');
    }

    /**
     * The size column as the kernel prints it: {@code end - start} (unsigned 64-bit arithmetic, so an end
     * of 0 means 2<sup>64</sup>) divided by 1024 while exactly divisible, with unit {@code B}..{@code E}.
     * For example {@code 0x8000000000..0xffff800000000000} gives {@code 17179737600G}.
     */
    public static String sizeText(long start, long end) {
        long delta = end - start;
        int unit = 0;
        while ((delta & 1023) == 0 && unit < UNITS.length() - 1) {
            delta >>>= 10;
            unit++;
        }
        return Long.toUnsignedString(delta) + UNITS.charAt(unit);
    }

    /** The 30-character flag column for a flag list (30 blanks when not present). */
    public static String flagColumn(List<String> flags, boolean present, PtdumpLevel level) {
        if (!present) {
            return BLANK30;
        }
        StringBuilder sb = new StringBuilder(30);
        sb.append(flags.contains("USR") ? "USR " : "    ");
        sb.append(flags.contains("RW") ? "RW " : "ro ");
        sb.append(flags.contains("PWT") ? "PWT " : "    ");
        sb.append(flags.contains("PCD") ? "PCD " : "    ");
        sb.append(flags.contains("PSE") ? "PSE " : "    ");
        sb.append(flags.contains("PAT") ? "PAT " : "    ");
        sb.append(flags.contains("GLB") ? "GLB " : "    ");
        sb.append(flags.contains("NX") ? "NX " : "x  ");
        return sb.toString();
    }
}
