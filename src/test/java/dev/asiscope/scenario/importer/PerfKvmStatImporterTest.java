package dev.asiscope.scenario.importer;

import dev.asiscope.sim.vmx.VmxExitReason;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every perf-kvm-stat sample in samples/real plus Liang Li's mail-wrapped example (kvm list, 2021-06-01). */
class PerfKvmStatImporterTest {
    private static final double EPS = 1e-9;
    private final PerfKvmStatImporter importer = new PerfKvmStatImporter();

    private static void assertRow(PerfKvmStatRow r, String reason, long samples, double sp, double tp, Double min,
                                  Double max, double avg, Double stddev) {
        assertEquals(reason, r.reason());
        assertEquals(samples, r.samples(), reason);
        assertEquals(sp, r.samplesPercent(), EPS, reason);
        assertEquals(tp, r.timePercent(), EPS, reason);
        if (min == null) {
            assertNull(r.minTimeUs(), reason);
            assertNull(r.maxTimeUs(), reason);
        } else {
            assertEquals(min, r.minTimeUs(), EPS, reason);
            assertEquals(max, r.maxTimeUs(), EPS, reason);
        }
        assertEquals(avg, r.avgTimeUs(), EPS, reason);
        if (stddev == null) {
            assertNull(r.stddevPercent(), reason);
        } else {
            assertEquals(stddev, r.stddevPercent(), EPS, reason);
        }
    }

    @Test
    void blogReportWithMinMaxColumns() throws Exception {
        PerfKvmStatReport r = importer.parse(Samples.path("perf-kvm-stat-blog-0xba1a-sysbench-1.txt"));
        assertEquals(1, r.tables().size());
        PerfKvmStatTable t = r.first();
        assertEquals("VM-EXIT", t.eventType());
        assertEquals(PerfKvmStatTable.Kind.VMEXIT, t.kind());
        assertEquals("all VMs", t.vmScope());
        assertEquals("all VCPUs", t.vcpuScope());
        assertEquals("$ sudo perf kvm stat report --event=vmexit", t.command());
        assertTrue(t.hasMinMax());
        assertEquals(25898L, t.totalSamples());
        assertEquals(68281638.61, t.totalTimeUs(), EPS);
        assertEquals(9, t.rows().size());
        assertEquals(25898, t.listedSamples());
        assertEquals(1, r.skippedLines(), "the trailing '$' prompt");
        assertRow(t.rows().get(0), "MSR_WRITE", 9167, 35.40, 0.04, 0.45, 9554.94, 3.00, 41.94);
        assertRow(t.rows().get(3), "HLT", 2232, 8.62, 99.92, 0.56, 1001118.99, 30567.94, 9.88);
        assertRow(t.rows().get(8), "EXCEPTION_NMI", 4, 0.02, 0.00, 0.42, 0.56, 0.47, 6.81);
        assertEquals(VmxExitReason.PAUSE_INSTRUCTION, t.rows().get(5).vmxReason());
        ExitMix mix = r.exitMix();
        assertEquals(25898, mix.totalExits());
        assertEquals(9167L, mix.counts().get("MSR_WRITE"));
        assertEquals(30567.94, mix.avgTimeUs().get("HLT"), EPS);
        assertEquals("MSR_WRITE", mix.counts().keySet().iterator().next());
        assertEquals(0, mix.unlistedExits());
    }

