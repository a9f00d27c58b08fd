package dev.asiscope.ui.workspace;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.asiscope.scenario.Scenario;
import java.util.List;

/**
 * The what-if pane's edits as the workspace keeps them: the edits in the order they were made (the
 * fields of a scenario's {@code edits} entries, see docs/scenario-format.md) and the policy the what-if
 * runs were made under. Reopening the scenario re-applies them in the pane. Which edits fit the scenario
 * (a table or region that exists, a bit name) is checked then, not when the file is read.
 *
 * @param policy the policy of the what-if runs as spelled, or null for the scenario's own
 * @param edits  the edits, first made first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkspaceWhatIf(String policy, List<Scenario.EditSpec> edits) {
    public WorkspaceWhatIf {
        edits = edits == null ? List.of() : List.copyOf(edits);
        for (Scenario.EditSpec e : edits) {
            if (e == null) {
                throw new IllegalArgumentException("an edit is null");
            }
        }
    }
}
