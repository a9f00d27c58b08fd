package dev.asiscope.ui.views;

import dev.asiscope.scenario.OperationText;
import dev.asiscope.scenario.AsiTaintText;
import dev.asiscope.scenario.PolicyText;
import dev.asiscope.scenario.ContextText;
import dev.asiscope.scenario.EventText;
import dev.asiscope.sim.cache.Cache;
import dev.asiscope.sim.cache.CacheLine;
import dev.asiscope.sim.engine.AsiTaint;
import dev.asiscope.sim.security.Context;
import dev.asiscope.sim.security.ContextKind;
import dev.asiscope.sim.engine.Event;
import dev.asiscope.sim.engine.ExposureWindow;
import dev.asiscope.sim.engine.HardwareThread;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.engine.Simulation;
import dev.asiscope.sim.vmx.GuestLayout;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import dev.asiscope.ui.annotate.AnchorKind;
import dev.asiscope.ui.draw.DrawContext;
import dev.asiscope.ui.draw.DrawContext.Align;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Each physical core as a box holding its sibling threads. Per logical CPU: the context in large type on
 * its context colour (guest, host restricted, host full, host user, idle, stunned, offline), the kernel
 * path it is in, CR3 root and PCID with the table's name, ASI state and taints, stun state, KVM's L1D
 * flush request, and the current operation with a progress bar. Per core: L1D census (secret lines)
 * and whether an exposure window is open.
 *
 * <p>Hit testing returns the {@link HardwareThread} under the mouse, or the open {@link ExposureWindow}
 * when pointing at a core's exposure badge.
 */
public final class CoresView extends PaintedView {
    /** Facts of one logical CPU at the cursor, derived once per (simulation, cycle). */
    private record CpuRow(HardwareThread thread, String handler, String rootName, List<Event> recent) {
    }

    /** Facts of one core at the cursor. */
    private record CoreRow(int core, List<CpuRow> cpus, int l1dValid, int l1dLines, int secretLines,
            int sensitiveLines, ExposureWindow exposure) {
    }

    /** Recent events kept per CPU (as many as fit are shown). */
    private static final int RECENT = 24;

    private Simulation derivedFor;
    private long derivedCycle = -1;
    private List<CoreRow> derived = List.of();

    @Override
    public String id() {
        return "cores";
    }

    @Override
    public String title() {
        return "Cores";
    }

    private List<CoreRow> derive(SimSession s) {
        Simulation sim = s.simulation();
        if (sim == derivedFor && s.cycle() == derivedCycle) {
            return derived;
        }
        Machine m = s.machine();
        Map<Long, String> roots = CpuFacts.rootNames(m);
        int tpc = m.spec().threadsPerCore();
        List<List<Event>> recent = CpuFacts.recent(sim, m.cpuCount(), s.cycle(), RECENT);
        List<CoreRow> rows = new ArrayList<>();
        for (int c = 0; c < m.spec().cores(); c++) {
            List<CpuRow> cpus = new ArrayList<>();
            for (int i = 0; i < tpc; i++) {
                HardwareThread t = m.cpu(c * tpc + i);
                ContextKind k = t.context().kind();
                String handler = k.isHostKernel() || k == ContextKind.STUNNED ? CpuFacts.handler(sim, t.id(), s.cycle())
                        : null;
                long root = t.registers().rootTable();
                cpus.add(new CpuRow(t, handler, roots.getOrDefault(root, "unknown table"), recent.get(t.id())));
            }
            Cache l1d = m.caches().l1d(c);
            int valid = 0;
            int secret = 0;
            int sensitive = 0;
            for (int set = 0; set < l1d.sets(); set++) {
                for (int way = 0; way < l1d.ways(); way++) {
                    CacheLine line = l1d.line(set, way);
                    if (line == null) {
                        continue;
                    }
                    valid++;
                    LabelClass lc = LabelClass.of(line.provenance().label());
                    if (lc == LabelClass.SECRET) {
                        secret++;
                    } else if (lc == LabelClass.SENSITIVE) {
                        sensitive++;
                    }
                }
            }
            rows.add(new CoreRow(c, cpus, valid, l1d.sets() * l1d.ways(), secret, sensitive,
                    CpuFacts.exposureAt(sim, c, s.cycle())));
        }
        derivedFor = sim;
        derivedCycle = s.cycle();
        derived = rows;
        return rows;
    }

