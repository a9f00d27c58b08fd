package dev.asiscope.ui;

import dev.asiscope.sim.engine.Event;
import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.EventLog;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.ui.draw.DrawContext;
import dev.asiscope.ui.draw.DrawContext.Align;
import java.util.List;

/**
 * Stand-ins for machine views whose real painters ({@code dev.asiscope.ui.views}) are not written yet.
 * They draw straight from the session like the real ones.
 */
final class PlaceholderViews {
    private PlaceholderViews() {
    }

    static List<MachineView> all() {
        return List.of(new Timeline());
    }

    /** The view's title at the top left; returns the y where its content may start. */
    static double title(DrawContext g, MachineView v, Theme t) {
        g.text(v.title(), 8, t.fontSize() * 1.5, t.text(), t.fontSize() * 1.15, true, Align.LEFT);
        return t.fontSize() * 2.2;
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
            double top = PlaceholderViews.title(g, this, t);
            g.text("whole run; marks: VM exit, ASI exit, L1D flush, stun, leak (thick)", 8 + fs * 8, fs * 1.5,
                    t.mutedText(), fs * 0.9, false, Align.LEFT);
            int cpus = m.cpuCount();
            double left = fs * 4;
            long end = Math.max(1, s.simulation().endCycle());
            double laneH = Math.max(fs, (h - top - 4) / cpus);
            for (int c = 0; c < cpus; c++) {
                double y = top + c * laneH;
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
                double y = top + e.cpu() * laneH;
                g.line(x, y + 2, x, y + laneH - 3, col, k == EventKind.LEAK ? 3 : 1);
            }
            double cx = left + s.cycle() * scale;
            g.line(cx, top - 2, cx, h, t.text(), 2);
        }
    }
}
