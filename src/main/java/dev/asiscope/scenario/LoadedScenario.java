package dev.asiscope.scenario;

import dev.asiscope.sim.engine.MachineSpec;
import dev.asiscope.sim.engine.Policy;
import java.nio.file.Path;
import java.util.List;

/**
 * A scenario file turned into what the engine and the UI need: the machine spec, the policy it names,
 * its narration, breakpoints, guided-mode step and expectations.
 *
 * @param source       the file it came from (null for built-in scenarios)
 * @param name         title
 * @param description  free text
 * @param spec         the machine to simulate
 * @param policyName   the policy as written (e.g. {@code asi-stun})
 * @param policy       the parsed policy
 * @param narration    captions, in anchor order
 * @param breakpoints  breakpoints the scenario sets
 * @param guidedStep   step granularity locked in guided mode: {@code cycle}, {@code event},
 *                     {@code narration}, or null for free stepping
 * @param expectations what must hold under which policy (checked by validate and the tests)
 * @param raw          the parsed file
 */
public record LoadedScenario(Path source, String name, String description, MachineSpec spec, String policyName,
        Policy policy, List<Narration> narration, List<Breakpoint> breakpoints, String guidedStep,
        List<Expectation> expectations, Scenario raw) {
}