    @Override
    protected void draw(DrawContext g, double w, double h, SimSession s, Theme theme) {
        double fs = theme.fontSize();
        List<CoreRow> cores = derive(s);
        Machine m = s.machine();
        double top = title(g, "Cores", "cycle " + Fmt.cycles(s.cycle()) + " \u00b7 policy "
                + PolicyText.of(m.policy()), w, theme);
        List<Pen.LegendItem> legend = legend(theme);
        double pad = fs * 0.8;
        int n = cores.size();
        int tpc = m.spec().threadsPerCore();
        int maxCols = 1;
        for (int c = n; c >= 1; c--) {
            if ((w - pad) / c - pad >= tpc * fs * 17 + pad) {
                maxCols = c;
                break;
            }
        }
        // As few rows as the width allows, then as few empty cells as those rows allow (4 cores: 2 x 2).
        int rows = (n + maxCols - 1) / maxCols;
        int cols = (n + rows - 1) / rows;
        double gridTop = top + fs * 0.2;
        // Beyond 4 cores, or when a core box would not hold its threads, one tile per core.
        if (n > COMPACT_ABOVE || (h - fs * 0.4 - gridTop - pad * (rows - 1)) / rows < fs * 6) {
            drawCompact(g, cores, gridTop, w, h, s, theme);
            return;
        }
        // The legend only when the core boxes keep room for the context band and a few facts.
        double legendH = pen.legend(g, legend, pad, 0, w - 2 * pad, theme, false);
        double withLegend = (h - legendH - fs * 1.0 - gridTop - pad * (rows - 1)) / rows;
        double bottom = h - fs * 0.4;
        if (withLegend >= fs * 9) {
            double legendY = h - legendH - fs * 0.4;
            pen.legend(g, legend, pad, legendY, w - 2 * pad, theme, true);
            bottom = legendY - fs * 0.6;
        }
        double gridH = bottom - gridTop;
        double boxW = (w - pad) / cols - pad;
        double boxH = (gridH - pad * (rows - 1)) / rows;
        for (int i = 0; i < n; i++) {
            double x = pad + (i % cols) * (boxW + pad);
            double y = gridTop + (i / cols) * (boxH + pad);
            drawCore(g, cores.get(i), x, y, boxW, boxH, s, theme);
        }
    }

    /** More cores than this are drawn as compact tiles. */
    static final int COMPACT_ABOVE = 4;

    /**
     * One tile per core, in as many columns as keep a tile readable: the core, its exposure or secret
     * count, and one strip per thread coloured by its context with the CPU and the context named. A
     * 16-core, 2-thread machine fits a third of a 1280 x 720 window this way.
     */
    private void drawCompact(DrawContext g, List<CoreRow> cores, double top, double w, double h, SimSession s,
            Theme theme) {
        double fs = theme.fontSize();
        double pad = fs * 0.4;
        int n = cores.size();
        int tpc = cores.get(0).cpus().size();
        double headH = fs * 1.3;
        double wantH = headH + tpc * fs * 1.35 + pad;
        // Columns: enough for every tile to get its wanted height when the width allows it.
        int cols = 1;
        while (cols < n && (w - pad) / (cols + 1) - pad >= fs * 5.5
                && (h - top - pad * ((n + cols - 1) / cols)) / ((n + cols - 1) / cols) < wantH) {
            cols++;
        }
        int rows = (n + cols - 1) / cols;
        double tileW = (w - pad) / cols - pad;
        double tileH = Math.min(wantH * 1.4, (h - top - pad * rows) / rows);
        for (int i = 0; i < n; i++) {
            double x = pad + (i % cols) * (tileW + pad);
            double y = top + (i / cols) * (tileH + pad);
            drawTile(g, cores.get(i), x, y, tileW, tileH, s, theme);
        }
    }

