package dev.asiscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asiscope.scenario.Hex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code asiscope tables}: every page it lists translates the same with {@code asiscope translate}, and
 * the ASI invariant can be checked on its output alone.
 */
class TablesCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** A leaf as the tables output lists it. */
    record Leaf(String space, long linear, long target, String pageSize, boolean writable, boolean user,
            boolean executable, long flagsNoAd, String region, String sensitivity, int owner) {
        long bytes() {
            return switch (pageSize) {
                case "4K" -> 1L << 12;
                case "2M" -> 1L << 21;
                default -> 1L << 30;
            };
        }
    }

    static JsonNode tables(String... args) throws IOException {
        String[] all = new String[args.length + 3];
        all[0] = "tables";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--format";
        all[args.length + 2] = "json";
        CliRunner r = CliRunner.run(all);
        assertEquals(0, r.exitCode(), r.err());
        return JSON.readTree(r.out());
    }

    static Map<String, List<Leaf>> leaves(JsonNode doc) {
        Map<String, List<Leaf>> out = new HashMap<>();
        for (JsonNode sp : doc.get("spaces")) {
            String name = sp.get("name").asText();
            List<Leaf> list = out.computeIfAbsent(name, n -> new ArrayList<>());
            for (JsonNode t : sp.get("tables")) {
                for (JsonNode e : t.get("entries")) {
                    if (e.get("kind").asText().equals("leaf")) {
                        long raw = Hex.parse(e.get("raw").asText());
                        list.add(new Leaf(name, Hex.parse(e.get("linear").asText()),
                                Hex.parse(e.get("target").asText()), e.get("pageSize").asText(),
                                e.get("writable").asBoolean(), e.get("user").asBoolean(),
                                e.get("executable").asBoolean(),
                                raw & ~0x60L, // A (bit 5) and D (bit 6) are set per table by the CPU
                                e.path("region").asText(null), e.path("sensitivity").asText(null),
                                e.path("owner").asInt(-1)));
                    }
                }
            }
        }
        return out;
    }

    static List<Path> samples() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("sample-traces"))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    /**
     * For every sample, every mapped page of every x86 table (the scenario's own cpus/memory tables and the
     * engine's) is fed to {@code asiscope translate} at its first and last byte: same physical address,
     * page size and rights.
     */
    @TestFactory
    Stream<DynamicTest> everyMappedPageAgreesWithTranslate() throws IOException {
        return samples().stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            JsonNode doc = tables(f.toString(), "--at", "30000");
            Map<String, String> formats = new HashMap<>();
            for (JsonNode sp : doc.get("spaces")) {
                formats.put(sp.get("name").asText(), sp.get("format").asText());
            }
            int checked = 0;
            for (Map.Entry<String, List<Leaf>> e : leaves(doc).entrySet()) {
                if (!formats.get(e.getKey()).equals("x86") || e.getValue().isEmpty()) {
                    continue;
                }
                checked += compareWithTranslate(f, e.getKey(), e.getValue());
            }
            assertTrue(checked > 0, "no page checked");
        }));
    }

    private int compareWithTranslate(Path scenario, String space, List<Leaf> leaves) throws IOException {
        boolean cpuSpace = space.matches("cpu\\d+");
        StringBuilder batch = new StringBuilder();
        List<long[]> expected = new ArrayList<>();
        for (Leaf l : leaves) {
            for (long offset : new long[] {0, l.bytes() - 1}) {
                // a supervisor read of a user page would fault under SMAP: read user pages as the user
                batch.append(cpuSpace ? space.substring(3) : "0").append(" 0x")
                        .append(Long.toHexString(l.linear() + offset)).append(" read")
                        .append(l.user() ? " user" : "").append('\n');
                expected.add(new long[] {l.target() + offset, l.bytes()});
            }
        }
        Path file = tmp.resolve(space.replace(':', '_') + ".txt");
        Files.writeString(file, batch);
        List<String> args = new ArrayList<>(List.of("translate", scenario.toString(), "--batch", file.toString(),
                "--format", "json"));
        if (!cpuSpace) {
            args.addAll(List.of("--space", space, "--at", "30000"));
        }
        CliRunner r = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        JsonNode walks = JSON.readTree(r.out());
        assertEquals(expected.size(), walks.size());
        for (int i = 0; i < expected.size(); i++) {
            JsonNode w = walks.get(i);
            Leaf l = leaves.get(i / 2);
            String where = space + " " + w.get("linearAddress").asText();
            assertTrue(w.get("fault").isNull(), where + ": " + w.get("fault"));
            assertEquals(expected.get(i)[0], Hex.parse(w.get("physicalAddress").asText()), where);
            assertEquals(expected.get(i)[1], w.get("pageSize").asLong(), where);
            assertEquals(l.writable(), w.get("writable").asBoolean(), where + " R/W");
            assertEquals(l.user(), w.get("userAccessible").asBoolean(), where + " U/S");
            assertEquals(l.executable(), w.get("executable").asBoolean(), where + " XD");
        }
        return expected.size();
    }

    /**
     * The ASI invariant on the output of {@code asiscope tables} alone, for every sample with VMs or
     * processes, under ASI, at the start and later in the run: every page a restricted table maps is
     * mapped identically (target, page size, flags other than A/D, rights) by the full table, and none is
     * sensitive memory or another VM's local memory.
     */
    @TestFactory
    Stream<DynamicTest> asiInvariantHoldsForEveryAsiSample() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : samples()) {
            for (String at : List.of("0", "50000")) {
                tests.add(DynamicTest.dynamicTest(f.getFileName() + " at " + at, () -> {
                    JsonNode doc = tables(f.toString(), "--policy", "asi", "--at", at);
                    Map<String, List<Leaf>> all = leaves(doc);
                    int restrictedTables = 0;
                    for (String name : all.keySet()) {
                        if (name.startsWith("restricted:vm")) {
                            int vm = Integer.parseInt(name.substring("restricted:vm".length()));
                            checkSubset(all.get(name), all.get("full"), vm, false, null);
                            restrictedTables++;
                        } else if (name.matches("process:p\\d+:asi")) {
                            String kernel = name.replace(":asi", ":kernel");
                            checkSubset(all.get(name), all.get(kernel), -1, true,
                                    ":" + name.substring("process:".length(), name.length() - ":asi".length()));
                            restrictedTables++;
                        }
                    }
                    boolean hasTasks = all.keySet().stream().anyMatch(n -> n.startsWith("guest:") || n.startsWith("process:"));
                    assertEquals(hasTasks, restrictedTables > 0, "a restricted table per VM and process");
                }));
            }
        }
        return tests.stream();
    }

    /**
     * @param ownMemory the region-name suffix of the table's own process (":p1"): its memory's direct-map alias
     *                  is mapped in the process's own restricted table (a process's memory is no secret from
     *                  itself), or null
     */
    private static void checkSubset(List<Leaf> restricted, List<Leaf> full, int vm, boolean kernelHalfOnly,
            String ownMemory) {
        Map<Long, Leaf> byLinear = new HashMap<>();
        for (Leaf l : full) {
            byLinear.put(l.linear(), l);
        }
        for (Leaf l : restricted) {
            if (kernelHalfOnly && l.linear() >= 0) {
                continue; // the process's own user memory
            }
            Leaf f = byLinear.get(l.linear());
            String what = l.space() + " 0x" + Long.toHexString(l.linear());
            assertNotNull(f, what + " is not mapped by the full table");
            assertEquals(f.target(), l.target(), what + " target");
            assertEquals(f.pageSize(), l.pageSize(), what + " page size");
            assertEquals(f.flagsNoAd(), l.flagsNoAd(), what + " flags");
            assertEquals(List.of(f.writable(), f.user(), f.executable()),
                    List.of(l.writable(), l.user(), l.executable()), what + " rights");
            assertNotNull(l.region(), what + " maps memory of no region");
            assertFalse(l.sensitivity().equals("sensitive") && !(ownMemory != null && l.region().endsWith(ownMemory)),
                    what + " maps sensitive " + l.region());
            if (l.sensitivity().equals("local-nonsensitive")) {
                assertEquals(vm, l.owner(), what + " maps another VM's " + l.region());
            }
        }
    }

    @Test
    void showsSharedFramesAndRegions() throws IOException {
        Path s = tmp.resolve("p.json");
        Files.writeString(s, """
                { "format": 1, "name": "p", "processes": [ { "id": 1 } ], "vms": [ { "id": 1 } ],
                  "regions": [ { "name": "percpu", "size": 16384, "sensitivity": "global-nonsensitive",
                                 "label": "host-kernel-nonsensitive", "pageSize": "2m" } ],
                  "programs": [ { "cpu": 0, "tasks": [ { "process": 1, "ops": [ { "op": "syscall", "handler": "getpid" } ] } ] } ] }
                """);
        JsonNode doc = tables(s.toString());
        List<String> names = new ArrayList<>();
        doc.get("spaces").forEach(sp -> names.add(sp.get("name").asText()));
        assertEquals(List.of("full", "restricted:vm1", "process:p1:kernel", "process:p1:user", "process:p1:asi",
                "guest:vm1", "ept:vm1"), names);
        boolean sharedPdpt = false;
        for (JsonNode f : doc.get("sharedFrames")) {
            if (f.get("spaces").toString().equals("[\"full\",\"process:p1:kernel\"]")) {
                sharedPdpt = true;
            }
        }
        assertTrue(sharedPdpt, doc.get("sharedFrames").toString());
        Leaf percpu = leaves(doc).get("full").stream().filter(l -> "percpu".equals(l.region())).findFirst()
                .orElseThrow();
        assertEquals("2M", percpu.pageSize());
        String text = CliRunner.run("tables", s.toString(), "--space", "full").out();
        // no mitigation: kernel mappings are global (G); percpu's PDE is a 2 MiB leaf (PS)
        assertTrue(text.contains("leaf        P R/W A D PS G XD  0xffff888001200000 -> 0x0000000001200000 2M  percpu"),
                text.substring(0, Math.min(3000, text.length())));
        assertTrue(text.contains("shared with process:p1:kernel"), text.substring(0, 1500));
    }

    @Test
    void badInputGivesOneLocatedLine() throws IOException {
        Path s = Path.of("sample-traces/asi-stun.json");
        CliRunner r = CliRunner.run("tables", s.toString(), "--space", "restricted:vm9");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().startsWith("asiscope tables: --space: no address space 'restricted:vm9'; did you mean"),
                r.err());
        assertTrue(r.err().contains("known: full, restricted:vm1"), r.err());
        r = CliRunner.run("tables", s.toString(), "--format", "xml");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("expected text, json; got 'xml'"), r.err());
        r = CliRunner.run("tables", s.toString(), "--at", "-5");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--at: expected a cycle >= 0"), r.err());
        r = CliRunner.run("translate", s.toString(), "--space", "ept:vm1", "--va", "0x1000");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("'ept:vm1' is an EPT"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }
}
