package dev.asiscope.scenario.importer;

import dev.asiscope.sim.vmx.VmxExitReason;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Imports {@code kvm_exit} / {@code kvm_entry} events from ftrace ({@code trace}, {@code trace_pipe}),
 * {@code trace-cmd report}, {@code perf script} and perf-prof event logs.
 *
 * <p>Accepted line prefixes: {@code comm-pid} (comm may contain spaces and dashes, {@code <...>} when
 * unknown) or {@code comm pid}; an optional tgid column {@code (  123)}; {@code [CPU]}; an optional
 * irq-flags column of 4 or 5 characters ({@code d..1}, {@code d....}, none for trace-cmd); a
 * {@code seconds.fraction:} timestamp; the event name, possibly padded ({@code kvm_exit:             reason})
 * or with a system prefix ({@code kvm:kvm_exit:}). Around that: mail quoting ({@code >}, {@code > >}), a
 * leading date-time (perf-prof), events split over two lines (header line, then {@code event: payload}),
 * payloads wrapped by mailers (continuation lines are joined) and comment lines ({@code #}).
 *
 * <p>{@code kvm_exit} payloads of every generation: {@code reason X rip 0x.. info A B};
 * {@code vcpu N reason X rip 0x.. info1 0x.. info2 0x.. intr_info 0x.. error_code 0x..}; optional reason
 * flags after the name and extra trailing fields; VMX names, numeric codes and SVM names ({@code EXIT_NPF},
 * {@code npf}, {@code msr}, ...), which are mapped to the closest {@link VmxExitReason} keeping the
 * original spelling. An SVM {@code msr} exit is counted as {@code MSR_READ} when its info1 is 0 and as
 * {@code MSR_WRITE} otherwise.
 *
 * <p>When an exit has no {@code vcpu} field, the vCPU is taken from the {@code kvm_entry: vcpu N} events
 * of the same thread; when a thread has none, threads are numbered in order of first appearance (after
 * the vCPU numbers already known) and the trace's notes say so.
 *
 * <p>Streaming: memory grows with the number of exits, not with the input size. Instances are
 * stateless and thread-safe.
 */
public final class KvmTraceImporter {

    private static final int MAX_JOINED_LINES = 3;
    private static final Set<String> CONT_KEYWORDS = Set.of("reason", "rip", "info", "info1", "info2", "intr_info",
            "error_code", "vcpu", "requests", "int_info", "int_info_err", "[guest]", "[immediate", "exit]");

    /** Imports a trace file. */
    public KvmExitTrace parse(Path file) throws ImportException {
        return run(file.toString(), ImportText.open(file));
    }

    /** Imports a trace from a reader (closed when done). */
    public KvmExitTrace parse(String source, Reader reader) throws ImportException {
        return run(source, ImportText.buffered(reader));
    }

    /** Imports a trace from text. */
    public KvmExitTrace parse(String source, String text) throws ImportException {
        return run(source, ImportText.of(text));
    }

    /** The exit mix of a trace file ({@link KvmExitTrace#exitMix()}). */
    public ExitMix importExitMix(Path file) throws ImportException {
        return parse(file).exitMix();
    }

    // ---------------------------------------------------------------------------------------------

    /** Parsed line prefix. */
    private static final class Header {
        /** The line the header was parsed from and the comm's bounds in it (comm is built lazily). */
        String src;
        int commStart;
        int commEnd;
        String comm;
        int pid;
        int cpu;
        long tsNs;
        int line;
        int rest;
        String text;

        String comm() {
            if (comm == null) {
                comm = src.substring(commStart, commEnd);
            }
            return comm;
        }
    }

    /** An event being assembled (possibly from several physical lines). */
    private static final class Rec {
        Header h;
        /** The physical line holding the event name and the start of the payload. */
        String line;
        int evStart;
        int evEnd;
        int pStart;
        /** The payload when continuation lines were joined, else null (payload = line[pStart..]). */
        StringBuilder joined;
        /** EV_EXIT, EV_ENTRY, EV_OTHER or EV_NONE (no event name: garbage after a header). */
        int kind;
        int joins;
        /** Physical lines used (header-only line + event line + continuations). */
        int lines = 1;
    }

    /** Mutable exit while parsing. */
    private static final class ExitB {
        long ts;
        int vcpu = -1;
        String name;
        VmxExitReason reason;
        String flags;
        Long rip;
        Long info1;
        Long info2;
        Long intrInfo;
        Long errorCode;
        int cpu;
        String comm;
        int pid;
        int line;
        long threadKey;
        long durationNs = -1;
    }

    private static final class State {
        final String source;
        final List<ExitB> exits = new ArrayList<>();
        final Map<Long, Integer> threadVcpu = new HashMap<>();
        final Map<Long, ExitB> pendingExit = new HashMap<>();
        final Map<Long, String> threadNames = new LinkedHashMap<>();
        final Map<String, Long> other = new TreeMap<>();
        final Map<String, VmxExitReason.Resolved> resolved = new HashMap<>();
        final List<SkippedLine> examples = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final MailRepair repair = new MailRepair();
        /** Non-x86 exit names met (RISC-V traces), for the notes. */
        final Map<String, ForeignExitReason> foreign = new LinkedHashMap<>();
        /** Physical lines joined to the line before (wrapped payloads, events split over two lines). */
        int joinedLines;
        long entries;
        int skipped;
        int truncated;
        int malformed;
        Header pendingHeader;
        Rec cur;

        final Map<Long, String> comms = new HashMap<>();

        State(String source) {
            this.source = source;
        }

        /** The header's comm, sharing one String per thread while the comm does not change. */
        String comm(long threadKey, Header h) {
            String cached = comms.get(threadKey);
            if (cached != null && is(h.src, h.commStart, h.commEnd, cached)) {
                return cached;
            }
            String c = h.comm();
            comms.put(threadKey, c);
            return c;
        }

        void skip(int line, String text, String reason) {
            skipped++;
            if (examples.size() < SkippedLine.MAX_EXAMPLES) {
                examples.add(SkippedLine.of(line, text, reason));
            }
        }
    }

    private KvmExitTrace run(String source, BufferedReader reader) throws ImportException {
        State st = new State(source);
        int lineNo = 0;
        try (reader) {
            String line;
            while ((line = st.repair.next(reader)) != null) {
                lineNo = st.repair.line();
                step(st, line, lineNo);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new ImportException(source, lineNo + 1, 0, "cannot read input: " + ImportText.describe(e), e);
        }
        lineNo = st.repair.physicalLines();
        flush(st);
        if (st.pendingHeader != null) {
            st.skip(st.pendingHeader.line, st.pendingHeader.text, "event header without event");
            st.pendingHeader = null;
        }
        if (st.exits.isEmpty()) {
            throw new ImportException(source, 1, 1, "no kvm_exit events found (" + lineNo + " lines, "
                    + st.entries + " kvm_entry events, " + st.skipped + " lines skipped); expected ftrace or "
                    + "trace-cmd lines like ' qemu-system-x86-8397 [002] d.... 1404.389366: kvm_exit: vcpu 1 "
                    + "reason CR_ACCESS rip 0xffffffff8100007a ...'");
        }
        return build(st, lineNo);
    }

    private static void step(State st, String line, int lineNo) {
        int n = line.length();
        int i = ImportText.skipQuote(line, 0);
        if (i >= n) {
            // blank line: ends any event being assembled
            flush(st);
            return;
        }
        i = skipDateTime(line, i);
        char c0 = line.charAt(i);
        if (c0 == '#') {
            flush(st);
            st.skipped++;
            return;
        }
        Header h = header(line, i);
        if (h != null) {
            flush(st);
            if (st.pendingHeader != null) {
                st.skip(st.pendingHeader.line, st.pendingHeader.text, "event header without event");
                st.pendingHeader = null;
            }
            h.line = lineNo;
            int restStart = ImportText.skipSpaces(line, h.rest);
            if (restStart >= n) {
                h.text = line;
                st.pendingHeader = h;
                return;
            }
            startRecord(st, h, line, restStart);
            return;
        }
        if (st.pendingHeader != null) {
            // second half of an event split over two lines: " kvm_exit: reason ..."
            int colon = eventNameEnd(line, i);
            if (colon > 0) {
                Header ph = st.pendingHeader;
                st.pendingHeader = null;
                String headerText = ph.text;
                startRecord(st, ph, line, i);
                ph.text = headerText + " " + line.strip();
                st.cur.lines = 2;
                st.joinedLines++;
                return;
            }
        }
        if (st.cur != null && st.cur.joins < MAX_JOINED_LINES && isContinuation(line, i)) {
            Rec c = st.cur;
            if (c.joined == null) {
                c.joined = new StringBuilder(c.line.length() - c.pStart + n - i + 1);
                c.joined.append(c.line, c.pStart, c.line.length());
            }
            c.joined.append(' ').append(line, i, n);
            st.cur.joins++;
            st.cur.lines++;
            st.joinedLines++;
            return;
        }
        flush(st);
        if (st.pendingHeader != null) {
            st.skip(st.pendingHeader.line, st.pendingHeader.text, "event header without event");
            st.pendingHeader = null;
        }
        st.skip(lineNo, line, "not a trace event");
    }

    private static void startRecord(State st, Header h, String line, int i) {
        int n = line.length();
        int end = eventNameEnd(line, i);
        Rec rec = new Rec();
        rec.h = h;
        rec.line = line;
        if (end > 0) {
            rec.evStart = i;
            rec.evEnd = end;
            rec.pStart = Math.min(n, end + 1);
        } else {
            // event name without ':' (truncated line) or garbage after the header
            int j = i;
            while (j < n && line.charAt(j) != ' ' && line.charAt(j) != '\t') {
                j++;
            }
            rec.evStart = i;
            rec.evEnd = j;
            rec.pStart = n;
            rec.joins = MAX_JOINED_LINES; // a truncated event does not continue on the next line
            if (j < n) {
                rec.evEnd = i; // not an event
            }
        }
        // kvm:kvm_exit -> kvm_exit
        int colon = line.indexOf(':', rec.evStart);
        if (colon >= 0 && colon < rec.evEnd) {
            rec.evStart = colon + 1;
        }
        rec.kind = rec.evEnd <= rec.evStart ? EV_NONE
                : is(line, rec.evStart, rec.evEnd, "kvm_exit") ? EV_EXIT
                : is(line, rec.evStart, rec.evEnd, "kvm_entry") ? EV_ENTRY : EV_OTHER;
        h.text = line;
        st.cur = rec;
    }

    private static final int EV_NONE = 0;
    private static final int EV_EXIT = 1;
    private static final int EV_ENTRY = 2;
    private static final int EV_OTHER = 3;

    private static boolean is(CharSequence s, int from, int to, String word) {
        if (to - from != word.length()) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (s.charAt(from + k) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Index of the ':' ending an event name starting at i ({@code kvm_exit:}, {@code kvm:kvm_exit:}), or -1. */
    private static int eventNameEnd(String line, int i) {
        int n = line.length();
        int j = i;
        int colons = 0;
        while (j < n) {
            char c = line.charAt(j);
            if (c == ':') {
                if (j + 1 >= n || line.charAt(j + 1) == ' ' || line.charAt(j + 1) == '\t') {
                    return j > i ? j : -1;
                }
                if (++colons > 1) {
                    return -1;
                }
            } else if (!(Character.isLetterOrDigit(c) || c == '_')) {
                return -1;
            }
            j++;
        }
        return -1;
    }

    private static boolean isContinuation(String line, int i) {
        int n = line.length();
        if (n - i > 400) {
            return false;
        }
        int j = i;
        while (j < n && line.charAt(j) != ' ' && line.charAt(j) != '\t') {
            j++;
        }
        String t = line.substring(i, j);
        if (t.isEmpty()) {
            return false;
        }
        if (CONT_KEYWORDS.contains(t) || t.startsWith("0x") || t.charAt(0) == '(') {
            return true;
        }
        boolean hex = true;
        boolean upperIdent = t.length() > 1 && t.charAt(0) >= 'A' && t.charAt(0) <= 'Z';
        for (int k = 0; k < t.length(); k++) {
            char c = t.charAt(k);
            hex &= ImportText.isHex(c);
            upperIdent &= (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        }
        return hex || upperIdent;
    }

    /** Skips a leading {@code YYYY-MM-DD HH:MM:SS.ffffff} (perf-prof prints it before events). */
    private static int skipDateTime(String s, int i) {
        int n = s.length();
        if (n - i < 20) {
            return i;
        }
        if (!(Character.isDigit(s.charAt(i)) && s.charAt(i + 4) == '-' && s.charAt(i + 7) == '-'
                && s.charAt(i + 10) == ' ' && s.charAt(i + 13) == ':' && s.charAt(i + 16) == ':')) {
            return i;
        }
        int j = i + 19;
        if (j < n && s.charAt(j) == '.') {
            j++;
            while (j < n && Character.isDigit(s.charAt(j))) {
                j++;
            }
        }
        int k = ImportText.skipSpaces(s, j);
        return k >= n ? i : k;
    }

    /**
     * Parses {@code comm-pid [cpu] flags? ts:} starting at i. On success returns the header, whose
     * {@code rest} is the index after the timestamp's ':'.
     */
    private static Header header(String s, int i) {
        int n = s.length();
        // find "[digits]" preceded by a blank
        int p = i;
        int open = -1;
        int close = -1;
        while (true) {
            p = s.indexOf('[', p);
            if (p < 0 || p > i + 400) {
                return null;
            }
            int q = p + 1;
            while (q < n && q - p <= 5 && s.charAt(q) >= '0' && s.charAt(q) <= '9') {
                q++;
            }
            if (q > p + 1 && q < n && s.charAt(q) == ']' && p > i && (s.charAt(p - 1) == ' ' || s.charAt(p - 1) == '\t')) {
                open = p;
                close = q;
                break;
            }
            p++;
        }
        // right side: [flags] ts:
        int j = ImportText.skipSpaces(s, close + 1);
        int tokEnd = j;
        while (tokEnd < n && s.charAt(tokEnd) != ' ' && s.charAt(tokEnd) != '\t') {
            tokEnd++;
        }
        long ts = parseTimestamp(s, j, tokEnd);
        if (ts < 0) {
            if (!isFlags(s, j, tokEnd)) {
                return null;
            }
            j = ImportText.skipSpaces(s, tokEnd);
            tokEnd = j;
            while (tokEnd < n && s.charAt(tokEnd) != ' ' && s.charAt(tokEnd) != '\t') {
                tokEnd++;
            }
            ts = parseTimestamp(s, j, tokEnd);
            if (ts < 0) {
                return null;
            }
        }
        // left side: comm-pid | comm pid [flags] | comm-pid (tgid)
        int le = open;
        while (le > i && (s.charAt(le - 1) == ' ' || s.charAt(le - 1) == '\t')) {
            le--;
        }
        if (le > i && s.charAt(le - 1) == ')') {
            int lp = s.lastIndexOf('(', le - 1);
            if (lp > i) {
                le = lp;
                while (le > i && (s.charAt(le - 1) == ' ' || s.charAt(le - 1) == '\t')) {
                    le--;
                }
            }
        }
        // trailing flags token (perf-prof: "<...> 126953 .... [078]")
        int ts0 = le;
        while (ts0 > i && s.charAt(ts0 - 1) != ' ' && s.charAt(ts0 - 1) != '\t') {
            ts0--;
        }
        if (ts0 > i && isFlags(s, ts0, le)) {
            le = ts0;
            while (le > i && (s.charAt(le - 1) == ' ' || s.charAt(le - 1) == '\t')) {
                le--;
            }
        }
        if (le <= i) {
            return null;
        }
        int d = le;
        while (d > i && s.charAt(d - 1) >= '0' && s.charAt(d - 1) <= '9') {
            d--;
        }
        if (d == le || le - d > 9 || d == i) {
            return null;
        }
        char sep = s.charAt(d - 1);
        if (sep != '-' && sep != ' ' && sep != '\t') {
            return null;
        }
        int ce = d - 1;
        while (ce > i && (s.charAt(ce - 1) == ' ' || s.charAt(ce - 1) == '\t') && sep != '-') {
            ce--;
        }
        if (ce <= i) {
            return null;
        }
        Header h = new Header();
        h.src = s;
        h.commStart = i;
        h.commEnd = ce;
        h.pid = Integer.parseInt(s, d, le, 10);
        h.cpu = Integer.parseInt(s, open + 1, close, 10);
        h.tsNs = ts;
        h.rest = tokEnd + 1;
        return h;
    }

    private static boolean isFlags(String s, int from, int to) {
        int len = to - from;
        if (len < 3 || len > 6) {
            return false;
        }
        char c = s.charAt(from);
        if (c != '.' && c != 'd' && c != 'D' && c != 'X') {
            return false;
        }
        for (int k = from; k < to; k++) {
            char x = s.charAt(k);
            if (!(x == '.' || Character.isLetterOrDigit(x))) {
                return false;
            }
        }
        return true;
    }

    /** {@code 1404.389366:} → ns; -1 when the token is not a timestamp followed by ':'. */
    private static long parseTimestamp(String s, int from, int to) {
        if (to - from < 4 || s.charAt(to - 1) != ':') {
            return -1;
        }
        int end = to - 1;
        long sec = 0;
        int k = from;
        int digits = 0;
        while (k < end && s.charAt(k) >= '0' && s.charAt(k) <= '9') {
            if (++digits > 12) {
                return -1;
            }
            sec = sec * 10 + (s.charAt(k) - '0');
            k++;
        }
        if (digits == 0 || k >= end || s.charAt(k) != '.') {
            return -1;
        }
        k++;
        long frac = 0;
        int fd = 0;
        while (k < end) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            if (fd < 9) {
                frac = frac * 10 + (c - '0');
                fd++;
            }
            k++;
        }
        if (fd == 0) {
            return -1;
        }
        for (int z = fd; z < 9; z++) {
            frac *= 10;
        }
        return sec * 1_000_000_000L + frac;
    }

    private static void flush(State st) {
        Rec r = st.cur;
        if (r == null) {
            return;
        }
        st.cur = null;
        long threadKey = r.h.pid >= 0 ? r.h.pid : (0x1_0000_0000L | (r.h.comm().hashCode() & 0xffffffffL));
        if (r.kind == EV_EXIT) {
            ExitB e = parseExit(st, r, threadKey);
            if (e == null) {
                st.skipped += r.lines - 1;
                return;
            }
            st.exits.add(e);
            st.pendingExit.put(threadKey, e);
            if (!st.threadNames.containsKey(threadKey)) {
                st.threadNames.put(threadKey, e.comm + "-" + r.h.pid);
            }
            if (e.vcpu >= 0) {
                st.threadVcpu.putIfAbsent(threadKey, e.vcpu);
            }
        } else if (r.kind == EV_ENTRY) {
            st.entries++;
            int vcpu = r.joined != null ? vcpuOf(r.joined, 0) : vcpuOf(r.line, r.pStart);
            if (vcpu >= 0) {
                st.threadVcpu.putIfAbsent(threadKey, vcpu);
            }
            ExitB e = st.pendingExit.remove(threadKey);
            if (e != null && r.h.tsNs >= e.ts) {
                e.durationNs = r.h.tsNs - e.ts;
            }
        } else if (r.kind == EV_NONE) {
            st.skip(r.h.line, r.h.text, "not a trace event");
            st.skipped += r.lines - 1;
        } else {
            st.other.merge(r.line.substring(r.evStart, r.evEnd), 1L, Long::sum);
            st.skipped += r.lines;
        }
    }

    private static int vcpuOf(CharSequence p, int from) {
        int n = p.length();
        int i = from;
        while (i < n && (p.charAt(i) == ' ' || p.charAt(i) == '\t')) {
            i++;
        }
        if (i + 5 <= n && p.charAt(i) == 'v' && p.charAt(i + 1) == 'c' && p.charAt(i + 2) == 'p'
                && p.charAt(i + 3) == 'u' && p.charAt(i + 4) == ' ') {
            int k = i + 5;
            while (k < n && p.charAt(k) == ' ') {
                k++;
            }
            int v = 0;
            int d = 0;
            while (k < n && p.charAt(k) >= '0' && p.charAt(k) <= '9' && d < 7) {
                v = v * 10 + (p.charAt(k) - '0');
                k++;
                d++;
            }
            return d == 0 ? -1 : v;
        }
        return -1;
    }

    /** A token cursor over a payload, without allocating per token. Trailing commas are not part of a token. */
    private static final class Cursor {
        final CharSequence s;
        final int n;
        int pos;
        int ts;
        int te;

        Cursor(CharSequence s, int from) {
            this.s = s;
            this.n = s.length();
            this.pos = from;
        }

        boolean next() {
            int i = pos;
            while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
            if (i >= n) {
                pos = n;
                return false;
            }
            int j = i;
            while (j < n && s.charAt(j) != ' ' && s.charAt(j) != '\t') {
                j++;
            }
            pos = j;
            ts = i;
            te = j > i + 1 && s.charAt(j - 1) == ',' ? j - 1 : j;
            return true;
        }

        boolean is(String w) {
            return KvmTraceImporter.is(s, ts, te, w);
        }

        /** Whether the token starts with {@code p} (e.g. {@code SCAUSE:} of {@code SCAUSE:0x17}). */
        boolean startsWith(String p) {
            return te - ts >= p.length() && KvmTraceImporter.is(s, ts, ts + p.length(), p);
        }

        /** The token's hex value after its first {@code skip} characters ({@code SEPC:0x80200000} -> 0x80200000). */
        Long hexAfter(int skip) {
            int keep = ts;
            ts += skip;
            Long v = hex();
            ts = keep;
            return v;
        }

        String str() {
            return s.subSequence(ts, te).toString();
        }

        /** Hex with or without 0x, at most 16 digits; null otherwise. */
        Long hex() {
            int i = ts;
            if (te - i >= 2 && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')) {
                i += 2;
            }
            if (i >= te || te - i > 16) {
                return null;
            }
            long v = 0;
            for (int k = i; k < te; k++) {
                char c = s.charAt(k);
                if (!ImportText.isHex(c)) {
                    return null;
                }
                v = (v << 4) | ImportText.hexVal(c);
            }
            return v;
        }

        long dec() {
            if (te - ts > 9 || te == ts) {
                return -1;
            }
            long v = 0;
            for (int k = ts; k < te; k++) {
                char c = s.charAt(k);
                if (c < '0' || c > '9') {
                    return -1;
                }
                v = v * 10 + (c - '0');
            }
            return v;
        }

        boolean flagWord() {
            if (te - ts > 32) {
                return false;
            }
            for (int k = ts; k < te; k++) {
                char c = s.charAt(k);
                if (!((c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9'))) {
                    return false;
                }
            }
            return true;
        }
    }

    private static ExitB parseExit(State st, Rec r, long threadKey) {
        Cursor c = r.joined != null ? new Cursor(r.joined, 0) : new Cursor(r.line, r.pStart);
        ExitB e = new ExitB();
        e.ts = r.h.tsNs;
        e.cpu = r.h.cpu;
        e.comm = st.comm(threadKey, r.h);
        e.pid = r.h.pid;
        e.line = r.h.line;
        e.threadKey = threadKey;
        boolean any = false;
        while (c.next()) {
            any = true;
            if (c.is("vcpu")) {
                if (c.next()) {
                    long x = c.dec();
                    if (x >= 0 && x < 1_000_000) {
                        e.vcpu = (int) x;
                    }
                }
            } else if (c.is("reason")) {
                if (e.name == null && c.next()) {
                    e.name = c.str();
                    StringBuilder fl = null;
                    while (true) {
                        int mark = c.pos;
                        if (!c.next() || c.is("rip") || !c.flagWord()) {
                            c.pos = mark;
                            break;
                        }
                        fl = fl == null ? new StringBuilder(c.str()) : fl.append(' ').append(c.s, c.ts, c.te);
                    }
                    e.flags = fl == null ? null : fl.toString();
                }
            } else if (c.is("rip")) {
                e.rip = c.next() ? c.hex() : null;
            } else if (c.is("info")) {
                e.info1 = c.next() ? c.hex() : null;
                e.info2 = c.next() ? c.hex() : null;
            } else if (c.is("info1")) {
                e.info1 = c.next() ? c.hex() : null;
            } else if (c.is("info2")) {
                e.info2 = c.next() ? c.hex() : null;
            } else if (c.is("intr_info")) {
                e.intrInfo = c.next() ? c.hex() : null;
            } else if (c.is("error_code")) {
                e.errorCode = c.next() ? c.hex() : null;
            } else if (c.startsWith("SCAUSE:") && e.name == null) {
                // RISC-V (arch/riscv/kvm/trace.h): "SEPC:0x.., SCAUSE:0x.., STVAL:0x.., HTVAL:0x.., HTINST:0x.."
                Long cause = c.hexAfter("SCAUSE:".length());
                e.name = cause == null ? null : ForeignExitReason.riscvCauseName(cause);
            } else if (c.startsWith("SEPC:")) {
                e.rip = c.hexAfter("SEPC:".length());
            }
        }
        if (e.name == null) {
            if (!any) {
                st.truncated++;
                st.skip(r.h.line, r.h.text, "truncated kvm_exit (no payload)");
            } else {
                st.malformed++;
                st.skip(r.h.line, r.h.text, "kvm_exit without a reason");
            }
            return null;
        }
        VmxExitReason.Resolved res = st.resolved.computeIfAbsent(e.name, VmxExitReason::resolve);
        e.reason = res.reason();
        if (e.reason == null) {
            Optional<ForeignExitReason> f = ForeignExitReason.lookup(e.name);
            if (f.isPresent()) {
                e.reason = f.get().equivalent();
                st.foreign.putIfAbsent(e.name, f.get());
            }
        }
        if (res.vendor() == VmxExitReason.Vendor.SVM && res.reason() == VmxExitReason.MSR_WRITE && e.info1 != null
                && e.info1 == 0) {
            e.reason = VmxExitReason.MSR_READ;
        }
        return e;
    }

    private static KvmExitTrace build(State st, int lineCount) {
        // vCPU resolution
        boolean allField = true;
        boolean anyThreadOrder = false;
        Map<Long, Integer> inferred = new LinkedHashMap<>();
        int nextVcpu = 0;
        for (int v : st.threadVcpu.values()) {
            nextVcpu = Math.max(nextVcpu, v + 1);
        }
        for (ExitB e : st.exits) {
            if (e.vcpu >= 0) {
                continue;
            }
            allField = false;
            Integer v = st.threadVcpu.get(e.threadKey);
            if (v == null) {
                v = inferred.get(e.threadKey);
                if (v == null) {
                    v = nextVcpu++;
                    inferred.put(e.threadKey, v);
                }
                anyThreadOrder = true;
            }
            e.vcpu = v;
        }
        KvmExitTrace.VcpuSource src = allField ? KvmExitTrace.VcpuSource.EXIT_FIELD
                : anyThreadOrder ? KvmExitTrace.VcpuSource.THREAD_ORDER : KvmExitTrace.VcpuSource.ENTRY_EVENTS;
        List<String> notes = new ArrayList<>();
        if (src == KvmExitTrace.VcpuSource.ENTRY_EVENTS) {
            notes.add("kvm_exit has no vcpu field in this format; vCPU taken from kvm_entry events of the same thread");
        } else if (src == KvmExitTrace.VcpuSource.THREAD_ORDER) {
            StringBuilder sb = new StringBuilder("kvm_exit has no vcpu field and no kvm_entry names the vCPU for ");
            sb.append(inferred.size() == 1 ? "thread " : "threads ");
            boolean first = true;
            for (Map.Entry<Long, Integer> m : inferred.entrySet()) {
                sb.append(first ? "" : ", ").append(st.threadNames.getOrDefault(m.getKey(), "?")).append(" -> vCPU ")
                        .append(m.getValue());
                first = false;
            }
            sb.append(" (vCPU inferred from the thread, in order of first appearance)");
            notes.add(sb.toString());
        }
        if (st.truncated > 0) {
            notes.add(st.truncated + " truncated kvm_exit event(s) without payload skipped");
        }
        if (st.malformed > 0) {
            notes.add(st.malformed + " kvm_exit event(s) without a reason skipped");
        }
        notes.addAll(st.notes);
        notes.addAll(ForeignExitReason.notes(st.foreign, List.of()));
        String repaired = st.repair.note(st.joinedLines);
        if (repaired != null) {
            notes.add(repaired);
        }

        List<KvmExit> exits = new ArrayList<>(st.exits.size());
        Map<Integer, List<KvmExit>> byVcpu = new TreeMap<>();
        Map<String, Long> byReason = new HashMap<>();
        Map<String, Long> byOriginal = new HashMap<>();
        Map<Integer, Long> countsByVcpu = new TreeMap<>();
        for (ExitB e : st.exits) {
            KvmExit x = new KvmExit(e.ts, e.vcpu, e.name, e.reason, e.flags, e.rip, e.info1, e.info2, e.intrInfo,
                    e.errorCode, e.cpu, e.comm, e.pid, e.line, e.durationNs);
            exits.add(x);
            byVcpu.computeIfAbsent(e.vcpu, k -> new ArrayList<>()).add(x);
            VmxExitReason.Resolved res = st.resolved.get(e.name);
            byReason.merge(e.reason != null ? e.reason.linuxName() : res.normalized(), 1L, Long::sum);
            byOriginal.merge(res.normalized(), 1L, Long::sum);
            countsByVcpu.merge(e.vcpu, 1L, Long::sum);
        }
        Map<Integer, List<KvmExit>> byVcpuRo = new TreeMap<>();
        for (Map.Entry<Integer, List<KvmExit>> m : byVcpu.entrySet()) {
            byVcpuRo.put(m.getKey(), Collections.unmodifiableList(m.getValue()));
        }
        return new KvmExitTrace(Collections.unmodifiableList(exits), Collections.unmodifiableMap(byVcpuRo),
                sorted(byReason), sorted(byOriginal), Collections.unmodifiableMap(countsByVcpu), st.entries,
                Collections.unmodifiableMap(new TreeMap<>(st.other)), st.skipped, List.copyOf(st.examples), src,
                notes, lineCount);
    }

    static Map<String, Long> sorted(Map<String, Long> m) {
        Map<String, Long> out = new LinkedHashMap<>();
        m.entrySet().stream()
                .sorted((x, y) -> x.getValue().equals(y.getValue()) ? x.getKey().compareTo(y.getKey())
                        : Long.compare(y.getValue(), x.getValue()))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return Collections.unmodifiableMap(out);
    }
}