    private void drawTile(DrawContext g, CoreRow core, double x, double y, double w, double h, SimSession s,
            Theme theme) {
        double fs = theme.fontSize();
        boolean exposed = core.exposure() != null;
        g.fillRect(x, y, w, h, theme.panel());
        g.strokeRect(x, y, w, h, exposed ? theme.secret() : theme.grid(), exposed ? 2.5 : 1);
        anchors.add(AnchorKind.CORE, core.core(), 0, 1, x, y, w, h);
        double size = Math.min(fs * 0.9, Math.max(fs * 0.6, h * 0.3));
        double headH = Math.min(fs * 1.3, h * 0.45);
        double by = y + headH * 0.78;
        // The core's name always shows in full; the status yields.
        String name = "core " + core.core();
        double nw = pen.text(g, name, x + fs * 0.3, by, w - fs * 0.6, theme.text(), size, true, Align.LEFT);
        double room = w - nw - fs * 1.0;
        String status = exposed
                ? pen.firstFitting(g, room, size * 0.9, true, "EXPOSED: " + core.exposure().victimLabel().name(), "EXPOSED")
                : core.secretLines() > 0
                        ? pen.firstFitting(g, room, size * 0.9, true, core.secretLines() + " secret in L1D",
                                core.secretLines() + " secret")
                        : "";
        if (!status.isEmpty()) {
            pen.text(g, status, x + w - fs * 0.3, by, room, theme.secret(), size * 0.9, true, Align.RIGHT);
        }
        if (exposed) {
            hits.add(x, y, w, headH, core.exposure());
        }
        int k = core.cpus().size();
        double sy = y + headH;
        double sh = (y + h - fs * 0.2 - sy) / k;
        if (sh < 2) {
            return;
        }
        for (int i = 0; i < k; i++) {
            CpuRow row = core.cpus().get(i);
            HardwareThread t = row.thread();
            ContextKind kind = t.context().kind();
            String color = Ink.context(theme, kind);
            double ry = sy + i * sh;
            g.fillRect(x + fs * 0.3, ry + 1, w - fs * 0.6, sh - 2, color);
            if ((s.selectionProperty().get() == t || Integer.valueOf(t.id()).equals(s.selectionProperty().get()))
                    && g.showsSelection()) {
                g.strokeRect(x + fs * 0.3 - 1, ry, w - fs * 0.6 + 2, sh, theme.accent(), 2.5);
            }
            // Text down to 8 px strips (the smallest still legible on a projector at 100%).
            if (sh >= 8) {
                double ts = Math.min(size, sh * 0.85);
                String text = "cpu" + t.id() + " " + ContextText.of(t.context());
                pen.text(g, text, x + fs * 0.5, ry + sh / 2 + ts * 0.35, w - fs, Ink.onColor(color), ts, false,
                        Align.LEFT);
            }
            hits.add(x, ry, w, sh, t);
        }
    }

    private List<Pen.LegendItem> legend(Theme theme) {
        List<Pen.LegendItem> items = new ArrayList<>();
        for (ContextKind k : new ContextKind[] {ContextKind.GUEST_KERNEL, ContextKind.HOST_KERNEL_RESTRICTED,
            ContextKind.HOST_KERNEL_FULL, ContextKind.HOST_USER, ContextKind.IDLE, ContextKind.STUNNED,
            ContextKind.OFFLINE}) {
            items.add(new Pen.LegendItem(Ink.context(theme, k), Ink.contextTitle(k)));
        }
        return items;
    }

