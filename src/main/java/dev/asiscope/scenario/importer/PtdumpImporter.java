package dev.asiscope.scenario.importer;

import java.io.BufferedReader;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Imports Linux x86-64 page-table dumps ("ptdump") as printed by {@code arch/x86/mm/dump_pagetables.c}:
 * {@code /sys/kernel/debug/page_tables/{kernel,current_kernel,current_user,efi}}, the older
 * {@code /sys/kernel/debug/kernel_page_tables}, and boot-time dumps in dmesg ({@code CONFIG_EFI_PGT_DUMP}).
 *
 * <p>Accepted around the dump text: printk timestamps ({@code [    0.009693] }), caller ids
 * ({@code [    T1] }), syslog levels ({@code <6>}), syslog/journal prefixes ending in {@code kernel: },
 * mail quoting ({@code >}, {@code >>}, {@code > >}), {@code grep -r} prefixes ({@code current_kernel:} on
 * matching lines, {@code current_kernel-} on context lines, optionally with line numbers), whitespace
 * collapsed by mailers, range lines wrapped by mailers (flags/level continued on the next line),
 * {@code ... N entries skipped ...} lines, any section-marker names, sizes in {@code B K M G T P E} and
 * the wrapping end {@code 0x0000000000000000}. Other lines are skipped and counted.
 *
 * <p>One input may hold several dumps (e.g. {@code grep -r . current_kernel current_user} output, or two
 * dumps pasted one after the other). {@link #parseAll} returns each; a new dump starts when the
 * {@code grep} file name changes or when addresses go backwards. {@link #parse} returns the first one and
 * notes how many there were.
 *
 * <p>32-bit (i386) dumps, recognised by their 8-hex-digit addresses, are rejected with an
 * {@link ImportException} whose message starts with {@code "32-bit (i386) ptdump is not supported"}.
 *
 * <p>Instances are stateless and thread-safe.
 */
public final class PtdumpImporter {

    /** The message prefix for 32-bit dumps. */
    public static final String I386_MESSAGE = "32-bit (i386) ptdump is not supported";

    private static final Set<String> FLAG_WORDS = Set.of("USR", "RW", "ro", "PWT", "PCD", "PSE", "PAT", "GLB",
            "NX", "x");
    private static final Set<String> KNOWN_NAMES = Set.of("kernel", "current_kernel", "current_user", "efi");
    private static final String UNITS = "BKMGTPE";

    /** Imports the first (usually only) dump of a file. */
    public AddressSpaceDump parse(Path file) throws ImportException {
        return first(parseAll(file));
    }

    /** Imports the first (usually only) dump of a text. */
    public AddressSpaceDump parse(String source, Reader reader) throws ImportException {
        return first(parseAll(source, reader));
    }

    /** Imports the first (usually only) dump of a text. */
    public AddressSpaceDump parse(String source, String text) throws ImportException {
        return first(parseAll(source, text));
    }

    /** Imports every dump in a file. Never returns an empty list. */
    public List<AddressSpaceDump> parseAll(Path file) throws ImportException {
        return parseLines(file.toString(), ImportText.readAll(ImportText.open(file), file.toString()));
    }

    /** Imports every dump in a text. Never returns an empty list. */
    public List<AddressSpaceDump> parseAll(String source, Reader reader) throws ImportException {
        BufferedReader br = ImportText.buffered(reader);
        return parseLines(source, ImportText.readAll(br, source));
    }

    /** Imports every dump in a text. Never returns an empty list. */
    public List<AddressSpaceDump> parseAll(String source, String text) throws ImportException {
        return parseLines(source, ImportText.readAll(ImportText.of(text), source));
    }

    private static AddressSpaceDump first(List<AddressSpaceDump> all) {
        return all.get(0);
    }

    /**
     * The number of bytes a printed size stands for ({@code 4K} = 4096, {@code 17179737600G}, ...), or null
     * when the text is not a ptdump size.
     */
    public static BigInteger parseSizeText(String s) {
        if (s == null || s.length() < 2 || s.length() > 24) {
            return null;
        }
        int unit = UNITS.indexOf(s.charAt(s.length() - 1));
        if (unit < 0) {
            return null;
        }
        for (int i = 0; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        return new BigInteger(s.substring(0, s.length() - 1)).shiftLeft(10 * unit);
    }

    // ---------------------------------------------------------------------------------------------

    /** Per-dump accumulator. */
    private static final class DumpBuilder {
        String grepName;
        String headerName;
        boolean dmesg;
        final List<PtdumpRange> ranges = new ArrayList<>();
        final List<AddressSpaceDump.SectionMarker> markers = new ArrayList<>();
        final List<AddressSpaceDump.EntriesSkipped> skips = new ArrayList<>();
        final List<SkippedLine> examples = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        String section;
        int skipped;
        int mismatches;
        int gaps;
        int firstLine;
        int lastLine;

        void touch(int line) {
            if (firstLine == 0) {
                firstLine = line;
            }
            lastLine = line;
        }

        void skip(int line, String text, String reason) {
            touch(line);
            skipped++;
            if (examples.size() < SkippedLine.MAX_EXAMPLES) {
                examples.add(SkippedLine.of(line, text, reason));
            }
        }
    }

    /** A range line without its level yet (wrapped by a mailer). */
    private record Partial(int line, String text, long start, long end, String size, List<String> flags) {
    }

    private List<AddressSpaceDump> parseLines(String source, List<String> lines) throws ImportException {
        List<DumpBuilder> dumps = new ArrayList<>();
        DumpBuilder cur = new DumpBuilder();
        dumps.add(cur);
        String pendingHeaderName = null;
        Partial partial = null;

        for (int li = 0; li < lines.size(); li++) {
            String line = lines.get(li);
            int lineNo = li + 1;
            if (ImportText.isBlank(line)) {
                continue;
            }
            int i = ImportText.skipQuote(line, 0);
            int afterDmesg = ImportText.skipDmesg(line, i);
            boolean dmesg = afterDmesg != i;
            i = afterDmesg;
            String grepName = null;
            if (!startsPayload(line, i)) {
                int k = line.indexOf("kernel: ", i);
                if (k >= 0 && startsPayload(line, ImportText.skipDmesg(line, k + 8))) {
                    i = ImportText.skipDmesg(line, k + 8);
                    dmesg = true;
                } else {
                    int[] g = grepPrefix(line, i);
                    if (g != null) {
                        grepName = line.substring(i, g[0]);
                        i = g[1];
                    }
                }
            }

            // A mailer-wrapped range line continues here?
            if (partial != null) {
                PtdumpRange done = continuation(partial, line, i, cur.section);
                Partial p = partial;
                partial = null;
                if (done != null) {
                    cur = addRange(dumps, cur, done, grepName, dmesg, p.line);
                    cur.touch(lineNo);
                    continue;
                }
                cur.skip(p.line, p.text, "incomplete range line (no level)");
            }

            if (line.startsWith("---[", i)) {
                int end = line.indexOf("]---", i + 4);
                if (end < 0) {
                    cur.skip(lineNo, line, "unterminated section marker");
                    continue;
                }
                String name = line.substring(i + 4, end).strip();
                if (grepName != null && cur.grepName != null && !grepName.equals(cur.grepName)
                        && !cur.ranges.isEmpty()) {
                    cur = newDump(dumps, cur, false);
                }
                if (grepName != null && cur.grepName == null) {
                    cur.grepName = grepName;
                }
                cur.markers.add(new AddressSpaceDump.SectionMarker(name, cur.ranges.size(), lineNo));
                cur.section = name;
                cur.touch(lineNo);
                continue;
            }
            if (line.startsWith("...", i)) {
                long n = entriesSkipped(line, i);
                if (n >= 0) {
                    cur.skips.add(new AddressSpaceDump.EntriesSkipped(n, cur.ranges.size(), lineNo));
                    cur.touch(lineNo);
                } else {
                    cur.skip(lineNo, line, "elision");
                }
                continue;
            }
            if (line.startsWith("0x", i)) {
                Object r = parseRangeLine(source, line, lineNo, i, cur.section);
                if (r instanceof PtdumpRange range) {
                    cur = addRange(dumps, cur, range, grepName, dmesg, lineNo);
                } else if (r instanceof Partial p) {
                    partial = p;
                } else {
                    cur.skip(lineNo, line, (String) r);
                }
                continue;
            }
            String hn = headerName(line);
            if (hn != null) {
                pendingHeaderName = hn;
                if (cur.ranges.isEmpty()) {
                    cur.headerName = hn;
                }
            }
            cur.skip(lineNo, line, "not a ptdump line");
        }
        if (partial != null) {
            cur.skip(partial.line, partial.text, "incomplete range line (no level)");
        }
        if (cur.headerName == null && pendingHeaderName != null && dumps.size() == 1) {
            cur.headerName = pendingHeaderName;
        }
        return build(source, dumps, lines.size());
    }

    private static boolean startsPayload(String line, int i) {
        return line.startsWith("0x", i) || line.startsWith("---[", i) || line.startsWith("...", i);
    }

    /**
     * A {@code grep} prefix at {@code i}: {@code path:} or {@code path-}, optionally followed by a line
     * number and another separator, directly followed by dump text. Returns {end of path, start of payload}.
     */
    private static int[] grepPrefix(String line, int i) {
        int n = line.length();
        for (int p = i; p < n && p < i + 512; p++) {
            char c = line.charAt(p);
            if (c == ':' || c == '-') {
                if (p > i) {
                    int q = p + 1;
                    if (startsPayload(line, q)) {
                        return new int[] {p, q};
                    }
                    int d = q;
                    while (d < n && Character.isDigit(line.charAt(d))) {
                        d++;
                    }
                    if (d > q && d < n && (line.charAt(d) == ':' || line.charAt(d) == '-')
                            && startsPayload(line, d + 1)) {
                        return new int[] {p, d + 1};
                    }
                }
                if (c == ':') {
                    return null;
                }
            } else if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '/' || c == '~'
                    || c == '+')) {
                return null;
            }
        }
        return null;
    }

    private static String headerName(String line) {
        int k = line.indexOf("/page_tables/");
        if (k >= 0) {
            int s = k + "/page_tables/".length();
            int e = s;
            while (e < line.length() && (Character.isLetterOrDigit(line.charAt(e)) || line.charAt(e) == '_')) {
                e++;
            }
            String n = line.substring(s, e);
            return KNOWN_NAMES.contains(n) ? n : null;
        }
        return line.contains("kernel_page_tables") ? "kernel" : null;
    }

    /** {@code ... N entries skipped ...} → N; -1 when the line is something else. */
    private static long entriesSkipped(String line, int i) {
        List<String> t = ImportText.tokens(line, i);
        if (t.size() >= 4 && t.get(0).equals("...") && (t.get(2).equals("entries") || t.get(2).equals("entry"))
                && t.get(3).equals("skipped")) {
            return ImportText.parseUnsignedDecimal(t.get(1));
        }
        return -1;
    }

    /**
     * Parses a range line starting at {@code i} ({@code 0x...}). Returns a {@link PtdumpRange}, a
     * {@link Partial} when the level is missing (wrapped line) or a String reason when it is not a range.
     */
    private static Object parseRangeLine(String source, String line, int lineNo, int i, String section)
            throws ImportException {
        int n = line.length();
        int a = i + 2;
        int d1 = a;
        while (d1 < n && ImportText.isHex(line.charAt(d1))) {
            d1++;
        }
        if (d1 >= n || line.charAt(d1) != '-' || !line.startsWith("0x", d1 + 1)) {
            return "not a range line";
        }
        int b = d1 + 3;
        int d2 = b;
        while (d2 < n && ImportText.isHex(line.charAt(d2))) {
            d2++;
        }
        int len1 = d1 - a;
        int len2 = d2 - b;
        if (d2 < n && line.charAt(d2) != ' ' && line.charAt(d2) != '\t') {
            return "malformed range addresses";
        }
        List<String> tok = ImportText.tokens(line, d2);
        if (len1 == 8 && len2 == 8 && (tok.isEmpty() || parseSizeText(tok.get(0)) != null)) {
            throw new ImportException(source, lineNo, i + 1, I386_MESSAGE + ": line has 8-hex-digit addresses ("
                    + line.substring(i, d2) + "); only x86-64 dumps with 16-digit addresses can be imported");
        }
        if (len1 != 16 || len2 != 16) {
            return "malformed range addresses";
        }
        long start = parseHex16(line, a);
        long end = parseHex16(line, b);
        Object rest = parseTail(tok, 0, null, new ArrayList<>());
        if (rest instanceof String reason) {
            return reason;
        }
        Tail t = (Tail) rest;
        if (t.level == null) {
            return new Partial(lineNo, line, start, end, t.size, t.flags);
        }
        return new PtdumpRange(start, end, t.size, t.flags, isPresent(t.flags), t.level, section, lineNo);
    }

    private record Tail(String size, List<String> flags, PtdumpLevel level) {
    }

    /** Size? flags* level? from tokens; a String reason when a token does not belong. */
    private static Object parseTail(List<String> tok, int from, String size, List<String> flags) {
        int k = from;
        if (size == null && k < tok.size()) {
            if (parseSizeText(tok.get(k)) == null) {
                return "no size after the addresses";
            }
            size = tok.get(k++);
        }
        for (; k < tok.size(); k++) {
            String w = tok.get(k);
            PtdumpLevel lv = PtdumpLevel.fromLinuxName(w);
            if (lv != null) {
                if (size == null) {
                    return "no size after the addresses";
                }
                return new Tail(size, canonicalOrder(flags), lv);
            }
            if (!FLAG_WORDS.contains(w) || flags.contains(w)) {
                return "unexpected word '" + shorten(w) + "' in range line";
            }
            flags.add(w);
        }
        return new Tail(size, flags, null);
    }

    private static List<String> canonicalOrder(List<String> flags) {
        List<String> out = new ArrayList<>(flags.size());
        for (String f : PtdumpRange.FLAG_ORDER) {
            if (flags.contains(f)) {
                out.add(f);
            }
        }
        return out;
    }

    private static String shorten(String w) {
        return w.length() > 24 ? w.substring(0, 24) + "..." : w;
    }

    private static boolean isPresent(List<String> flags) {
        return !flags.isEmpty();
    }

    /** The wrapped rest of a range line (flags and level) on the next line. */
    private static PtdumpRange continuation(Partial p, String line, int i, String section) {
        if (startsPayload(line, i)) {
            return null;
        }
        List<String> tok = ImportText.tokens(line, i);
        if (tok.isEmpty() || tok.size() > 12) {
            return null;
        }
        Object rest = parseTail(tok, 0, p.size, new ArrayList<>(p.flags));
        if (rest instanceof Tail t && t.level != null) {
            return new PtdumpRange(p.start, p.end, t.size, t.flags, isPresent(t.flags), t.level, section, p.line);
        }
        return null;
    }

    private static long parseHex16(String s, int from) {
        long v = 0;
        for (int k = from; k < from + 16; k++) {
            v = (v << 4) | ImportText.hexVal(s.charAt(k));
        }
        return v;
    }

    private static DumpBuilder newDump(List<DumpBuilder> dumps, DumpBuilder cur, boolean moveTrailing) {
        DumpBuilder next = new DumpBuilder();
        if (moveTrailing) {
            int at = cur.ranges.size();
            List<AddressSpaceDump.SectionMarker> keep = new ArrayList<>();
            for (AddressSpaceDump.SectionMarker m : cur.markers) {
                if (m.beforeRange() == at) {
                    next.markers.add(new AddressSpaceDump.SectionMarker(m.name(), 0, m.sourceLine()));
                    next.section = m.name();
                    next.touch(m.sourceLine());
                } else {
                    keep.add(m);
                }
            }
            cur.markers.clear();
            cur.markers.addAll(keep);
            List<AddressSpaceDump.EntriesSkipped> keepS = new ArrayList<>();
            for (AddressSpaceDump.EntriesSkipped s : cur.skips) {
                if (s.beforeRange() == at) {
                    next.skips.add(new AddressSpaceDump.EntriesSkipped(s.count(), 0, s.sourceLine()));
                } else {
                    keepS.add(s);
                }
            }
            cur.skips.clear();
            cur.skips.addAll(keepS);
        }
        dumps.add(next);
        return next;
    }

    private static DumpBuilder addRange(List<DumpBuilder> dumps, DumpBuilder cur, PtdumpRange r, String grepName,
                                        boolean dmesg, int lineNo) {
        if (!cur.ranges.isEmpty()) {
            PtdumpRange prev = cur.ranges.get(cur.ranges.size() - 1);
            boolean otherFile = grepName != null && cur.grepName != null && !grepName.equals(cur.grepName);
            boolean backwards = prev.endWraps() || Long.compareUnsigned(r.start(), prev.start()) <= 0;
            if (otherFile || backwards) {
                cur = newDump(dumps, cur, true);
                r = r.withSection(cur.section);
            } else if (r.start() != prev.end()) {
                cur.gaps++;
            }
        }
        if (grepName != null && cur.grepName == null) {
            cur.grepName = grepName;
        }
        cur.dmesg |= dmesg;
        BigInteger printed = parseSizeText(r.sizeText());
        BigInteger actual = r.sizeBytes();
        if (actual.signum() <= 0 || !actual.equals(printed)) {
            cur.mismatches++;
            if (cur.mismatches <= 3) {
                cur.notes.add("line " + lineNo + ": printed size " + r.sizeText() + " does not match "
                        + r.startHex() + "-" + r.endHex() + " (" + actual + " bytes)");
            }
        }
        cur.ranges.add(r);
        cur.touch(lineNo);
        return cur;
    }

    private static List<AddressSpaceDump> build(String source, List<DumpBuilder> dumps, int lineCount)
            throws ImportException {
        List<DumpBuilder> real = new ArrayList<>();
        DumpBuilder carry = null;
        for (DumpBuilder d : dumps) {
            if (d.ranges.isEmpty()) {
                // Lines of a dump without ranges are skipped lines of its neighbour.
                DumpBuilder target = real.isEmpty() ? null : real.get(real.size() - 1);
                if (target == null) {
                    carry = merge(carry, d);
                } else {
                    merge(target, d);
                }
                continue;
            }
            if (carry != null) {
                merge(d, carry);
                carry = null;
            }
            real.add(d);
        }
        if (real.isEmpty()) {
            int skipped = carry == null ? 0 : carry.skipped;
            throw new ImportException(source, 1, 1, "no x86-64 ptdump range lines found (" + lineCount
                    + " lines, " + skipped + " non-blank lines not recognised); expected lines like "
                    + "'0xffffffff81000000-0xffffffff81e00000          14M     ro         PSE     GLB x  pmd'");
        }
        List<AddressSpaceDump> out = new ArrayList<>();
        for (DumpBuilder d : real) {
            String name = null;
            String nameSource = null;
            if (d.grepName != null) {
                String base = d.grepName.substring(d.grepName.lastIndexOf('/') + 1);
                if (base.equals("kernel_page_tables")) {
                    base = "kernel";
                }
                if (KNOWN_NAMES.contains(base)) {
                    name = base;
                    nameSource = "grep prefix '" + d.grepName + "'";
                }
            }
            if (name == null && d.headerName != null) {
                name = d.headerName;
                nameSource = "command line in the input";
            }
            if (name == null && d.dmesg) {
                for (PtdumpRange r : d.ranges) {
                    if (r.present() && Long.compareUnsigned(r.start(), 0x0000_8000_0000_0000L) < 0) {
                        name = "efi";
                        nameSource = "boot-time dmesg dump with present user-space (1:1) mappings, as printed "
                                + "for the EFI page table (CONFIG_EFI_PGT_DUMP)";
                        break;
                    }
                }
            }
            List<String> notes = new ArrayList<>();
            if (name != null) {
                notes.add("name '" + name + "' inferred from " + nameSource);
            }
            if (real.size() > 1) {
                StringBuilder sb = new StringBuilder("input contains " + real.size() + " dumps:");
                for (int k = 0; k < real.size(); k++) {
                    DumpBuilder o = real.get(k);
                    sb.append(k == 0 ? " " : ", ").append('#').append(k + 1);
                    if (o.grepName != null) {
                        sb.append(' ').append(o.grepName);
                    }
                    sb.append(" (lines ").append(o.firstLine).append('-').append(o.lastLine).append(')');
                }
                notes.add(sb.toString());
            }
            if (!d.skips.isEmpty()) {
                long total = 0;
                for (AddressSpaceDump.EntriesSkipped s : d.skips) {
                    total += s.count();
                }
                notes.add("the kernel skipped " + total + " entries (" + d.skips.size()
                        + " 'entries skipped' line(s)); ranges there are missing");
            }
            if (d.mismatches > 3) {
                notes.add((d.mismatches - 3) + " more size mismatches");
            }
            notes.addAll(d.notes);
            out.add(new AddressSpaceDump(name, nameSource, d.ranges, d.markers, d.skips,
                    AddressSpaceDump.detectPagingLevels(d.ranges), d.skipped, d.examples, d.mismatches, d.gaps, notes,
                    d.firstLine, d.lastLine));
        }
        return out;
    }

    private static DumpBuilder merge(DumpBuilder into, DumpBuilder from) {
        if (into == null) {
            return from;
        }
        into.skipped += from.skipped;
        for (SkippedLine s : from.examples) {
            if (into.examples.size() < SkippedLine.MAX_EXAMPLES) {
                into.examples.add(s);
            }
        }
        if (from.firstLine != 0) {
            into.touch(from.firstLine);
            into.firstLine = into.firstLine == 0 ? from.firstLine : Math.min(into.firstLine, from.firstLine);
            into.lastLine = Math.max(into.lastLine, from.lastLine);
        }
        if (into.headerName == null) {
            into.headerName = from.headerName;
        }
        return into;
    }
}
