package dev.asiscope.ui.workspace;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.asiscope.ui.annotate.Annotation;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the user made on top of a scenario: annotations, breakpoints, the window layout, the policy, the
 * cursor's cycle and the what-if pane's edits. Stored as JSON beside the scenario (see {@link WorkspaceFile}).
 *
 * @param format         file format version ({@value #FORMAT})
 * @param scenario       the scenario's file name, relative to the workspace file when beside it
 * @param scenarioSha256 SHA-256 of the scenario's bytes when the workspace was saved (to warn when the
 *                       scenario changed since), or null
 * @param policy         the policy as spelled, or null for the scenario's own
 * @param cycle          the cursor's cycle
 * @param layout         window layout
 * @param breakpoints    breakpoints
 * @param annotations    annotations, bottom to top
 * @param whatIf         the what-if pane's edits, or null when there are none (files written before
 *                       what-if edits were kept have none)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Workspace(Integer format, String scenario, String scenarioSha256, String policy, Long cycle,
        WindowLayout layout, List<WorkspaceBreakpoint> breakpoints, List<Annotation> annotations,
        WorkspaceWhatIf whatIf) {
    /** The format this version reads and writes. */
    public static final int FORMAT = 1;

    public Workspace {
        format = format == null ? FORMAT : format;
        if (format > FORMAT) {
            throw new IllegalArgumentException("this workspace has format " + format + ", written by a newer asiscope;"
                    + " this one reads format " + FORMAT);
        }
        if (format < 1) {
            throw new IllegalArgumentException("format must be " + FORMAT + ", got " + format);
        }
        cycle = cycle == null ? 0L : cycle;
        if (cycle < 0) {
            throw new IllegalArgumentException("cycle must be >= 0, got " + cycle);
        }
        layout = layout == null ? WindowLayout.DEFAULT : layout;
        breakpoints = breakpoints == null ? List.of() : List.copyOf(breakpoints);
        annotations = annotations == null ? List.of() : List.copyOf(annotations);
        // no edits is said by leaving the field out, so files without what-if edits stay as they were
        whatIf = whatIf == null || whatIf.edits().isEmpty() ? null : whatIf;
        Set<String> ids = new HashSet<>();
        for (Annotation a : annotations) {
            if (a == null) {
                throw new IllegalArgumentException("an annotation is null");
            }
            if (!ids.add(a.id())) {
                throw new IllegalArgumentException("two annotations have the id '" + a.id() + "'");
            }
        }
    }

    /** An empty workspace for {@code scenario}. */
    public static Workspace empty(String scenario, String scenarioSha256) {
        return new Workspace(FORMAT, scenario, scenarioSha256, null, 0L, WindowLayout.DEFAULT, List.of(), List.of(), null);
    }

    public Workspace withAnnotations(List<Annotation> list) {
        return new Workspace(format, scenario, scenarioSha256, policy, cycle, layout, breakpoints, list, whatIf);
    }

    public Workspace withBreakpoints(List<WorkspaceBreakpoint> list) {
        return new Workspace(format, scenario, scenarioSha256, policy, cycle, layout, list, annotations, whatIf);
    }

    public Workspace withLayout(WindowLayout l) {
        return new Workspace(format, scenario, scenarioSha256, policy, cycle, l, breakpoints, annotations, whatIf);
    }

    public Workspace withPolicy(String p) {
        return new Workspace(format, scenario, scenarioSha256, p, cycle, layout, breakpoints, annotations, whatIf);
    }

    public Workspace withCycle(long c) {
        return new Workspace(format, scenario, scenarioSha256, policy, c, layout, breakpoints, annotations, whatIf);
    }

    /** The same workspace with the what-if pane's edits {@code w} (null or no edits: none). */
    public Workspace withWhatIf(WorkspaceWhatIf w) {
        return new Workspace(format, scenario, scenarioSha256, policy, cycle, layout, breakpoints, annotations, w);
    }

    /** The same workspace for a scenario with this name and hash. */
    public Workspace forScenario(String name, String sha256) {
        return new Workspace(format, name, sha256, policy, cycle, layout, breakpoints, annotations, whatIf);
    }

    /**
     * Whether the workspace was saved for a scenario with these bytes (true when either hash is unknown).
     * A mismatch means the scenario changed since: annotations may no longer point at the right things.
     */
    public boolean matchesScenario(String sha256) {
        return scenarioSha256 == null || sha256 == null || scenarioSha256.equalsIgnoreCase(sha256);
    }
}
