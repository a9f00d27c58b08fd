package dev.asiscope.scenario.importer;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * What mail clients do to pasted tool output, applied to real samples: quote prefixes, blanks turned into
 * non-breaking spaces and then into mojibake ({@code "Â\u00A0"}, the UTF-8 bytes of U+00A0 read as Latin-1),
 * and quoted-printable encoding with soft line breaks. Test helper.
 */
final class MailDamage {
    private MailDamage() {
    }

    /** Prefixes every line with {@code prefix} ({@code "> "}, {@code ">> "}). */
    static String quote(String text, String prefix) {
        StringBuilder sb = new StringBuilder();
        for (String l : text.split("\n", -1)) {
            sb.append(l.isEmpty() ? prefix.strip() : prefix + l).append('\n');
        }
        return sb.toString();
    }

    /** Replaces each blank inside a line by {@code "Â\u00A0"} with probability {@code p}. */
    static String mojibakeBlanks(String text, Random rnd, double p) {
        StringBuilder sb = new StringBuilder(text.length() * 2);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean inner = i > 0 && text.charAt(i - 1) != '\n';
            sb.append(c == ' ' && inner && rnd.nextDouble() < p ? "\u00C2\u00A0" : String.valueOf(c));
        }
        return sb.toString();
    }

    /**
     * Quoted-printable (RFC 2045): {@code =} as {@code =3D}, bytes >= 0x80 as {@code =HH}, lines longer than
     * 76 characters broken with soft line breaks ({@code =} at the end).
     */
    static String quotedPrintable(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            StringBuilder enc = new StringBuilder();
            for (byte b : line.getBytes(StandardCharsets.UTF_8)) {
                int v = b & 0xff;
                enc.append(v == '=' || v >= 0x80 ? String.format("=%02X", v) : String.valueOf((char) v));
            }
            String e = enc.toString();
            while (e.length() > 76) {
                int cut = 75;
                // never split an =HH escape
                if (e.charAt(cut - 1) == '=') {
                    cut -= 1;
                } else if (e.charAt(cut - 2) == '=') {
                    cut -= 2;
                }
                out.append(e, 0, cut).append("=\n");
                e = e.substring(cut);
            }
            out.append(e).append('\n');
        }
        return out.toString();
    }
}
