package dev.asiscope.scenario.importer;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Undoes what mail does to pasted tool output, line by line, and counts what it repaired so that the
 * import summary can say so. Package-private; one instance per import (not thread-safe).
 *
 * <p>Repairs, in this order:
 * <ol>
 *   <li>quoted-printable soft line breaks (RFC 2045 6.7 rule 5): a line of at most 76 characters ending in
 *       {@code =} continues on the next physical line; the two are joined without a blank. Raw mail from
 *       list archives keeps this encoding ({@code Content-Transfer-Encoding: quoted-printable});</li>
 *   <li>once the text is known to be quoted-printable (a soft break, an {@code =3D} or an escaped UTF-8
 *       sequence such as {@code =C2=A0} was seen), {@code =HH} escapes are decoded as UTF-8;</li>
 *   <li>non-breaking spaces and their mojibake become plain blanks: U+00A0, U+202F (narrow NBSP), the
 *       UTF-8 bytes of U+00A0 read as Latin-1/CP1252 and re-encoded ({@code "Â\u00A0"}, {@code "Â "}), the
 *       same for U+202F ({@code "â€¯"}), and U+FFFD (a byte that was not UTF-8, typically a Latin-1 NBSP).
 *       None of these characters occurs in ftrace or perf output, and mailers put them exactly where
 *       blanks were.</li>
 * </ol>
 * Mail quote prefixes ({@code >}, {@code >>}, {@code > >}) are left in place (the readers skip them) and
 * only counted.
 */
final class MailRepair {
    /** RFC 2045: encoded lines are at most 76 characters, the soft-break {@code =} included. */
    private static final int QP_MAX_LINE = 76;

    private int quoted;
    private int softBreaks;
    private int qpEscapes;
    private int nbsp;
    private int mojibake;
    private int undecodable;
    private boolean qp;
    private int physical;
    private int logicalStart;
    private String lookahead;

    /** The physical (1-based) line where the last line returned by {@link #next} started. */
    int line() {
        return logicalStart;
    }

    /** Physical lines read so far. */
    int physicalLines() {
        return physical;
    }

    /** Reads the next repaired logical line, or null at the end. */
    String next(BufferedReader r) throws IOException {
        String l = lookahead != null ? lookahead : r.readLine();
        lookahead = null;
        if (l == null) {
            return null;
        }
        physical++;
        logicalStart = physical;
        StringBuilder joined = null;
        while (isSoftBreak(l)) {
            String cont = r.readLine();
            if (cont == null) {
                break;
            }
            physical++;
            if (joined == null) {
                joined = new StringBuilder(l.length() * 2);
            }
            joined.append(l, 0, l.length() - 1);
            softBreaks++;
            qp = true;
            l = cont;
        }
        if (joined != null) {
            l = joined.append(l).toString();
        }
        return clean(l);
    }

    /** Repairs a whole text's lines (the same as calling {@link #next} until the end). */
    List<String> all(BufferedReader r, List<Integer> startLines) throws IOException {
        List<String> out = new ArrayList<>();
        String l;
        while ((l = next(r)) != null) {
            out.add(l);
            startLines.add(logicalStart);
        }
        return out;
    }

    private static boolean isSoftBreak(String l) {
        int n = l.length();
        // Shorter lines are not broken by an encoder that fills lines up to 76 characters.
        return n >= 40 && n <= QP_MAX_LINE && l.charAt(n - 1) == '=' && l.charAt(n - 2) != '=';
    }

    /** Repairs one line's characters and counts quoting. */
    String clean(String l) {
        // "=20" alone is not evidence: tool output has "key=20"; an escaped '=' or a UTF-8 sequence is
        if (!qp && (l.contains("=3D") || l.contains("=C2=") || l.contains("=E2=80="))) {
            qp = true;
        }
        if (qp && l.indexOf('=') >= 0) {
            l = decodeEscapes(l);
        }
        int q = ImportText.skipSpaces(l, 0);
        if (q < l.length() && l.charAt(q) == '>') {
            quoted++;
        }
        boolean ascii = true;
        for (int i = 0; i < l.length(); i++) {
            if (l.charAt(i) >= 0x80) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return l;
        }
        StringBuilder sb = new StringBuilder(l.length());
        int n = l.length();
        for (int i = 0; i < n; i++) {
            char c = l.charAt(i);
            if (c == '\u00C2' && i + 1 < n && (l.charAt(i + 1) == '\u00A0' || l.charAt(i + 1) == ' ')) {
                mojibake++;
                sb.append(' ');
                i++;
            } else if (c == '\u00E2' && i + 2 < n && l.charAt(i + 1) == '\u20AC' && l.charAt(i + 2) == '\u00AF') {
                mojibake++;
                sb.append(' ');
                i += 2;
            } else if (c == '\u00A0' || c == '\u202F') {
                nbsp++;
                sb.append(' ');
            } else if (c == '\uFFFD') {
                undecodable++;
                sb.append(' ');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private String decodeEscapes(String l) {
        StringBuilder sb = null;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int n = l.length();
        int i = 0;
        int copied = 0;
        while (i < n) {
            int j = i;
            bytes.reset();
            while (j + 2 < n && l.charAt(j) == '=' && isUpperHex(l.charAt(j + 1)) && isUpperHex(l.charAt(j + 2))) {
                bytes.write(ImportText.hexVal(l.charAt(j + 1)) << 4 | ImportText.hexVal(l.charAt(j + 2)));
                j += 3;
            }
            if (j > i) {
                if (sb == null) {
                    sb = new StringBuilder(n);
                }
                sb.append(l, copied, i).append(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
                qpEscapes += (j - i) / 3;
                copied = j;
                i = j;
            } else {
                i++;
            }
        }
        if (sb == null) {
            return l;
        }
        return sb.append(l, copied, n).toString();
    }

    private static boolean isUpperHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    }

    /** Whether anything was repaired or unquoted. */
    boolean any() {
        return quoted + softBreaks + qpEscapes + nbsp + mojibake + undecodable > 0;
    }

    /**
     * One line for the import's notes naming every repair with its count, plus the readers' own repairs
     * ({@code joinedLines}: continuation lines of wrapped events or rows they joined); null when nothing
     * was repaired.
     */
    String note(int joinedLines) {
        List<String> parts = new ArrayList<>();
        if (quoted > 0) {
            parts.add(quoted + " quoted line(s) ('>' / '>>' prefixes stripped)");
        }
        if (softBreaks > 0) {
            parts.add(softBreaks + " quoted-printable soft line break(s) joined");
        }
        if (qpEscapes > 0) {
            parts.add(qpEscapes + " quoted-printable escape(s) (=3D, =20, ...) decoded");
        }
        if (joinedLines > 0) {
            parts.add(joinedLines + " line(s) wrapped by the mailer joined to the line before");
        }
        if (mojibake > 0) {
            parts.add(mojibake + " mojibake non-breaking space(s) ('Â ') replaced by blanks");
        }
        if (nbsp > 0) {
            parts.add(nbsp + " non-breaking space(s) replaced by blanks");
        }
        if (undecodable > 0) {
            parts.add(undecodable + " byte(s) that were not UTF-8 read as blanks");
        }
        return parts.isEmpty() ? null : "repaired mail damage: " + String.join(", ", parts);
    }
}
