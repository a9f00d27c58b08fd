package dev.asiscope.scenario.importer;

import dev.asiscope.sim.vmx.VmxExitReason;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The vmexit-freq-* samples: bcc kvmexit.py, perf-prof kvm-exit, and a per-exit-code counter dump. */
class ExitCountsImportTest {
    private final ExitCountsImporter importer = new ExitCountsImporter();

    @Test
    void bccKvmexitAllVariants() throws Exception {
        ExitCountReport r = importer.parse(Samples.path("vmexit-freq-bcc-kvmexit-example-1.txt"));
        assertEquals(8, r.tables().size());
        assertEquals(0, r.skippedLines());
        assertEquals(List.of(5, 18, 9, 15, 9, 8, 9, 16), r.tables().stream().map(t -> t.rows().size()).toList());
        assertEquals(List.of(35L, 25183L, 19335L, 17944L, 2993L, 6734L, 19154L, 88631L),
                r.tables().stream().map(ExitCountTable::totalCount).toList());
        ExitCountTable first = r.tables().get(0);
        assertEquals(ExitCountTable.Tool.BCC_KVMEXIT, first.tool());
        assertEquals("./kvmexit.py", first.command());
        ExitCountRow glued = first.rows().get(0);
        assertEquals("EXIT_REASON_HLT", glued.reason(), "'^C' glued to the first row is removed");
        assertEquals(VmxExitReason.HLT, glued.vmxReason());
        assertEquals(12, glued.count());
        assertEquals(1273551L, glued.pid());
        assertEquals(1273568L, glued.tid());
        assertEquals(Map.of("HLT", 24L, "MSR_WRITE", 10L, "EXTERNAL_INTERRUPT", 1L), r.exitMix().counts());

        ExitCountTable pidOnly = r.tables().get(2);
        assertEquals("./kvmexit.py -p 1273795 5", pidOnly.command());
        assertNull(pidOnly.rows().get(0).pid());
        assertEquals("MSR_WRITE", pidOnly.rows().get(0).reason());
        assertEquals(13467, pidOnly.rows().get(0).count());

        ExitCountTable tids = r.tables().get(7);
        assertEquals(1273819L, tids.rows().get(0).tid());
        assertEquals(300, tids.rows().get(0).count());
        ExitMix mix = tids.exitMix();
        assertEquals(37457L + 25495L, mix.counts().get("MSR_WRITE"));
        assertEquals(88631, mix.totalExits());
    }

    @Test
    void perfProfLatencyTables() throws Exception {
        ExitCountReport r = importer.parse(Samples.path("vmexit-freq-perf-prof-kvm-exit-latency-2.txt"));
        assertEquals(5, r.tables().size());
        assertEquals(2, r.skippedLines(), "the kvm:kvm_exit / kvm:kvm_entry event lines");
        ExitCountTable t = r.tables().get(0);
        assertEquals(ExitCountTable.Tool.PERF_PROF_KVM_EXIT, t.tool());
        assertEquals("./perf-prof kvm-exit -p 124604", t.command());
        assertEquals("2022-04-22 17:34:13.858975", t.timestamp());
        assertEquals(7, t.rows().size());
        assertEquals(51952, t.totalCount());
        ExitCountRow hlt = t.rows().get(0);
        assertEquals("HLT", hlt.reason());
        assertEquals(20747, hlt.count());
        assertEquals(53004499.016, hlt.totalUs(), 1e-9);
        assertEquals(0.734, hlt.minUs(), 1e-9);
        assertEquals(2554.803, hlt.avgUs(), 1e-9);
        assertEquals(199989.423, hlt.maxUs(), 1e-9);
        assertEquals(100.0, hlt.gsysPercent(), 1e-9);
        assertEquals(60.43, t.rows().get(4).gsysPercent(), 1e-9);
        ExitMix mix = r.exitMix();
        assertEquals(28853L, mix.counts().get("MSR_WRITE"));
        assertEquals(0.832, mix.avgTimeUs().get("MSR_WRITE"), 1e-12);
        assertEquals(List.of(7, 8, 8, 6, 6), r.tables().stream().map(x -> x.rows().size()).toList());
        assertEquals("kvm-exit latency THREAD 126953", r.tables().get(3).title());
        assertEquals(126953L, r.tables().get(3).rows().get(0).tid());
        assertEquals(126954L, r.tables().get(4).rows().get(0).tid());
        assertEquals(776830.290, r.tables().get(4).rows().get(0).totalUs(), 1e-9);
    }

