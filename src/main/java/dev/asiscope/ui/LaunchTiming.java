package dev.asiscope.ui;

import java.lang.management.ManagementFactory;

/**
 * Launch-to-first-frame measurement: {@code main()} marks its start, the window reports when its first
 * frame was rendered. Printed to stderr when the system property {@code asiscope.timing} is set.
 */
public final class LaunchTiming {
    private static volatile long mainNanos;

    private LaunchTiming() {
    }

    /** Called first thing in {@code main()}. */
    public static void markMain() {
        if (mainNanos == 0) {
            mainNanos = System.nanoTime();
        }
    }

    /** {@code System.nanoTime()} at {@link #markMain()} (now, when main did not mark). */
    static long mainNanos() {
        return mainNanos == 0 ? System.nanoTime() : mainNanos;
    }

    /** Milliseconds since {@link #markMain()} (or since the JVM started, when main did not mark). */
    static double sinceMainMillis() {
        return mainNanos == 0 ? sinceJvmStartMillis() : (System.nanoTime() - mainNanos) / 1e6;
    }

    static double sinceJvmStartMillis() {
        return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    private static final StringBuilder MARKS = new StringBuilder();

    /** Records a named point of the launch (reported with the first frame). */
    static void mark(String what) {
        MARKS.append(String.format("%s %.0f ms, ", what, sinceMainMillis()));
    }

    private static int viewsToPaint = -1;

    /** The window will report once {@code n} views have painted for the first time. */
    static void expectViews(int n) {
        viewsToPaint = n;
    }

    /** A view painted for the first time (FX thread). */
    static void viewPainted() {
        if (viewsToPaint > 0 && --viewsToPaint == 0 && Boolean.getBoolean("asiscope.timing")) {
            System.err.printf("asiscope: every view painted %.0f ms after main()%n", sinceMainMillis());
        }
    }

    static void firstFrame() {
        if (Boolean.getBoolean("asiscope.timing")) {
            System.err.printf("asiscope: first frame %.0f ms after main() (%.0f ms after JVM start; %s)%n",
                    sinceMainMillis(), sinceJvmStartMillis(), MARKS.toString().replaceAll(", $", ""));
        }
    }
}
