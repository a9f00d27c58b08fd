package dev.asiscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranslateCommandTest {
    private static final String SAMPLE = "sample-traces/paging-basics.json";
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void jsonOutputOfASuccessfulWalk() throws Exception {
        CliRunner r = CliRunner.run("translate", SAMPLE, "--va", "0x402010", "--access", "write", "--user",
                "--format", "json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode o = json.readTree(r.out());
        assertEquals(4, o.get("levels").size());
        assertEquals("pml4", o.get("levels").get(0).get("level").asText());
        assertEquals("0x0000000000001000", o.get("levels").get(0).get("entryAddress").asText());
        assertEquals("0x0000000000002007", o.get("levels").get(0).get("entry").asText());
        assertEquals("0x8000000000011007", o.get("levels").get(3).get("entry").asText());
        assertTrue(o.get("fault").isNull());
        assertEquals("0x0000000000011010", o.get("physicalAddress").asText());
        assertEquals(4096, o.get("pageSize").asLong());
        // A at every level, D on the leaf for the write.
        assertEquals(4, o.get("memoryAfter").size());
        assertEquals("0x8000000000011067", o.get("memoryAfter").get(3).get("value").asText());
    }

    @Test
    void jsonOutputOfAFault() throws Exception {
        CliRunner r = CliRunner.run("translate", SAMPLE, "--va", "0x403000", "--user", "--format", "json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode o = json.readTree(r.out());
        assertEquals("page-fault", o.get("fault").get("kind").asText());
        assertEquals(0x4, o.get("fault").get("errorCode").asInt());
        assertEquals("0x0000000000012000", o.get("fault").get("terminalPhysicalAddress").asText());
        assertTrue(o.get("physicalAddress").isNull());
        assertEquals(0, o.get("memoryAfter").size());
    }

    @Test
    void nonCanonicalAddress() throws Exception {
        CliRunner r = CliRunner.run("translate", SAMPLE, "--va", "0x0000800000000000", "--format", "json");
        JsonNode o = json.readTree(r.out());
        assertEquals("non-canonical", o.get("fault").get("kind").asText());
        assertEquals(0, o.get("levels").size());
    }

    @Test
    void batchCarriesAccessedAndDirtyBitsForward(@TempDir Path dir) throws Exception {
        Path batch = dir.resolve("b.txt");
        Files.writeString(batch, "# comment\n\n0 0x402000 write user\n0 0x402008 read user  # again\n");
        CliRunner r = CliRunner.run("translate", SAMPLE, "--batch", batch.toString(), "--format", "json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode a = json.readTree(r.out());
        assertEquals(2, a.size());
        assertEquals("0x8000000000011067", a.get(0).get("memoryAfter").get(3).get("value").asText());
        // The second walk reads the entry the first one updated, and changes nothing.
        assertEquals("0x8000000000011067", a.get(1).get("levels").get(3).get("entry").asText());
        assertEquals(0, a.get(1).get("memoryAfter").size());
    }

    @Test
    void badBatchLineNamesFileLineAndColumn(@TempDir Path dir) throws Exception {
        Path batch = dir.resolve("b.txt");
        Files.writeString(batch, "0 0x1000 read\n0 0x1000 raed\n");
        CliRunner r = CliRunner.run("translate", SAMPLE, "--batch", batch.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains(batch + ":2:10: access: expected read, write or fetch"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void malformedAddressIsBadInput() {
        CliRunner r = CliRunner.run("translate", SAMPLE, "--va", "0xzz");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--va: expected a 64-bit number"), r.err());
    }

    @Test
    void missingFileIsBadInput() {
        CliRunner r = CliRunner.run("translate", "no-such.json", "--va", "0x1000");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("no-such.json: no such file"), r.err());
    }

    @Test
    void unknownOptionIsBadInput() {
        CliRunner r = CliRunner.run("translate", SAMPLE, "--vaa", "0x1000");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--vaa"), r.err());
    }

    @Test
    void versionAndHelp() {
        assertTrue(CliRunner.run("--version").out().startsWith("asiscope "));
        CliRunner help = CliRunner.run("translate", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("--batch"));
    }
}
