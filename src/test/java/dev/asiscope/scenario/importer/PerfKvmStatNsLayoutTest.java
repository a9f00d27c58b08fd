package dev.asiscope.scenario.importer;

import dev.asiscope.sim.vmx.VmxExitReason;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The nanosecond layout of {@code perf kvm stat report} (perf >= 6.4) with RISC-V and LoongArch exit names,
 * from the real mails in samples/real (see SOURCES.md section 5).
 */
class PerfKvmStatNsLayoutTest {
    private static final double EPS = 1e-9;
    private final PerfKvmStatImporter importer = new PerfKvmStatImporter();

    private static String notes(PerfKvmStatReport r) {
        return String.join("\n", r.notes());
    }

    @Test
    void riscvReportQuotedInAReply() throws Exception {
        PerfKvmStatReport r = importer.parse(Samples.path("perf-kvm-stat-kvmlist-atishp-riscv-ns-layout-7.txt"));
        assertEquals(1, r.tables().size());
        PerfKvmStatTable t = r.first();
        assertEquals("VM-EXIT", t.eventType(), "perf >= 6.4 prints 'Event name'; --event=vmexit says what it is");
        assertEquals(PerfKvmStatTable.Kind.VMEXIT, t.kind());
        assertEquals("# ./perf kvm stat report --event=vmexit", t.command());
        assertTrue(t.hasMinMax());
        assertEquals(8, t.rows().size());
        PerfKvmStatRow store = t.rows().get(0);
        assertEquals("STORE_GUEST_PAGE_FAULT", store.reason());
        assertEquals(26968, store.samples());
        assertEquals(54.00, store.samplesPercent(), EPS);
        assertEquals(40.00, store.timePercent(), EPS);
        // Max comes before Min in this layout: Max 3361400 ns, Min 27600 ns, Mean 74274 ns
        assertEquals(27.6, store.minTimeUs(), EPS);
        assertEquals(3361.4, store.maxTimeUs(), EPS);
        assertEquals(74.274, store.avgTimeUs(), EPS);
        assertNull(store.stddevPercent());
        assertEquals(VmxExitReason.EPT_VIOLATION, store.vmxReason());
        assertEquals(VmxExitReason.VMCALL, t.rows().get(4).vmxReason(), "SUPERVISOR_SYSCALL: SBI call");
        assertEquals(VmxExitReason.EXCEPTION_NMI, t.rows().get(5).vmxReason(), "LOAD_ACCESS: reflected");
        assertNull(t.rows().get(2).vmxReason(), "VIRTUAL_INST_FAULT has no single VMX equivalent");
        assertNull(t.rows().get(7).vmxReason(), "HYPERVISOR_SYSCALL");

        ExitMix mix = r.exitMix();
        assertEquals(26968L + 17645 + 1128, mix.counts().get("EPT_VIOLATION"));
        assertEquals(1019L, mix.counts().get("VMCALL"));
        assertEquals(986L + 655, mix.counts().get("EXCEPTION_NMI"));
        assertEquals(1247L, mix.counts().get("VIRTUAL_INST_FAULT"));
        assertEquals(49669L, mix.totalExits());
        // count-weighted mean of the three guest-page-fault rows
        double ept = (26968 * 74.274 + 17645 * 65.363 + 1128 * 301.990) / (26968 + 17645 + 1128);
        assertEquals(ept, mix.avgTimeUs().get("EPT_VIOLATION"), 1e-6);

        String n = notes(r);
        assertTrue(n.contains("RISC-V exit reasons mapped to the VMX exit with the same KVM handler: "
                + "STORE_GUEST_PAGE_FAULT -> EPT_VIOLATION, LOAD_GUEST_PAGE_FAULT -> EPT_VIOLATION"), n);
        assertTrue(n.contains("SUPERVISOR_SYSCALL -> VMCALL"), n);
        assertTrue(n.contains("no single VMX equivalent, left out of replays: VIRTUAL_INST_FAULT ("), n);
        assertTrue(n.contains("HYPERVISOR_SYSCALL ("), n);
        assertTrue(n.contains("repaired mail damage: 27 quoted line(s)"), n);
    }

    @Test
    void lineNumbersArePhysicalLines() throws Exception {
        PerfKvmStatReport r = importer.parse(Samples.path("perf-kvm-stat-kvmlist-atishp-riscv-ns-layout-7.txt"));
        assertEquals(23, r.first().headerLine());
        assertEquals(31, r.first().rows().get(7).line());
        PerfKvmStatReport qp = importer.parse(Samples.path("perf-kvm-stat-lkml-anup-riscv-quoted-printable-8.txt"));
        assertEquals(40, qp.first().headerLine(), "the header's first physical line");
        assertEquals(56, qp.first().rows().get(7).line());
    }

