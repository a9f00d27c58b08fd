package dev.asiscope.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asiscope.sim.paging.AccessType;
import dev.asiscope.sim.paging.PageFault;
import dev.asiscope.sim.paging.PagingLevel;
import dev.asiscope.sim.paging.WalkResult;
import dev.asiscope.sim.paging.WalkStep;

/** Renders one page walk for {@code asiscope translate}, as text or as a JSON object. */
public final class TranslationReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TranslationReport() {
    }

    /** The JSON object documented in {@code docs/scenario-format.md} ("The translate command"). */
    public static ObjectNode json(int cpu, AccessType type, boolean user, boolean la57, WalkResult r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("cpu", cpu);
        o.put("linearAddress", Hex.of16(r.linearAddress()));
        o.put("access", type.id());
        o.put("user", user);
        ArrayNode levels = o.putArray("levels");
        for (WalkStep s : r.steps()) {
            ObjectNode l = levels.addObject();
            l.put("level", s.level().id());
            l.put("linuxName", s.level().linuxName(la57));
            l.put("index", s.level().indexOf(r.linearAddress()));
            l.put("entryAddress", Hex.of16(s.entryAddress()));
            l.put("entry", Hex.of16(s.entry()));
            l.put("bits", PageTableEntryText.flags(s.entry(), largeCapable(s.level())));
        }
        if (r.fault() == null) {
            o.putNull("fault");
            o.put("physicalAddress", Hex.of16(r.physicalAddress()));
            o.put("pageSize", r.pageSize().bytes());
            o.put("writable", r.writable());
            o.put("userAccessible", r.user());
            o.put("executable", r.executable());
            o.put("global", r.global());
            o.put("protectionKey", r.protectionKey());
        } else {
            PageFault f = r.fault();
            ObjectNode fo = o.putObject("fault");
            fo.put("kind", f.kind().id());
            fo.put("errorCode", f.errorCode());
            if (f.level() != null) {
                fo.put("level", f.level().id());
            } else {
                fo.putNull("level");
            }
            fo.put("description", PageFaultText.of(f));
            if (r.terminalPhysicalAddress() >= 0) {
                fo.put("terminalPhysicalAddress", Hex.of16(r.terminalPhysicalAddress()));
            }
            o.putNull("physicalAddress");
            o.putNull("pageSize");
        }
        ArrayNode after = o.putArray("memoryAfter");
        for (WalkResult.EntryUpdate u : r.updates()) {
            ObjectNode m = after.addObject();
            m.put("address", Hex.of16(u.address()));
            m.put("value", Hex.of16(u.value()));
        }
        return o;
    }

    /** A human-readable multi-line rendering. */
    public static String text(int cpu, AccessType type, boolean user, boolean la57, WalkResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("cpu %d %s %s %s%n", cpu, user ? "user" : "supervisor", type.id(),
                Hex.of16(r.linearAddress())));
        for (WalkStep s : r.steps()) {
            sb.append(String.format("  %-4s %-3s [%3d] entry @ %s = %s  %s%n", s.level().id(),
                    s.level().linuxName(la57), s.level().indexOf(r.linearAddress()), Hex.of16(s.entryAddress()),
                    Hex.of16(s.entry()), PageTableEntryText.flags(s.entry(), largeCapable(s.level()))));
        }
        if (r.fault() == null) {
            sb.append(String.format("  -> %s (%s page) %s %s %s%n", Hex.of16(r.physicalAddress()),
                    sizeName(r.pageSize().bytes()), r.writable() ? "writable" : "read-only",
                    r.user() ? "user" : "supervisor-only", r.executable() ? "executable" : "no-execute"));
        } else {
            sb.append("  -> ").append(PageFaultText.of(r.fault()));
            if (r.terminalPhysicalAddress() >= 0) {
                sb.append("; terminal-fault physical address ").append(Hex.of16(r.terminalPhysicalAddress()));
            }
            sb.append(System.lineSeparator());
        }
        for (WalkResult.EntryUpdate u : r.updates()) {
            sb.append(String.format("  updated %s = %s%n", Hex.of16(u.address()), Hex.of16(u.value())));
        }
        return sb.toString();
    }

    private static boolean largeCapable(PagingLevel level) {
        return level == PagingLevel.PD || level == PagingLevel.PDPT || level == PagingLevel.PML4
                || level == PagingLevel.PML5;
    }

    private static String sizeName(long bytes) {
        return bytes == 1L << 30 ? "1 GiB" : bytes == 1L << 21 ? "2 MiB" : "4 KiB";
    }
}
