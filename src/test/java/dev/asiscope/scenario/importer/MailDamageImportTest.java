package dev.asiscope.scenario.importer;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real traces and reports, damaged the way mail damages them ({@link MailDamage}), import to the same exits
 * as the undamaged file, and the summary names each repair.
 */
class MailDamageImportTest {
    private final KvmTraceImporter traces = new KvmTraceImporter();
    private final PerfKvmStatImporter perf = new PerfKvmStatImporter();

    @Test
    void traceWithDoubleQuotesMojibakeAndWrappedEventsImportsTheSameExits() throws Exception {
        String name = "kvmexit-trace-kvmlist-kiszka-5.1-nested-3.txt";
        KvmExitTrace clean = traces.parse(name, Samples.text(name));
        String damaged = Samples.text(name);
        // the mailer wrapped each kvm_exit before "rip", then blanks became NBSP mojibake, then it was quoted twice
        damaged = damaged.replace(" rip ", "\n rip ");
        damaged = MailDamage.mojibakeBlanks(damaged, new Random(7), 0.5);
        damaged = MailDamage.quote(MailDamage.quote(damaged, "> "), "> ");
        assertTrue(damaged.contains(">> ") || damaged.contains("> > "));
        KvmExitTrace t = traces.parse(name, damaged);
        assertEquals(clean.countsByReason(), t.countsByReason());
        assertEquals(clean.countsByVcpu(), t.countsByVcpu());
        assertEquals(clean.exits().size(), t.exits().size());
        for (int i = 0; i < t.exits().size(); i++) {
            assertEquals(clean.exits().get(i).timestampNs(), t.exits().get(i).timestampNs());
        }
        String notes = String.join("\n", t.notes());
        assertTrue(notes.matches("(?s).*repaired mail damage: \\d+ quoted line\\(s\\).*"), notes);
        assertTrue(notes.matches("(?s).*\\d+ line\\(s\\) wrapped by the mailer joined to the line before.*"), notes);
        assertTrue(notes.matches("(?s).*\\d+ mojibake non-breaking space\\(s\\) \\('Â '\\) replaced by blanks.*"),
                notes);
        assertTrue(String.join("\n", clean.notes()).indexOf("mojibake") < 0, clean.notes().toString());
    }

    @Test
    void quotedPrintableTraceImportsTheSameExits() throws Exception {
        String name = "kvmexit-trace-stable-wanpengli-5.7-svm-npf-lowercase-9.txt";
        KvmExitTrace clean = traces.parse(name, Samples.text(name));
        KvmExitTrace qp = traces.parse(name, MailDamage.quotedPrintable(Samples.text(name)));
        assertEquals(clean.countsByReason(), qp.countsByReason());
        assertEquals(clean.countsByVcpu(), qp.countsByVcpu());
        assertTrue(String.join("\n", qp.notes()).contains("quoted-printable soft line break(s) joined"),
                qp.notes().toString());
    }

    @Test
    void everyRealPerfReportSurvivesMojibakeAndQuoting() throws Exception {
        Random rnd = new Random(11);
        for (String name : Samples.all()) {
            // a mail client decodes quoted-printable before it quotes, so the raw QP sample is not re-quoted here
            if (!name.startsWith("perf-kvm-stat-") || name.contains("quoted-printable")) {
                continue;
            }
            PerfKvmStatReport clean = perf.parse(name, Samples.text(name));
            String damaged = MailDamage.quote(MailDamage.mojibakeBlanks(Samples.text(name), rnd, 0.3), ">> ");
            PerfKvmStatReport r = perf.parse(name, damaged);
            assertEquals(clean.tables().size(), r.tables().size(), name);
            for (int i = 0; i < clean.tables().size(); i++) {
                assertEquals(clean.tables().get(i).rows().size(), r.tables().get(i).rows().size(), name);
            }
            assertEquals(clean.exitMix().counts(), r.exitMix().counts(), name);
        }
    }

    @Test
    void exitCountTablesSurviveMojibakeAndQuoting() throws Exception {
        ExitCountsImporter counts = new ExitCountsImporter();
        Random rnd = new Random(13);
        for (String name : List.of("vmexit-freq-bcc-kvmexit-example-1.txt",
                "vmexit-freq-perf-prof-kvm-exit-latency-2.txt", "vmexit-freq-kylin-kvmexit-aarch64-example-5.txt")) {
            ExitCountReport clean = counts.parse(name, Samples.text(name));
            ExitCountReport r = counts.parse(name, MailDamage.quote(MailDamage.mojibakeBlanks(Samples.text(name), rnd,
                    0.3), "> "));
            assertEquals(clean.tables().size(), r.tables().size(), name);
            assertEquals(clean.exitMix().counts(), r.exitMix().counts(), name);
            assertTrue(String.join("\n", r.notes()).contains("mojibake non-breaking space(s)"), name);
        }
    }
}
