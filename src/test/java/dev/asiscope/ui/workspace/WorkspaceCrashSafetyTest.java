package dev.asiscope.ui.workspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A save that dies before the rename never costs the previous workspace. */
class WorkspaceCrashSafetyTest {
    @TempDir
    Path dir;

    @Test
    void aSaveThatFailsAfterWritingTheTemporaryFileLeavesTheOldWorkspaceIntact() throws Exception {
        Path f = dir.resolve("s.asiscope.json");
        Workspace v1 = Workspace.empty("s.json", null).withAnnotations(WorkspaceFileTest.everyKind("caches", 10));
        WorkspaceFile.save(f, v1);
        byte[] before = Files.readAllBytes(f);

        Workspace v2 = v1.withAnnotations(List.of()).withCycle(99);
        long[] written = {0};
        IOException crash = assertThrows(IOException.class, () -> WorkspaceFile.save(f, v2, writer -> out -> {
            writer.writeTo(out);
            out.flush();
            written[0] = tempFiles().mapToLong(WorkspaceCrashSafetyTest::size).sum();
            throw new IOException("simulated crash before the rename");
        }));
        assertEquals("simulated crash before the rename", crash.getMessage());
        assertTrue(written[0] > 0, "the new content had reached the temporary file");
        assertArrayEquals(before, Files.readAllBytes(f), "old workspace byte for byte");
        assertEquals(v1, WorkspaceFile.read(f));
        assertEquals(0, tempFiles().count(), "temporary file removed");
    }

    @Test
    void aWriterThatDiesHalfwayLeavesTheOldWorkspaceIntact() throws Exception {
        Path f = dir.resolve("s.asiscope.json");
        Workspace v1 = Workspace.empty("s.json", null).withCycle(5);
        WorkspaceFile.save(f, v1);
        assertThrows(IOException.class, () -> WorkspaceFile.save(f, v1.withCycle(6), writer -> out -> {
            out.write("{\"cycle\": 6, \"annot".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals(v1, WorkspaceFile.read(f));
    }

    @Test
    void aTemporaryFileLeftByAKilledProcessDoesNotDisturbReading() throws Exception {
        Path f = dir.resolve("s.asiscope.json");
        Workspace v1 = Workspace.empty("s.json", null).withCycle(5);
        WorkspaceFile.save(f, v1);
        // What a process killed between write and rename leaves behind: a half-written temporary file.
        Files.writeString(dir.resolve(".s.asiscope.json.123456.tmp"), "{\"cycle\": 6, \"annot");
        assertEquals(v1, WorkspaceFile.read(f));
        WorkspaceFile.save(f, v1.withCycle(6));
        assertEquals(6L, WorkspaceFile.read(f).cycle());
    }

    private Stream<Path> tempFiles() {
        try {
            return Files.list(dir).filter(p -> p.getFileName().toString().endsWith(".tmp")).toList().stream();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
