package dev.asiscope.ui.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceAutosaveTest {
    @TempDir
    Path dir;

    @Test
    void aBurstOfChangesIsOneWriteOfTheLatestState() throws Exception {
        List<Long> saved = new CopyOnWriteArrayList<>();
        Path f = dir.resolve("w.asiscope.json");
        try (WorkspaceAutosave auto = new WorkspaceAutosave(f, Duration.ofMillis(150), (p, ws) -> {
            WorkspaceFile.save(p, ws);
            saved.add(ws.cycle());
        }, e -> { })) {
            Workspace ws = Workspace.empty("s.json", null);
            for (int i = 1; i <= 20; i++) {
                auto.changed(ws.withCycle(i));
                Thread.sleep(5);
            }
            assertTrue(saved.isEmpty(), "nothing written while changes keep coming");
            long deadline = System.currentTimeMillis() + 5000;
            while (saved.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(300);
            assertEquals(List.of(20L), saved);
            assertEquals(20L, WorkspaceFile.read(f).cycle());
            assertFalse(auto.hasPending());
        }
    }

    @Test
    void closeWritesWhatIsPendingAndErrorsAreReported() throws Exception {
        List<Long> saved = new CopyOnWriteArrayList<>();
        WorkspaceAutosave auto = new WorkspaceAutosave(dir.resolve("w.json"), Duration.ofHours(1),
                (p, ws) -> saved.add(ws.cycle()), e -> { });
        auto.changed(Workspace.empty("s", null).withCycle(3));
        auto.close();
        assertEquals(List.of(3L), saved);

        List<IOException> errors = new CopyOnWriteArrayList<>();
        try (WorkspaceAutosave failing = new WorkspaceAutosave(dir.resolve("w.json"), Duration.ofMillis(10),
                (p, ws) -> {
                    throw new IOException("read-only file system");
                }, errors::add)) {
            failing.changed(Workspace.empty("s", null));
            long deadline = System.currentTimeMillis() + 5000;
            while (errors.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
        }
        assertEquals("read-only file system", errors.get(0).getMessage());
    }
}
