package dev.asiscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code asiscope whatif}: the comparison, the saved scenario that run reproduces, located errors. */
class WhatIfCommandTest {
    @TempDir
    Path tmp;

    @Test
    void comparesSavesAndRunReproduces() throws Exception {
        Path saved = tmp.resolve("w.json");
        CliRunner r = CliRunner.run("whatif", "sample-traces/asi-restricted-exits.json", "--save", saved.toString(),
                "--edit", "{\"edit\":\"unmap\",\"cycle\":100000,\"space\":\"restricted:vm1\",\"region\":\"percpu\"}");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("re-run from cycle 100,000"), r.out());
        String asiExits = r.out().lines().filter(l -> l.startsWith("ASI exits")).findFirst().orElseThrow();
        String[] cols = asiExits.trim().split("\\s+");
        assertEquals("2", cols[2], asiExits + ": none but the two vCPUs' power-offs");
        long edited = Long.parseLong(cols[3].replace(",", ""));
        assertTrue(edited > 2, asiExits);
        CliRunner run = CliRunner.run("run", saved.toString(), "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("\"asiExits\" : " + edited), run.out());
    }

    @Test
    void badEditsAreOneLocatedLine() throws Exception {
        CliRunner r = CliRunner.run("whatif", "sample-traces/asi-restricted-exits.json", "--edit",
                "{\"edit\":\"unmap\",\"space\":\"restricted:vm1\",\"regon\":\"percpu\"}");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().startsWith("asiscope whatif: --edit 1:1:"), r.err());
        assertTrue(r.err().contains("unknown field 'regon'; did you mean 'region'?"), r.err());
        r = CliRunner.run("whatif", "sample-traces/asi-restricted-exits.json", "--edit",
                "{\"edit\":\"map\",\"space\":\"full\",\"region\":\"percpu\"}");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("edit 1: space: no table 'full'"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(Files.exists(tmp.resolve("none.json")));
    }
}
