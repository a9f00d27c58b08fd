package dev.asiscope.bench;

import dev.asiscope.sim.paging.AccessType;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The yardstick comparison measured in CPU time instead of wall time, for a machine shared with other
 * work (on two cores with ten runnable threads, wall-time figures fall several-fold and by chance). The
 * CPU time is the whole JVM's (every thread's), so the collector's work for the garbage of a pass counts,
 * as it would in wall time on an idle machine; the last passes run with the JIT's work done.
 * {@code scripts/bench-vs-c.sh} runs it beside the C reference compiled to read the thread's CPU clock.
 * Runs the same states and loops as {@link CacheBenchmark#trace}, {@link PageWalkBenchmark#translateImage}
 * and {@link PageWalkBenchmark#translateRawMemory} and prints one JSON line with the best pass of each.
 * Usage: {@code CpuTimeRun DIR cache|walk [PASSES]}; each kernel in a JVM of its own, as JMH forks do, so
 * that one kernel's profile does not shape the other's compiled code (the memory lookups they share are
 * compiled from the profile of whichever ran first).
 */
public final class CpuTimeRun {
    private static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private CpuTimeRun() {
    }

    public static void main(String[] args) {
        String dir = args[0];
        int passes = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        if (args[1].equals("cache")) {
            cache(dir, passes);
        } else if (args[1].equals("walk")) {
            walk(dir, passes);
        } else {
            throw new IllegalArgumentException("kernel must be cache or walk, got " + args[1]);
        }
    }

    private static void cache(String dir, int passes) {
        CacheBenchmark.Trace trace = new CacheBenchmark.Trace();
        trace.dir = dir;
        trace.replacement = "LRU";
        trace.read();
        CacheBenchmark bench = new CacheBenchmark();
        double cache = 0;
        for (int p = 0; p < passes; p++) {
            trace.freshHierarchy();
            long t0 = CPU.getProcessCpuTime();
            bench.trace(trace);
            cache = Math.max(cache, trace.addresses.length / seconds(t0));
        }
        System.out.println(String.format(Locale.ROOT, "{\"tool\": \"asiscope-cpu-time-cache\", \"per_s\": %.1f, "
                + "\"passes\": %d}", cache, passes));
    }

    private static void walk(String dir, int passes) {
        PageWalkBenchmark.Image image = new PageWalkBenchmark.Image();
        image.dir = dir;
        image.read();
        PageWalkBenchmark.Tables tables = new PageWalkBenchmark.Tables();
        tables.build();
        PageWalkBenchmark walks = new PageWalkBenchmark();
        int n = 1 << 23; // passes of about a quarter second: the process CPU clock ticks coarsely
        double imageRate = 0;
        double rawRate = 0;
        long sink = 0;
        for (int p = 0; p < passes; p++) {
            long t0 = CPU.getProcessCpuTime();
            for (int i = 0; i < n; i++) {
                sink ^= walks.translateImage(image);
            }
            imageRate = Math.max(imageRate, n / seconds(t0));
            t0 = CPU.getProcessCpuTime();
            for (int i = 0; i < n; i++) {
                sink ^= walks.translateRawMemory(tables);
            }
            rawRate = Math.max(rawRate, n / seconds(t0));
        }
        System.out.println(String.format(Locale.ROOT, "{\"tool\": \"asiscope-cpu-time-walk\", "
                + "\"image_per_s\": %.1f, \"raw_per_s\": %.1f, \"passes\": %d, \"sink\": %d}", imageRate, rawRate,
                passes, sink & 1));
    }

    private static double seconds(long cpuStart) {
        return (CPU.getProcessCpuTime() - cpuStart) / 1e9;
    }
}
