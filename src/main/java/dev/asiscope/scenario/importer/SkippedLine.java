package dev.asiscope.scenario.importer;

/**
 * A line an importer did not use, kept as an example for the report.
 *
 * @param line   1-based line number
 * @param text   the line (shortened to at most 160 characters)
 * @param reason why it was skipped, e.g. {@code "not a ptdump line"}
 */
public record SkippedLine(int line, String text, String reason) {
    /** Maximum number of examples importers keep. */
    public static final int MAX_EXAMPLES = 5;

    static SkippedLine of(int line, String text, String reason) {
        String t = text == null ? "" : text;
        if (t.length() > 160) {
            t = t.substring(0, 157) + "...";
        }
        StringBuilder sb = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            sb.append(c < 0x20 && c != '\t' ? '?' : c);
        }
        return new SkippedLine(line, sb.toString(), reason);
    }
}
