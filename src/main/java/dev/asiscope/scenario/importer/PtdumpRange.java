package dev.asiscope.scenario.importer;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/**
 * One line of a Linux ptdump: a half-open virtual-address range with the flags and level it was printed
 * with.
 *
 * <p>Addresses are unsigned 64-bit values held in {@code long}s. {@code end} is exclusive and, as in the
 * kernel's output, {@code 0} means 2<sup>64</sup> (the last range of the address space, printed as
 * {@code 0x0000000000000000}); {@link #endExclusive()} and {@link #sizeBytes()} give the exact values
 * and {@link #lastAddress()} the inclusive end that fits in a {@code long}.
 *
 * @param start      first address (unsigned)
 * @param end        exclusive end (unsigned); 0 means 2<sup>64</sup>
 * @param sizeText   the size as printed, e.g. {@code 17179737600G}, {@code 3544K}; for synthetic ranges
 *                   the canonical text ({@link PtdumpWriter#sizeText(long, long)})
 * @param flags      the printed flag words in column order ({@code USR}, {@code RW}/{@code ro},
 *                   {@code PWT}, {@code PCD}, {@code PSE}, {@code PAT}, {@code GLB}, {@code NX}/{@code x});
 *                   empty when the entry is not present
 * @param present    whether the entry is present (the kernel prints 30 blanks instead of flags otherwise)
 * @param level      the level it was found at
 * @param section    the last {@code ---[ name ]---} marker before it, or null
 * @param sourceLine 1-based line in the imported text, 0 for synthetic ranges
 */
public record PtdumpRange(long start, long end, String sizeText, List<String> flags, boolean present,
                          PtdumpLevel level, String section, int sourceLine) {

    /** 2<sup>64</sup>. */
    public static final BigInteger TWO_POW_64 = BigInteger.ONE.shiftLeft(64);

    /** The flag words in the order ptdump prints them. */
    public static final List<String> FLAG_ORDER = List.of("USR", "RW", "ro", "PWT", "PCD", "PSE", "PAT", "GLB",
            "NX", "x");

    public PtdumpRange {
        Objects.requireNonNull(level, "level");
        flags = List.copyOf(flags);
        if (sizeText == null) {
            sizeText = PtdumpWriter.sizeText(start, end);
        }
    }

    /** A synthetic range (no source line) with the canonical size text; present when flags are non-empty. */
    public static PtdumpRange of(long start, long end, List<String> flags, PtdumpLevel level, String section) {
        return new PtdumpRange(start, end, null, flags, !flags.isEmpty(), level, section, 0);
    }

    /** True when {@code end} is printed as 0 and stands for 2<sup>64</sup>. */
    public boolean endWraps() {
        return end == 0;
    }

    /** The exclusive end as an exact number (2<sup>64</sup> when {@link #endWraps()}). */
    public BigInteger endExclusive() {
        return end == 0 ? TWO_POW_64 : unsigned(end);
    }

    /** The inclusive last address ({@code end - 1}, unsigned; {@code 0xffffffffffffffff} for a wrapping end). */
    public long lastAddress() {
        return end - 1;
    }

    /** {@code end - start} as an exact number (may be negative for malformed input). */
    public BigInteger sizeBytes() {
        return endExclusive().subtract(unsigned(start));
    }

    /** The size printed in {@link #sizeText()} in bytes, or null if it cannot be parsed. */
    public BigInteger printedSizeBytes() {
        return PtdumpImporter.parseSizeText(sizeText);
    }

    /** Whether a flag word (e.g. {@code "NX"}, {@code "GLB"}) is present. */
    public boolean has(String flag) {
        return flags.contains(flag);
    }

    /** User-accessible ({@code USR}). */
    public boolean user() {
        return has("USR");
    }

    /** Writable ({@code RW}). */
    public boolean writable() {
        return has("RW");
    }

    /** Executable: present and not {@code NX}. */
    public boolean executable() {
        return present && has("x");
    }

    /** Global ({@code GLB}). */
    public boolean global() {
        return has("GLB");
    }

    /** {@code start} as printed: {@code 0x} and 16 lower-case hex digits. */
    public String startHex() {
        return ImportText.hex16(start);
    }

    /** {@code end} as printed: {@code 0x} and 16 lower-case hex digits ({@code 0x0000000000000000} when wrapping). */
    public String endHex() {
        return ImportText.hex16(end);
    }

    /** The same range with a different section. */
    public PtdumpRange withSection(String newSection) {
        return new PtdumpRange(start, end, sizeText, flags, present, level, newSection, sourceLine);
    }

    static BigInteger unsigned(long v) {
        BigInteger b = BigInteger.valueOf(v);
        return v < 0 ? b.add(TWO_POW_64) : b;
    }

    @Override
    public String toString() {
        return startHex() + "-" + endHex() + " " + sizeText + " " + String.join(" ", flags) + " "
                + level.linuxName() + (section == null ? "" : " [" + section + "]");
    }
}
