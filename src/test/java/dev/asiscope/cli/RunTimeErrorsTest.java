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

    /** Runs {@code json} as file {@code name}: exit code 2 and exactly {@code message} after "asiscope run: FILE: ". */
    private CliRunner assertRunFails(String name, String json, String message) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, json);
        CliRunner r = CliRunner.run("run", f.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("asiscope run: " + f + ": " + message, r.err().strip());
        return r;
    }

    @Test
    void aGuestOperationInAProcess() throws Exception {
        CliRunner r = assertRunFails("guestop.json", """
                {"format": 1, "processes": [{"id": 1}],
                 "programs": [{"cpu": 0, "tasks": [{"process": 1, "ops": [{"op": "vmexit", "reason": "HLT"}]}]}]}
                """, "cycle 0: cpu0: 'vmexit' needs guest context, but the CPU is host-user process1");
        assertFalse(r.err().contains("OpNeedsGuest"), r.err());
    }

    @Test
    void aHostUserOperationInAGuest() throws Exception {
        // cycle 675: the vCPU's first VM entry (KVM's entry path) runs before its first operation
        assertRunFails("userop.json", """
                {"format": 1, "vms": [{"id": 1}],
                 "programs": [{"cpu": 0, "tasks": [{"vm": 1, "ops": [{"op": "meltdown", "target": "host-secret"}]}]}]}
                """, "cycle 675: cpu0: 'meltdown' needs a host user process, but the CPU is guest vm1/vcpu0 kernel");
    }
}
