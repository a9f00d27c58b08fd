package dev.asiscope.scenario.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders import results as JSON (Jackson trees with a fixed, documented shape; see
 * {@code docs/importing.md}) or as a human-readable text summary, and reads the ptdump JSON back.
 *
 * <p>Shapes (fields beyond these may be added, none will be removed):
 * <ul>
 *   <li>kvm-trace: {@code {"exits": N, "byReason": {"EPT_VIOLATION": n}, "byOriginalName": {...},
 *       "byVcpu": {"0": n}, "kvmEntries": n, "otherEvents": {...}, "skippedLines": n, "vcpuSource": "...",
 *       "notes": [...], "exitMix": {...}}}, plus {@code "sequences": {"0": [{"t": s, "reason": ...}]}} on request;</li>
 *   <li>perf-kvm-stat: {@code {"eventType", "vmScope", "vcpuScope", "totalSamples", "totalTimeUs",
 *       "rows": [{"reason", "vmxReason", "samples", "samplesPercent", "timePercent", "minTimeUs", "maxTimeUs",
 *       "avgTimeUs", "stddevPercent"}], "tables": [...all tables...], "skippedLines", "notes", "exitMix"}}
 *       where the top-level fields describe the first table;</li>
 *   <li>ptdump: {@code {"name", "pagingLevels", "ranges": [{"start": "0x...", "end": "0x...", "size",
 *       "flags": ["RW", "NX"], "present", "level": "pmd", "section", "line"}], "markers", "entriesSkipped",
 *       "skippedLines", "sizeMismatches", "gaps", "notes", "dumpCount", "dumps"}};</li>
 *   <li>exit-counts: {@code {"tables": [{"tool", "command", "title", "rows": [{"reason", "count", ...}]}],
 *       "skippedLines", "exitMix"}}.</li>
 * </ul>
 */
public final class ImportReport {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ImportReport() {
    }

    /** Pretty-printed JSON text of a tree, ending in a newline. */
    public static String toJson(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------------------------------- kvm trace

    /** JSON of a trace; {@code withSequences} adds every exit per vCPU. */
    public static ObjectNode json(KvmExitTrace t, boolean withSequences) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("exits", t.totalExits());
        ObjectNode br = o.putObject("byReason");
        t.countsByReason().forEach(br::put);
        ObjectNode bo = o.putObject("byOriginalName");
        t.countsByOriginalName().forEach(bo::put);
        ObjectNode bv = o.putObject("byVcpu");
        t.countsByVcpu().forEach((k, v) -> bv.put(String.valueOf(k), v));
        o.put("kvmEntries", t.kvmEntryCount());
        ObjectNode oe = o.putObject("otherEvents");
        t.otherEvents().forEach(oe::put);
        o.put("skippedLines", t.skippedLines());
        o.put("vcpuSource", t.vcpuSource().name());
        strings(o.putArray("notes"), t.notes());
        skipped(o.putArray("skippedExamples"), t.skippedExamples());
        o.set("exitMix", json(t.exitMix()));
        if (withSequences) {
            ObjectNode seq = o.putObject("sequences");
            for (Map.Entry<Integer, List<KvmExit>> e : t.exitsByVcpu().entrySet()) {
                ArrayNode a = seq.putArray(String.valueOf(e.getKey()));
                for (KvmExit x : e.getValue()) {
                    ObjectNode n = a.addObject();
                    n.put("t", x.timestampSeconds());
                    n.put("reason", x.reasonKey());
                    n.put("printed", x.reasonName());
                    if (x.reasonFlags() != null) {
                        n.put("reasonFlags", x.reasonFlags());
                    }
                    hex(n, "rip", x.rip());
                    hex(n, "info1", x.info1());
                    hex(n, "info2", x.info2());
                    hex(n, "intrInfo", x.intrInfo());
                    hex(n, "errorCode", x.errorCode());
                    n.put("cpu", x.hostCpu());
                    n.put("comm", x.comm());
                    n.put("pid", x.pid());
                    if (x.durationNs() >= 0) {
                        n.put("durationUs", x.durationNs() / 1000.0);
                    }
                    n.put("line", x.line());
                }
            }
        }
        return o;
    }