    private void drawCore(DrawContext g, CoreRow core, double x, double y, double w, double h, SimSession s,
            Theme theme) {
        double fs = theme.fontSize();
        g.fillRect(x, y, w, h, theme.panel());
        boolean exposed = core.exposure() != null;
        g.strokeRect(x, y, w, h, exposed ? theme.secret() : theme.grid(), exposed ? 3 : 1);
        anchors.add(AnchorKind.CORE, core.core(), 0, 1, x, y, w, h);
        double hy = y + fs * 1.55;
        double tw = pen.text(g, "core " + core.core(), x + fs * 0.6, hy, w * 0.3, theme.text(), fs * 1.1, true,
                Align.LEFT);
        // Right side of the header: exposure badge, then the L1D census.
        double rx = x + w - fs * 0.6;
        if (exposed) {
            String badge = "EXPOSED: " + core.exposure().victimLabel().name() + " in L1D while "
                    + core.exposure().attackerDomain().id() + " runs";
            String fitted = pen.fit(g, badge, Math.max(0, w * 0.55), fs * 0.9, false, true);
            if (!fitted.isEmpty()) {
                double bw = pen.chipWidth(g, fitted, fs * 0.9, true);
                pen.chip(g, fitted, rx - bw, hy - fs * 1.1, theme.secret(), fs * 0.9, true);
                hits.add(rx - bw, hy - fs * 1.1, bw, fs * 1.45, core.exposure());
                rx -= bw + fs * 0.6;
            }
        }
        String census = "L1D " + core.l1dValid() + "/" + core.l1dLines() + " lines";
        if (core.secretLines() > 0) {
            census += " \u00b7 " + core.secretLines() + " secret";
        }
        if (core.sensitiveLines() > 0) {
            census += " \u00b7 " + core.sensitiveLines() + " sensitive";
        }
        double left = x + fs * 0.6 + tw + fs;
        if (rx - left > fs * 4) {
            pen.text(g, census, rx, hy, rx - left, core.secretLines() > 0 ? theme.secret() : theme.mutedText(), fs * 0.9,
                    core.secretLines() > 0, Align.RIGHT);
        }
        double ty = y + fs * 2.3;
        double th = h - (ty - y) - fs * 0.6;
        if (th < fs * 2) {
            return;
        }
        int k = core.cpus().size();
        double gap = fs * 0.6;
        double tw2 = (w - gap * (k + 1)) / k;
        for (int i = 0; i < k; i++) {
            drawThread(g, core.cpus().get(i), x + gap + i * (tw2 + gap), ty, tw2, th, s, theme);
        }
    }

