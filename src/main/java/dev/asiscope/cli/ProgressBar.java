package dev.asiscope.cli;

import java.io.PrintStream;

/**
 * A one-line progress indicator on stderr, shown only when stderr is a terminal and the work has taken
 * more than a second; silent otherwise (pipes, CI logs).
 */
final class ProgressBar {
    private final PrintStream out;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private final String what;
    private boolean shown;

    ProgressBar(String what) {
        this.what = what;
        this.out = System.err;
        this.enabled = System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }

    /** Reports progress: {@code done} of {@code total} (total <= 0: unknown), with a detail. */
    void update(long done, long total, String detail) {
        if (!enabled || System.nanoTime() - start < 1_000_000_000L) {
            return;
        }
        shown = true;
        StringBuilder sb = new StringBuilder("\r").append(what).append(' ');
        if (total > 0) {
            int width = 30;
            int filled = (int) Math.min(width, width * done / total);
            sb.append('[').append("=".repeat(filled)).append(" ".repeat(width - filled)).append("] ")
                    .append(100 * done / total).append("% ");
        }
        sb.append(detail).append("   ");
        out.print(sb);
        out.flush();
    }

    void done() {
        if (shown) {
            out.print("\r" + " ".repeat(80) + "\r");
            out.flush();
        }
    }
}
