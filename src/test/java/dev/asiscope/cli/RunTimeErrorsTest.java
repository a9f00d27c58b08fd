package dev.asiscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run-time errors of docs/scenario-format.md ("Run-time errors"): found only by running, reported by the
 * command line with the cycle, in the words made outside the engine, exit code 2, never a stack trace.
 */
class RunTimeErrorsTest {
    @TempDir
    Path dir;

    private CliRunner run(String name, String json) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, json);
        return CliRunner.run("run", f.toString());
    }

    @Test
    void aGuestOperationInAProcess() throws Exception {
        CliRunner r = run("guestop.json", """
                {"format": 1, "processes": [{"id": 1}],
                 "programs": [{"cpu": 0, "tasks": [{"process": 1, "ops": [{"op": "vmexit", "reason": "HLT"}]}]}]}
                """);
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("asiscope run: " + dir.resolve("guestop.json") + ": cycle 0: cpu0: 'vmexit' needs guest context,"
                + " but the CPU is host-user process1", r.err().strip());
        assertFalse(r.err().contains("OpNeedsGuest"), r.err());
    }

    @Test
    void aHostUserOperationInAGuest() throws Exception {
        CliRunner r = run("userop.json", """
                {"format": 1, "vms": [{"id": 1}],
                 "programs": [{"cpu": 0, "tasks": [{"vm": 1, "ops": [{"op": "meltdown", "target": "host-secret"}]}]}]}
                """);
        assertEquals(2, r.exitCode(), r.err());
        // cycle 675: the vCPU's first VM entry (KVM's entry path) runs before its first operation
        assertEquals("asiscope run: " + dir.resolve("userop.json") + ": cycle 675: cpu0: 'meltdown' needs a host user"
                + " process, but the CPU is guest vm1/vcpu0 kernel", r.err().strip());
    }
}