    /** Text summary of a trace. */
    public static String text(KvmExitTrace t) {
        StringBuilder sb = new StringBuilder();
        sb.append("kvm_exit trace: ").append(t.totalExits()).append(" exits, ").append(t.kvmEntryCount())
                .append(" kvm_entry, ").append(t.countsByVcpu().size()).append(" vCPU(s), ").append(t.skippedLines())
                .append(" lines skipped\n");
        ExitMix mix = t.exitMix();
        sb.append(String.format(Locale.ROOT, "%n%-24s %10s %8s %12s%n", "reason", "exits", "share", "avg time"));
        for (Map.Entry<String, Long> e : mix.counts().entrySet()) {
            Double avg = mix.avgTimeUs().get(e.getKey());
            sb.append(String.format(Locale.ROOT, "%-24s %10d %7.2f%% %12s%n", e.getKey(), e.getValue(),
                    100.0 * e.getValue() / Math.max(1, t.totalExits()),
                    avg == null ? "-" : String.format(Locale.ROOT, "%.2fus", avg)));
        }
        sb.append(String.format(Locale.ROOT, "%n%-6s %10s%n", "vCPU", "exits"));
        t.countsByVcpu().forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%-6d %10d%n", k, v)));
        if (!t.otherEvents().isEmpty()) {
            sb.append("\nother events: ");
            List<String> parts = new ArrayList<>();
            t.otherEvents().forEach((k, v) -> parts.add(k + "=" + v));
            sb.append(String.join(", ", parts)).append('\n');
        }
        notes(sb, t.notes(), t.skippedExamples());
        return sb.toString();
    }

    // ---------------------------------------------------------------------------------------- perf

    /** JSON of a perf kvm stat report (top-level fields describe the first table). */
    public static ObjectNode json(PerfKvmStatReport r) {
        ObjectNode o = MAPPER.createObjectNode();
        tableFields(o, r.first());
        ArrayNode tables = o.putArray("tables");
        for (PerfKvmStatTable t : r.tables()) {
            tableFields(tables.addObject(), t);
        }
        o.put("skippedLines", r.skippedLines());
        strings(o.putArray("notes"), r.notes());
        skipped(o.putArray("skippedExamples"), r.skippedExamples());
        o.set("exitMix", json(r.exitMix()));
        return o;
    }

    private static void tableFields(ObjectNode o, PerfKvmStatTable t) {
        o.put("eventType", t.eventType());
        o.put("kind", t.kind().name());
        o.put("vmScope", t.vmScope());
        o.put("vcpuScope", t.vcpuScope());
        if (t.command() != null) {
            o.put("command", t.command());
        }
        if (t.timestamp() != null) {
            o.put("timestamp", t.timestamp());
        }
        if (t.totalSamples() != null) {
            o.put("totalSamples", t.totalSamples());
        } else {
            o.putNull("totalSamples");
        }
        if (t.totalTimeUs() != null) {
            o.put("totalTimeUs", t.totalTimeUs());
        } else {
            o.putNull("totalTimeUs");
        }
        o.put("elided", t.elided());
        o.put("headerLine", t.headerLine());
        ArrayNode rows = o.putArray("rows");
        for (PerfKvmStatRow r : t.rows()) {
            ObjectNode n = rows.addObject();
            n.put("reason", r.reason());
            n.put("vmxReason", r.vmxReason() == null ? null : r.vmxReason().linuxName());
            n.put("samples", r.samples());
            n.put("samplesPercent", r.samplesPercent());
            n.put("timePercent", r.timePercent());
            n.put("minTimeUs", r.minTimeUs());
            n.put("maxTimeUs", r.maxTimeUs());
            n.put("avgTimeUs", r.avgTimeUs());
            n.put("stddevPercent", r.stddevPercent());
            if (r.unknownExitCode() != null) {
                n.put("unknownExitCode", r.unknownExitCode());
            }
            n.put("line", r.line());
        }
    }