    @Test
    void chineseBlogOldFormatWithMmioIoportAndPerVcpuTables() throws Exception {
        PerfKvmStatReport r = importer.parse(Samples.path("perf-kvm-stat-cnblog-oldformat-vmexit-mmio-ioport-2.txt"));
        assertEquals(4, r.tables().size());
        assertEquals(3, r.skippedLines(), "two markdown headings and one prose line");
        PerfKvmStatTable vmexit = r.tables().get(0);
        assertEquals("VM-EXIT", vmexit.eventType());
        assertNull(vmexit.vmScope(), "old perf prints no VM scope");
        assertEquals("all VCPUs", vmexit.vcpuScope());
        assertFalse(vmexit.hasMinMax());
        assertEquals(9, vmexit.rows().size());
        assertEquals(98202L, vmexit.totalSamples());
        assertEquals(41419293.63, vmexit.totalTimeUs(), EPS);
        assertRow(vmexit.rows().get(0), "APIC_ACCESS", 65381, 66.58, 5.95, null, null, 37.72, 6.54);
        assertRow(vmexit.rows().get(5), "PENDING_INTERRUPT", 2242, 2.28, 0.03, null, null, 5.25, 2.96);
        assertEquals(VmxExitReason.INTERRUPT_WINDOW, vmexit.rows().get(5).vmxReason());

        PerfKvmStatTable mmio = r.tables().get(1);
        assertEquals("MMIO Access", mmio.eventType());
        assertEquals(PerfKvmStatTable.Kind.MMIO, mmio.kind());
        assertEquals(4, mmio.rows().size());
        assertEquals(65057L, mmio.totalSamples());
        assertRow(mmio.rows().get(0), "0xfee00380:W", 58686, 90.21, 15.67, null, null, 4.95, 2.96);
        assertNull(mmio.rows().get(0).vmxReason());

        PerfKvmStatTable io = r.tables().get(2);
        assertEquals("IO Port Access", io.eventType());
        assertEquals(PerfKvmStatTable.Kind.IOPORT, io.kind());
        assertEquals(1, io.rows().size());
        assertRow(io.rows().get(0), "0xc090:POUT", 383, 100.00, 100.00, null, null, 89.00, 42.94);
        assertEquals(34085.56, io.totalTimeUs(), EPS);

        PerfKvmStatTable vcpu0 = r.tables().get(3);
        assertEquals("VCPU 0", vcpu0.vcpuScope());
        assertEquals("# ./perf kvm stat report --event=vmexit --vcpu=0 --key=time", vcpu0.command());
        assertEquals(9, vcpu0.rows().size());
        assertEquals(10914L, vcpu0.totalSamples());
        assertRow(vcpu0.rows().get(0), "HLT", 551, 5.05, 94.81, null, null, 9501.72, 12.52);
        assertRow(vcpu0.rows().get(8), "CPUID", 368, 3.37, 0.02, null, null, 2.82, 2.79);
        assertEquals(65381L, r.exitMix().counts().get("APIC_ACCESS"));
        assertEquals(2242L, r.exitMix().counts().get("INTERRUPT_WINDOW"));
    }

    @Test
    void elidedTablesKeepTheirTotals() throws Exception {
        PerfKvmStatReport r = importer.parse(Samples.path("perf-kvm-stat-kvmlist-senozhatsky-pteprefetch-elided-5.txt"));
        assertEquals(2, r.tables().size());
        assertEquals(2, r.skippedLines(), "the '- pte_prefetch N' captions");
        PerfKvmStatTable a = r.tables().get(0);
        assertTrue(a.elided());
        assertEquals(3, a.rows().size());
        assertEquals(1387305L, a.totalSamples());
        assertEquals(81900258.99, a.totalTimeUs(), EPS);
        assertRow(a.rows().get(0), "EPT_VIOLATION", 760998, 54.85, 7.23, 0.92, 31765.89, 7.78, 1.46);
        assertRow(a.rows().get(2), "EXTERNAL_INTERRUPT", 159510, 11.50, 1.65, 0.49, 43705.81, 8.45, 7.54);
        PerfKvmStatTable b = r.tables().get(1);
        assertTrue(b.elided());
        assertEquals(1251546L, b.totalSamples());
        assertRow(b.rows().get(1), "MSR_WRITE", 163776, 13.09, 0.54, 0.56, 5192.10, 2.57, 1.25);
        ExitMix mix = r.exitMix();
        assertEquals(1387305, mix.totalExits());
        assertEquals(1091107, mix.listedExits());
        assertEquals(296198, mix.unlistedExits());
        assertEquals(0.5485, mix.share("EPT_VIOLATION"), 1e-4);
        assertTrue(r.notes().get(0).contains("1091107 of 1387305 samples listed"), r.notes().toString());
    }

