package dev.asiscope.ui.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.ui.annotate.AnchorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The workspaces shown and shipped with the user guide are valid and name a scenario that exists. */
class WorkspaceDocsTest {
    @Test
    void exampleWorkspacesParseAndPointAtTheirScenario() throws Exception {
        for (String name : new String[] {"l1tf.asiscope.json", "l1tf-window.asiscope.json"}) {
            Path f = Path.of("docs/examples", name);
            Workspace ws = WorkspaceFile.read(f);
            assertFalse(ws.annotations().isEmpty(), name);
            assertTrue(Files.isRegularFile(WorkspaceFile.scenarioOf(f, ws)), name + " names " + ws.scenario());
        }
    }

    @Test
    void theJsonInTheUserGuideParses() throws Exception {
        String md = Files.readString(Path.of("docs/user-guide-annotations.md"));
        Matcher m = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(md);
        assertTrue(m.find(), "a json block");
        Workspace ws = WorkspaceFile.parse("user guide", m.group(1));
        assertEquals(2, ws.annotations().size());
        assertEquals(AnchorKind.CORE, ws.annotations().get(1).anchor().kind());
        assertTrue(m.find(), "the what-if example");
        Workspace w = WorkspaceFile.parse("user guide", m.group(1));
        assertEquals("asi", w.whatIf().policy());
        assertEquals(List.of("P"), w.whatIf().edits().get(0).clear());
    }
}
