package dev.asiscope.scenario.importer;

import dev.asiscope.sim.vmx.VmxExitReason;

import java.io.BufferedReader;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Imports {@code perf kvm stat report} and {@code perf kvm stat live} tables
 * ({@code tools/perf/builtin-kvm.c}).
 *
 * <p>Accepted: the current layout ({@code Samples Samples% Time% Min Time Max Time Avg time}) and the old
 * one without Min/Max ({@code Analyze events for all VCPUs:}); every event type ({@code VM-EXIT},
 * {@code IO Port Access}, {@code MSR Access}, {@code MMIO Access}) and keys with spaces; compressed column
 * spacing; times with a unit suffix {@code us}, {@code ns}, {@code ms} or {@code s} (converted to µs;
 * bare numbers use the unit named in the header, default µs); {@code perf kvm stat live} refresh
 * timestamps and interleaved {@code unknown kvm exit code:N on VMX} lines (the code is attached to the
 * following {@code UNKNOWN} row); headers and rows wrapped by mailers onto two lines; {@code [..]}
 * elisions; mail quoting and indentation; prose, markdown and command lines around the tables (skipped
 * and counted). A file may hold several tables.
 *
 * <p>Instances are stateless and thread-safe.
 */
public final class PerfKvmStatImporter {

    /** Imports a file. */
    public PerfKvmStatReport parse(Path file) throws ImportException {
        return parse(file.toString(), ImportText.open(file));
    }

    /** Imports from a reader (closed when done). */
    public PerfKvmStatReport parse(String source, Reader reader) throws ImportException {
        return parse(source, ImportText.buffered(reader));
    }

    /** Imports from text. */
    public PerfKvmStatReport parse(String source, String text) throws ImportException {
        return parse(source, ImportText.of(text));
    }

    private PerfKvmStatReport parse(String source, BufferedReader reader) throws ImportException {
        MailRepair repair = new MailRepair();
        List<Integer> starts = new ArrayList<>();
        List<String> lines = ImportText.readRepaired(reader, source, repair, starts);
        return parseLines(source, lines, starts, repair);
    }

    /** The exit mix of a file ({@link PerfKvmStatReport#exitMix()}). */
    public ExitMix importExitMix(Path file) throws ImportException {
        return parse(file).exitMix();
    }

    // ---------------------------------------------------------------------------------------------

    private static final class TableB {
        String eventType;
        String vmScope;
        String vcpuScope;
        final List<PerfKvmStatRow> rows = new ArrayList<>();
        Long totalSamples;
        Double totalTimeUs;
        boolean elided;
        boolean hasMinMax;
        int timeColumns;
        /** The columns after the name in the nanosecond layout of perf >= 6.4, or null for the older layouts. */
        List<NsColumn> columns;
        double bareUnitToUs = 1;
        String command;
        String timestamp;
        int headerLine;

        PerfKvmStatTable build() {
            return new PerfKvmStatTable(eventType, vmScope, vcpuScope, rows, totalSamples, totalTimeUs, elided,
                    hasMinMax, command, timestamp, headerLine);
        }
    }

    /**
     * A parsed row. {@code times} holds min, max, avg (µs) or only avg, in that order.
     */
    record Row(String name, long samples, double sp, double tp, double[] times, Double stddev) {
    }

    /** {@code --event=vmexit|mmio|ioport|msr} of the command line before a table (perf's default: vmexit). */
    private static String eventTypeOf(String command) {
        String c = command == null ? "" : command.toLowerCase(Locale.ROOT);
        int e = c.indexOf("--event");
        String ev = e < 0 ? "vmexit" : c.substring(e + "--event".length()).replaceFirst("^[= ]+", "");
        if (ev.startsWith("mmio")) {
            return "MMIO Access";
        }
        if (ev.startsWith("ioport")) {
            return "IO Port Access";
        }
        if (ev.startsWith("msr")) {
            return "MSR Access";
        }
        return "VM-EXIT";
    }

