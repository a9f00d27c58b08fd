package dev.asiscope.ui.views;

import java.util.Locale;

/** Number formats used on every view (locale-independent, so exports are reproducible). */
final class Fmt {
    private Fmt() {
    }

    /** {@code 1,234,567}. */
    static String cycles(long c) {
        return String.format(Locale.ROOT, "%,d", c);
    }

    /** Compact cycle count for axes: {@code 950}, {@code 12.5k}, {@code 3.2M}. */
    static String compact(long c) {
        long a = Math.abs(c);
        if (a < 10_000) {
            return Long.toString(c);
        }
        if (a < 10_000_000) {
            return trim(String.format(Locale.ROOT, "%.1f", c / 1e3)) + "k";
        }
        if (a < 10_000_000_000L) {
            return trim(String.format(Locale.ROOT, "%.1f", c / 1e6)) + "M";
        }
        return trim(String.format(Locale.ROOT, "%.1f", c / 1e9)) + "G";
    }

    private static String trim(String s) {
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    /** {@code 0x1f}. */
    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** {@code 0x000000000000001f}: 16 digits, for entry values and physical addresses. */
    static String hex16(long v) {
        String h = Long.toHexString(v);
        return "0x" + "0000000000000000".substring(h.length()) + h;
    }

    /** A virtual address grouped for reading: {@code ffff8880_01000000}. */
    static String va(long v) {
        String h = Long.toHexString(v);
        h = "0000000000000000".substring(h.length()) + h;
        return h.substring(0, 8) + "_" + h.substring(8);
    }

    /** {@code 4 KiB}, {@code 2 MiB}, {@code 1.5 GiB}. */
    static String bytes(long b) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = b;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        if (v == Math.floor(v)) {
            return (long) v + " " + units[u];
        }
        return trim(String.format(Locale.ROOT, "%.1f", v)) + " " + units[u];
    }
}