    private void drawThread(DrawContext g, CpuRow row, double x, double y, double w, double h, SimSession s,
            Theme theme) {
        double fs = theme.fontSize();
        HardwareThread t = row.thread();
        Context c = t.context();
        boolean selected = s.selectionProperty().get() == t && g.showsSelection();
        g.fillRect(x, y, w, h, theme.background());
        g.strokeRect(x, y, w, h, selected ? theme.accent() : theme.grid(), selected ? 3 : 1);
        hits.add(x, y, w, h, t);
        double inner = w - fs * 1.2;
        double lx = x + fs * 0.6;
        double cy = y + fs * 1.45;

        // Header: cpu name, thread index, KVM flush request.
        double nw = pen.text(g, "cpu" + t.id(), lx, cy, inner * 0.4, theme.text(), fs * 1.1, true, Align.LEFT);
        String sub = "thread " + (t.id() % s.machine().spec().threadsPerCore());
        double sw = pen.text(g, sub, lx + nw + fs * 0.5, cy, inner * 0.35, theme.mutedText(), fs * 0.9, false,
                Align.LEFT);
        if (t.flushRequested()) {
            String f = inner - nw - sw - fs > pen.chipWidth(g, "L1D flush requested", fs * 0.8, true)
                    ? "L1D flush requested" : "flush req";
            double fw = pen.chipWidth(g, f, fs * 0.8, true);
            if (fw < inner - nw - sw - fs) {
                pen.chip(g, f, x + w - fs * 0.6 - fw, cy - fs * 1.0, theme.accent(), fs * 0.8, true);
            }
        }

        // The context band: the one thing readable from the back of the room.
        double by = cy + fs * 0.5;
        double big = h > fs * 28 ? fs * 1.9 : fs * 1.45;
        double bh = Math.min(big + fs * 2.6, Math.max(fs * 2.2, h * 0.3));
        bh = Math.min(bh, y + h - by - 2);
        if (bh < fs * 1.2) {
            return;
        }
        if (bh < big * 1.3) {
            big = Math.max(fs, bh / 1.3);
        }
        String band = stateColor(t, theme);
        g.fillRect(x + 1, by, w - 2, bh, band);
        String on = Ink.onColor(band);
        String[] lines = contextLines(row);
        // The big label shrinks (down to 1.1 x the base size) before it is shortened.
        double need = pen.width(g, lines[0], big, false, true);
        if (need > inner) {
            big = Math.max(fs * 1.1, big * inner / need);
        }
        if (bh >= big + fs * 2 && lines[1] != null) {
            double base = by + (bh - big - fs * 1.4) / 2 + big * 0.9;
            pen.text(g, lines[0], lx, base, inner, on, big, true, Align.LEFT);
            pen.text(g, lines[1], lx, base + fs * 1.45, inner, on, fs, false, Align.LEFT);
        } else {
            pen.text(g, lines[0], lx, by + bh / 2 + big * 0.36, inner, on, big, true, Align.LEFT);
        }
        if (!t.online()) {
            return;
        }

        // Facts, one per line, in priority order (lower ones are dropped when the box is short).
        double rowH = fs * 1.5;
        double ky = by + bh + rowH;
        double keyW = Math.min(inner * 0.28, pen.width(g, "taints", fs, false, true) + fs * 0.8);
        double valX = lx + keyW;
        double valW = inner - keyW;
        double bottom = y + h - fs * 0.3;

        if (t.stunnedBy() >= 0 && c.kind() != ContextKind.STUNNED && ky <= bottom) {
            String stun = "STUNNED by cpu" + t.stunnedBy()
                    + (c.kind().isHostKernel() ? ": held at its next VM entry" : "");
            pen.text(g, stun, lx, ky, inner, theme.stunned(), fs, true, Align.LEFT);
            ky += rowH;
        }
        if (ky <= bottom) {
            key(g, "ASI", lx, ky, keyW, theme);
            boolean restricted = t.currentAsi() != null;
            String asi = CpuFacts.asiState(t);
            String fitted = pen.fit(g, asi, valW - fs * 0.8, fs * 0.9, false, true);
            if (!fitted.isEmpty()) {
                pen.chip(g, fitted, valX, ky - fs * 1.05, restricted ? theme.hostRestricted() : theme.hostFull(),
                        fs * 0.9, true);
            }
            ky += rowH;
        }
        if (ky <= bottom) {
            key(g, "taints", lx, ky, keyW, theme);
            String taints = AsiTaintText.of(t.taints());
            pen.mono(g, taints, valX, ky, valW, (t.taints() & AsiTaint.DATA_MASK) != 0 ? theme.hostFull() : theme.text(),
                    fs * 0.9, Align.LEFT);
            ky += rowH;
        }
        GuestLayout gl = c.kind().isGuest() ? s.machine().layout().guests().get(c.vm()) : null;
        if (gl != null && ky <= bottom) {
            // In VMX non-root mode CR3 is the guest's; the host's waits in the VMCS for the next exit.
            key(g, "CR3", lx, ky, keyW, theme);
            double cw = pen.mono(g, Fmt.hex(gl.guestCr3()), valX, ky, valW, theme.text(), fs * 0.9, Align.LEFT);
            pen.text(g, "guest table (guest-physical)", valX + cw + fs * 0.5, ky, valW - cw - fs * 0.5,
                    theme.mutedText(), fs * 0.9, false, Align.LEFT);
            ky += rowH;
            if (ky <= bottom) {
                key(g, "EPTP", lx, ky, keyW, theme);
                pen.mono(g, Fmt.hex(gl.eptRoot()), valX, ky, valW, theme.text(), fs * 0.9, Align.LEFT);
                ky += rowH;
            }
        }
        if (ky <= bottom) {
            key(g, gl != null ? "host" : "CR3", lx, ky, keyW, theme);
            String cr3 = Fmt.hex(t.registers().rootTable()) + " PCID " + t.registers().pcid();
            double cw = pen.mono(g, cr3, valX, ky, valW, theme.text(), fs * 0.9, Align.LEFT);
            if (valW - cw > fs * 4) {
                pen.text(g, row.rootName() + (gl != null ? ", restored on VM exit" : ""), valX + cw + fs * 0.5, ky,
                        valW - cw - fs * 0.5, theme.mutedText(), fs * 0.9, false, Align.LEFT);
            }
            ky += rowH;
        }
        if (ky + rowH * 0.6 <= bottom) {
            key(g, "op", lx, ky, keyW, theme);
            pen.text(g, OperationText.of(t.activity()), valX, ky, valW, theme.text(), fs, false, Align.LEFT);
            ky += fs * 0.6;
            long start = t.operationStart();
            long end = t.operationEnd();
            long now = s.cycle();
            String progress;
            double fraction;
            if (t.finished()) {
                fraction = 1;
                progress = "done";
            } else if (end == Long.MAX_VALUE) {
                fraction = Double.NaN;
                progress = "waiting since " + Fmt.cycles(start);
            } else {
                long len = Math.max(1, end - start);
                fraction = (double) (now - start) / len;
                progress = Fmt.cycles(Math.max(0, Math.min(len, now - start))) + " / " + Fmt.cycles(end - start)
                        + " cycles";
            }
            double barH = fs * 0.9;
            if (ky + barH <= bottom + fs * 0.3) {
                double pw = pen.width(g, progress, fs * 0.85, false, false);
                double barW = Math.max(fs * 3, valW - pw - fs * 0.6);
                Pen.progress(g, valX, ky, barW, barH, fraction, theme.accent(), theme.panel(), theme.grid());
                pen.text(g, progress, valX + barW + fs * 0.4, ky + barH * 0.85, valW - barW - fs * 0.4,
                        theme.mutedText(), fs * 0.85, false, Align.LEFT);
            }
            ky += barH + rowH;
        }
        drawRecent(g, row.recent(), lx, ky, inner, bottom, theme);
    }