    private PerfKvmStatReport parseLines(String source, List<String> lines, List<Integer> starts, MailRepair repair)
            throws ImportException {
        List<PerfKvmStatTable> tables = new ArrayList<>();
        List<SkippedLine> examples = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int skipped = 0;
        TableB cur = null;
        String vmScope = null;
        String vcpuScope = null;
        String command = null;
        String timestamp = null;
        Long unknownCode = null;
        int unknownLines = 0;
        int joinedLines = 0;
        Map<String, ForeignExitReason> foreign = new LinkedHashMap<>();
        Set<String> unknownNames = new LinkedHashSet<>();

        for (int li = 0; li < lines.size(); li++) {
            String raw = lines.get(li);
            int lineNo = starts.get(li);
            int i = ImportText.skipQuote(raw, 0);
            if (i >= raw.length()) {
                continue;
            }
            String text = raw.substring(i).strip();
            if (text.isEmpty()) {
                continue;
            }
            if (isClockTime(text)) {
                cur = close(cur, tables);
                timestamp = text;
                continue;
            }
            if (text.startsWith("Analyze events for")) {
                cur = close(cur, tables);
                String scope = text.substring("Analyze events for".length()).strip();
                if (scope.endsWith(":")) {
                    scope = scope.substring(0, scope.length() - 1);
                }
                int comma = scope.lastIndexOf(',');
                if (comma >= 0) {
                    vmScope = scope.substring(0, comma).strip();
                    vcpuScope = scope.substring(comma + 1).strip();
                } else {
                    vmScope = null;
                    vcpuScope = scope.strip();
                }
                continue;
            }
            int perf = text.indexOf("perf kvm");
            if (perf >= 0 && text.indexOf("stat", perf) > 0) {
                cur = close(cur, tables);
                command = text;
                vmScope = null;
                vcpuScope = null;
                timestamp = null;
                continue;
            }
            if (isHeader(text)) {
                cur = close(cur, tables);
                String header = text;
                if (!header.contains("Avg") && !header.contains("Mean") && li + 1 < lines.size()) {
                    String next = stripped(lines.get(li + 1));
                    if (next.contains("Avg") || next.contains("Mean")) {
                        header = header + " " + next;
                        li++;
                        joinedLines++;
                    }
                }
                cur = new TableB();
                cur.eventType = header.substring(0, header.indexOf("Samples")).strip();
                cur.columns = NsColumn.parseHeader(header);
                if (cur.columns != null) {
                    // perf >= 6.4 prints "Event name" instead of the event type: take it from --event=
                    cur.eventType = eventTypeOf(command);
                }
                cur.hasMinMax = header.contains("Min Time") || header.contains("Min time")
                        || header.contains("Min") && header.contains("Max");
                cur.timeColumns = cur.hasMinMax ? 3 : 1;
                String lower = header.toLowerCase(Locale.ROOT);
                cur.bareUnitToUs = lower.contains("(ns)") || lower.contains("time ns") ? 0.001
                        : lower.contains("(ms)") ? 1000 : 1;
                cur.vmScope = vmScope;
                cur.vcpuScope = vcpuScope;
                cur.command = command;
                cur.timestamp = timestamp;
                cur.headerLine = lineNo;
                continue;
            }
            if (text.startsWith("Total Samples:")) {
                TableB target = cur;
                if (target == null && !tables.isEmpty()) {
                    // footer after a closed table: attach to the last table if it had none
                    PerfKvmStatTable last = tables.get(tables.size() - 1);
                    if (last.totalSamples() == null) {
                        tables.remove(tables.size() - 1);
                        target = reopen(last);
                    }
                }
                if (target == null) {
                    skipped++;
                    addExample(examples, lineNo, raw, "footer without a table");
                    continue;
                }
                parseFooter(text, target);
                cur = close(target, tables);
                command = null;
                timestamp = null;
                continue;
            }
            if (text.equals("[..]") || text.equals("[...]") || text.equals("...") || text.equals("[ ... ]")) {
                if (cur != null) {
                    cur.elided = true;
                } else {
                    skipped++;
                    addExample(examples, lineNo, raw, "elision outside a table");
                }
                continue;
            }
            if (text.startsWith("unknown kvm exit code:")) {
                String v = text.substring("unknown kvm exit code:".length());
                int sp = v.indexOf(' ');
                long code = ImportText.parseUnsignedDecimal(sp < 0 ? v : v.substring(0, sp));
                unknownCode = code >= 0 ? code : null;
                unknownLines++;
                continue;
            }
            if (cur != null) {
                Row r = cur.columns != null ? NsColumn.parseRow(text, cur.columns)
                        : parseRow(text, cur.timeColumns, cur.bareUnitToUs);
                int rowLine = lineNo;
                if (r == null && li + 1 < lines.size()) {
                    String next = stripped(lines.get(li + 1));
                    if (!next.isEmpty() && !isHeader(next) && !next.startsWith("Total Samples:")) {
                        String both = text + " " + next;
                        Row joined = cur.columns != null ? NsColumn.parseRow(both, cur.columns)
                                : parseRow(both, cur.timeColumns, cur.bareUnitToUs);
                        if (joined != null) {
                            r = joined;
                            li++;
                            joinedLines++;
                        }
                    }
                }
                if (r != null) {
                    VmxExitReason vmx = null;
                    if (cur.eventType.toUpperCase(Locale.ROOT).contains("EXIT")) {
                        vmx = VmxExitReason.resolve(r.name).reason();
                        if (vmx == null) {
                            Optional<ForeignExitReason> f = ForeignExitReason.lookup(r.name);
                            if (f.isPresent()) {
                                vmx = f.get().equivalent();
                                foreign.putIfAbsent(r.name, f.get());
                            } else if (!r.name.equals("UNKNOWN")) {
                                unknownNames.add(r.name);
                            }
                        }
                    }
                    double[] t = r.times;
                    Double min = t.length == 3 ? t[0] : null;
                    Double max = t.length == 3 ? t[1] : null;
                    double avg = t[t.length - 1];
                    Long code = r.name.equals("UNKNOWN") ? unknownCode : null;
                    unknownCode = null;
                    cur.rows.add(new PerfKvmStatRow(r.name, vmx, r.samples, r.sp, r.tp, min, max, avg, r.stddev, code,
                            rowLine));
                    continue;
                }
            }
            skipped++;
            addExample(examples, lineNo, raw, cur == null ? "not part of a perf kvm stat table" : "not a table row");
        }
        close(cur, tables);
        tables.removeIf(t -> t.rows().isEmpty() && t.totalSamples() == null);
        if (tables.isEmpty()) {
            throw new ImportException(source, 1, 1, "no perf kvm stat table found (expected a header like "
                    + "'             VM-EXIT    Samples  Samples%     Time%    Min Time    Max Time         Avg time')"
                    + hint(lines));
        }
        if (unknownLines > 0) {
            notes.add(unknownLines + " 'unknown kvm exit code' line(s); codes attached to the UNKNOWN rows");
        }
        notes.addAll(ForeignExitReason.notes(foreign, unknownNames));
        String repaired = repair.note(joinedLines);
        if (repaired != null) {
            notes.add(repaired);
        }
        for (PerfKvmStatTable t : tables) {
            if (t.elided()) {
                notes.add("table at line " + t.headerLine() + " (" + t.eventType() + ") has elided rows: "
                        + t.listedSamples() + " of " + (t.totalSamples() == null ? "?" : t.totalSamples())
                        + " samples listed");
            }
        }
        return new PerfKvmStatReport(tables, skipped, examples, notes);
    }

