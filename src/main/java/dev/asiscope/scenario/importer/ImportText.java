package dev.asiscope.scenario.importer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Shared, allocation-light helpers for the line scanners. Package-private. */
final class ImportText {
    private ImportText() {
    }

    /** How much of a file {@link #open} looks at to tell text from binary. */
    private static final int SNIFF_BYTES = 64 * 1024;

    /**
     * Opens a file as UTF-8, replacing malformed bytes (inputs are often mojibake-laden mail excerpts), after
     * checking that it is text at all: a file whose first 64 KiB hold a NUL byte or mostly bytes that are
     * not UTF-8 is refused with "not a text file (expected UTF-8 text)" and the line and column of the
     * first offending byte.
     */
    static BufferedReader open(Path file) throws ImportException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SNIFF_BYTES);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ImportException(file.toString(), 0, 0, "no such file");
        } catch (IOException | RuntimeException e) {
            throw new ImportException(file.toString(), 0, 0, "cannot read file: " + describe(e), e);
        }
        dev.asiscope.scenario.TextCheck.Problem p = dev.asiscope.scenario.TextCheck.lenient(head,
                head.length == SNIFF_BYTES);
        if (p != null) {
            throw new ImportException(file.toString(), p.line(), p.column(), p.message());
        }
        try {
            InputStream in = Files.newInputStream(file);
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16);
        } catch (IOException | RuntimeException e) {
            throw new ImportException(file.toString(), 0, 0, "cannot read file: " + describe(e), e);
        }
    }

    /**
     * Reads all lines through {@link MailRepair}; {@code startLines} receives each returned line's first
     * physical line number.
     */
    static List<String> readRepaired(BufferedReader r, String source, MailRepair repair, List<Integer> startLines)
            throws ImportException {
        try (r) {
            return repair.all(r, startLines);
        } catch (IOException | RuntimeException e) {
            throw new ImportException(source, startLines.size() + 1, 0, "cannot read input: " + describe(e), e);
        }
    }

    static BufferedReader buffered(Reader r) {
        return r instanceof BufferedReader b ? b : new BufferedReader(r, 1 << 16);
    }

    static BufferedReader of(String text) {
        return new BufferedReader(new StringReader(text == null ? "" : text));
    }

    /** Reads all lines (any of \n, \r\n, \r ends a line). */
    static List<String> readAll(BufferedReader r, String source) throws ImportException {
        List<String> lines = new ArrayList<>();
        try (r) {
            String l;
            while ((l = r.readLine()) != null) {
                lines.add(l);
            }
        } catch (IOException | RuntimeException e) {
            throw new ImportException(source, lines.size() + 1, 0, "cannot read input: " + describe(e), e);
        }
        return lines;
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    static boolean isBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > ' ') {
                return false;
            }
        }
        return true;
    }

    static int skipSpaces(String s, int i) {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t') {
                break;
            }
            i++;
        }
        return i;
    }

    /**
     * Skips mail quoting ({@code >}, {@code >>}, {@code > >}, {@code >  >}) and the whitespace around it.
     * Returns the index of the first character after the quote prefix (or of the first non-blank
     * character when there is no quoting).
     */
    static int skipQuote(String s, int i) {
        int n = s.length();
        int j = skipSpaces(s, i);
        while (j < n && s.charAt(j) == '>') {
            j = skipSpaces(s, j + 1);
        }
        return j;
    }

    /**
     * Skips a dmesg prefix at {@code i}: an optional syslog level {@code <6>}, a printk timestamp
     * {@code [    0.009693]}, optionally followed by a caller id {@code [    T1]} / {@code [  C3]} (or only a
     * caller id), then blanks. Returns {@code i} unchanged when there is none.
     */
    static int skipDmesg(String s, int i) {
        int n = s.length();
        int j = i;
        if (j + 2 < n && s.charAt(j) == '<' && Character.isDigit(s.charAt(j + 1))) {
            int k = j + 1;
            while (k < n && Character.isDigit(s.charAt(k))) {
                k++;
            }
            if (k < n && s.charAt(k) == '>') {
                j = k + 1;
            }
        }
        boolean any = false;
        for (int round = 0; round < 2; round++) {
            if (j >= n || s.charAt(j) != '[') {
                break;
            }
            int k = skipSpaces(s, j + 1);
            int start = k;
            if (k < n && (s.charAt(k) == 'T' || s.charAt(k) == 'C')) {
                k++;
                int d = k;
                while (k < n && Character.isDigit(s.charAt(k))) {
                    k++;
                }
                if (k == d) {
                    break;
                }
            } else {
                while (k < n && Character.isDigit(s.charAt(k))) {
                    k++;
                }
                if (k == start || k >= n || s.charAt(k) != '.') {
                    break;
                }
                k++;
                int d = k;
                while (k < n && Character.isDigit(s.charAt(k))) {
                    k++;
                }
                if (k == d) {
                    break;
                }
            }
            if (k >= n || s.charAt(k) != ']') {
                break;
            }
            j = k + 1;
            any = true;
        }
        if (!any) {
            return i;
        }
        return skipSpaces(s, j);
    }

    static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static int hexVal(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c - 'A' + 10;
    }

    /** Splits on runs of blanks (space, tab). */
    static List<String> tokens(String s, int from) {
        List<String> out = new ArrayList<>();
        int n = s.length();
        int i = from;
        while (true) {
            i = skipSpaces(s, i);
            if (i >= n) {
                return out;
            }
            int j = i;
            while (j < n && s.charAt(j) != ' ' && s.charAt(j) != '\t') {
                j++;
            }
            out.add(s.substring(i, j));
            i = j;
        }
    }

    /** Parses an unsigned decimal integer token; -1 when it is not one (or overflows). */
    static long parseUnsignedDecimal(String t) {
        if (t.isEmpty() || t.length() > 18) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Parses a decimal like {@code 12.34} (optionally signed); NaN when it is not one. */
    static double parseDecimal(String t) {
        int n = t.length();
        if (n == 0 || n > 40) {
            return Double.NaN;
        }
        int i = 0;
        if (t.charAt(0) == '-' || t.charAt(0) == '+') {
            i = 1;
        }
        boolean digit = false;
        boolean dot = false;
        for (int k = i; k < n; k++) {
            char c = t.charAt(k);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                return Double.NaN;
            }
        }
        if (!digit) {
            return Double.NaN;
        }
        return Double.parseDouble(t);
    }

    /** Parses hex with or without {@code 0x}; null when not hex or longer than 16 digits. */
    static Long parseHex(String t) {
        int i = 0;
        int n = t.length();
        if (n >= 2 && t.charAt(0) == '0' && (t.charAt(1) == 'x' || t.charAt(1) == 'X')) {
            i = 2;
        }
        if (i >= n || n - i > 16) {
            return null;
        }
        long v = 0;
        for (int k = i; k < n; k++) {
            char c = t.charAt(k);
            if (!isHex(c)) {
                return null;
            }
            v = (v << 4) | hexVal(c);
        }
        return v;
    }

    static String hex16(long v) {
        String h = Long.toHexString(v);
        return "0x" + "0000000000000000".substring(h.length()) + h;
    }
}