    @Test
    void liveOutputWithUnknownExitCodeLines() throws Exception {
        PerfKvmStatReport r = importer.parse(Samples.path("perf-kvm-stat-live-github-virt-pvm-issue8-unknown-3.txt"));
        assertEquals(1, r.tables().size());
        assertEquals(0, r.skippedLines());
        PerfKvmStatTable t = r.first();
        assertEquals(7, t.rows().size());
        assertEquals(27549L, t.totalSamples());
        assertRow(t.rows().get(0), "INVLPG", 18940, 68.75, 4.34, 0.73, 104499.10, 45.88, 13.51);
        assertRow(t.rows().get(1), "UNKNOWN", 3622, 13.15, 86.12, 0.34, 1663159.36, 4765.94, 18.58);
        assertEquals(131072L, t.rows().get(1).unknownExitCode());
        assertEquals(List.of(131072L, 327680L, 196608L, 262144L, 65536L), t.rows().stream()
                .filter(x -> x.reason().equals("UNKNOWN")).map(PerfKvmStatRow::unknownExitCode).toList());
        assertNull(t.rows().get(5).unknownExitCode());
        assertNull(t.rows().get(1).vmxReason());
        ExitMix mix = r.exitMix();
        assertEquals(8428L, mix.counts().get("UNKNOWN"), "five UNKNOWN rows combined");
        assertEquals((3622 * 4765.94 + 2057 * 502.57 + 1401 * 72.22 + 1233 * 625.29 + 115 * 14.54) / 8428,
                mix.avgTimeUs().get("UNKNOWN"), 1e-6);
    }

    @Test
    void msrEventTableWithCompressedSpacing() throws Exception {
        PerfKvmStatReport r = importer.parse(Samples.path("perf-kvm-stat-lkml-lirongqing-msr-event-6.txt"));
        PerfKvmStatTable t = r.first();
        assertEquals("MSR Access", t.eventType());
        assertEquals(PerfKvmStatTable.Kind.MSR, t.kind());
        assertEquals(3, t.rows().size());
        assertEquals(68259L, t.totalSamples());
        assertEquals(61150.95, t.totalTimeUs(), EPS);
        assertRow(t.rows().get(0), "0x6e0:W", 67007, 98.17, 98.31, 0.59, 10.69, 0.90, 0.10);
        assertRow(t.rows().get(1), "0x830:W", 1186, 1.74, 1.60, 0.53, 108.34, 0.82, 11.02);
        assertRow(t.rows().get(2), "0x3b:R", 66, 0.10, 0.09, 0.56, 1.26, 0.80, 3.24);
        assertEquals(0, r.skippedLines());
    }

    /** Liang Li, kvm list 2021-06-01: header and rows wrapped by the mailer. */
    @Test
    void mailWrappedHeaderAndRows() throws Exception {
        String text = String.join("\n",
                "> > Analyze events for all VMs, all VCPUs:",
                "> >              VM-EXIT    Samples  Samples%     Time%    Min Time    Max",
                "> > Time         Avg time",
                "> >            MSR_WRITE     924045    89.96%    81.10%      0.42us",
                "> > 68.42us      1.26us ( +-   0.07% )",
                "> >            DR_ACCESS      44669     4.35%     2.36%      0.32us",
                "> > 50.74us      0.76us ( +-   0.32% )",
                "> >   EXTERNAL_INTERRUPT      29809     2.90%     6.42%      0.66us",
                "> > 70.75us      3.10us ( +-   0.54% )",
                "> >               VMCALL      17819     1.73%     5.21%      0.75us",
                "> > 15.64us      4.20us ( +-   0.33%",
                "> >",
                "> > Total Samples:1027227, Total events handled time:1436343.94us.");
        PerfKvmStatReport r = importer.parse("liang-li", text);
        PerfKvmStatTable t = r.first();
        assertEquals(0, r.skippedLines());
        assertTrue(t.hasMinMax());
        assertEquals(4, t.rows().size());
        assertRow(t.rows().get(0), "MSR_WRITE", 924045, 89.96, 81.10, 0.42, 68.42, 1.26, 0.07);
        assertEquals(4, t.rows().get(0).line());
        assertRow(t.rows().get(3), "VMCALL", 17819, 1.73, 5.21, 0.75, 15.64, 4.20, 0.33);
        assertEquals(1027227L, t.totalSamples());
        assertEquals(1436343.94, t.totalTimeUs(), EPS);
    }