    /** Text summary of a perf kvm stat report. */
    public static String text(PerfKvmStatReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("perf kvm stat: ").append(r.tables().size()).append(" table(s), ").append(r.skippedLines())
                .append(" lines skipped\n");
        for (PerfKvmStatTable t : r.tables()) {
            sb.append('\n').append(t.eventType());
            if (t.vmScope() != null || t.vcpuScope() != null) {
                sb.append(" (").append(t.vmScope() == null ? "" : t.vmScope() + ", ")
                        .append(t.vcpuScope() == null ? "" : t.vcpuScope()).append(')');
            }
            sb.append(", line ").append(t.headerLine());
            if (t.totalSamples() != null) {
                sb.append(", total samples ").append(t.totalSamples());
            }
            if (t.totalTimeUs() != null) {
                sb.append(String.format(Locale.ROOT, ", total time %.2fus", t.totalTimeUs()));
            }
            sb.append('\n');
            sb.append(String.format(Locale.ROOT, "%-24s %10s %9s %9s %12s %12s %12s%n", "reason", "samples",
                    "samples%", "time%", "min", "max", "avg"));
            for (PerfKvmStatRow row : t.rows()) {
                sb.append(String.format(Locale.ROOT, "%-24s %10d %8.2f%% %8.2f%% %12s %12s %10.2fus%n",
                        row.reason() + (row.unknownExitCode() != null ? "(" + row.unknownExitCode() + ")" : ""),
                        row.samples(), row.samplesPercent(), row.timePercent(), us(row.minTimeUs()),
                        us(row.maxTimeUs()), row.avgTimeUs()));
            }
            if (t.elided()) {
                sb.append("[..] rows elided in the input\n");
            }
        }
        notes(sb, r.notes(), r.skippedExamples());
        return sb.toString();
    }

    // ---------------------------------------------------------------------------------------- exit counts

    /** JSON of exit-count tables. */
    public static ObjectNode json(ExitCountReport r) {
        ObjectNode o = MAPPER.createObjectNode();
        ArrayNode tables = o.putArray("tables");
        for (ExitCountTable t : r.tables()) {
            ObjectNode tn = tables.addObject();
            tn.put("tool", t.tool().name());
            tn.put("command", t.command());
            tn.put("title", t.title());
            tn.put("timestamp", t.timestamp());
            tn.put("headerLine", t.headerLine());
            tn.put("totalCount", t.totalCount());
            ArrayNode rows = tn.putArray("rows");
            for (ExitCountRow row : t.rows()) {
                ObjectNode n = rows.addObject();
                n.put("reason", row.reason());
                n.put("vmxReason", row.vmxReason() == null ? null : row.vmxReason().linuxName());
                if (row.code() != null) {
                    n.put("code", row.code());
                }
                n.put("count", row.count());
                if (row.pid() != null) {
                    n.put("pid", row.pid());
                }
                if (row.tid() != null) {
                    n.put("tid", row.tid());
                }
                if (row.avgUs() != null) {
                    n.put("totalUs", row.totalUs());
                    n.put("minUs", row.minUs());
                    n.put("avgUs", row.avgUs());
                    n.put("maxUs", row.maxUs());
                    n.put("gsysPercent", row.gsysPercent());
                }
                n.put("line", row.line());
            }
        }
        o.put("skippedLines", r.skippedLines());
        strings(o.putArray("notes"), r.notes());
        skipped(o.putArray("skippedExamples"), r.skippedExamples());
        o.set("exitMix", json(r.exitMix()));
        return o;
    }

    /** Text summary of exit-count tables. */
    public static String text(ExitCountReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("exit counts: ").append(r.tables().size()).append(" table(s), ").append(r.skippedLines())
                .append(" lines skipped\n");
        for (ExitCountTable t : r.tables()) {
            sb.append('\n').append(t.tool().name().toLowerCase(Locale.ROOT));
            if (t.command() != null) {
                sb.append(" `").append(t.command()).append('`');
            }
            if (t.title() != null) {
                sb.append(" - ").append(t.title());
            }
            sb.append(", line ").append(t.headerLine()).append(", total ").append(t.totalCount()).append('\n');
            ExitMix mix = t.exitMix();
            for (Map.Entry<String, Long> e : mix.counts().entrySet()) {
                Double avg = mix.avgTimeUs().get(e.getKey());
                sb.append(String.format(Locale.ROOT, "  %-24s %10d %7.2f%% %12s%n", e.getKey(), e.getValue(),
                        100.0 * mix.share(e.getKey()), avg == null ? "" : String.format(Locale.ROOT, "%.3fus", avg)));
            }
        }
        notes(sb, r.notes(), r.skippedExamples());
        return sb.toString();
    }

    // ---------------------------------------------------------------------------------------- exit mix

