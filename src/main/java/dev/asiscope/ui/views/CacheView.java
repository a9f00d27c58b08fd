package dev.asiscope.ui.views;

import dev.asiscope.sim.cache.AccessOrigin;
import dev.asiscope.sim.cache.Cache;
import dev.asiscope.sim.cache.CacheGeometry;
import dev.asiscope.sim.cache.CacheLine;
import dev.asiscope.sim.cache.LfbEntry;
import dev.asiscope.sim.cache.LineFillBuffers;
import dev.asiscope.sim.engine.HardwareThread;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.engine.Simulation;
import dev.asiscope.sim.kernel.PlacedRegion;
import dev.asiscope.sim.tlb.TlbEntry;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import dev.asiscope.ui.draw.DrawContext;
import dev.asiscope.ui.draw.DrawContext.Align;
import dev.asiscope.ui.annotate.AnchorKind;
import dev.asiscope.ui.annotate.Rect;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Caches and buffers at the cursor. Per physical core: the L1D as a sets x ways grid (64 x 8 by
 * default; any geometry), each line coloured by its label class (a secret is red with a bold outline),
 * dirty lines and speculative fills marked; the core's line fill buffers; a compact DTLB table per
 * logical CPU (entries usable in the CPU's current VPID/PCID in full colour, stale ones muted). Below:
 * one line per L2 and one for the LLC with occupancy and lines per label class.
 *
 * <p>Everything is read with inspection methods ({@code line}, {@code lines}, {@code entries}); the
 * caches' state and LRU order are never touched. Hit testing returns the {@link CacheLine},
 * {@link LfbEntry} or {@link TlbEntry} under the mouse.
 */
public final class CacheView extends PaintedView {
    /** L1D contents of one core at the cursor. */
    private record L1dPicture(int core, Cache cache, CacheLine[] lines, int valid, int secret) {
    }

    /** Lines per label class of one cache (L2 or LLC). */
    private record Census(String name, int valid, int capacity, Map<LabelClass, Integer> perClass) {
    }

    /** Counter tuple that changes whenever a cache's contents change (same run). */
    private record CensusKey(Simulation sim, long fills, long evictions, long invalidations) {
    }

    private Simulation derivedFor;
    private long derivedCycle = -1;
    private List<L1dPicture> l1ds = List.of();
    private final List<CensusKey> censusKeys = new ArrayList<>();
    private final List<Census> censuses = new ArrayList<>();

    @Override
    public String id() {
        return "caches";
    }

    @Override
    public String title() {
        return "Caches and buffers";
    }

    private void derive(SimSession s) {
        Simulation sim = s.simulation();
        if (sim == derivedFor && s.cycle() == derivedCycle) {
            return;
        }
        Machine m = s.machine();
        List<L1dPicture> pics = new ArrayList<>();
        for (int c = 0; c < m.spec().cores(); c++) {
            Cache l1d = m.caches().l1d(c);
            CacheLine[] lines = new CacheLine[l1d.sets() * l1d.ways()];
            int valid = 0;
            int secret = 0;
            for (int set = 0; set < l1d.sets(); set++) {
                for (int way = 0; way < l1d.ways(); way++) {
                    CacheLine line = l1d.line(set, way);
                    if (line != null) {
                        lines[set * l1d.ways() + way] = line;
                        valid++;
                        if (LabelClass.of(line.provenance().label()) == LabelClass.SECRET) {
                            secret++;
                        }
                    }
                }
            }
            pics.add(new L1dPicture(c, l1d, lines, valid, secret));
        }
        l1ds = pics;
        List<Cache> lower = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int c = 0; c < m.spec().cores(); c++) {
            lower.add(m.caches().l2(c));
            names.add("L2 core" + c);
        }
        lower.add(m.caches().llc());
        names.add("LLC (shared)");
        while (censusKeys.size() > lower.size()) {
            censusKeys.remove(censusKeys.size() - 1);
            censuses.remove(censuses.size() - 1);
        }
        for (int i = 0; i < lower.size(); i++) {
            Cache c = lower.get(i);
            CensusKey key = new CensusKey(sim, c.fills(), c.evictions(), c.invalidations());
            if (i < censusKeys.size() && key.equals(censusKeys.get(i))) {
                continue;
            }
            Census census = census(names.get(i), c);
            if (i < censusKeys.size()) {
                censusKeys.set(i, key);
                censuses.set(i, census);
            } else {
                censusKeys.add(key);
                censuses.add(census);
            }
        }
        derivedFor = sim;
        derivedCycle = s.cycle();
    }

    private static Census census(String name, Cache c) {
        Map<LabelClass, Integer> per = new EnumMap<>(LabelClass.class);
        int valid = 0;
        for (CacheLine l : c.lines()) {
            per.merge(LabelClass.of(l.provenance().label()), 1, Integer::sum);
            valid++;
        }
        return new Census(name, valid, c.sets() * c.ways(), per);
    }

    @Override
    protected void draw(DrawContext g, double w, double h, SimSession s, Theme theme) {
        derive(s);
        Machine m = s.machine();
        double fs = theme.fontSize();
        double pad = fs * 0.8;
        double top = title(g, "Caches and buffers", "cycle " + Fmt.cycles(s.cycle()), w, theme);

        List<Pen.LegendItem> legend = legend(theme);
        double legendH = pen.legend(g, legend, pad, 0, w - 2 * pad, theme, false);
        double summaryRow = fs * 1.5;
        double censusH = summaryRow * censuses.size() + fs * 0.2;
        Highlight hl = Highlight.of(s.selectionProperty().get(), m, s.simulation());
        int hlCore = hl.core(m);
        int n = l1ds.size();
        double areaTop = top + fs * 0.2;
        // Beyond 4 cores, or when a core's panel would be too small for a readable grid and its buffers.
        int gridCols = 1;
        while (gridCols < n && (h - areaTop - fs * 2) / Math.ceil((double) n / gridCols) < fs * 24) {
            gridCols++;
        }
        double roomPerPanel = (h - areaTop - fs * 2) / Math.ceil((double) n / gridCols);
        if (n > CoresView.COMPACT_ABOVE || roomPerPanel < fs * 11 || (w - fs) / gridCols < fs * 16) {
            drawCompact(g, m, areaTop, w, h, hl, hlCore, theme);
            return;
        }
        int ways = l1ds.isEmpty() ? 8 : l1ds.get(0).cache().ways();
        // A panel needs its header, a grid of readable rows and the set axis; the legend and then the
        // L2/LLC lines give way when it would not get them.
        double minPanel = fs * 2.2 + ways * 6 + fs * 1.5;
        int cols = 1;
        while (cols < n && (h - areaTop - legendH - censusH) / Math.ceil((double) n / cols) < fs * 24) {
            cols++;
        }
        int rowsNeeded = (n + cols - 1) / cols;
        boolean showLegend = (h - areaTop - legendH - censusH - fs) / rowsNeeded >= minPanel;
        boolean showCensus = (h - areaTop - (showLegend ? legendH : 0) - censusH - fs) / rowsNeeded >= minPanel;
        double bottom = h - fs * 0.3;
        if (showLegend) {
            bottom -= legendH;
            pen.legend(g, legend, pad, bottom, w - 2 * pad, theme, true);
        }
        if (showCensus) {
            bottom -= censusH;
            drawCensuses(g, pad, bottom, w - 2 * pad, summaryRow, theme);
        }
        double areaH = bottom - areaTop - fs * 0.6;
        int rows = (n + cols - 1) / cols;
        double panelW = (w - pad) / cols - pad;
        double panelH = (areaH - pad * (rows - 1)) / rows;
        for (int i = 0; i < n; i++) {
            double x = pad + (i % cols) * (panelW + pad);
            double y = areaTop + (i / cols) * (panelH + pad);
            L1dPicture pic = l1ds.get(i);
            boolean mine = hlCore < 0 || hlCore == pic.core();
            drawCore(g, m, pic, x, y, panelW, panelH, mine ? hl : Highlight.NONE, theme);
        }
    }

    /**
     * Beyond 4 cores: one tile per core with its L1D as a sets x ways heat map (secret lines outlined),
     * its fill buffers as a strip, and its secret-line count; the L2s summed in one line under them.
     * The DTLB tables are left to the inspector (click a core's tile) at this size.
     */
    private void drawCompact(DrawContext g, Machine m, double top, double w, double h, Highlight hl, int hlCore,
            Theme theme) {
        double fs = theme.fontSize();
        double pad = fs * 0.5;
        int n = l1ds.size();
        double summaryRow = fs * 1.5;
        double bottom = h - fs * 0.3;
        // Two summary lines (all L2s, the LLC) when there is room for them and tiles of 5 fs.
        boolean summary = h - top - 2 * summaryRow >= fs * 5;
        if (summary) {
            bottom -= 2 * summaryRow;
            drawCensuses(g, List.of(sumOfL2s(), censuses.get(censuses.size() - 1)), pad, bottom, w - 2 * pad,
                    summaryRow, theme);
        }
        int cols = 1;
        while (cols < n && (w - pad) / (cols + 1) - pad >= fs * 8
                && (bottom - top) / Math.ceil((double) n / cols) < fs * 6) {
            cols++;
        }
        int rows = (n + cols - 1) / cols;
        double tileW = (w - pad) / cols - pad;
        double tileH = (bottom - top - pad * (rows - 1)) / rows;
        for (int i = 0; i < n; i++) {
            L1dPicture pic = l1ds.get(i);
            double x = pad + (i % cols) * (tileW + pad);
            double y = top + (i / cols) * (tileH + pad);
            boolean mine = hlCore < 0 || hlCore == pic.core();
            drawTile(g, m, pic, x, y, tileW, tileH, mine ? hl : Highlight.NONE, theme);
        }
    }

    private void drawTile(DrawContext g, Machine m, L1dPicture pic, double x, double y, double w, double h,
            Highlight hl, Theme theme) {
        double fs = theme.fontSize();
        g.fillRect(x, y, w, h, theme.panel());
        g.strokeRect(x, y, w, h, pic.secret() > 0 ? theme.secret() : theme.grid(), pic.secret() > 0 ? 2 : 1);
        anchors.add(AnchorKind.CORE, pic.core(), 0, 1, x, y, w, h);
        double size = Math.min(fs * 0.9, Math.max(fs * 0.6, h * 0.22));
        double headH = size * 1.5;
        double by = y + headH * 0.8;
        double nw = pen.text(g, "core " + pic.core() + " L1D", x + fs * 0.3, by, w - fs * 0.6, theme.text(), size, true,
                Align.LEFT);
        double room = w - nw - fs;
        String status = pic.secret() > 0
                ? pen.firstFitting(g, room, size * 0.9, true, pic.secret() + " secret", Integer.toString(pic.secret()))
                : pen.firstFitting(g, room, size * 0.9, false, pic.valid() + "/" + pic.lines().length);
        if (!status.isEmpty()) {
            pen.text(g, status, x + w - fs * 0.3, by, room, pic.secret() > 0 ? theme.secret() : theme.mutedText(),
                    size * 0.9, pic.secret() > 0, Align.RIGHT);
        }
        LineFillBuffers lfb = m.caches().lineFillBuffers(pic.core());
        double lfbH = Math.min(fs * 0.8, Math.max(3, h * 0.12));
        double gy = y + headH;
        double gh = y + h - fs * 0.25 - lfbH - fs * 0.2 - gy;
        if (gh >= 2) {
            int sets = pic.cache().sets();
            int ways = pic.cache().ways();
            double gx = x + fs * 0.3;
            double cw = (w - fs * 0.6) / sets;
            double ch = gh / ways;
            drawGrid(g, pic, gx, gy, cw, ch, hl.l1dLine(), chainLines(hl, m), theme);
        }
        double ly = y + h - fs * 0.25 - lfbH;
        int slots = lfb.size();
        double slotW = (w - fs * 0.6) / Math.max(1, slots);
        for (int i = 0; i < slots; i++) {
            LfbEntry e = lfb.entry(i);
            double ex = x + fs * 0.3 + i * slotW;
            g.fillRect(ex + 0.5, ly, slotW - 1, lfbH, e == null ? theme.empty() : LabelClass.of(e.provenance().label())
                    .color(theme));
            if (e != null && hl.lfbLine() >= 0 && e.physicalLine() == hl.lfbLine() && g.showsSelection()) {
                g.strokeRect(ex - 1, ly - 1.5, slotW + 2, lfbH + 3, theme.accent(), 2.5);
            }
            hits.add(ex, ly, slotW, lfbH, e);
            if (e != null) {
                anchors.add(AnchorKind.CACHE_LINE, pic.core(), e.physicalLine(), e.physicalLine() + 64, ex, ly, slotW,
                        lfbH);
            }
        }
    }

    /** All cores' L2s as one census line. */
    private Census sumOfL2s() {
        Map<LabelClass, Integer> per = new EnumMap<>(LabelClass.class);
        int valid = 0;
        int capacity = 0;
        for (int i = 0; i < censuses.size() - 1; i++) {
            Census c = censuses.get(i);
            valid += c.valid();
            capacity += c.capacity();
            c.perClass().forEach((k, v) -> per.merge(k, v, Integer::sum));
        }
        return new Census("L2 \u00d7 " + (censuses.size() - 1), valid, capacity, per);
    }

    private List<Pen.LegendItem> legend(Theme theme) {
        List<Pen.LegendItem> items = new ArrayList<>();
        for (LabelClass c : LabelClass.values()) {
            items.add(new Pen.LegendItem(c.color(theme), c.title(), c == LabelClass.SECRET ? theme.text() : null));
        }
        items.add(new Pen.LegendItem(null, "\u25e4 dirty"));
        items.add(new Pen.LegendItem(null, "\u25cf speculative fill"));
        items.add(new Pen.LegendItem(null, "\u25a0 page-walk fill"));
        items.add(new Pen.LegendItem(null, "DTLB rows: dark = usable with the current VPID/PCID, grey = other tags"));
        return items;
    }

    private void drawCensuses(DrawContext g, double x, double y, double w, double rowH, Theme theme) {
        drawCensuses(g, censuses, x, y, w, rowH, theme);
    }

    private void drawCensuses(DrawContext g, List<Census> censuses, double x, double y, double w, double rowH,
            Theme theme) {
        double fs = theme.fontSize();
        double size = fs * 0.9;
        double nameW = pen.width(g, "LLC (shared)", size, false, true) + fs;
        double countW = pen.width(g, "000,000 / 000,000 lines", size, false, false) + fs;
        for (Census c : censuses) {
            double base = y + rowH * 0.75;
            pen.text(g, c.name(), x, base, Math.min(nameW, w), theme.text(), size, true, Align.LEFT);
            pen.text(g, String.format(Locale.ROOT, "%,d / %,d lines", c.valid(), c.capacity()), x + nameW, base,
                    Math.min(countW, w - nameW),
                    theme.mutedText(), size, false, Align.LEFT);
            double cx = x + nameW + countW;
            for (LabelClass lc : LabelClass.values()) {
                Integer k = c.perClass().get(lc);
                if (k == null || k == 0) {
                    continue;
                }
                String t = lc.title() + " " + String.format(Locale.ROOT, "%,d", k);
                double tw = pen.width(g, t, size, false, lc == LabelClass.SECRET);
                if (cx + size * 1.4 + tw > x + w) {
                    break;
                }
                g.fillRect(cx, base - size * 0.85, size, size, lc.color(theme));
                if (lc == LabelClass.SECRET) {
                    g.strokeRect(cx, base - size * 0.85, size, size, theme.text(), 2);
                }
                pen.text(g, t, cx + size * 1.3, base, tw + 2, lc == LabelClass.SECRET ? theme.secret() : theme.text(), size,
                        lc == LabelClass.SECRET, Align.LEFT);
                cx += size * 1.3 + tw + fs;
            }
            y += rowH;
        }
    }

    private void drawCore(DrawContext g, Machine m, L1dPicture pic, double x, double y, double w, double h,
            Highlight hl, Theme theme) {
        double fs = theme.fontSize();
        g.fillRect(x, y, w, h, theme.panel());
        g.strokeRect(x, y, w, h, pic.secret() > 0 ? theme.secret() : theme.grid(), pic.secret() > 0 ? 2 : 1);
        anchors.add(AnchorKind.CORE, pic.core(), 0, 1, x, y, w, h);
        Cache l1d = pic.cache();
        CacheGeometry geo = l1d.geometry();
        double ix = x + fs * 0.6;
        double iw = w - fs * 1.2;
        double hy = y + fs * 1.5;
        // The title never gives way to the description (it would read "co..."): it gets its full width.
        double tw = pen.text(g, "core " + pic.core() + " L1D", ix, hy, iw, theme.text(), fs * 1.1, true, Align.LEFT);
        String desc = Fmt.bytes(geo.sizeBytes()) + ", " + l1d.sets() + " sets \u00d7 " + l1d.ways() + " ways, "
                + geo.replacement().name().toLowerCase(Locale.ROOT).replace('_', '-') + " \u00b7 " + pic.valid() + "/"
                + pic.lines().length + " valid";
        double dw = pen.text(g, desc, ix + tw + fs * 0.6, hy, iw - tw - fs * 0.6, theme.mutedText(), fs * 0.9, false,
                Align.LEFT);
        if (pic.secret() > 0) {
            double sx = ix + tw + fs * 0.6 + dw + fs * 0.6;
            pen.text(g, "\u00b7 " + pic.secret() + " SECRET line" + (pic.secret() > 1 ? "s" : ""), sx, hy,
                    x + w - fs * 0.6 - sx, theme.secret(), fs * 0.9, true, Align.LEFT);
        }

        // Grid: sets left to right, ways top to bottom.
        int sets = l1d.sets();
        int ways = l1d.ways();
        double gutter = Math.max(pen.width(g, "w" + (ways - 1), fs * 0.8, false, false),
                pen.width(g, "LFB", fs * 0.8, false, true)) + fs * 0.6;
        double gx = ix + gutter;
        double gw = iw - gutter;
        double cellW = gw / sets;
        double gy = hy + fs * 0.7;
        double lfbH = fs * 2.4;
        double minTlb = fs * 4.5;
        double axisH = fs * 1.5;
        double avail = y + h - gy - fs * 0.4;
        double preferred = Math.max(fs * 1.1, Math.min(cellW * 0.9, fs * 1.8));
        // When the panel is short the grid keeps at least 5 px rows: the DTLB tables go first, then the buffers.
        boolean tlb = (avail - axisH - lfbH - minTlb) / ways >= 5;
        boolean showLfb = tlb || (avail - axisH - lfbH) / ways >= 5;
        double rest = avail - axisH - (showLfb ? lfbH : 0) - (tlb ? minTlb : 0);
        double cellH = Math.max(2, Math.min(preferred, rest / ways));
        double gh = cellH * ways;
        drawGrid(g, pic, gx, gy, cellW, cellH, hl.l1dLine(), chainLines(hl, m), theme);
        for (int way = 0; way < ways; way++) {
            if (cellH >= fs * 0.7) {
                pen.text(g, "w" + way, gx - fs * 0.3, gy + way * cellH + cellH / 2 + fs * 0.28, gutter, theme.mutedText(),
                        Math.min(fs * 0.8, cellH), false, Align.RIGHT);
            }
        }
        // Set axis: a label every k sets, spaced so labels never touch.
        double labelW = pen.width(g, Integer.toString(sets - 1), fs * 0.75, false, false) + fs * 0.8;
        int step = 1;
        while (step * cellW < labelW) {
            step *= 2;
        }
        double ay = gy + gh + fs * 0.95;
        for (int set = 0; set < sets; set += step) {
            g.text(Integer.toString(set), gx + set * cellW + cellW / 2, ay, theme.mutedText(), fs * 0.75, false,
                    Align.CENTER);
        }
        pen.text(g, "set", gx - fs * 0.3, ay, gutter, theme.mutedText(), fs * 0.75, false, Align.RIGHT);

        // Line fill buffers of this core.
        double ly = ay + fs * 0.5;
        if (!showLfb) {
            return;
        }
        drawLfb(g, m, pic.core(), ix, ly, iw, lfbH, gutter, hl, theme);
        if (!tlb) {
            return;
        }

        // One DTLB table per logical CPU of this core.
        double ty = ly + lfbH + fs * 0.3;
        int tpc = m.spec().threadsPerCore();
        double tgap = fs;
        double tableW = (iw - tgap * (tpc - 1)) / tpc;
        for (int i = 0; i < tpc; i++) {
            HardwareThread t = m.cpu(pic.core() * tpc + i);
            drawTlb(g, m, t, ix + i * (tableW + tgap), ty, tableW, y + h - fs * 0.4 - ty,
                    hl.tlbCpu() == t.id() ? hl : Highlight.NONE, theme);
        }
    }

    /**
     * The lines of the selected leak's causal chain: the leaked line and the probe line its transient load
     * touched (empty without a leak).
     */
    private static long[] chainLines(Highlight hl, Machine m) {
        if (hl.leak() == null) {
            return new long[0];
        }
        return new long[] {hl.leak().physicalAddress() & ~63L, LeakParts.probeLine(hl.leak(), m)};
    }

    /**
     * The L1D grid. The secret's lines (up to {@link #MAX_ENLARGED}) and the lines of the selected leak's
     * chain ({@code chainLines}) are drawn enlarged over it; {@code selectedLine} gets the selection frame.
     */
    private void drawGrid(DrawContext g, L1dPicture pic, double gx, double gy, double cw, double ch, long selectedLine,
            long[] chainLines, Theme theme) {
        Cache l1d = pic.cache();
        int sets = l1d.sets();
        int ways = l1d.ways();
        g.fillRect(gx, gy, sets * cw, ways * ch, theme.empty());
        CacheLine[] lines = pic.lines();
        boolean marks = cw >= 7 && ch >= 7;
        // The secret's lines (a few) and the selected one are drawn enlarged, over the grid.
        List<CacheLine> emphasised = new ArrayList<>();
        for (int set = 0; set < sets; set++) {
            for (int way = 0; way < ways; way++) {
                CacheLine l = lines[set * ways + way];
                if (l == null) {
                    continue;
                }
                boolean secret = LabelClass.of(l.provenance().label()) == LabelClass.SECRET;
                boolean inChain = false;
                for (long c : chainLines) {
                    inChain |= c == l.physicalLine();
                }
                if (inChain || (secret && pic.secret() <= MAX_ENLARGED)) {
                    emphasised.add(l);
                    continue;
                }
                double cx = gx + set * cw;
                double cy = gy + way * ch;
                g.fillRect(cx, cy, cw, ch, LabelClass.of(l.provenance().label()).color(theme));
                if (marks) {
                    cellMarks(g, l, cx, cy, cw, ch, theme);
                }
            }
        }
        if (cw >= 4) {
            for (int set = 0; set <= sets; set++) {
                g.line(gx + set * cw, gy, gx + set * cw, gy + ways * ch, theme.background(), 1);
            }
        }
        if (ch >= 4) {
            for (int way = 0; way <= ways; way++) {
                g.line(gx, gy + way * ch, gx + sets * cw, gy + way * ch, theme.background(), 1);
            }
        }
        // Outlines last so neighbours do not paint over them: secrets bold, the selection in the accent colour.
        for (int set = 0; set < sets; set++) {
            for (int way = 0; way < ways; way++) {
                CacheLine l = lines[set * ways + way];
                if (l == null || emphasised.contains(l)) {
                    continue;
                }
                if (LabelClass.of(l.provenance().label()) == LabelClass.SECRET) {
                    g.strokeRect(gx + set * cw + 1, gy + way * ch + 1, cw - 2, ch - 2, theme.text(), 2.5);
                }
                if (selectedLine >= 0 && l.physicalLine() == selectedLine && g.showsSelection()) {
                    g.strokeRect(gx + set * cw - 1.5, gy + way * ch - 1.5, cw + 3, ch + 3, theme.accent(), 3);
                }
            }
        }
        g.strokeRect(gx, gy, sets * cw, ways * ch, theme.grid(), 1);
        List<Rect> boxes = enlargedBoxes(emphasised, gx, gy, cw, ch, sets, ways, theme);
        for (int i = 0; i < emphasised.size(); i++) {
            CacheLine l = emphasised.get(i);
            Rect box = boxes.get(i);
            drawEnlarged(g, l, box, selectedLine >= 0 && l.physicalLine() == selectedLine, theme);
            anchors.add(AnchorKind.CACHE_LINE, pic.core(), l.physicalLine(), l.physicalLine() + 64, box.x(), box.y(),
                    box.w(), box.h());
        }
        anchors.add(AnchorKind.CACHE_LINE, pic.core(), pa -> {
            for (int i = 0; i < lines.length; i++) {
                if (lines[i] != null && lines[i].physicalLine() == (pa & ~63L)) {
                    return new Rect(gx + (i / ways) * cw, gy + (i % ways) * ch, cw, ch);
                }
            }
            return null;
        }, (px, py) -> {
            int i = cellAt(px, py, gx, gy, cw, ch, sets, ways);
            return i < 0 || lines[i] == null ? -1 : lines[i].physicalLine();
        });
        hits.add(gx, gy, sets * cw, ways * ch, (HitMap.Resolver) (px, py) -> {
            int i = cellAt(px, py, gx, gy, cw, ch, sets, ways);
            return i < 0 ? null : lines[i];
        });
        for (int i = 0; i < emphasised.size(); i++) {
            // An enlarged cell covers its neighbours: the mouse finds the line drawn there.
            Rect box = boxes.get(i);
            hits.add(box.x(), box.y(), box.w(), box.h(), emphasised.get(i));
        }
    }

    /**
     * The L1D grid's cell at a point ({@code set * ways + way}), or -1 off the grid: the one answer for the
     * mouse ({@link #hitTest}) and the annotation editor ({@code anchorAt}). A cell holds its left and top
     * edges, not its right and bottom ones (the neighbour's), as {@link HitMap} does.
     */
    private static int cellAt(double px, double py, double gx, double gy, double cw, double ch, int sets, int ways) {
        double set = Math.floor((px - gx) / cw);
        double way = Math.floor((py - gy) / ch);
        return set < 0 || way < 0 || set >= sets || way >= ways ? -1 : (int) set * ways + (int) way;
    }

    /**
     * At most this many secret lines of one L1D are drawn enlarged; with more, each keeps its bold outline
     * in the grid (a lens per line would hide the grid).
     */
    static final int MAX_ENLARGED = 4;

    /**
     * The box of an emphasised line: its cell, grown to at least {@link #enlargedSide(Theme)} a side so a
     * secret (or the line a leak's chain points at) is seen from the back of a room; centred on the cell
     * and kept within the grid where the grid is large enough; never taller than the grid.
     */
    private static Rect enlarged(CacheLine l, double gx, double gy, double cw, double ch, int sets, int ways,
            Theme theme) {
        double side = enlargedSide(theme);
        double w = Math.max(cw, side);
        // never taller than the grid: a compact L1D (compare mode, many cores) keeps its box's border
        double h = Math.max(ch, Math.min(side, ways * ch));
        double cx = gx + l.set() * cw + cw / 2;
        double cy = gy + l.way() * ch + ch / 2;
        double x = clamp(cx - w / 2, gx, gx + sets * cw - w);
        double y = clamp(cy - h / 2, gy, gy + ways * ch - h);
        return new Rect(x, y, w, h);
    }

    /**
     * The enlarged lines' boxes, in the order given (set by set, way by way): two that would overlap (two
     * ways of one set) are stacked along the way axis, the later one below, and a stack that would leave
     * the grid is moved up into it, so each stays readable and near its cell; in a grid too short for the
     * stack the later one goes beside the earlier ones instead.
     */
    private static List<Rect> enlargedBoxes(List<CacheLine> lines, double gx, double gy, double cw, double ch,
            int sets, int ways, Theme theme) {
        List<Rect> out = new ArrayList<>();
        for (CacheLine l : lines) {
            Rect first = enlarged(l, gx, gy, cw, ch, sets, ways, theme);
            Rect b = first;
            for (Rect p : out) {
                if (overlaps(b, p)) {
                    b = new Rect(b.x(), p.maxY() + 2, b.w(), b.h());
                }
            }
            double over = b.maxY() - (gy + ways * ch);
            double stackTop = b.y();
            for (Rect p : out) {
                if (p.x() < b.maxX() && b.x() < p.maxX()) {
                    stackTop = Math.min(stackTop, p.y());
                }
            }
            if (over > Math.max(0, stackTop - gy)) {
                // A grid shorter than the stack (a compact L1D): beside the lines already placed, not over them,
                // so each stays visible and its own box (two lines of one set: the secret's and the probe line).
                b = first;
                for (Rect p : out) {
                    if (overlaps(b, p)) {
                        double right = p.maxX() + 2;
                        b = right + b.w() <= gx + sets * cw ? new Rect(right, b.y(), b.w(), b.h())
                                : new Rect(p.x() - 2 - b.w(), b.y(), b.w(), b.h());
                    }
                }
            } else if (over > 0) {
                // Lift this box and those it was stacked under.
                double lift = Math.min(over, Math.max(0, b.y() - gy));
                for (int i = 0; i < out.size(); i++) {
                    Rect p = out.get(i);
                    if (p.x() < b.maxX() && b.x() < p.maxX()) {
                        out.set(i, new Rect(p.x(), Math.max(gy, p.y() - lift), p.w(), p.h()));
                    }
                }
                b = new Rect(b.x(), b.y() - lift, b.w(), b.h());
            }
            out.add(b);
        }
        return out;
    }

    private static boolean overlaps(Rect b, Rect p) {
        return b.x() < p.maxX() && p.x() < b.maxX() && b.y() < p.maxY() && p.y() < b.maxY();
    }

    /** The smallest side of an enlarged line: 1.6 font sizes (19 px in the light theme, 29 px in the projector one). */
    static double enlargedSide(Theme theme) {
        return theme.fontSize() * 1.6;
    }

    private static double clamp(double v, double lo, double hi) {
        return hi < lo ? lo : Math.max(lo, Math.min(hi, v));
    }

    /**
     * An emphasised line: a halo in the background colour, the cell in its label's colour with a bold
     * outline and its marks; the selection frame (screen only) around the halo, never over the cell.
     */
    private static void drawEnlarged(DrawContext g, CacheLine l, Rect b, boolean selected, Theme theme) {
        g.strokeRect(b.x() - 1.5, b.y() - 1.5, b.w() + 3, b.h() + 3, theme.background(), 3);
        g.fillRect(b.x(), b.y(), b.w(), b.h(), LabelClass.of(l.provenance().label()).color(theme));
        cellMarks(g, l, b.x(), b.y(), b.w(), b.h(), theme);
        g.strokeRect(b.x() + 1.25, b.y() + 1.25, b.w() - 2.5, b.h() - 2.5, theme.text(), 2.5);
        if (selected && g.showsSelection()) {
            g.strokeRect(b.x() - 4.5, b.y() - 4.5, b.w() + 9, b.h() + 9, theme.accent(), 3);
        }
    }

    private static void cellMarks(DrawContext g, CacheLine l, double x, double y, double w, double h, Theme theme) {
        String fill = LabelClass.of(l.provenance().label()).color(theme);
        String on = Ink.onColor(fill);
        if (l.dirty()) {
            double k = Math.min(w, h) * 0.45;
            g.fillPolygon(new double[] {x, x + k, x}, new double[] {y, y, y + k}, on);
        }
        AccessOrigin o = l.provenance().origin();
        double d = Math.min(w, h) * 0.34;
        if (o == AccessOrigin.SPECULATIVE) {
            g.fillOval(x + w / 2 - d / 2, y + h / 2 - d / 2, d, d, on);
        } else if (o == AccessOrigin.PAGE_WALK) {
            g.fillRect(x + w / 2 - d / 2, y + h / 2 - d / 2, d, d, on);
        }
    }

    private void drawLfb(DrawContext g, Machine m, int core, double x, double y, double w, double h, double gutter,
            Highlight hl, Theme theme) {
        long selectedLine = hl.lfbLine();
        boolean found = false;
        double fs = theme.fontSize();
        LineFillBuffers lfb = m.caches().lineFillBuffers(core);
        int n = lfb.size();
        pen.text(g, "LFB", x + gutter - fs * 0.3, y + h / 2 + fs * 0.3, gutter, theme.mutedText(), fs * 0.8, true,
                Align.RIGHT);
        double sx = x + gutter;
        String note = null;
        if (hl.leak() != null && selectedLine >= 0) {
            boolean here = false;
            for (int i = 0; i < n; i++) {
                here |= lfb.entry(i) != null && lfb.entry(i).physicalLine() == selectedLine;
            }
            note = here ? "\u2190 MDS sampled this entry" : "MDS: sampled from a fill buffer at cycle "
                    + Fmt.cycles(hl.leak().transientCycle()) + " (since reused)";
        }
        double noteW = note == null ? 0 : pen.width(g, note, fs * 0.8, false, true) + fs;
        // The note takes room from the slots while they stay wide enough for a region name.
        double slotW = Math.min(Math.max((w - gutter - noteW) / n, Math.min((w - gutter) / n, fs * 4)), fs * 12);
        double sh = h - fs * 0.4;
        for (int i = 0; i < n; i++) {
            LfbEntry e = lfb.entry(i);
            double ex = sx + i * slotW;
            String fill = e == null ? theme.empty() : LabelClass.of(e.provenance().label()).color(theme);
            g.fillRect(ex + 1, y, slotW - 2, sh, fill);
            boolean secret = e != null && LabelClass.of(e.provenance().label()) == LabelClass.SECRET;
            g.strokeRect(ex + 1, y, slotW - 2, sh, secret ? theme.text() : theme.grid(), secret ? 2.5 : 1);
            if (e != null && selectedLine >= 0 && e.physicalLine() == selectedLine && g.showsSelection()) {
                g.strokeRect(ex - 0.5, y - 1.5, slotW + 1, sh + 3, theme.accent(), 3);
                found = true;
            }
            String text = e == null ? "slot " + i + " empty" : regionName(m, e.physicalLine());
            String on = Ink.onColor(fill);
            pen.text(g, text, ex + fs * 0.35, y + sh / 2 + fs * 0.3, slotW - fs * 0.7, e == null ? theme.mutedText() : on,
                    fs * 0.75, secret, Align.LEFT);
            hits.add(ex, y, slotW, sh, e);
            if (e != null) {
                anchors.add(AnchorKind.CACHE_LINE, core, e.physicalLine(), e.physicalLine() + 64, ex, y, slotW, sh);
            }
        }
        if (note != null) {
            // MDS samples the buffers; when the entry has been reused since, say where the data was.
            double after = sx + n * slotW + fs * 0.5;
            if (!found && g.showsSelection()) {
                g.strokeRect(sx - 1.5, y - 2.5, n * slotW + 3, sh + 5, theme.accent(), 2);
            }
            pen.text(g, note, after, y + sh / 2 + fs * 0.3, x + w - after, theme.accent(), fs * 0.8, true, Align.LEFT);
        }
    }

    private static String regionName(Machine m, long pa) {
        PlacedRegion r = m.layout().regionAtPhysical(pa);
        return r == null ? Fmt.hex(pa) : r.name();
    }

    private void drawTlb(DrawContext g, Machine m, HardwareThread t, double x, double y, double w, double h,
            Highlight hl, Theme theme) {
        TlbEntry highlighted = hl.tlbNow() ? hl.tlbEntry() : null;
        double fs = theme.fontSize();
        double size = fs * 0.8;
        double rowH = size * 1.35;
        List<TlbEntry> entries = t.tlb().entries();
        String head = "cpu" + t.id() + " DTLB " + entries.size() + "/" + t.tlb().capacity() + " (" + t.tlb().ways()
                + "-way)";
        pen.text(g, head, x, y + fs * 0.95, w, theme.text(), fs * 0.9, true, Align.LEFT);
        double ry = y + fs * 0.95 + rowH;
        if (h < fs * 2.5) {
            return;
        }
        boolean guest = t.context().kind().isGuest();
        int vpid = guest ? t.context().vm() : 0;
        int pcid = guest ? 0 : t.registers().pcid();
        double sw = size * 0.8;
        double tx = x + sw + size * 0.5;
        String header = "vpid pcid page             size \u2192 frame      rights";
        double colW = sw + size * 0.5 + pen.width(g, header, size, true, false) + fs * 1.5;
        int subCols = Math.max(1, (int) Math.floor((w + fs * 1.5) / colW));
        int perCol = (int) Math.floor((y + h - ry - rowH + rowH * 0.3) / rowH);
        if (perCol <= 0) {
            return;
        }
        int capacity = perCol * subCols;
        boolean more = entries.size() > capacity;
        int shown = more ? capacity - 1 : entries.size();
        int usedCols = Math.max(1, (Math.min(capacity, shown + (more ? 1 : 0)) + perCol - 1) / perCol);
        for (int c = 0; c < usedCols; c++) {
            pen.mono(g, header, tx + c * colW, ry, w - (tx - x) - c * colW, theme.mutedText(), size, Align.LEFT);
        }
        ry += rowH;
        // Usable entries first: they are the ones that decide the next access.
        List<TlbEntry> ordered = new ArrayList<>(entries.size());
        for (TlbEntry e : entries) {
            if (e.matchesContext(vpid, pcid)) {
                ordered.add(e);
            }
        }
        int usable = ordered.size();
        double[] highlightedAt = null;
        for (TlbEntry e : entries) {
            if (!e.matchesContext(vpid, pcid)) {
                ordered.add(e);
            }
        }
        for (int i = 0; i <= shown && i < capacity; i++) {
            double cx = x + (i / perCol) * colW;
            double cy = ry + (i % perCol) * rowH;
            if (i == shown) {
                if (more) {
                    // Within this table: a column wider than a narrow table must not run into its neighbour.
                    pen.text(g, "+ " + (entries.size() - shown) + " more", cx + sw + size * 0.5, cy,
                            Math.min(colW, x + w - cx) - sw - size * 0.5, theme.mutedText(), size, false, Align.LEFT);
                }
                break;
            }
            TlbEntry e = ordered.get(i);
            boolean live = i < usable;
            if (e.equals(highlighted)) {
                // Meltdown under KPTI: this global entry outlived the switch to the user PCID.
                double rw = Math.min(colW, x + w - cx);
                if (g.showsSelection()) {
                    g.strokeRect(cx - size * 0.3, cy - rowH * 0.8, rw, rowH, theme.accent(), 2.5);
                }
                highlightedAt = new double[] {cx, cy};
            }
            LabelClass lc = LabelClass.of(m.memory().labelOf(e.physicalBase()));
            g.fillRect(cx, cy - sw * 0.95, sw, sw, lc.color(theme));
            if (lc == LabelClass.SECRET) {
                g.strokeRect(cx, cy - sw * 0.95, sw, sw, theme.text(), 2);
            }
            pen.mono(g, row(e), cx + sw + size * 0.5, cy, Math.min(colW, x + w - cx) - sw - size * 0.5,
                    live ? theme.text() : theme.mutedText(), size, Align.LEFT);
            hits.add(cx, cy - rowH * 0.8, colW, rowH, e);
        }
        if (hl.tlbEntry() != null) {
            String note = hl.tlbNow()
                    ? (highlightedAt == null ? "Global (G) entry of the leaked line: survived the CR3 switch (row not shown)"
                            : "Global (G) entry: survived the CR3 switch to the user PCID")
                    : "Global (G) entry " + Long.toHexString(hl.tlbEntry().linearBase()) + " \u2192 "
                            + Long.toHexString(hl.tlbEntry().physicalBase()) + " survived the CR3 switch; the load at cycle "
                            + Fmt.cycles(hl.leak().transientCycle()) + " used it (gone now)";
            // Under the rows (over the "+ n more" line when the table is full).
            double ny = Math.min(y + h - size * 0.3, ry + Math.min(shown, perCol) * rowH);
            g.fillRect(x, ny - size, w, size * 1.3, theme.panel());
            pen.text(g, note, x, ny, w, theme.accent(), size, true, Align.LEFT);
        }
    }

    private static String row(TlbEntry e) {
        String size = switch (e.pageSize()) {
            case SIZE_4K -> "4K";
            case SIZE_2M -> "2M";
            case SIZE_1G -> "1G";
        };
        String rights = (e.writable() ? "W" : "-") + (e.user() ? "U" : "S") + (e.executable() ? "X" : "-")
                + (e.global() ? "G" : "-") + (e.dirty() ? "D" : "-");
        return String.format(Locale.ROOT, "%4d %4x %16s %-4s \u2192 %-10s %s", e.vpid(), e.pcid(),
                Long.toHexString(e.linearBase()), size, Long.toHexString(e.physicalBase()), rights);
    }
}
