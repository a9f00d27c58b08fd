package dev.asiscope.ui;

import dev.asiscope.sim.cache.Cache;
import dev.asiscope.sim.cache.CacheLine;
import dev.asiscope.sim.engine.Event;
import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.EventLog;
import dev.asiscope.sim.engine.HardwareThread;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.kernel.PlacedRegion;
import dev.asiscope.sim.mem.Sensitivity;
import dev.asiscope.ui.draw.DrawContext;
import dev.asiscope.ui.draw.DrawContext.Align;
import java.util.List;

/**
 * Simple stand-ins for the five machine views, used until the real painters of
 * {@code dev.asiscope.ui.views} are hosted. They draw straight from the session like the real ones.
 */
final class PlaceholderViews {
    private PlaceholderViews() {
    }

    static List<MachineView> all() {
        return List.of(new Cores(), new Caches(), new AddressSpaces(), new PageWalk(), new Timeline());
    }

    /** Fill colour for data of {@code label} in {@code t}. */
    static String labelColor(String label, Theme t) {
        if (label == null) {
            return t.empty();
        }
        if (label.contains("secret")) {
            return t.secret();
        }
        if (label.startsWith("vm:")) {
            return t.vmData();
        }
        if (label.startsWith("process:")) {
            return t.processData();
        }
        if (label.contains("nonsensitive")) {
            return t.nonSensitive();
        }
        return t.sensitive();
    }

    static String contextColor(HardwareThread cpu, Theme t) {
        return switch (cpu.context().kind()) {
            case GUEST_USER, GUEST_KERNEL -> t.guest();
            case HOST_KERNEL_RESTRICTED -> t.hostRestricted();
            case HOST_KERNEL_FULL -> t.hostFull();
            case HOST_USER -> t.hostUser();
            case IDLE -> t.idle();
            case STUNNED -> t.stunned();
            case OFFLINE -> t.offline();
        };
    }

    static final class Cores implements MachineView {
        @Override
        public String id() {
            return "cores";
        }

        @Override
        public String title() {
            return "Cores";
        }

        @Override
        public void paint(DrawContext g, double w, double h, SimSession s, Theme t) {
            Machine m = s.machine();
            int cores = m.spec().cores();
            int tpc = m.spec().threadsPerCore();
            double fs = t.fontSize();
            double pad = 8;
            double coreW = (w - pad * (cores + 1)) / cores;
            for (int c = 0; c < cores; c++) {
                double x = pad + c * (coreW + pad);
                g.strokeRect(x, pad, coreW, h - 2 * pad, t.grid(), 1);
                g.text("core " + c, x + 6, pad + fs + 4, t.text(), fs, true, Align.LEFT);
                double rowH = (h - 2 * pad - fs * 2) / tpc;
                for (int i = 0; i < tpc; i++) {
                    HardwareThread cpu = m.cpu(c * tpc + i);
                    double y = pad + fs * 2 + i * rowH;
                    g.fillRect(x + 6, y, coreW - 12, rowH - 6, contextColor(cpu, t));
                    double ty = y + fs + 4;
                    g.text("cpu" + cpu.id() + "  " + cpu.context().describe(), x + 12, ty, t.text(), fs, true,
                            Align.LEFT);
                    g.mono("op " + cpu.operation() + (cpu.currentAsi() >= 0 ? "  ASI vm" + cpu.currentAsi() : ""),
                            x + 12, ty + fs * 1.4, t.text(), fs * 0.9, Align.LEFT);
                    if (cpu.stunnedBy() >= 0) {
                        g.mono("stunned by cpu" + cpu.stunnedBy(), x + 12, ty + fs * 2.8, t.text(), fs * 0.9,
                                Align.LEFT);
                    }
                }
            }
        }
    }

    static final class Caches implements MachineView {
        @Override
        public String id() {
            return "caches";
        }

        @Override
        public String title() {
            return "Caches (L1D per core)";
        }

