package dev.asiscope.scenario;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Text versus binary, strict (scenario files) and lenient (imports pasted from mail). */
class TextCheckTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void utf8TextOfEveryLengthPasses() {
        byte[] text = utf8("caf\u00e9 \u2014 \u00b5s \uD83D\uDE00\n\u00c2\u00a0ok\n");
        assertNull(TextCheck.strict(text));
        assertNull(TextCheck.lenient(text, false));
    }

    @Test
    void aSequenceCutAtTheEndOfASniffedPrefixIsNotAnError() {
        byte[] text = utf8("ab\u00e9");
        byte[] cut = java.util.Arrays.copyOf(text, text.length - 1);
        assertNull(TextCheck.lenient(cut, true));
        assertNotNull(TextCheck.strict(cut), "a whole file may not end inside a character");
    }

    @Test
    void aFewLatin1BytesAreMailNotBinary() {
        byte[] mail = "line one\nnon\u00a0breaking\n".getBytes(StandardCharsets.ISO_8859_1);
        assertNull(TextCheck.lenient(mail, false));
        TextCheck.Problem p = TextCheck.strict(mail);
        assertEquals(2, p.line());
        assertEquals(4, p.column());
        assertTrue(p.message().startsWith("not UTF-8 text (expected UTF-8; was it saved as Latin-1"), p.message());
    }

    @Test
    void nulOrMostlyUndecodableIsBinary() {
        TextCheck.Problem nul = TextCheck.lenient(new byte[] {'a', '\n', 'b', 0}, false);
        assertEquals(2, nul.line());
        assertEquals(2, nul.column());
        assertEquals("not a text file (expected UTF-8 text): NUL byte at offset 3", nul.message());
        byte[] noise = new byte[100];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (byte) (0x80 + i % 0x40);
        }
        TextCheck.Problem p = TextCheck.lenient(noise, false);
        assertTrue(p.message().startsWith("not a text file (expected UTF-8 text): byte 0x80 at offset 0"), p.message());
    }

    @Test
    void overlongAndSurrogateStartBytesAreNotUtf8() {
        assertNotNull(TextCheck.strict(new byte[] {(byte) 0xC0, (byte) 0x80}), "overlong NUL");
        assertNotNull(TextCheck.strict(new byte[] {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80}));
        assertNotNull(TextCheck.strict(new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0x80}), "overlong 3-byte");
        assertNotNull(TextCheck.strict(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}), "a surrogate");
        assertNotNull(TextCheck.strict(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}),
                "above U+10FFFF");
    }
}
