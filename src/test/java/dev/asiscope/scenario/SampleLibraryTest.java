package dev.asiscope.scenario;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every scenario in sample-traces/ validates and meets its own expectations. */
class SampleLibraryTest {
    @TestFactory
    Stream<DynamicTest> everySampleMeetsItsExpectations() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("sample-traces"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).filter(p -> !p.getFileName().toString()
                    .startsWith("bench-")).sorted().toList();
        }
        assertFalse(files.isEmpty());
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            LoadedScenario s = ScenarioLoader.load(f);
            for (ScenarioRunner.ExpectationResult r : ScenarioRunner.check(s)) {
                assertTrue(r.passed(), f + ": " + r.message());
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> indexListsEverySample() throws IOException {
        List<String> index = Files.readAllLines(Path.of("sample-traces/index.txt")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).map(String::trim).toList();
        try (Stream<Path> s = Files.list(Path.of("sample-traces"))) {
            return s.filter(p -> p.toString().endsWith(".json")).map(p -> p.getFileName().toString()).sorted().toList()
                    .stream().map(n -> DynamicTest.dynamicTest(n, () -> assertTrue(index.contains(n),
                            n + " missing from sample-traces/index.txt")));
        }
    }
}