    @Test
    void perExitCodeCountersWithAndWithoutEpt() throws Exception {
        ExitCountReport r = importer.parse(Samples.path("vmexit-freq-cmpe283-ept-vs-shadowpaging-4.txt"));
        assertEquals(5, r.tables().size());
        assertEquals(5, r.skippedLines(), "two captions, two prose lines, the editorial line");
        ExitCountTable ept = r.tables().get(0);
        assertEquals(ExitCountTable.Tool.EXIT_CODE_COUNTERS, ept.tool());
        assertEquals("With ept", ept.title());
        assertEquals(70, ept.rows().size());
        assertEquals(449531, ept.totalCount());
        ExitCountRow r48 = ept.rows().get(48);
        assertEquals(48, r48.code());
        assertEquals("EPT_VIOLATION", r48.reason());
        assertEquals(35708, r48.count());
        assertEquals("CODE_5", ept.rows().get(5).reason(), "code 5 has no Linux name");
        assertNull(ept.rows().get(5).vmxReason());
        ExitMix mix = r.exitMix();
        assertEquals(15, mix.counts().size(), "non-zero reasons only");
        assertEquals(132365L, mix.counts().get("IO_INSTRUCTION"));
        assertEquals(6352L, mix.counts().get("INTERRUPT_WINDOW"));

        ExitCountTable shadow = r.tables().get(1);
        assertEquals("Without ept", shadow.title());
        assertEquals(11166598, shadow.totalCount());
        assertEquals(8618699, shadow.rows().get(28).count());
        assertEquals(VmxExitReason.CR_ACCESS, shadow.rows().get(28).vmxReason());
        assertEquals(1566621, shadow.rows().get(0).count());

        assertEquals(List.of("boot", "after use", "after idling"),
                r.tables().subList(2, 5).stream().map(ExitCountTable::title).toList());
        assertEquals(List.of(338696L, 861365L, 1139807L),
                r.tables().subList(2, 5).stream().map(ExitCountTable::totalCount).toList());
        assertEquals(292668, r.tables().get(4).rows().get(2).count());
        assertEquals(12, r.tables().get(4).rows().get(2).code());
    }

    @Test
    void perfKvmStatAndTracesAreNotCountTables() {
        ImportException e = assertThrows(ImportException.class,
                () -> importer.parse(Samples.path("perf-kvm-stat-blog-0xba1a-sysbench-1.txt")));
        assertTrue(e.detail().endsWith("use 'import perf-kvm-stat'"), e.detail());
        ImportException t = assertThrows(ImportException.class,
                () -> importer.parse(Samples.path("kvmexit-trace-ctf-kvm500-writeup-4.x-1.txt")));
        assertTrue(t.detail().endsWith("use 'import kvm-trace'"), t.detail());
    }
    @Test
    void arm64PortOfKvmexitWithCommAndAverageTime() throws Exception {
        ExitCountReport r = importer.parse(Samples.path("vmexit-freq-kylin-kvmexit-aarch64-example-5.txt"));
        assertEquals(2, r.tables().size());
        ExitCountTable t = r.tables().get(0);
        assertEquals(ExitCountTable.Tool.BCC_KVMEXIT, t.tool());
        assertEquals(8, t.rows().size());
        ExitCountRow first = t.rows().get(0);
        assertEquals("EC_WFx", first.reason());
        assertEquals(24877L, first.pid(), "TGID");
        assertEquals(24901L, first.tid());
        assertEquals(7, first.count());
        assertEquals(503369.3094, first.avgUs(), 1e-9, "AVG_TIME in ns");
        assertEquals(VmxExitReason.HLT, first.vmxReason(), "WFx: the guest idles");
        assertEquals(VmxExitReason.EPT_VIOLATION, t.rows().get(3).vmxReason(), "DABT_LOW: stage-2 abort");
        assertNull(t.rows().get(5).vmxReason(), "SYS64: no single VMX exit");
        assertNull(t.rows().get(1).vmxReason(), "UNKNOWN_EC");
        ExitMix mix = t.exitMix();
        assertEquals(7L + 25 + 93, mix.counts().get("HLT"));
        assertEquals(4L, mix.counts().get("EPT_VIOLATION"));
        assertEquals(11.345, mix.avgTimeUs().get("EPT_VIOLATION"), 1e-9);
        assertEquals(7L, mix.counts().get("UNKNOWN_EC"));
        String notes = String.join("\n", r.notes());
        assertTrue(notes.contains("arm64 exit reasons mapped to the VMX exit with the same KVM handler: "
                + "EC_WFx -> HLT, EC_DABT_LOW -> EPT_VIOLATION"), notes);
        assertTrue(notes.contains("EC_SYS64 (system-register trap"), notes);
        assertTrue(notes.contains("unknown exit reasons (neither VMX/SVM nor a known RISC-V, arm64 or LoongArch "
                + "name), left out of replays: UNKNOWN_EC"), notes);
        assertTrue(notes.contains("AVG_TIME read as nanoseconds"), notes);
    }
}
