package dev.asiscope.scenario.importer;

import dev.asiscope.sim.vmx.VmxExitReason;

import java.io.BufferedReader;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Imports VM-exit count tables of tools other than {@code perf kvm stat}:
 * <ul>
 *   <li>bcc {@code tools/kvmexit.py}: {@code PID TID KVM_EXIT_REASON COUNT} and its variants
 *       ({@code TID ...}, {@code TIDS ...}, {@code KVM_EXIT_REASON COUNT}), names with or without
 *       {@code EXIT_REASON_}, {@code ^C} glued to a row; and the arm64 port {@code kvmexit-aarch64.py}
 *       ({@code TGID TID COMM KVM_EXIT_REASON COUNT AVG_TIME}, ESR class names {@code EC_WFx},
 *       {@code EC_DABT_LOW}, a {@code COMM} with blanks, {@code AVG_TIME} in ns), whose names are mapped with
 *       {@link ForeignExitReason};</li>
 *   <li>perf-prof {@code kvm-exit}: {@code exit_reason calls total(us) min(us) avg(us) max(us) %gsys}
 *       tables, {@code kvm-exit latency [THREAD n]} captions and timestamps; event lines in between are
 *       skipped;</li>
 *   <li>counter dumps indexed by basic exit code: {@code 48- 35708, ffff97e0, 30, ffffffff} (count is the
 *       first number) and multi-column {@code #- boot -> after use -> after idling} /
 *       {@code 1- 25481 -> 240800 -> 282440} (one table per column).</li>
 * </ul>
 * Other lines are skipped and counted. Instances are stateless and thread-safe.
 */
public final class ExitCountsImporter {

    /** Imports a file. */
    public ExitCountReport parse(Path file) throws ImportException {
        return parse(file.toString(), ImportText.open(file));
    }

    /** Imports from a reader (closed when done). */
    public ExitCountReport parse(String source, Reader reader) throws ImportException {
        return parse(source, ImportText.buffered(reader));
    }

    /** Imports from text. */
    public ExitCountReport parse(String source, String text) throws ImportException {
        return parse(source, ImportText.of(text));
    }

    private ExitCountReport parse(String source, BufferedReader reader) throws ImportException {
        MailRepair repair = new MailRepair();
        List<Integer> starts = new ArrayList<>();
        List<String> lines = ImportText.readRepaired(reader, source, repair, starts);
        ExitCountReport r = parseLines(source, lines, starts);
        String repaired = repair.note(0);
        if (repaired == null) {
            return r;
        }
        List<String> notes = new ArrayList<>(r.notes());
        notes.add(repaired);
        return new ExitCountReport(r.tables(), r.skippedLines(), r.skippedExamples(), notes);
    }

    /** The exit mix of the first table of a file. */
    public ExitMix importExitMix(Path file) throws ImportException {
        return parse(file).exitMix();
    }

    /** Whether a line looks like a counter-dump row {@code N- count, ...} or {@code N- a -> b}. */
    static boolean isCounterRow(String line) {
        return counterRow(line) != null;
    }

    // ---------------------------------------------------------------------------------------------

    private static final class TableB {
        ExitCountTable.Tool tool;
        String command;
        String title;
        String timestamp;
        List<String> columns;
        final List<ExitCountRow> rows = new ArrayList<>();
        int headerLine;
        /** For multi-column counter tables: one row list per column. */
        List<List<ExitCountRow>> columnRows;
        List<String> columnNames;
    }

    private ExitCountReport parseLines(String source, List<String> lines, List<Integer> starts)
            throws ImportException {
        List<ExitCountTable> tables = new ArrayList<>();
        List<SkippedLine> examples = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, ForeignExitReason> foreign = new LinkedHashMap<>();
        Set<String> unknown = new LinkedHashSet<>();
        int skipped = 0;
        TableB cur = null;
        String command = null;
        String title = null;
        String timestamp = null;
        String caption = null;

        for (int li = 0; li < lines.size(); li++) {
            String raw = lines.get(li);
            int lineNo = starts.get(li);
            int i = ImportText.skipQuote(raw, 0);
            String text = i >= raw.length() ? "" : raw.substring(i).strip();
            while (text.startsWith("^C")) {
                text = text.substring(2).strip();
            }
            if (text.isEmpty() || text.startsWith("```")) {
                cur = close(cur, tables);
                continue;
            }
            List<String> tok = ImportText.tokens(text, 0);
            // --- headers
            int reasonCol = tok.indexOf("KVM_EXIT_REASON");
            if (reasonCol >= 0 && (tok.get(tok.size() - 1).equals("COUNT")
                    || tok.contains("COUNT") && tok.get(tok.size() - 1).equals("AVG_TIME"))) {
                cur = close(cur, tables);
                cur = new TableB();
                cur.tool = ExitCountTable.Tool.BCC_KVMEXIT;
                cur.columns = tok;
                cur.command = command;
                cur.title = title;
                cur.headerLine = lineNo;
                continue;
            }
            if (tok.size() >= 3 && tok.get(0).equals("exit_reason") && tok.get(1).equals("calls")) {
                cur = close(cur, tables);
                cur = new TableB();
                cur.tool = ExitCountTable.Tool.PERF_PROF_KVM_EXIT;
                cur.columns = tok;
                cur.command = command;
                cur.title = title;
                cur.timestamp = timestamp;
                cur.headerLine = lineNo;
                continue;
            }
            if (text.startsWith("#-") && text.contains("->")) {
                cur = close(cur, tables);
                cur = new TableB();
                cur.tool = ExitCountTable.Tool.EXIT_CODE_COUNTERS;
                cur.columnNames = new ArrayList<>();
                for (String c : text.substring(2).split("->")) {
                    cur.columnNames.add(c.strip());
                }
                cur.columnRows = new ArrayList<>();
                for (int k = 0; k < cur.columnNames.size(); k++) {
                    cur.columnRows.add(new ArrayList<>());
                }
                cur.title = caption;
                cur.headerLine = lineNo;
                continue;
            }
            // --- rows
            if (cur != null && cur.tool == ExitCountTable.Tool.PERF_PROF_KVM_EXIT && text.startsWith("---")) {
                continue;
            }
            if (cur != null && addRow(cur, tok, text, lineNo)) {
                ExitCountRow added = cur.rows.isEmpty() ? null : cur.rows.get(cur.rows.size() - 1);
                if (added != null && added.line() == lineNo && added.code() == null
                        && VmxExitReason.resolve(added.reason()).reason() == null) {
                    Optional<ForeignExitReason> f = ForeignExitReason.lookup(added.reason());
                    if (f.isPresent()) {
                        foreign.putIfAbsent(added.reason(), f.get());
                    } else {
                        unknown.add(added.reason());
                    }
                }
                continue;
            }
            long[] counter = counterRow(text);
            if (counter != null) {
                if (cur == null || cur.tool != ExitCountTable.Tool.EXIT_CODE_COUNTERS || cur.columnRows != null) {
                    cur = close(cur, tables);
                    cur = new TableB();
                    cur.tool = ExitCountTable.Tool.EXIT_CODE_COUNTERS;
                    cur.title = caption;
                    cur.headerLine = lineNo;
                }
                cur.rows.add(codeRow((int) counter[0], counter[1], lineNo));
                continue;
            }
            // --- context
            cur = close(cur, tables);
            if (text.startsWith("#") && !text.startsWith("#-") || text.contains("]# ")) {
                int h = text.indexOf("# ");
                command = text.substring(h + 2).strip();
                title = null;
                timestamp = null;
                continue;
            }
            if (text.startsWith("Display kvm exit reasons") || text.startsWith("kvm-exit latency")) {
                title = text;
                continue;
            }
            if (isDateTime(text)) {
                timestamp = text;
                continue;
            }
            caption = text.endsWith(":") && text.length() < 80 ? text.substring(0, text.length() - 1).strip() : null;
            skipped++;
            if (examples.size() < SkippedLine.MAX_EXAMPLES) {
                examples.add(SkippedLine.of(lineNo, raw, "not part of an exit-count table"));
            }
        }
        close(cur, tables);
        tables.removeIf(t -> t.rows().isEmpty());
        if (tables.isEmpty()) {
            String hint = "";
            for (String l : lines.subList(0, Math.min(lines.size(), 2000))) {
                if (l.contains("Samples%") || l.contains("Analyze events for")) {
                    hint = "; this looks like perf kvm stat output: use 'import perf-kvm-stat'";
                    break;
                }
                if (l.contains("kvm_exit:")) {
                    hint = "; this looks like a kvm_exit trace: use 'import kvm-trace'";
                    break;
                }
            }
            throw new ImportException(source, 1, 1, "no exit-count table found (expected bcc kvmexit.py "
                    + "'PID TID KVM_EXIT_REASON COUNT', perf-prof 'exit_reason calls total(us) ...' or "
                    + "'48- 35708, ...' counter rows)" + hint);
        }
        unknown.remove("UNKNOWN");
        notes.addAll(ForeignExitReason.notes(foreign, unknown));
        if (tables.stream().anyMatch(t -> t.rows().stream().anyMatch(r -> r.avgUs() != null)
                && t.tool() == ExitCountTable.Tool.BCC_KVMEXIT)) {
            notes.add("AVG_TIME read as nanoseconds (assumed: the tool does not name the unit; an exit of 1020 "
                    + "is plausible only in ns)");
        }
        return new ExitCountReport(tables, skipped, examples, notes);
    }

    private static boolean isDateTime(String t) {
        return t.length() >= 19 && t.length() <= 32 && Character.isDigit(t.charAt(0)) && t.charAt(4) == '-' && t.charAt(7) == '-'
                && t.charAt(10) == ' ' && t.charAt(13) == ':' && t.charAt(16) == ':';
    }

    private static TableB close(TableB cur, List<ExitCountTable> tables) {
        if (cur == null) {
            return null;
        }
        if (cur.columnRows != null) {
            for (int k = 0; k < cur.columnRows.size(); k++) {
                String t = (cur.title == null ? "" : cur.title + ": ") + cur.columnNames.get(k);
                tables.add(new ExitCountTable(cur.tool, cur.command, t, cur.timestamp, cur.columnRows.get(k),
                        cur.headerLine));
            }
        } else {
            tables.add(new ExitCountTable(cur.tool, cur.command, cur.title, cur.timestamp, cur.rows,
                    cur.headerLine));
        }
        return null;
    }

    private static boolean addRow(TableB cur, List<String> tok, String text, int lineNo) {
        switch (cur.tool) {
            case BCC_KVMEXIT -> {
                List<String> vals = bccValues(cur.columns, tok);
                if (vals == null) {
                    return false;
                }
                Long pid = null;
                Long tid = null;
                String reason = null;
                long count = -1;
                Double avgUs = null;
                boolean badAvg = false;
                for (int k = 0; k < vals.size(); k++) {
                    String col = cur.columns.get(k);
                    String v = vals.get(k);
                    switch (col) {
                        case "PID", "TGID" -> pid = num(v);
                        case "TID", "TIDS" -> tid = num(v);
                        case "KVM_EXIT_REASON" -> reason = v;
                        case "COUNT" -> count = ImportText.parseUnsignedDecimal(v);
                        case "AVG_TIME" -> {
                            double ns = ImportText.parseDecimal(v);
                            badAvg = Double.isNaN(ns);
                            avgUs = badAvg ? null : ns / 1000;
                        }
                        default -> {
                        }
                    }
                }
                if (reason == null || count < 0 || badAvg
                        || ((cur.columns.contains("PID") || cur.columns.contains("TGID")) && pid == null)
                        || ((cur.columns.contains("TID") || cur.columns.contains("TIDS")) && tid == null)) {
                    return false;
                }
                VmxExitReason vmx = VmxExitReason.resolve(reason).reason();
                if (vmx == null) {
                    vmx = ForeignExitReason.lookup(reason).map(ForeignExitReason::equivalent).orElse(null);
                }
                cur.rows.add(new ExitCountRow(reason, vmx, null, count, pid, tid, null, null, avgUs, null, null,
                        lineNo));
                return true;
            }
            case PERF_PROF_KVM_EXIT -> {
                if (tok.size() < 7) {
                    return false;
                }
                int n = tok.size();
                long calls = ImportText.parseUnsignedDecimal(tok.get(n - 6));
                double total = ImportText.parseDecimal(tok.get(n - 5));
                double min = ImportText.parseDecimal(tok.get(n - 4));
                double avg = ImportText.parseDecimal(tok.get(n - 3));
                double max = ImportText.parseDecimal(tok.get(n - 2));
                double gsys = ImportText.parseDecimal(tok.get(n - 1));
                if (calls < 0 || Double.isNaN(total) || Double.isNaN(min) || Double.isNaN(avg) || Double.isNaN(max)
                        || Double.isNaN(gsys)) {
                    return false;
                }
                String reason = String.join(" ", tok.subList(0, n - 6));
                Long tid = null;
                if (cur.title != null && cur.title.contains("THREAD ")) {
                    tid = num(cur.title.substring(cur.title.indexOf("THREAD ") + 7).strip());
                }
                cur.rows.add(new ExitCountRow(reason, VmxExitReason.resolve(reason).reason(), null, calls, null, tid,
                        total, min, avg, max, gsys, lineNo));
                return true;
            }
            case EXIT_CODE_COUNTERS -> {
                if (cur.columnRows == null) {
                    return false;
                }
                long[] r = multiColumnRow(text, cur.columnRows.size());
                if (r == null) {
                    return false;
                }
                for (int k = 0; k < cur.columnRows.size(); k++) {
                    cur.columnRows.get(k).add(codeRow((int) r[0], r[k + 1], lineNo));
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /**
     * The values of a bcc-style row, one per header column. A {@code COMM} column (the vCPU thread's name,
     * printed by Python as {@code b'CPU 3/KVM'}) may contain blanks: the columns before it are taken from the
     * left, the ones after it from the right. Null when the row does not fit the header.
     */
    private static List<String> bccValues(List<String> columns, List<String> tok) {
        int comm = columns.indexOf("COMM");
        if (comm < 0) {
            return tok.size() == columns.size() ? tok : null;
        }
        int after = columns.size() - comm - 1;
        if (tok.size() < columns.size()) {
            return null;
        }
        List<String> out = new ArrayList<>(tok.subList(0, comm));
        out.add(String.join(" ", tok.subList(comm, tok.size() - after)));
        out.addAll(tok.subList(tok.size() - after, tok.size()));
        return out;
    }

    private static ExitCountRow codeRow(int code, long count, int lineNo) {
        VmxExitReason vmx = VmxExitReason.fromCode(code).orElse(null);
        String name = vmx != null ? vmx.linuxName() : "CODE_" + code;
        return new ExitCountRow(name, vmx, code, count, null, null, null, null, null, null, null, lineNo);
    }

    private static Long num(String v) {
        long x = ImportText.parseUnsignedDecimal(v);
        return x < 0 ? null : x;
    }

    /** {@code 48- 35708, ffff97e0, 30, ffffffff} → {48, 35708}; null otherwise. */
    private static long[] counterRow(String text) {
        String t = text.strip();
        int dash = t.indexOf("- ");
        if (dash <= 0 || dash > 3) {
            return null;
        }
        long code = ImportText.parseUnsignedDecimal(t.substring(0, dash));
        if (code < 0 || code > 0xffff) {
            return null;
        }
        String rest = t.substring(dash + 2).strip();
        int comma = rest.indexOf(',');
        if (comma <= 0) {
            return null;
        }
        long count = ImportText.parseUnsignedDecimal(rest.substring(0, comma).strip());
        return count < 0 ? null : new long[] {code, count};
    }

    /** {@code 1- 25481 -> 240800 -> 282440} → {1, 25481, 240800, 282440}; null otherwise. */
    private static long[] multiColumnRow(String text, int columns) {
        int dash = text.indexOf("- ");
        if (dash <= 0 || dash > 3) {
            return null;
        }
        long code = ImportText.parseUnsignedDecimal(text.substring(0, dash));
        String[] parts = text.substring(dash + 2).split("->");
        if (code < 0 || code > 0xffff || parts.length != columns) {
            return null;
        }
        long[] out = new long[columns + 1];
        out[0] = code;
        for (int k = 0; k < columns; k++) {
            long v = ImportText.parseUnsignedDecimal(parts[k].strip());
            if (v < 0) {
                return null;
            }
            out[k + 1] = v;
        }
        return out;
    }
}
