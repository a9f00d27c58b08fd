package dev.asiscope.sim.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The engine's facts are values: what the event log, a leak's causal chain, the reasons for an ASI exit or a
 * flush, the steps a thread runs and the reason a run stops carry is numbers, enums and typed identities, plus
 * the <em>names</em> of things a scenario names (handlers, regions, tables). No record of the event model has a
 * string component that holds a sentence: the words are made once, by {@code scenario.EventText} and the
 * renderers next to it. A new string component must be such a name, and be added to {@link #NAMES}; anything
 * else is a typed value.
 */
class FactsCarryNoProseTest {
    /** String components allowed: each holds a name from the scenario, never text. */
    private static final Set<String> NAMES = Set.of("handler", "exitHandler", "region", "regionLabel",
            "requestedBy", "cause", "buffer", "space");

    @Test
    void everyStringComponentIsAName() {
        List<Class<?>> records = new ArrayList<>();
        for (Class<?> root : List.of(EventFact.class, Leak.class, MissingMitigation.class, AsiExitCause.class,
                FlushReason.class, Step.class, SimulationException.Problem.class)) {
            collect(root, records);
        }
        assertTrue(records.size() > 50, "found the event model's records: " + records.size());
        Set<String> prose = new LinkedHashSet<>();
        for (Class<?> r : records) {
            for (RecordComponent c : r.getRecordComponents()) {
                if (c.getType() == String.class && !NAMES.contains(c.getName())) {
                    prose.add(r.getName() + "." + c.getName());
                }
            }
        }
        assertTrue(prose.isEmpty(), "string components that are not names (make them typed values): " + prose);
    }

    /** {@code type} and every record reachable from it as a permitted subclass or a nested class. */
    private static void collect(Class<?> type, List<Class<?>> out) {
        if (out.contains(type)) {
            return;
        }
        if (type.isRecord()) {
            out.add(type);
        }
        if (type.isSealed()) {
            for (Class<?> sub : type.getPermittedSubclasses()) {
                collect(sub, out);
            }
        }
        for (Class<?> nested : type.getDeclaredClasses()) {
            collect(nested, out);
        }
    }
}
