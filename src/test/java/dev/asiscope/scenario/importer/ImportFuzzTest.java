package dev.asiscope.scenario.importer;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Property: no input makes an importer throw anything but {@link ImportException}. 2,000 mutations of
 * the real samples with a fixed seed (truncation, splicing, byte flips, binary garbage, very long lines,
 * duplicated/shuffled lines, CR line ends, mail damage: quote prefixes, NBSP mojibake, wraps,
 * quoted-printable), each fed to all four importers and to the text/binary check; successful ptdump
 * imports are also written back and re-imported.
 */
class ImportFuzzTest {
    /** Fixed seed; override with -Dfuzz.seed=N to explore (the build always uses the default). */
    private static final long SEED = Long.getLong("fuzz.seed", 0x5EED_A51L);
    private static final int CASES = Integer.getInteger("fuzz.cases", 2000);

    private final PtdumpImporter ptdump = new PtdumpImporter();
    private final KvmTraceImporter trace = new KvmTraceImporter();
    private final PerfKvmStatImporter perf = new PerfKvmStatImporter();
    private final ExitCountsImporter counts = new ExitCountsImporter();
    private final PtdumpWriter writer = new PtdumpWriter();

    @FunctionalInterface
    interface Importer {
        Object run(String text) throws ImportException;
    }