    /** The CPU's latest notable events, newest first, as many as fit. */
    private void drawRecent(DrawContext g, List<Event> events, double x, double y, double w, double bottom,
            Theme theme) {
        double fs = theme.fontSize();
        double rowH = fs * 1.3;
        if (events.isEmpty() || y + rowH * 2 > bottom) {
            return;
        }
        g.line(x, y - fs * 0.9, x + w, y - fs * 0.9, theme.grid(), 1);
        pen.text(g, "recent events (newest first)", x, y, w, theme.mutedText(), fs * 0.85, true, Align.LEFT);
        y += rowH;
        double size = fs * 0.85;
        double cycleW = pen.width(g, "00,000,000", size, true, false) + fs * 0.5;
        double kindW = pen.width(g, "transient load", size, false, true) + fs * 0.5;
        for (Event e : events) {
            if (y > bottom) {
                break;
            }
            pen.mono(g, Fmt.cycles(e.cycle()), x + cycleW - fs * 0.5, y, cycleW, theme.mutedText(), size, Align.RIGHT);
            pen.text(g, EventText.title(e.kind()), x + cycleW, y, kindW, Ink.event(theme, e.kind()), size, true,
                    Align.LEFT);
            String detail = EventText.detail(e);
            if (detail != null && w - cycleW - kindW > fs * 3) {
                pen.text(g, detail, x + cycleW + kindW, y, w - cycleW - kindW, theme.text(), size, false, Align.LEFT);
            }
            hits.add(x, y - size, w, rowH, e);
            y += rowH;
        }
    }

    private void key(DrawContext g, String k, double x, double y, double w, Theme theme) {
        pen.text(g, k, x, y, w, theme.mutedText(), theme.fontSize() * 0.9, true, Align.LEFT);
    }

    /** Band colour: stunned and offline win over the context kind. */
    private static String stateColor(HardwareThread t, Theme theme) {
        if (!t.online()) {
            return theme.offline();
        }
        return Ink.context(theme, t.context());
    }

    /** The big label and the line under it. */
    private static String[] contextLines(CpuRow row) {
        HardwareThread t = row.thread();
        Context c = t.context();
        if (!t.online() || c.kind() == ContextKind.OFFLINE) {
            return new String[] {"OFFLINE (nosmt)", "SMT disabled: this sibling never runs"};
        }
        if (c.kind() == ContextKind.STUNNED) {
            String who = t.stunnedBy() >= 0 ? "STUNNED by cpu" + t.stunnedBy() : "STUNNED";
            String under = c.vm() >= 0 ? "vCPU of vm" + c.vm() + " held out of the guest" : "held by its sibling";
            return new String[] {who, under};
        }
        if (t.finished() && c.kind() == ContextKind.IDLE) {
            return new String[] {"idle", "all tasks finished"};
        }
        String main = ContextText.of(c);
        String second = switch (c.kind()) {
            case HOST_KERNEL_FULL, HOST_KERNEL_RESTRICTED -> row.handler() == null ? null : "in " + row.handler();
            case GUEST_KERNEL, GUEST_USER -> "running guest code in VMX non-root mode";
            case HOST_USER -> c.vm() >= 0 ? "user-space VMM of vm" + c.vm() : null;
            default -> null;
        };
        if (second == null && c.kind() == ContextKind.IDLE) {
            second = OperationText.of(t.activity());
        }
        return new String[] {main, second};
    }
}