    private static void addExample(List<SkippedLine> examples, int line, String raw, String reason) {
        if (examples.size() < SkippedLine.MAX_EXAMPLES) {
            examples.add(SkippedLine.of(line, raw, reason));
        }
    }

    private static String stripped(String raw) {
        int i = ImportText.skipQuote(raw, 0);
        return i >= raw.length() ? "" : raw.substring(i).strip();
    }

    private static TableB close(TableB cur, List<PerfKvmStatTable> tables) {
        if (cur != null) {
            tables.add(cur.build());
        }
        return null;
    }

    private static TableB reopen(PerfKvmStatTable t) {
        TableB b = new TableB();
        b.eventType = t.eventType();
        b.vmScope = t.vmScope();
        b.vcpuScope = t.vcpuScope();
        b.rows.addAll(t.rows());
        b.elided = t.elided();
        b.hasMinMax = t.hasMinMax();
        b.timeColumns = t.hasMinMax() ? 3 : 1;
        b.command = t.command();
        b.timestamp = t.timestamp();
        b.headerLine = t.headerLine();
        return b;
    }

    private static boolean isHeader(String text) {
        int s = text.indexOf("Samples");
        return s >= 0 && (text.contains("Time%") || text.contains("Samples%")) && !text.startsWith("Total");
    }

    private static boolean isClockTime(String t) {
        if (t.length() < 8 || t.length() > 20) {
            return false;
        }
        if (!(Character.isDigit(t.charAt(0)) && Character.isDigit(t.charAt(1)) && t.charAt(2) == ':'
                && Character.isDigit(t.charAt(3)) && Character.isDigit(t.charAt(4)) && t.charAt(5) == ':'
                && Character.isDigit(t.charAt(6)) && Character.isDigit(t.charAt(7)))) {
            return false;
        }
        for (int k = 8; k < t.length(); k++) {
            char c = t.charAt(k);
            if (!(Character.isDigit(c) || (c == '.' && k == 8))) {
                return false;
            }
        }
        return true;
    }

    /** {@code Total Samples:25898, Total events handled time:68281638.61us.} */
    private static void parseFooter(String text, TableB t) {
        int a = "Total Samples:".length();
        int comma = text.indexOf(',', a);
        String n = (comma < 0 ? text.substring(a) : text.substring(a, comma)).strip();
        long v = ImportText.parseUnsignedDecimal(n);
        if (v >= 0) {
            t.totalSamples = v;
        }
        int h = text.indexOf("handled time:");
        if (h >= 0) {
            String tt = text.substring(h + "handled time:".length()).strip();
            if (tt.endsWith(".")) {
                tt = tt.substring(0, tt.length() - 1);
            }
            double us = parseTime(tt, 1);
            if (!Double.isNaN(us)) {
                t.totalTimeUs = us;
            }
        }
    }

