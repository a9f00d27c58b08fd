package dev.asiscope.scenario;

import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.engine.Policy;
import dev.asiscope.sim.engine.ThreadInvariants;
import java.io.IOException;
import java.nio.file.Path;
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
        return SampleTraces.files().stream().flatMap(f -> {
            LoadedScenario s = SampleTraces.load(f);
            if (s.spec().programs().isEmpty()) {
                return Stream.empty();
            }
            TreeSet<String> policies = SampleTraces.policies(s);
            policies.addAll(Policy.NAMED.keySet());
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
