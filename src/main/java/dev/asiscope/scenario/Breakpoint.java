package dev.asiscope.scenario;

import dev.asiscope.sim.engine.Event;
import dev.asiscope.sim.engine.EventKind;
import java.util.function.Predicate;

/**
 * A condition on events: an event kind, optionally narrowed to one CPU, a label (for fills, leaks,
 * exposure) or a text the event's detail must contain (e.g. a VM-exit reason name).
 *
 * @param kind     the event kind
 * @param cpu      logical CPU, or -1 for any
 * @param label    required label, or null
 * @param contains text the detail must contain (e.g. {@code EXTERNAL_INTERRUPT}), or null
 */
public record Breakpoint(EventKind kind, int cpu, String label, String contains) implements Predicate<Event> {
    public static Breakpoint on(EventKind kind) {
        return new Breakpoint(kind, -1, null, null);
    }

    @Override
    public boolean test(Event e) {
        if (e.kind() != kind || (cpu >= 0 && e.cpu() != cpu)
                || (label != null && (e.label() == null || !label.equals(e.label().name())))) {
            return false;
        }
        if (contains == null) {
            return true;
        }
        String detail = EventText.detail(e);
        return detail != null && detail.contains(contains);
    }

    /** e.g. {@code "vm-exit EXTERNAL_INTERRUPT on cpu1"}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(kind.id());
        if (contains != null) {
            sb.append(' ').append(contains);
        }
        if (label != null) {
            sb.append(" [").append(label).append(']');
        }
        if (cpu >= 0) {
            sb.append(" on cpu").append(cpu);
        }
        return sb.toString();
    }
}
