package dev.asiscope.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Tells text from binary before a reader sees the bytes, so that a wrong file gets "not a text file
 * (expected UTF-8 text)" with the line and column of the first offending byte instead of a decoder's
 * "Input length = 1".
 *
 * <p>Two strengths: {@link #strict} (scenario and batch files, which the program writes itself: every byte
 * must be UTF-8 and none NUL) and {@link #lenient} (imported tool output pasted from mail, where a few
 * Latin-1 bytes are normal: only a NUL byte, or a text that is mostly not UTF-8, is refused).
 */
public final class TextCheck {
    /** In lenient mode, more than this share of malformed sequences means "binary". */
    private static final double MAX_MALFORMED_SHARE = 0.10;

    private TextCheck() {
    }

    /**
     * Where and why bytes are not text.
     *
     * @param line    1-based line of the offending byte
     * @param column  1-based column (in bytes) of the offending byte
     * @param message one line, starting with {@code not a text file (expected UTF-8 text)}
     */
    public record Problem(int line, int column, String message) {
    }

    /** Reads a whole file as strict UTF-8 text; the exception names file, line and column. */
    public static String readUtf8(Path file) throws ScenarioException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ScenarioException(file.toString(), 0, 0, null, "no such file");
        } catch (IOException e) {
            throw new ScenarioException(file.toString(), 0, 0, null, "cannot read: " + e.getMessage());
        }
        Problem p = strict(bytes);
        if (p != null) {
            throw new ScenarioException(file.toString(), p.line(), p.column(), null, p.message());
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The first NUL or malformed UTF-8 byte, or null when all bytes are UTF-8 text. */
    public static Problem strict(byte[] b) {
        return scan(b, b.length, false, true);
    }

    /**
     * Null unless the bytes hold a NUL or are mostly not UTF-8. {@code truncated}: the bytes are the start
     * of a longer file, so a sequence cut at the end is not an error.
     */
    public static Problem lenient(byte[] b, boolean truncated) {
        return scan(b, b.length, truncated, false);
    }

    private static Problem scan(byte[] b, int n, boolean truncated, boolean strict) {
        int line = 1;
        int lineStart = 0;
        int malformed = 0;
        int firstBad = -1;
        int firstBadLine = 0;
        int firstBadCol = 0;
        int i = 0;
        while (i < n) {
            int c = b[i] & 0xff;
            if (c == 0) {
                if (firstBad >= 0) {
                    return new Problem(firstBadLine, firstBadCol, String.format(Locale.ROOT,
                            "not a text file (expected UTF-8 text): byte 0x%02x at offset %d is not UTF-8, and "
                                    + "there is a NUL byte at offset %d", b[firstBad] & 0xff, firstBad, i));
                }
                return new Problem(line, i - lineStart + 1, "not a text file (expected UTF-8 text): NUL byte at "
                        + "offset " + i);
            }
            if (c == '\n') {
                line++;
                lineStart = i + 1;
                i++;
                continue;
            }
            int len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                    : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
            boolean ok = len > 0;
            if (ok && len > 1) {
                if (i + len > n) {
                    if (truncated) {
                        break;
                    }
                    ok = false;
                } else {
                    for (int k = 1; k < len; k++) {
                        if ((b[i + k] & 0xC0) != 0x80) {
                            ok = false;
                            break;
                        }
                    }
                    // RFC 3629 table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF
                    int b1 = b[i + 1] & 0xff;
                    ok &= !(c == 0xE0 && b1 < 0xA0) && !(c == 0xED && b1 > 0x9F) && !(c == 0xF0 && b1 < 0x90)
                            && !(c == 0xF4 && b1 > 0x8F);
                }
            }
            if (ok) {
                i += len;
                continue;
            }
            malformed++;
            if (firstBad < 0) {
                firstBad = i;
                firstBadLine = line;
                firstBadCol = i - lineStart + 1;
            }
            i++;
        }
        if (firstBad < 0 || (!strict && malformed <= MAX_MALFORMED_SHARE * Math.max(1, n))) {
            return null;
        }
        boolean binary = malformed > MAX_MALFORMED_SHARE * Math.max(1, n);
        return new Problem(firstBadLine, firstBadCol, String.format(Locale.ROOT,
                "%s: byte 0x%02x at offset %d is not UTF-8 (%d such byte%s in %d)",
                binary ? "not a text file (expected UTF-8 text)"
                        : "not UTF-8 text (expected UTF-8; was it saved as Latin-1 or Windows-1252?)",
                b[firstBad] & 0xff, firstBad, malformed, malformed == 1 ? "" : "s", n));
    }
}