        @Override
        public void paint(DrawContext g, double w, double h, SimSession s, Theme t) {
            Machine m = s.machine();
            int cores = m.spec().cores();
            double fs = t.fontSize();
            double pad = 8;
            double coreW = (w - pad * (cores + 1)) / cores;
            for (int c = 0; c < cores; c++) {
                Cache l1d = m.caches().l1d(c);
                int sets = l1d.sets();
                int ways = l1d.ways();
                double x0 = pad + c * (coreW + pad);
                g.text("core " + c + " L1D  " + l1d.occupancy() + "/" + (sets * ways) + " lines", x0, pad + fs,
                        t.text(), fs, true, Align.LEFT);
                double top = pad + fs * 1.8;
                double cw = coreW / sets;
                double ch = Math.max(2, (h - top - pad) / ways);
                for (int set = 0; set < sets; set++) {
                    for (int way = 0; way < ways; way++) {
                        CacheLine line = l1d.line(set, way);
                        String col = line == null ? t.empty() : labelColor(line.provenance().label(), t);
                        g.fillRect(x0 + set * cw, top + way * ch, Math.max(1, cw - 0.5), ch - 1, col);
                    }
                }
            }
        }
    }

    static final class AddressSpaces implements MachineView {
        @Override
        public String id() {
            return "address-spaces";
        }

        @Override
        public String title() {
            return "Address spaces";
        }

        @Override
        public void paint(DrawContext g, double w, double h, SimSession s, Theme t) {
            Machine m = s.machine();
            double fs = t.fontSize();
            double y = fs + 8;
            g.text("Host regions: full table maps all; restricted (ASI) tables map the non-sensitive ones",
                    8, y, t.mutedText(), fs * 0.9, false, Align.LEFT);
            for (PlacedRegion r : m.layout().regions()) {
                y += fs * 1.5;
                if (y > h) {
                    break;
                }
                boolean sensitive = r.region().sensitivity() == Sensitivity.SENSITIVE;
                g.fillRect(8, y - fs, fs, fs, labelColor(r.region().label(), t));
                g.mono(String.format("%-24s %-19s pa 0x%x  %s", r.name(), r.region().sensitivity().name().toLowerCase(),
                        r.physicalBase(), sensitive ? "full only" : "full + restricted"), 8 + fs * 1.5, y, t.text(),
                        fs * 0.9, Align.LEFT);
            }
        }
    }

    static final class PageWalk implements MachineView {
        @Override
        public String id() {
            return "page-walk";
        }

        @Override
        public String title() {
            return "Page walk";
        }

        @Override
        public void paint(DrawContext g, double w, double h, SimSession s, Theme t) {
            double fs = t.fontSize();
            EventLog log = s.simulation().log();
            int upTo = log.countUpTo(s.cycle());
            Event last = log.previous(upTo, e -> e.address() >= 0 && e.kind() != EventKind.EXPOSURE_START
                    && e.kind() != EventKind.EXPOSURE_END);
            g.text("Last access at or before the cursor", 8, fs + 8, t.mutedText(), fs * 0.9, false, Align.LEFT);
            if (last != null) {
                g.mono(last.describe().trim(), 8, fs * 2.8 + 8, t.text(), fs, Align.LEFT);
            }
        }
    }

    static final class Timeline implements MachineView {
        @Override
        public String id() {
            return "timeline";
        }

        @Override
        public String title() {
            return "Timeline";
        }

        @Override
        public void paint(DrawContext g, double w, double h, SimSession s, Theme t) {
            Machine m = s.machine();
            EventLog log = s.simulation().log();
            double fs = t.fontSize();
            int cpus = m.cpuCount();
            double left = fs * 4;
            long end = Math.max(1, s.simulation().endCycle());
            double laneH = Math.max(fs, (h - 8) / cpus);
            for (int c = 0; c < cpus; c++) {
                double y = 4 + c * laneH;
                g.text("cpu" + c, 4, y + laneH / 2 + fs / 3, t.text(), fs, false, Align.LEFT);
                g.line(left, y + laneH - 1, w, y + laneH - 1, t.grid(), 1);
            }
            double scale = (w - left) / end;
            int n = log.size();
            int stride = Math.max(1, n / 20000);
            for (int i = 0; i < n; i += stride) {
                EventKind k = log.kindOf(i);
                String col = switch (k) {
                    case LEAK -> t.secret();
                    case ASI_EXIT -> t.hostFull();
                    case VM_EXIT -> t.accent();
                    case L1D_FLUSH -> t.hostRestricted();
                    case STUN -> t.stunned();
                    default -> null;
                };
                if (col == null) {
                    continue;
                }
                Event e = log.get(i);
                if (e.cpu() < 0) {
                    continue;
                }
                double x = left + e.cycle() * scale;
                double y = 4 + e.cpu() * laneH;
                g.line(x, y + 2, x, y + laneH - 3, col, k == EventKind.LEAK ? 3 : 1);
            }
            double cx = left + s.cycle() * scale;
            g.line(cx, 0, cx, h, t.text(), 2);
        }
    }
}