    /**
     * A row parsed from the right: name (may contain spaces), samples, samples%, time%, 1 or 3 times and
     * an optional {@code ( +- x% )}. {@code expectTimes} is the number of time columns the header
     * announced; a row with fewer is incomplete (wrapped) and gives null.
     */
    private static Row parseRow(String text, int expectTimes, double bareToUs) {
        List<String> tok = ImportText.tokens(text, 0);
        int end = tok.size();
        Double stddev = null;
        int pm = -1;
        for (int k = end - 1; k >= Math.max(0, end - 4); k--) {
            if (tok.get(k).contains("+-")) {
                pm = k;
                break;
            }
        }
        if (pm >= 0) {
            String t = tok.get(pm);
            String after = t.substring(t.indexOf("+-") + 2);
            String val = after.isEmpty() ? (pm + 1 < end ? tok.get(pm + 1) : null) : after;
            if (val != null) {
                val = val.replace(")", "").replace("%", "");
                double d = ImportText.parseDecimal(val);
                stddev = Double.isNaN(d) ? null : d;
            }
            end = pm;
            if (!t.startsWith("(") && end > 0 && tok.get(end - 1).equals("(")) {
                end--;
            }
        }
        int nt = 0;
        double[] rev = new double[3];
        while (end > 0 && nt < 3) {
            double us = parseTime(tok.get(end - 1), bareToUs);
            if (Double.isNaN(us) || isPercent(tok.get(end - 1))) {
                break;
            }
            rev[nt++] = us;
            end--;
        }
        if (nt == 0 || (expectTimes > 0 && nt != expectTimes) || end < 4) {
            return null;
        }
        double tp = percent(tok.get(end - 1));
        double sp = percent(tok.get(end - 2));
        long samples = ImportText.parseUnsignedDecimal(tok.get(end - 3));
        if (Double.isNaN(tp) || Double.isNaN(sp) || samples < 0) {
            return null;
        }
        String name = String.join(" ", tok.subList(0, end - 3));
        double[] times = new double[nt];
        for (int k = 0; k < nt; k++) {
            times[k] = rev[nt - 1 - k];
        }
        return new Row(name, samples, sp, tp, times, stddev);
    }

    private static boolean isPercent(String t) {
        return t.endsWith("%");
    }

    private static double percent(String t) {
        if (!t.endsWith("%")) {
            return Double.NaN;
        }
        return ImportText.parseDecimal(t.substring(0, t.length() - 1));
    }

    /** {@code 0.42us}, {@code 420ns}, {@code 1.2ms}, {@code 3s} → µs; a bare number times {@code bareToUs}. */
    static double parseTime(String t, double bareToUs) {
        double f;
        String num;
        if (t.endsWith("us") || t.endsWith("µs")) {
            num = t.substring(0, t.length() - 2);
            f = 1;
        } else if (t.endsWith("ns")) {
            num = t.substring(0, t.length() - 2);
            f = 0.001;
        } else if (t.endsWith("ms")) {
            num = t.substring(0, t.length() - 2);
            f = 1000;
        } else if (t.endsWith("s")) {
            num = t.substring(0, t.length() - 1);
            f = 1_000_000;
        } else {
            num = t;
            f = bareToUs;
        }
        double v = ImportText.parseDecimal(num);
        return Double.isNaN(v) ? Double.NaN : v * f;
    }

    private static String hint(List<String> lines) {
        int n = Math.min(lines.size(), 2000);
        for (int k = 0; k < n; k++) {
            String l = lines.get(k);
            if (l.contains("KVM_EXIT_REASON")) {
                return "; this looks like bcc kvmexit.py output: use 'import exit-counts'";
            }
            if (l.contains("kvm-exit latency") || l.startsWith("exit_reason ")) {
                return "; this looks like perf-prof kvm-exit output: use 'import exit-counts'";
            }
            if (l.contains("kvm_exit:")) {
                return "; this looks like a kvm_exit trace: use 'import kvm-trace'";
            }
            if (l.contains("---[") || l.matches("^.{0,40}0x[0-9a-f]{16}-0x[0-9a-f]{16}.*")) {
                return "; this looks like a ptdump: use 'import ptdump'";
            }
        }
        for (int k = 0; k < n; k++) {
            if (ExitCountsImporter.isCounterRow(lines.get(k))) {
                return "; this looks like a per-exit-code counter dump: use 'import exit-counts'";
            }
        }
        return "";
    }
}