    @Test
    void mutatedSamplesNeverCrashTheImporters() {
        List<String> names = Samples.all();
        List<byte[]> samples = new ArrayList<>();
        for (String n : names) {
            samples.add(Samples.bytes(n));
        }
        Random rnd = new Random(SEED);
        int[] outcomes = new int[2]; // [0] results, [1] ImportExceptions
        for (int c = 0; c < CASES; c++) {
            int kind = c % 10;
            byte[] base = samples.get(rnd.nextInt(samples.size()));
            byte[] input = switch (kind) {
                case 0 -> truncate(base, rnd);
                case 1 -> splice(base, samples.get(rnd.nextInt(samples.size())), rnd);
                case 2 -> flip(base, rnd, 1 + rnd.nextInt(40));
                case 3 -> garbage(rnd);
                case 4 -> longLine(base, rnd);
                case 5 -> shuffleLines(base, rnd);
                case 6 -> crLineEnds(flip(base, rnd, rnd.nextInt(4)));
                case 7 -> mailed(truncate(base, rnd), rnd);
                case 8 -> flip(MailDamage.quotedPrintable(new String(base, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8), rnd, rnd.nextInt(6));
                default -> flip(splice(truncate(base, rnd), samples.get(rnd.nextInt(samples.size())), rnd), rnd,
                        rnd.nextInt(10));
            };
            // the text/binary check sees every input's bytes, as it does before every file import
            dev.asiscope.scenario.TextCheck.lenient(input, rnd.nextBoolean());
            dev.asiscope.scenario.TextCheck.strict(input);
            String text = new String(input, StandardCharsets.UTF_8);
            String label = "case " + c + " (kind " + kind + ")";
            check(label + " ptdump", text, t -> {
                List<AddressSpaceDump> all = ptdump.parseAll("fuzz", t);
                for (AddressSpaceDump d : all) {
                    String out = writer.write(d);
                    AddressSpaceDump again = ptdump.parse("rewritten", out);
                    assertEquals(d.ranges().size(), again.ranges().size(), label + " round trip");
                    ImportReport.toJson(ImportReport.json(all, 0));
                }
                return all;
            }, outcomes);
            check(label + " kvm-trace", text, t -> {
                KvmExitTrace k = trace.parse("fuzz", t);
                k.exitMix();
                ImportReport.toJson(ImportReport.json(k, true));
                ImportReport.text(k);
                return k;
            }, outcomes);
            check(label + " perf-kvm-stat", text, t -> {
                PerfKvmStatReport p = perf.parse("fuzz", t);
                p.exitMix();
                ImportReport.toJson(ImportReport.json(p));
                ImportReport.text(p);
                return p;
            }, outcomes);
            check(label + " exit-counts", text, t -> {
                ExitCountReport e = counts.parse("fuzz", t);
                ImportReport.toJson(ImportReport.json(e));
                ImportReport.text(e);
                return e;
            }, outcomes);
        }
        assertEquals(CASES * 4, outcomes[0] + outcomes[1]);
        assertTrue(outcomes[0] > CASES / 2, "most mutations still import: " + outcomes[0]);
        assertTrue(outcomes[1] > CASES / 2, "and many are rejected cleanly: " + outcomes[1]);
    }

    private static void check(String label, String text, Importer imp, int[] outcomes) {
        try {
            Object r = imp.run(text);
            if (r == null) {
                fail(label + ": null result");
            }
            outcomes[0]++;
        } catch (ImportException e) {
            if (e.getMessage() == null || e.getMessage().isBlank() || e.getMessage().indexOf('\n') >= 0) {
                fail(label + ": bad message " + e.getMessage());
            }
            outcomes[1]++;
        } catch (Throwable t) {
            throw new AssertionError(label + ": " + t, t);
        }
    }

    /** Quote prefixes, NBSP mojibake and a mid-event wrap, as a mailer would. */
    private static byte[] mailed(byte[] b, Random rnd) {
        String s = MailDamage.mojibakeBlanks(new String(b, StandardCharsets.UTF_8), rnd, rnd.nextDouble());
        int wrap = s.isEmpty() ? -1 : s.indexOf(' ', rnd.nextInt(s.length()));
        if (wrap > 0) {
            s = s.substring(0, wrap) + "\n" + s.substring(wrap);
        }
        return MailDamage.quote(s, rnd.nextBoolean() ? "> " : ">> ").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] truncate(byte[] b, Random rnd) {
        return java.util.Arrays.copyOf(b, b.length == 0 ? 0 : rnd.nextInt(b.length + 1));
    }

    private static byte[] splice(byte[] a, byte[] b, Random rnd) {
        int cutA = a.length == 0 ? 0 : rnd.nextInt(a.length + 1);
        int cutB = b.length == 0 ? 0 : rnd.nextInt(b.length + 1);
        byte[] out = new byte[cutA + (b.length - cutB)];
        System.arraycopy(a, 0, out, 0, cutA);
        System.arraycopy(b, cutB, out, cutA, b.length - cutB);
        return out;
    }

    private static byte[] flip(byte[] b, Random rnd, int n) {
        byte[] out = b.clone();
        for (int i = 0; i < n && out.length > 0; i++) {
            int pos = rnd.nextInt(out.length);
            switch (rnd.nextInt(4)) {
                case 0 -> out[pos] ^= (byte) (1 << rnd.nextInt(8));
                case 1 -> out[pos] = (byte) rnd.nextInt(256);
                case 2 -> out[pos] = (byte) "0123456789abcdefx-:[]. \n>#"
                        .charAt(rnd.nextInt(26));
                default -> out[pos] = 0;
            }
        }
        return out;
    }

    private static byte[] garbage(Random rnd) {
        byte[] out = new byte[rnd.nextInt(4096)];
        rnd.nextBytes(out);
        return out;
    }

    private static byte[] longLine(byte[] base, Random rnd) {
        String[] units = {"0x", "GLB ", "kvm_exit: ", "reason ", "[001] ", "12.5% ", "x", " ", "0xffffffff81000000-",
            "... ", ">", "---[ "};
        StringBuilder sb = new StringBuilder();
        String u = units[rnd.nextInt(units.length)];
        int len = 50_000 + rnd.nextInt(150_000);
        // a long line in a plausible context: a real prefix of the sample, then the long line, then the rest
        String s = new String(base, StandardCharsets.UTF_8);
        int cut = s.isEmpty() ? 0 : rnd.nextInt(s.length());
        int nl = s.indexOf('\n', cut);
        sb.append(s, 0, nl < 0 ? s.length() : nl + 1);
        while (sb.length() < len) {
            sb.append(u);
        }
        sb.append('\n');
        if (nl >= 0) {
            sb.append(s, nl + 1, s.length());
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] shuffleLines(byte[] b, Random rnd) {
        List<String> lines = new ArrayList<>(List.of(new String(b, StandardCharsets.UTF_8).split("\n", -1)));
        if (!lines.isEmpty() && rnd.nextBoolean()) {
            int i = rnd.nextInt(lines.size());
            lines.add(rnd.nextInt(lines.size() + 1), lines.get(i));
        }
        for (int k = 0; k < 1 + rnd.nextInt(5) && lines.size() > 1; k++) {
            int i = rnd.nextInt(lines.size());
            int j = rnd.nextInt(lines.size());
            String t = lines.get(i);
            lines.set(i, lines.get(j));
            lines.set(j, t);
        }
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] crLineEnds(byte[] b) {
        return new String(b, StandardCharsets.UTF_8).replace("\n", "\r").getBytes(StandardCharsets.UTF_8);
    }
}
