package dev.asiscope.scenario;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.engine.Policy;
import dev.asiscope.sim.engine.ThreadInvariants;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every sample under every named policy (and the combinations the sample itself names), stepped one step at a
 * time: after each step every CPU's context, CR3 and ASI state agree ({@link ThreadInvariants}).
 */
class ThreadInvariantsOnSamplesTest {
    @TestFactory
    Stream<DynamicTest> everySampleUnderEveryPolicyKeepsContextCr3AndAsiInAgreement() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("sample-traces"))) {
            files = s.filter(p -> p.toString().endsWith(".json"))
                    .filter(p -> !p.getFileName().toString().startsWith("bench-")).sorted().toList();
        }
        assertFalse(files.isEmpty());
        return files.stream().flatMap(f -> {
            LoadedScenario s;
            try {
                s = ScenarioLoader.load(f);
            } catch (Exception e) {
                throw new AssertionError(f + ": " + e.getMessage(), e);
            }
            if (s.spec().programs().isEmpty()) {
                return Stream.empty();
            }
            TreeSet<String> policies = new TreeSet<>(Policy.NAMED.keySet());
            policies.add(s.policyName());
            for (Expectation e : s.expectations()) {
                policies.add(e.policy());
            }
            String name = f.getFileName().toString();
            return policies.stream().map(p -> DynamicTest.dynamicTest(name + " under " + p, () -> {
                Machine m = new Machine(s.spec(), Policy.parse(p), null);
                String where = name + " under " + p;
                ThreadInvariants.check(m, where);
                while (m.step()) {
                    ThreadInvariants.check(m, where);
                }
            }));
        });
    }
}
