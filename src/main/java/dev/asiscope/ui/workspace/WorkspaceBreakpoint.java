package dev.asiscope.ui.workspace;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.asiscope.scenario.Breakpoint;
import dev.asiscope.sim.engine.EventKind;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A breakpoint as the workspace keeps it: the fields of {@link Breakpoint} (kind id, CPU or -1 for any,
 * label, detail text) and whether it is switched on.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkspaceBreakpoint(String kind, Integer cpu, String label, String contains, Boolean enabled) {
    public WorkspaceBreakpoint {
        if (kind == null) {
            throw new IllegalArgumentException("a breakpoint needs a kind (one of: " + kinds() + ")");
        }
        try {
            kind = EventKind.fromId(kind).id();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown event kind '" + kind + "' (known: " + kinds() + ")");
        }
        cpu = cpu == null ? -1 : cpu;
        enabled = enabled == null ? Boolean.TRUE : enabled;
    }

    public static WorkspaceBreakpoint of(Breakpoint b, boolean enabled) {
        return new WorkspaceBreakpoint(b.kind().id(), b.cpu(), b.label(), b.contains(), enabled);
    }

    public Breakpoint toBreakpoint() {
        return new Breakpoint(EventKind.fromId(kind), cpu, label, contains);
    }

    private static String kinds() {
        return Arrays.stream(EventKind.values()).map(EventKind::id).collect(Collectors.joining(", "));
    }
}