    /** JSON of an exit mix: {@code {"source", "totalExits", "counts": {...}, "avgTimeUs": {...}}}. */
    public static ObjectNode json(ExitMix m) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("source", m.source());
        o.put("totalExits", m.totalExits());
        o.put("unlistedExits", m.unlistedExits());
        ObjectNode c = o.putObject("counts");
        m.counts().forEach(c::put);
        ObjectNode a = o.putObject("avgTimeUs");
        m.avgTimeUs().forEach(a::put);
        return o;
    }

    // ---------------------------------------------------------------------------------------- ptdump

    /** JSON of one dump of a ptdump import ({@code index} into {@code all}), listing all dumps. */
    public static ObjectNode json(List<AddressSpaceDump> all, int index) {
        AddressSpaceDump d = all.get(index);
        ObjectNode o = MAPPER.createObjectNode();
        o.put("name", d.name());
        o.put("pagingLevels", d.pagingLevels());
        o.put("rangeCount", d.ranges().size());
        ArrayNode ranges = o.putArray("ranges");
        for (PtdumpRange r : d.ranges()) {
            ObjectNode n = ranges.addObject();
            n.put("start", r.startHex());
            n.put("end", r.endHex());
            n.put("size", r.sizeText());
            strings(n.putArray("flags"), r.flags());
            n.put("present", r.present());
            n.put("level", r.level().linuxName());
            n.put("section", r.section());
            n.put("line", r.sourceLine());
        }
        ArrayNode markers = o.putArray("markers");
        for (AddressSpaceDump.SectionMarker m : d.markers()) {
            ObjectNode n = markers.addObject();
            n.put("name", m.name());
            n.put("beforeRange", m.beforeRange());
            n.put("line", m.sourceLine());
        }
        ArrayNode skips = o.putArray("entriesSkipped");
        for (AddressSpaceDump.EntriesSkipped s : d.entriesSkipped()) {
            ObjectNode n = skips.addObject();
            n.put("count", s.count());
            n.put("beforeRange", s.beforeRange());
            n.put("line", s.sourceLine());
        }
        o.put("skippedLines", d.skippedLines());
        skipped(o.putArray("skippedExamples"), d.skippedExamples());
        o.put("sizeMismatches", d.sizeMismatches());
        o.put("gaps", d.gaps());
        strings(o.putArray("notes"), d.notes());
        o.put("dumpCount", all.size());
        o.put("dumpIndex", index);
        ArrayNode dumps = o.putArray("dumps");
        for (int k = 0; k < all.size(); k++) {
            AddressSpaceDump x = all.get(k);
            ObjectNode n = dumps.addObject();
            n.put("index", k);
            n.put("name", x.name());
            n.put("ranges", x.ranges().size());
            n.put("firstLine", x.firstLine());
            n.put("lastLine", x.lastLine());
        }
        return o;
    }

    /**
     * Reads a dump back from the JSON written by {@link #json(List, int)} (only {@code name}, {@code ranges},
     * {@code markers} and {@code entriesSkipped} are needed).
     *
     * @throws ImportException when the JSON does not have that shape
     */
    public static AddressSpaceDump ptdumpFromJson(String source, String json) throws ImportException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            int col = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
            throw new ImportException(source, Math.max(line, 0), Math.max(col, 0), "invalid JSON: "
                    + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !root.path("ranges").isArray()) {
            throw new ImportException(source, 1, 1, "JSON is not an imported ptdump (no \"ranges\" array)");
        }
        List<PtdumpRange> ranges = new ArrayList<>();
        int idx = 0;
        for (JsonNode n : root.get("ranges")) {
            Long start = ImportText.parseHex(n.path("start").asText(""));
            Long end = ImportText.parseHex(n.path("end").asText(""));
            PtdumpLevel level = PtdumpLevel.fromLinuxName(n.path("level").asText(""));
            if (start == null || end == null || level == null) {
                throw new ImportException(source, 1, 1, "range #" + idx + " needs hex \"start\", \"end\" and a "
                        + "\"level\" (pgd/p4d/pud/pmd/pte)");
            }
            List<String> flags = new ArrayList<>();
            for (JsonNode f : n.path("flags")) {
                flags.add(f.asText());
            }
            String section = n.hasNonNull("section") ? n.get("section").asText() : null;
            String size = n.hasNonNull("size") ? n.get("size").asText() : null;
            boolean present = n.has("present") ? n.get("present").asBoolean() : !flags.isEmpty();
            ranges.add(new PtdumpRange(start, end, size, flags, present, level, section, n.path("line").asInt(0)));
            idx++;
        }
        List<AddressSpaceDump.SectionMarker> markers = new ArrayList<>();
        for (JsonNode n : root.path("markers")) {
            markers.add(new AddressSpaceDump.SectionMarker(n.path("name").asText(), n.path("beforeRange").asInt(0),
                    n.path("line").asInt(0)));
        }
        List<AddressSpaceDump.EntriesSkipped> skips = new ArrayList<>();
        for (JsonNode n : root.path("entriesSkipped")) {
            skips.add(new AddressSpaceDump.EntriesSkipped(n.path("count").asLong(0), n.path("beforeRange").asInt(0),
                    n.path("line").asInt(0)));
        }
        String name = root.hasNonNull("name") ? root.get("name").asText() : null;
        return new AddressSpaceDump(name, null, ranges, markers, skips, AddressSpaceDump.detectPagingLevels(ranges),
                0, List.of(), 0, 0, List.of(), 0, 0);
    }

    /** Text summary of a ptdump import (the selected dump in detail, the others listed). */
    public static String text(List<AddressSpaceDump> all, int index) {
        AddressSpaceDump d = all.get(index);
        StringBuilder sb = new StringBuilder();
        sb.append("ptdump: ").append(d.name() == null ? "(unnamed)" : d.name()).append(", ")
                .append(d.pagingLevels()).append("-level paging, ").append(d.ranges().size()).append(" ranges (")
                .append(d.presentRanges().size()).append(" present), ").append(d.skippedLines())
                .append(" lines skipped, ").append(d.sizeMismatches()).append(" size mismatches, ").append(d.gaps())
                .append(" gaps\n");
        if (all.size() > 1) {
            sb.append("dump ").append(index + 1).append(" of ").append(all.size()).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "%n%-28s %7s %8s %14s  %s%n", "section", "ranges", "present",
                "mapped", "levels"));
        for (String s : sectionsInOrder(d)) {
            List<PtdumpRange> rs = s.isEmpty() ? unsectioned(d) : d.rangesIn(s);
            int present = 0;
            BigInteger mapped = BigInteger.ZERO;
            java.util.Map<PtdumpLevel, Integer> levels = new java.util.EnumMap<>(PtdumpLevel.class);
            for (PtdumpRange r : rs) {
                levels.merge(r.level(), 1, Integer::sum);
                if (r.present()) {
                    present++;
                    mapped = mapped.add(r.sizeBytes().max(BigInteger.ZERO));
                }
            }
            List<String> lv = new ArrayList<>();
            levels.forEach((k, v) -> lv.add(k.linuxName() + "=" + v));
            sb.append(String.format(Locale.ROOT, "%-28s %7d %8d %14s  %s%n", s.isEmpty() ? "(before any marker)" : s,
                    rs.size(), present, human(mapped), String.join(" ", lv)));
        }
        notes(sb, d.notes(), d.skippedExamples());
        return sb.toString();
    }

    private static List<String> sectionsInOrder(AddressSpaceDump d) {
        List<String> out = new ArrayList<>();
        if (!unsectioned(d).isEmpty()) {
            out.add("");
        }
        out.addAll(d.sections());
        return out;
    }

    private static List<PtdumpRange> unsectioned(AddressSpaceDump d) {
        List<PtdumpRange> out = new ArrayList<>();
        for (PtdumpRange r : d.ranges()) {
            if (r.section() == null) {
                out.add(r);
            }
        }
        return out;
    }

    private static String human(BigInteger bytes) {
        String[] u = {"B", "K", "M", "G", "T", "P", "E"};
        double v = bytes.doubleValue();
        int k = 0;
        while (v >= 1024 && k < u.length - 1) {
            v /= 1024;
            k++;
        }
        return k == 0 ? bytes + "B" : String.format(Locale.ROOT, "%.1f%s", v, u[k]);
    }

    // ---------------------------------------------------------------------------------------- helpers

    private static String us(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.2fus", v);
    }

    private static void hex(ObjectNode n, String key, Long v) {
        if (v != null) {
            n.put(key, "0x" + Long.toHexString(v));
        }
    }

    private static void strings(ArrayNode a, List<String> l) {
        for (String s : l) {
            a.add(s);
        }
    }

    private static void skipped(ArrayNode a, List<SkippedLine> l) {
        for (SkippedLine s : l) {
            ObjectNode n = a.addObject();
            n.put("line", s.line());
            n.put("text", s.text());
            n.put("reason", s.reason());
        }
    }

    private static void notes(StringBuilder sb, List<String> notes, List<SkippedLine> examples) {
        if (!notes.isEmpty()) {
            sb.append('\n');
            for (String n : notes) {
                sb.append("note: ").append(n).append('\n');
            }
        }
        if (!examples.isEmpty()) {
            sb.append('\n');
            for (SkippedLine s : examples) {
                sb.append("skipped line ").append(s.line()).append(" (").append(s.reason()).append("): ")
                        .append(s.text()).append('\n');
            }
        }
    }
}
