package dev.asiscope.scenario;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.asiscope.sim.kernel.PlacedRegion;
import dev.asiscope.sim.paging.PageSize;
import dev.asiscope.sim.tables.AddressSpace;
import dev.asiscope.sim.tables.EntryKind;
import dev.asiscope.sim.tables.PageTableTree;
import dev.asiscope.sim.tables.PagingStructure;
import dev.asiscope.sim.tables.TableEntry;
import dev.asiscope.sim.tables.TableSet;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Renders page-table trees for {@code asiscope tables}: every structure of each chosen address space with
 * its non-zero entries (level, index, entry and structure addresses, raw value, SDM flag names, kind,
 * target, page size, the rights a walk ends with, and for host-physical targets the region and its
 * sensitivity), and the frames several tables share. Structures are listed in the order the tree reached
 * them, depth first; zero entries are left out.
 */
public final class TablesReport {
    private static final JsonFactory JSON = new JsonFactory();

    private TablesReport() {
    }

    /** Page-size names as the Linux ptdump writes them. */
    static String sizeName(PageSize size) {
        return switch (size) {
            case SIZE_4K -> "4K";
            case SIZE_2M -> "2M";
            case SIZE_1G -> "1G";
        };
    }

    /** The JSON document for {@code spaces} (names in {@code t}). */
    public static String json(String scenarioName, ScenarioTables t, List<String> spaces) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("scenario", scenarioName);
            g.writeNumberField("cycle", t.cycle());
            g.writeStringField("policy", t.policy());
            g.writeArrayFieldStart("spaces");
            for (String name : spaces) {
                space(g, t, t.tables().tree(name));
            }
            g.writeEndArray();
            g.writeArrayFieldStart("sharedFrames");
            for (Map.Entry<String, Map<Long, List<String>>> d : t.tables().sharedFrames().entrySet()) {
                for (Map.Entry<Long, List<String>> f : d.getValue().entrySet()) {
                    List<String> shown = f.getValue().stream().filter(spaces::contains).toList();
                    if (shown.size() > 1) {
                        g.writeStartObject();
                        g.writeStringField("domain", d.getKey());
                        g.writeStringField("address", Hex.of16(f.getKey()));
                        stringArray(g, "spaces", shown);
                        g.writeEndObject();
                    }
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w + "\n";
    }

    private static void space(JsonGenerator g, ScenarioTables t, PageTableTree tree) throws IOException {
        AddressSpace s = tree.space();
        g.writeStartObject();
        g.writeStringField("name", s.name());
        g.writeStringField("role", AddressSpaceText.role(s));
        g.writeStringField("domain", s.domain());
        g.writeStringField("format", s.format().id());
        g.writeStringField("root", Hex.of16(tree.root().address()));
        g.writeNumberField("levels", s.fiveLevel() ? 5 : 4);
        if (s.pcid() >= 0) {
            g.writeNumberField("pcid", s.pcid());
        }
        g.writeNumberField("structures", tree.structures().size());
        g.writeObjectFieldStart("pages");
        for (PageSize size : PageSize.values()) {
            g.writeNumberField(sizeName(size), tree.leafCount(size));
        }
        g.writeEndObject();
        g.writeArrayFieldStart("tables");
        for (PagingStructure ps : tree.structures()) {
            g.writeStartObject();
            g.writeStringField("address", Hex.of16(ps.address()));
            g.writeStringField("level", ps.level().id());
            g.writeStringField("linearBase", Hex.of16(ps.linearBase()));
            List<String> others = t.tables().sharers(tree, ps).stream().filter(n -> !n.equals(s.name())).toList();
            stringArray(g, "sharedWith", others);
            g.writeArrayFieldStart("entries");
            for (TableEntry e : tree.entries(ps)) {
                entry(g, t, tree, ps, e);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void entry(JsonGenerator g, ScenarioTables t, PageTableTree tree, PagingStructure ps, TableEntry e)
            throws IOException {
        g.writeStartObject();
        g.writeNumberField("index", e.index());
        g.writeStringField("address", Hex.of16(e.entryAddress()));
        g.writeStringField("raw", Hex.of16(e.raw()));
        g.writeStringField("kind", e.kind().id());
        stringArray(g, "flags", e.flags());
        g.writeStringField("linear", Hex.of16(e.linearAddress()));
        if (e.target() >= 0) {
            g.writeStringField("target", Hex.of16(e.target()));
        }
        if (e.kind() == EntryKind.LEAF) {
            g.writeStringField("pageSize", sizeName(e.pageSize()));
            int r = tree.rights(ps, e.index());
            g.writeBooleanField("writable", (r & PageTableTree.WRITE) != 0);
            g.writeBooleanField("user", (r & PageTableTree.USER) != 0);
            g.writeBooleanField("executable", (r & PageTableTree.EXECUTE) != 0);
            PlacedRegion region = t.regionAt(tree.space().domain(), e.target());
            if (region != null) {
                g.writeStringField("region", region.name());
                g.writeStringField("sensitivity", region.region().sensitivity().id());
                if (region.region().ownerVm() >= 0) {
                    g.writeNumberField("owner", region.region().ownerVm());
                }
            }
        }
        g.writeEndObject();
    }

    private static void stringArray(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    /** The same content as text: one block per space, one indented line per structure and entry. */
    public static String text(String scenarioName, ScenarioTables t, List<String> spaces) {
        StringBuilder sb = new StringBuilder();
        sb.append(scenarioName).append(" at cycle ").append(String.format("%,d", t.cycle())).append(", policy ")
                .append(t.policy()).append('\n');
        for (String name : spaces) {
            PageTableTree tree = t.tables().tree(name);
            AddressSpace s = tree.space();
            sb.append('\n').append(s.name()).append(": ").append(AddressSpaceText.role(s)).append(" (")
                    .append(s.format().id())
                    .append(", ").append(s.fiveLevel() ? 5 : 4).append("-level, root ")
                    .append(Hex.of16(tree.root().address())).append(' ').append(s.domain());
            if (s.pcid() >= 0) {
                sb.append(", PCID ").append(s.pcid());
            }
            sb.append(")\n  ").append(tree.structures().size()).append(" structures; pages: ")
                    .append(tree.leafCount(PageSize.SIZE_4K)).append(" x 4K, ")
                    .append(tree.leafCount(PageSize.SIZE_2M)).append(" x 2M, ")
                    .append(tree.leafCount(PageSize.SIZE_1G)).append(" x 1G\n");
            for (PagingStructure ps : tree.structures()) {
                String indent = "  ".repeat(1 + depth(tree, ps));
                sb.append(indent).append(ps.level().id()).append(' ').append(Hex.of16(ps.address()))
                        .append("  covers ").append(Hex.of16(ps.linearBase()));
                List<String> others = t.tables().sharers(tree, ps).stream().filter(n -> !n.equals(name)).toList();
                if (!others.isEmpty()) {
                    sb.append("  shared with ").append(String.join(", ", others));
                }
                sb.append('\n');
                for (TableEntry e : tree.entries(ps)) {
                    sb.append(indent).append("  [").append(String.format("%3d", e.index())).append("] ")
                            .append(Hex.of16(e.raw())).append(' ').append(String.format("%-11s", e.kind().id()))
                            .append(' ').append(String.join(" ", e.flags()));
                    if (e.kind() == EntryKind.LEAF) {
                        sb.append("  ").append(Hex.of16(e.linearAddress())).append(" -> ")
                                .append(Hex.of16(e.target())).append(' ').append(sizeName(e.pageSize()));
                        PlacedRegion region = t.regionAt(s.domain(), e.target());
                        if (region != null) {
                            sb.append("  ").append(region.name()).append(" (")
                                    .append(region.region().sensitivity().id()).append(')');
                        }
                    } else if (e.kind() == EntryKind.TABLE) {
                        sb.append("  -> ").append(Hex.of16(e.target()));
                    } else if (e.target() >= 0) {
                        sb.append("  frame bits ").append(Hex.of16(e.target()));
                    }
                    sb.append('\n');
                }
            }
        }
        Map<String, Map<Long, List<String>>> shared = t.tables().sharedFrames();
        if (!shared.isEmpty()) {
            sb.append("\nshared frames:\n");
            for (Map.Entry<String, Map<Long, List<String>>> d : shared.entrySet()) {
                for (Map.Entry<Long, List<String>> f : d.getValue().entrySet()) {
                    sb.append("  ").append(d.getKey()).append(' ').append(Hex.of16(f.getKey())).append(": ")
                            .append(String.join(", ", f.getValue())).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static int depth(PageTableTree tree, PagingStructure s) {
        int d = 0;
        while (s.parent() >= 0) {
            s = tree.structures().get(s.parent());
            d++;
        }
        return d;
    }
}
