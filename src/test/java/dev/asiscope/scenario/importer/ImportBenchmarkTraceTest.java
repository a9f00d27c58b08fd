package dev.asiscope.scenario.importer;

import dev.asiscope.bench.ImportBenchmark;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The benchmark's synthetic trace is a valid trace (checked on a 100,000-line version; no timing asserted). */
class ImportBenchmarkTraceTest {
    @Test
    void syntheticTraceImports() throws Exception {
        String text = new String(ImportBenchmark.syntheticTrace(100_000), StandardCharsets.UTF_8);
        KvmExitTrace t = new KvmTraceImporter().parse("synthetic", text);
        assertEquals(40_000, t.totalExits());
        assertEquals(40_000, t.kvmEntryCount());
        assertEquals(20_000, t.skippedLines());
        assertEquals(Map.of(0, 10_000L, 1, 10_000L, 2, 10_000L, 3, 10_000L), t.countsByVcpu());
        assertEquals(KvmExitTrace.VcpuSource.ENTRY_EVENTS, t.vcpuSource());
    }
}
