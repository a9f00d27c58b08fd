package dev.asiscope.scenario;

/** Parsing and printing of the 64-bit numbers used in scenario files and reports. */
public final class Hex {
    private Hex() {
    }

    /**
     * Parses {@code 0x...} hexadecimal (underscores allowed) or plain decimal, as an unsigned 64-bit value.
     *
     * @throws NumberFormatException with a message saying what was expected
     */
    public static long parse(String text) {
        String s = text.trim().replace("_", "");
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) {
                String digits = s.substring(2);
                if (digits.isEmpty() || digits.length() > 16) {
                    throw new NumberFormatException();
                }
                return Long.parseUnsignedLong(digits, 16);
            }
            if (s.startsWith("-")) {
                return Long.parseLong(s);
            }
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw new NumberFormatException("expected a 64-bit number such as \"0x1000\" or 4096, got \"" + text + "\"");
        }
    }

    /** {@code 0x} followed by lower-case hex digits, no padding. */
    public static String of(long value) {
        return "0x" + Long.toHexString(value);
    }

    /** {@code 0x} followed by exactly 16 lower-case hex digits. */
    public static String of16(long value) {
        return String.format("0x%016x", value);
    }
}
