package dev.asiscope.cli;

import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.scenario.Scenario;
import dev.asiscope.scenario.ScenarioException;
import dev.asiscope.scenario.ScenarioLoader;
import dev.asiscope.scenario.ScenarioWriter;
import dev.asiscope.scenario.importer.WorkloadGenerator;
import dev.asiscope.scenario.importer.ExitCountReport;
import dev.asiscope.scenario.importer.ExitCountsImporter;
import dev.asiscope.scenario.importer.ExitMix;
import dev.asiscope.scenario.importer.ImportException;
import dev.asiscope.scenario.importer.KvmExitTrace;
import dev.asiscope.scenario.importer.KvmTraceImporter;
import dev.asiscope.scenario.importer.PerfKvmStatImporter;
import dev.asiscope.scenario.importer.PerfKvmStatReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** Imported exit mixes turned into replay scenarios, shared by {@code import --scenario} and {@code cost}. */
final class Replays {
    /** The input kinds that give an exit mix. */
    static final List<String> KINDS = List.of("kvm-trace", "perf-kvm-stat", "exit-counts");

    private Replays() {
    }

    /**
     * A generated replay: the mix it came from, the scenario, its JSON (as written by
     * {@link ScenarioWriter}) and the scenario loaded back from that JSON.
     */
    record Replay(ExitMix mix, Scenario scenario, String json, LoadedScenario loaded) {
    }

    /** Imports {@code file} as {@code kind} and generates its replay. */
    static Replay of(String kind, Path file, WorkloadGenerator.Options o) throws ImportException {
        String k = kind == null ? "" : kind.toLowerCase(Locale.ROOT);
        return switch (k) {
            case "kvm-trace", "kvm_exit", "trace" -> of(new KvmTraceImporter().parse(file), file, o);
            case "perf-kvm-stat", "perf" -> of(new PerfKvmStatImporter().parse(file), file, o);
            case "exit-counts" -> of(new ExitCountsImporter().parse(file), file, o);
            default -> throw new ImportException(String.valueOf(file), 0, 0, "unknown kind '" + kind
                    + "' (expected " + String.join(", ", KINDS) + ")");
        };
    }

    static Replay of(KvmExitTrace t, Path file, WorkloadGenerator.Options o) throws ImportException {
        return load(file, t.exitMix(), () -> WorkloadGenerator.generate(t, o));
    }

    static Replay of(PerfKvmStatReport r, Path file, WorkloadGenerator.Options o) throws ImportException {
        ExitMix mix = WorkloadGenerator.exitMix(r);
        return load(file, mix, () -> WorkloadGenerator.generate(mix, o));
    }

    static Replay of(ExitCountReport r, Path file, WorkloadGenerator.Options o) throws ImportException {
        ExitMix mix = r.exitMix();
        return load(file, mix, () -> WorkloadGenerator.generate(mix, o));
    }

    /** Generates, writes to JSON and loads the result back, which validates it like any scenario file. */
    private static Replay load(Path file, ExitMix mix, Supplier<Scenario> generate) throws ImportException {
        Scenario s;
        try {
            s = generate.get();
        } catch (IllegalArgumentException e) {
            throw new ImportException(String.valueOf(file), 0, 0, e.getMessage());
        }
        String json = ScenarioWriter.toJson(s);
        try {
            LoadedScenario loaded = ScenarioLoader.parse("scenario generated from " + file.getFileName(), json, null);
            return new Replay(mix, s, json, loaded);
        } catch (ScenarioException e) {
            throw new ImportException(String.valueOf(file), 0, 0, "the generated scenario does not load: "
                    + e.getMessage());
        }
    }
}