    @Test
    void quotedPrintableMailGivesTheSameTable() throws Exception {
        PerfKvmStatReport plain = importer.parse(Samples.path("perf-kvm-stat-kvmlist-atishp-riscv-ns-layout-7.txt"));
        PerfKvmStatReport qp = importer.parse(Samples.path("perf-kvm-stat-lkml-anup-riscv-quoted-printable-8.txt"));
        assertEquals(1, qp.tables().size());
        assertEquals("> # ./perf kvm stat report --event=vmexit".substring(2), qp.first().command(),
                "=3D decoded");
        List<PerfKvmStatRow> a = plain.first().rows();
        List<PerfKvmStatRow> b = qp.first().rows();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).reason(), b.get(i).reason());
            assertEquals(a.get(i).samples(), b.get(i).samples());
            assertEquals(a.get(i).minTimeUs(), b.get(i).minTimeUs());
            assertEquals(a.get(i).maxTimeUs(), b.get(i).maxTimeUs(), a.get(i).reason() + ": the wrapped Max column");
            assertEquals(a.get(i).avgTimeUs(), b.get(i).avgTimeUs());
        }
        assertEquals(plain.exitMix().counts(), qp.exitMix().counts());
        String n = notes(qp);
        assertTrue(n.contains("11 quoted-printable soft line break(s) joined"), n);
        assertTrue(n.contains("4 quoted-printable escape(s)"), n);
    }

    @Test
    void loongarchReportWithMeanOnlyAndNamesWithBlanks() throws Exception {
        PerfKvmStatReport r = importer.parse(Samples.path("perf-kvm-stat-lkml-maobibo-loongarch-ns-mean-only-9.txt"));
        PerfKvmStatTable t = r.first();
        assertEquals("VM-EXIT", t.eventType());
        assertEquals(10, t.rows().size());
        PerfKvmStatRow store = t.rows().get(0);
        assertEquals("Memory store", store.reason());
        assertEquals(73427, store.samples());
        assertEquals(8.590, store.avgTimeUs(), EPS);
        assertNull(store.minTimeUs());
        assertEquals(VmxExitReason.EPT_VIOLATION, store.vmxReason());
        assertEquals("Privilege Error", t.rows().get(2).reason());
        assertNull(t.rows().get(2).vmxReason());
        assertEquals(VmxExitReason.EXTERNAL_INTERRUPT, t.rows().get(3).vmxReason());
        assertEquals(VmxExitReason.VMCALL, t.rows().get(4).vmxReason());
        assertEquals("Ifecth", t.rows().get(6).reason(), "perf's own spelling");
        ExitMix mix = r.exitMix();
        assertEquals(73427L + 36110 + 813 + 362, mix.counts().get("EPT_VIOLATION"));
        assertEquals(1850L + 3 + 2, mix.counts().get("EXCEPTION_NMI"));
        assertEquals(18921L, mix.counts().get("Privilege Error"));
        String n = notes(r);
        assertTrue(n.contains("LoongArch exit reasons mapped"), n);
        assertTrue(n.contains("Privilege Error (guest sensitive privileged resource"), n);
    }

    @Test
    void unknownNamesAreNamedNotGuessed() throws Exception {
        String text = """
                Event name   Samples   Sample%    Time (ns)   Time%  Mean Time (ns)
                  WIBBLE          10    50.00%         1000  50.00%             100
                  EPT_VIOLATION   10    50.00%         1000  50.00%             100
                """;
        PerfKvmStatReport r = importer.parse("t", text);
        assertNull(r.rows().get(0).vmxReason());
        assertTrue(notes(r).contains("unknown exit reasons (neither VMX/SVM nor a known RISC-V, arm64 or LoongArch "
                + "name), left out of replays: WIBBLE"), notes(r));
        assertEquals(0.1, r.rows().get(1).avgTimeUs(), EPS);
    }

    @Test
    void meanFromTotalTimeWhenTheMeanColumnIsMissing() throws Exception {
        String text = """
                Event name   Samples   Sample%    Time (ns)   Time%
                       HLT         4    100.00%        2000  100.00%
                """;
        PerfKvmStatReport r = importer.parse("t", text);
        assertEquals(0.5, r.rows().get(0).avgTimeUs(), EPS);
    }
}