    @Test
    void nanosecondAndSvmLayouts() throws Exception {
        // synthetic: times with ns/ms suffixes, an SVM key with a space, a live refresh timestamp
        String text = String.join("\n",
                "17:03:41.123456",
                "",
                "Analyze events for pid(s) 4242, VCPU 1:",
                "",
                "             VM-EXIT    Samples  Samples%     Time%    Min Time    Max Time         Avg time",
                "",
                "                 npf       1000    50.00%    40.00%    420ns     2.5ms     800ns ( +-   1.00% )",
                "             DB excp       1000    50.00%    60.00%    0.4us     3.0us     1.2us ( +-   2.00% )",
                "",
                "Total Samples:2000, Total events handled time:2000.00us.");
        PerfKvmStatReport r = importer.parse("synthetic", text);
        PerfKvmStatTable t = r.first();
        assertEquals("17:03:41.123456", t.timestamp());
        assertEquals("pid(s) 4242", t.vmScope());
        assertEquals("VCPU 1", t.vcpuScope());
        assertRow(t.rows().get(0), "npf", 1000, 50, 40, 0.42, 2500.0, 0.8, 1.0);
        assertEquals(VmxExitReason.EPT_VIOLATION, t.rows().get(0).vmxReason());
        assertRow(t.rows().get(1), "DB excp", 1000, 50, 60, 0.4, 3.0, 1.2, 2.0);
        assertEquals(VmxExitReason.EXCEPTION_NMI, t.rows().get(1).vmxReason());
    }

    @Test
    void otherToolsOutputFailsWithAHint() {
        ImportException bcc = assertThrows(ImportException.class,
                () -> importer.parse(Samples.path("vmexit-freq-bcc-kvmexit-example-1.txt")));
        assertTrue(bcc.detail().startsWith("no perf kvm stat table found"), bcc.detail());
        assertTrue(bcc.detail().endsWith("this looks like bcc kvmexit.py output: use 'import exit-counts'"));
        ImportException prof = assertThrows(ImportException.class,
                () -> importer.parse(Samples.path("vmexit-freq-perf-prof-kvm-exit-latency-2.txt")));
        assertTrue(prof.detail().endsWith("this looks like perf-prof kvm-exit output: use 'import exit-counts'"));
        ImportException cmpe = assertThrows(ImportException.class,
                () -> importer.parse(Samples.path("vmexit-freq-cmpe283-ept-vs-shadowpaging-4.txt")));
        assertTrue(cmpe.detail().endsWith("per-exit-code counter dump: use 'import exit-counts'"), cmpe.detail());
        ImportException trace = assertThrows(ImportException.class,
                () -> importer.parse(Samples.path("kvmexit-trace-kvmlist-kiszka-5.1-nested-3.txt")));
        assertTrue(trace.detail().endsWith("use 'import kvm-trace'"), trace.detail());
        ImportException pt = assertThrows(ImportException.class,
                () -> importer.parse(Samples.path("ptdump-lkml-5level-p4d-shutemov-5.txt")));
        assertTrue(pt.detail().endsWith("use 'import ptdump'"), pt.detail());
    }
}
