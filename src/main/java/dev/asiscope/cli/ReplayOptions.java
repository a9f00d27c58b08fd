package dev.asiscope.cli;

import dev.asiscope.scenario.importer.WorkloadGenerator;
import picocli.CommandLine.Option;

/** The options of a generated replay scenario, shared by {@code import --scenario} and {@code cost}. */
final class ReplayOptions {
    @Option(names = "--ghz", paramLabel = "G",
            description = "Simulated clock in GHz: converts measured µs and exit rates to cycles (default: 3.0).")
    Double ghz;

    @Option(names = "--exits-per-second", paramLabel = "N",
            description = "Exits per vCPU per second of guest execution (default for perf-kvm-stat and exit-counts "
                    + "input: 20000; kvm-trace input: measured from the timestamps, which this replaces).")
    Double exitsPerSecond;

    @Option(names = "--exits", paramLabel = "N",
            description = "Exits each vCPU replays (default: 20000 in total over all vCPUs).")
    Long exits;

    @Option(names = "--cores", paramLabel = "C", description = "Physical cores of the machine (default: 2).")
    Integer cores;

    @Option(names = "--threads", paramLabel = "T", description = "Threads per core, 1 or 2 (default: 2).")
    Integer threads;

    @Option(names = "--vms", paramLabel = "V",
            description = "VMs sharing the vCPUs, one vCPU per logical CPU (default: 2, or the trace's vCPU count "
                    + "when larger; at most the logical CPUs).")
    Integer vms;

    /** Whether any of these options was given. */
    boolean anyGiven() {
        return ghz != null || exitsPerSecond != null || exits != null || cores != null || threads != null
                || vms != null;
    }

    /**
     * The generator options for input {@code sourceName}.
     *
     * @throws IllegalArgumentException naming the bad option
     */
    WorkloadGenerator.Options options(String sourceName) {
        return new WorkloadGenerator.Options(sourceName, ghz, exitsPerSecond, exits, cores, threads, vms, null, null);
    }
}
