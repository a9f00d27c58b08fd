package dev.asiscope.ui.views;

import dev.asiscope.scenario.PageFaultText;
import dev.asiscope.sim.security.AddressSpaceId;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.engine.Simulation;
import dev.asiscope.sim.kernel.HostLayout;
import dev.asiscope.sim.kernel.PlacedRegion;
import dev.asiscope.sim.mem.Sensitivity;
import dev.asiscope.sim.paging.PageSize;
import dev.asiscope.sim.paging.WalkResult;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import dev.asiscope.ui.draw.DrawContext;
import dev.asiscope.ui.draw.DrawContext.Align;
import dev.asiscope.ui.annotate.AnchorKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The full kernel page table and a compared table (by default the restricted ASI table of the first VM)
 * side by side as address maps. Every picture comes from walking the real tables in simulated memory,
 * without side effects, over the pages of the kernel regions: a region the compared table lacks is a
 * hatched red "not mapped" band; a page mapped to a different frame than in the full table (which ASI
 * forbids) is flagged.
 *
 * <p>Semantic zoom over a range of virtual addresses: while the range holds more 4 KiB pages than rows
 * fit, one row per region (with a page strip); below that, one row per page with its translation. A strip
 * at the top places the range in the whole 48-bit (or 57-bit) space. Hit testing returns the
 * {@link PageMapping} of the page under the mouse (from a fresh read-only walk), or the
 * {@link PlacedRegion} of a row's label.
 */
public final class AddressSpaceView extends PaintedView {
    private static final byte UNMAPPED = 0;
    private static final byte MAPPED = 1;
    private static final byte DIFFERS = 2;
    private static final long PAGE = 4096;

    /** One region's pages inside the range, walked in both tables. */
    private record RegionRow(PlacedRegion region, long from, long to, byte[] left, byte[] right, int mappedLeft,
            int mappedRight, int differing, String rights) {
        int pages() {
            return left.length;
        }
    }

    private boolean customRange;
    private long rangeStart;
    private long rangeEnd;
    private String comparedName;

    private Simulation derivedFor;
    /** The selection's highlight, for the paint in progress. */
    private Highlight highlight = Highlight.NONE;
    private long derivedCycle = -1;
    private long derivedStart;
    private long derivedEnd;
    private String derivedCompared;
    private List<RegionRow> rows = List.of();

    @Override
    public String id() {
        return "address-spaces";
    }

    @Override
    public String title() {
        return "Address spaces";
    }

    // ------------------------------------------------------------------ settings

    /** Shows {@code [start, end)} (unsigned virtual addresses, page-aligned outwards). */
    public void setRange(long start, long end) {
        if (Long.compareUnsigned(end, start) <= 0) {
            throw new IllegalArgumentException("empty range " + Fmt.hex(start) + ".." + Fmt.hex(end));
        }
        customRange = true;
        rangeStart = start & ~(PAGE - 1);
        rangeEnd = (end + PAGE - 1) & ~(PAGE - 1);
        if (rangeEnd == 0) {
            rangeEnd = -PAGE;
        }
        settingsChanged();
    }

    /** Back to the default range: the part of the direct map that holds every region. */
    public void resetRange() {
        customRange = false;
        settingsChanged();
    }

    /** Whether a range was set (otherwise the default covering all regions is shown). */
    public boolean hasCustomRange() {
        return customRange;
    }

    /** The range shown for {@code m}: {start, end} (unsigned). */
    public long[] range(Machine m) {
        if (customRange) {
            return new long[] {rangeStart, rangeEnd};
        }
        return defaultRange(m);
    }

    /** Zooms to one region (by name, e.g. {@code host-secret}); false if there is no such region. */
    public boolean zoomToRegion(Machine m, String name) {
        PlacedRegion r = m.layout().region(name);
        if (r == null) {
            return false;
        }
        setRange(r.virtualBase(), r.virtualBase() + r.size());
        return true;
    }

    /** Zooms to {@code pages} single 4 KiB pages starting at the page of {@code va}. */
    public void zoomToPages(long va, int pages) {
        long p = va & ~(PAGE - 1);
        setRange(p, p + PAGE * Math.max(1, pages));
    }

    /**
     * Zooms by {@code factor} (&lt; 1 zooms in) around the fraction {@code anchor} (0..1) of the current
     * range, as a mouse wheel would.
     */
    public void zoom(Machine m, double factor, double anchor) {
        long[] r = range(m);
        double len = (double) (r[1] - r[0]);
        double newLen = Math.max(PAGE, len * factor);
        double a = Math.max(0, Math.min(1, anchor));
        long start = r[0] + (long) (len * a - newLen * a);
        setRange(start, start + (long) newLen);
    }

    /** Scrolls by {@code fraction} of the range (negative: towards lower addresses). */
    public void scroll(Machine m, double fraction) {
        long[] r = range(m);
        long delta = (long) ((double) (r[1] - r[0]) * fraction);
        setRange(r[0] + delta, r[1] + delta);
    }

    /**
     * The table compared with the full one, by {@link TableRef#all} name ({@code restricted vm2},
     * {@code process1 PTI user}, ...); null for the default.
     */
    public void setCompared(String tableName) {
        comparedName = tableName;
        settingsChanged();
    }

    /** Compares with VM {@code vm}'s restricted table. */
    public void setVm(int vm) {
        setCompared("restricted vm" + vm);
    }

    /** The compared table on {@code m} (the default when none was set or the name does not exist), or null. */
    public TableRef compared(Machine m) {
        if (comparedName != null) {
            TableRef t = TableRef.named(m, comparedName);
            if (t != null) {
                return t;
            }
        }
        List<TableRef> all = TableRef.all(m);
        for (TableRef t : all) {
            if (t.id() instanceof AddressSpaceId.RestrictedVm) {
                return t;
            }
        }
        // Host processes only: the table their user code runs on under this policy.
        boolean asi = m.policy().kptiOnAsi();
        for (TableRef t : all) {
            if (asi ? t.id() instanceof AddressSpaceId.RestrictedProcess : t.id() instanceof AddressSpaceId.PtiUser) {
                return t;
            }
        }
        return null;
    }

    private static long[] defaultRange(Machine m) {
        long lo = -1;
        long hi = 0;
        for (PlacedRegion r : m.layout().regions()) {
            if (Long.compareUnsigned(r.virtualBase(), lo) < 0) {
                lo = r.virtualBase();
            }
            long end = r.virtualBase() + r.size();
            if (Long.compareUnsigned(end, hi) > 0) {
                hi = end;
            }
        }
        if (lo == -1) {
            return new long[] {HostLayout.DIRECT_MAP, HostLayout.DIRECT_MAP + (1L << 30)};
        }
        return new long[] {lo, hi};
    }

    // ------------------------------------------------------------------ derivation

    private List<RegionRow> derive(SimSession s, TableRef left, TableRef right, long start, long end) {
        Simulation sim = s.simulation();
        String cmp = right == null ? null : right.name();
        if (sim == derivedFor && s.cycle() == derivedCycle && start == derivedStart && end == derivedEnd
                && java.util.Objects.equals(cmp, derivedCompared)) {
            return rows;
        }
        Machine m = s.machine();
        List<PlacedRegion> regions = new ArrayList<>(m.layout().regions());
        regions.sort(Comparator.comparing(PlacedRegion::virtualBase, Long::compareUnsigned));
        List<RegionRow> out = new ArrayList<>();
        for (PlacedRegion r : regions) {
            long from = max(r.virtualBase(), start);
            long to = min(r.virtualBase() + r.size(), end);
            if (Long.compareUnsigned(from, to) >= 0) {
                continue;
            }
            int n = (int) ((to - from + PAGE - 1) / PAGE);
            byte[] l = new byte[n];
            byte[] rr = new byte[n];
            long[] leftPa = new long[n];
            String rights = walkPages(m, left, from, l, leftPa, null);
            if (right != null) {
                walkPages(m, right, from, rr, null, leftPa);
            }
            int ml = 0;
            int mr = 0;
            int diff = 0;
            for (int i = 0; i < n; i++) {
                ml += l[i] != UNMAPPED ? 1 : 0;
                mr += rr[i] != UNMAPPED ? 1 : 0;
                diff += rr[i] == DIFFERS ? 1 : 0;
            }
            out.add(new RegionRow(r, from, to, l, rr, ml, mr, diff, rights));
        }
        derivedFor = sim;
        derivedCycle = s.cycle();
        derivedStart = start;
        derivedEnd = end;
        derivedCompared = cmp;
        rows = out;
        return out;
    }

    /**
     * Walks every page from {@code from}; fills {@code status} (and {@code pas} when given). With
     * {@code reference} (the full table's frames), a mapped page with another frame is {@link #DIFFERS}.
     * A large leaf covers its whole page without further walks. Returns the first mapped page's rights.
     */
    private static String walkPages(Machine m, TableRef t, long from, byte[] status, long[] pas, long[] reference) {
        String rights = null;
        int i = 0;
        while (i < status.length) {
            long va = from + i * PAGE;
            WalkResult w = t.walk(m, va);
            int span = 1;
            if (!w.faulted() && w.pageSize() != PageSize.SIZE_4K) {
                long pageEnd = (va | w.pageSize().offsetMask()) + 1;
                span = (int) Math.max(1, Math.min(status.length - i, (pageEnd - va) / PAGE));
            }
            for (int k = 0; k < span; k++) {
                byte st = UNMAPPED;
                long pa = -1;
                if (!w.faulted()) {
                    pa = w.physicalAddress() + k * PAGE;
                    st = reference != null && reference[i + k] != pa ? DIFFERS : MAPPED;
                    if (rights == null) {
                        rights = rights(w);
                    }
                }
                status[i + k] = st;
                if (pas != null) {
                    pas[i + k] = pa;
                }
            }
            i += span;
        }
        return rights;
    }

    static String rights(WalkResult w) {
        return (w.writable() ? "RW" : "RO") + (w.executable() ? " X" : " NX") + (w.user() ? " user" : "")
                + (w.global() ? " global" : "");
    }

    private static long max(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0 ? a : b;
    }

    private static long min(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }

    // ------------------------------------------------------------------ painting

    @Override
    protected void draw(DrawContext g, double w, double h, SimSession s, Theme theme) {
        Machine m = s.machine();
        highlight = Highlight.of(s.selectionProperty().get(), m);
        double fs = theme.fontSize();
        double pad = fs * 0.8;
        TableRef left = TableRef.full(m);
        TableRef right = compared(m);
        long[] range = range(m);
        long start = range[0];
        long end = range[1];
        String sub = right == null ? "full kernel table" : "full kernel table vs " + right.name();
        double y = title(g, "Address spaces", sub + " \u00b7 cycle " + Fmt.cycles(s.cycle()), w, theme);

        // Rows come first; on a short view the overview, then the legend, then the minimap give way.
        List<Pen.LegendItem> legend = legend(theme);
        double legendH = pen.legend(g, legend, pad, 0, w - 2 * pad, theme, false);
        double overviewH = fs * 4.6;
        double minimapH = fs * 2.2;
        double fixed = fs * 0.8 + fs * 1.9 + fs * 0.5;
        int regionsInRange = 0;
        for (PlacedRegion r : m.layout().regions()) {
            if (Long.compareUnsigned(r.virtualBase(), end) < 0
                    && Long.compareUnsigned(r.virtualBase() + r.size(), start) > 0) {
                regionsInRange++;
            }
        }
        double minRows = fs * 1.5 * Math.max(3, Math.min(10, regionsInRange));
        double free = h - y - fixed - minRows;
        boolean overview = free - overviewH - legendH - minimapH >= 0;
        boolean showLegend = free - (overview ? overviewH : 0) - legendH - minimapH >= 0;
        boolean minimap = free - (overview ? overviewH : 0) - (showLegend ? legendH : 0) - minimapH >= 0;
        double legendY = h - fs * 0.3;
        if (showLegend) {
            legendY = h - legendH - fs * 0.3;
            pen.legend(g, legend, pad, legendY, w - 2 * pad, theme, true);
        }
        // A view too short for one row below the range line and the column headers drops them (the range line
        // first): the selected region's row, the secret's, is what a short view must still show (the causal
        // chain's first step points at it).
        double minRow = fs * 1.5;
        double rowsRoom = legendY - fs * 0.5 - (y + fs + fs * 0.8 + fs * 1.9 + fs * 0.8);
        boolean rangeLine = overview || rowsRoom >= minRow;
        boolean headers = rangeLine || rowsRoom + fs * 1.8 >= minRow;
        if (overview) {
            drawOverview(g, m, start, end, pad, y + fs * 0.4, w - 2 * pad, theme);
            y += overviewH;
        } else if (rangeLine) {
            y += fs;
        }
        long pages = (end - start) / PAGE;
        if (rangeLine) {
            String window = "range " + Fmt.va(start) + " \u2013 " + Fmt.va(end - 1) + " (" + Fmt.bytes(end - start)
                    + ", " + String.format(java.util.Locale.ROOT, "%,d", pages) + " pages)";
            pen.mono(g, window, pad, y, w - 2 * pad, theme.text(), fs * 0.9, Align.LEFT);
            y += fs * 0.8;
        }

        double gutterW = Math.min(w * 0.36, fs * 30);
        int cols = right == null ? 1 : 2;
        double colGap = fs * 0.8;
        double colW = (w - 2 * pad - gutterW - colGap * cols) / cols;
        double[] colX = new double[cols];
        for (int c = 0; c < cols; c++) {
            colX[c] = pad + gutterW + colGap + c * (colW + colGap);
        }
        TableRef[] tables = right == null ? new TableRef[] {left} : new TableRef[] {left, right};

        // Column headers.
        if (headers) {
            double hy = y + fs * 1.3;
            pen.text(g, "region", pad, hy, gutterW, theme.mutedText(), fs * 0.9, true, Align.LEFT);
            for (int c = 0; c < cols; c++) {
                String head = tables[c].name() + " table \u00b7 CR3 " + Fmt.hex(tables[c].root());
                pen.text(g, head, colX[c], hy, colW, theme.text(), fs, true, Align.LEFT);
            }
            y = hy + fs * 0.6;
        }

        double rowsTop = y + (minimap ? minimapH : headers ? fs * 0.8 : fs * 0.3);
        double rowsBottom = legendY - fs * 0.5;
        int fit = (int) Math.max(1, Math.floor((rowsBottom - rowsTop) / minRow));
        boolean pageMode = pages <= fit;
        List<RegionRow> regionRows = pageMode ? List.of() : derive(s, left, right, start, end);

        // Proportional maps of the whole range, one per table.
        double mapH = fs * 1.4;
        if (minimap) {
            for (int c = 0; c < cols; c++) {
                drawMinimap(g, m, tables[c], c == 1, pageMode, regionRows, start, end, colX[c], y, colW, mapH, theme);
            }
            pen.text(g, "range, to scale", pad, y + mapH * 0.75, gutterW, theme.mutedText(), fs * 0.85, false,
                    Align.LEFT);
        }

        if (pageMode) {
            drawPageRows(g, m, tables, start, pages, pad, gutterW, colX, colW, rowsTop, rowsBottom, theme);
        } else {
            drawRegionRows(g, m, tables, regionRows, pad, gutterW, colX, colW, rowsTop, rowsBottom, theme);
        }
    }

    private List<Pen.LegendItem> legend(Theme theme) {
        return List.of(new Pen.LegendItem(theme.secret(), "secret", theme.text()),
                new Pen.LegendItem(theme.sensitive(), "sensitive (full table only)"),
                new Pen.LegendItem(theme.nonSensitive(), "global non-sensitive"),
                new Pen.LegendItem(theme.vmData(), "local non-sensitive (its VM)"),
                new Pen.LegendItem(theme.processData(), "process memory"),
                new Pen.LegendItem(Ink.alpha(theme.secret(), 0x30), "not mapped in this table", theme.secret()),
                new Pen.LegendItem(null, "\u2260 full: mapped differently (breaks the ASI invariant)"));
    }

    /** Colour of a region: its sensitivity class, and the owner for VM-local and process memory. */
    static String regionColor(PlacedRegion r, Theme theme) {
        LabelClass lc = LabelClass.of(r.region().label());
        if (lc == LabelClass.SECRET || lc == LabelClass.PROCESS_DATA) {
            return lc.color(theme);
        }
        return switch (r.region().sensitivity()) {
            case SENSITIVE -> theme.sensitive();
            case GLOBAL_NONSENSITIVE -> theme.nonSensitive();
            case LOCAL_NONSENSITIVE -> theme.vmData();
        };
    }

    private static String sensitivityText(PlacedRegion r) {
        Sensitivity s = r.region().sensitivity();
        return s == Sensitivity.LOCAL_NONSENSITIVE ? "local non-sensitive (vm" + r.region().ownerVm() + ")" : s.id();
    }

    private void drawOverview(DrawContext g, Machine m, long start, long end, double x, double y, double w,
            Theme theme) {
        double fs = theme.fontSize();
        boolean la57 = m.cpu(0).registers().cr4La57();
        int bits = la57 ? 57 : 48;
        double barH = fs * 1.5;
        double userW = w * 0.44;
        double holeW = w * 0.12;
        double kernelX = x + userW + holeW;
        double kernelW = w - userW - holeW;
        g.fillRect(x, y, userW, barH, Ink.alpha(theme.hostUser(), 0x40));
        g.strokeRect(x, y, userW, barH, theme.grid(), 1);
        Pen.hatch(g, x + userW, y, holeW, barH, theme.grid(), fs * 0.6, 1);
        g.strokeRect(x + userW, y, holeW, barH, theme.grid(), 1);
        g.fillRect(kernelX, y, kernelW, barH, Ink.alpha(theme.hostFull(), 0x30));
        g.strokeRect(kernelX, y, kernelW, barH, theme.grid(), 1);
        double size = fs * 0.8;
        String half = la57 ? "2^56" : "2^47";
        pen.text(g, "user half 0 \u2013 " + half, x + fs * 0.4, y + barH * 0.68, userW - fs * 0.8, theme.text(), size,
                false, Align.LEFT);
        pen.text(g, "non-canonical", x + userW + holeW / 2, y + barH * 0.68, holeW, theme.mutedText(), size, false,
                Align.CENTER);
        long kernelBase = -(1L << (bits - 1));
        double span = Math.pow(2, bits - 1);
        // The direct map, then the range, placed in the kernel half.
        double dm = kernelX + (double) (HostLayout.DIRECT_MAP - kernelBase) / span * kernelW;
        g.line(dm, y, dm, y + barH, theme.mutedText(), 1);
        double x0 = kernelX + (double) (start - kernelBase) / span * kernelW;
        double x1 = kernelX + (double) (end - kernelBase) / span * kernelW;
        boolean inKernel = Long.compareUnsigned(start, kernelBase) >= 0;
        if (inKernel) {
            double mw = Math.max(3, x1 - x0);
            g.fillRect(x0, y - 2, mw, barH + 4, theme.accent());
            g.fillPolygon(new double[] {x0 + mw / 2 - fs * 0.45, x0 + mw / 2 + fs * 0.45, x0 + mw / 2},
                    new double[] {y + barH + fs * 0.95, y + barH + fs * 0.95, y + barH + 2}, theme.accent());
        }
        String dmText = "direct map " + Fmt.va(HostLayout.DIRECT_MAP);
        double lx = Math.max(kernelX + fs * 0.3, dm + fs * 0.3);
        pen.text(g, dmText, lx, y + barH * 0.68, kernelX + kernelW - lx - fs * 0.3, theme.text(), size, false,
                Align.LEFT);
        String cap = "kernel half " + (la57 ? "(57-bit)" : "(48-bit)") + "; the marker is the range shown below";
        pen.text(g, cap, kernelX + kernelW, y + barH + fs * 1.5, kernelW, theme.mutedText(), size, false, Align.RIGHT);
        pen.text(g, bits + "-bit linear address space (halves not to scale with the hole)", x, y + barH + fs * 1.5,
                userW + holeW, theme.mutedText(), size, false, Align.LEFT);
    }

    private void drawMinimap(DrawContext g, Machine m, TableRef t, boolean compared, boolean pageMode,
            List<RegionRow> regionRows, long start, long end, double x, double y, double w, double h, Theme theme) {
        g.fillRect(x, y, w, h, theme.empty());
        double len = (double) (end - start);
        if (pageMode) {
            long pages = (end - start) / PAGE;
            for (long i = 0; i < pages; i++) {
                long va = start + i * PAGE;
                PlacedRegion r = m.layout().regionAtVirtual(va);
                double px = x + (double) (va - start) / len * w;
                double pw = Math.max(1, w / pages);
                WalkResult wr = t.walk(m, va);
                if (!wr.faulted()) {
                    g.fillRect(px, y, pw, h, r == null ? theme.grid() : regionColor(r, theme));
                } else if (r != null) {
                    notMapped(g, px, y, pw, h, theme);
                }
            }
        } else {
            for (RegionRow row : regionRows) {
                byte[] st = compared ? row.right() : row.left();
                double rx = x + (double) (row.from() - start) / len * w;
                double perPage = PAGE / len * w;
                drawRuns(g, st, rx, y, perPage, h, regionColor(row.region(), theme), theme);
            }
        }
        g.strokeRect(x, y, w, h, theme.grid(), 1);
    }

    /** Draws a status array as runs: mapped in {@code color}, not mapped hatched, differing flagged. */
    private static void drawRuns(DrawContext g, byte[] st, double x, double y, double perPage, double h, String color,
            Theme theme) {
        int i = 0;
        while (i < st.length) {
            int j = i + 1;
            while (j < st.length && st[j] == st[i]) {
                j++;
            }
            double rx = x + i * perPage;
            double rw = Math.max(1, (j - i) * perPage);
            switch (st[i]) {
                case MAPPED -> g.fillRect(rx, y, rw, h, color);
                case DIFFERS -> {
                    g.fillRect(rx, y, rw, h, color);
                    g.strokeRect(rx + 1, y + 1, Math.max(1, rw - 2), h - 2, theme.text(), 2);
                }
                default -> notMapped(g, rx, y, rw, h, theme);
            }
            i = j;
        }
    }

    private static void notMapped(DrawContext g, double x, double y, double w, double h, Theme theme) {
        g.fillRect(x, y, w, h, Ink.alpha(theme.secret(), 0x30));
        Pen.hatch(g, x, y, w, h, theme.secret(), Math.max(5, theme.fontSize() * 0.55), 1.2);
    }

    private void drawRegionRows(DrawContext g, Machine m, TableRef[] tables, List<RegionRow> regionRows, double pad,
            double gutterW, double[] colX, double colW, double top, double bottom, Theme theme) {
        String highlightedRegion = highlight.region();
        double fs = theme.fontSize();
        int n = regionRows.size();
        double rowH = Math.min(fs * 2.8, Math.max(fs * 1.5, (bottom - top) / Math.max(1, n)));
        int fit = (int) Math.floor((bottom - top) / rowH);
        if (fit == 0 && n > 0) {
            // Not even one row at the least height: the most telling row squeezed into what there is.
            fit = 1;
            rowH = Math.max(fs, bottom - top + fs * 0.35);
        }
        boolean twoLines = rowH >= fs * 2.5;
        // Room for one or two rows only: those rows (the selected region's and the secret's) rather than a line
        // saying what is hidden.
        int shown = Math.max(0, n > fit ? (fit <= 2 ? fit : fit - 1) : n);
        List<RegionRow> drawn = n > fit ? mostTelling(regionRows, shown, highlightedRegion) : regionRows;
        double y = top;
        for (int i = 0; i < shown; i++) {
            RegionRow row = drawn.get(i);
            PlacedRegion r = row.region();
            double sh = rowH - fs * 0.35;
            String color = regionColor(r, theme);
            // Gutter: swatch, name, size, sensitivity; the address in mono.
            g.fillRect(pad, y, fs * 0.5, sh, color);
            boolean secret = LabelClass.of(r.region().label()) == LabelClass.SECRET;
            double tx = pad + fs * 0.9;
            double tw = gutterW - fs * 0.9;
            if (twoLines) {
                double nw = pen.text(g, r.name(), tx, y + fs * 1.05, tw * 0.62, secret ? theme.secret() : theme.text(),
                        fs, true, Align.LEFT);
                pen.text(g, Fmt.bytes(r.size()) + " \u00b7 " + sensitivityText(r), tx + nw + fs * 0.5, y + fs * 1.05,
                        tw - nw - fs * 0.5, theme.mutedText(), fs * 0.85, false, Align.LEFT);
                pen.mono(g, Fmt.va(row.from()), tx, y + fs * 2.2, tw, theme.mutedText(), fs * 0.8, Align.LEFT);
            } else {
                double nw = pen.text(g, r.name(), tx, y + sh * 0.5 + fs * 0.35, tw * 0.6,
                        secret ? theme.secret() : theme.text(), fs, true, Align.LEFT);
                pen.text(g, Fmt.bytes(r.size()), tx + nw + fs * 0.5, y + sh * 0.5 + fs * 0.35, tw - nw - fs * 0.5,
                        theme.mutedText(), fs * 0.85, false, Align.LEFT);
            }
            // The whole row names its region (the editor anchors to the row), the columns' pages over it.
            hits.add(pad, y, colX[tables.length - 1] + colW - pad, sh, r);
            anchors.add(AnchorKind.REGION, 0, r.physicalBase(), r.physicalBase() + r.size(), pad, y,
                    colX[tables.length - 1] + colW - pad, sh);
            if (r.name().equals(highlightedRegion) && g.showsSelection()) {
                // The selected leak's region: the data that left, whatever else is secret.
                g.strokeRect(pad - fs * 0.25, y - fs * 0.15, colX[tables.length - 1] + colW - pad + fs * 0.5,
                        sh + fs * 0.3, theme.accent(), 3);
            }
            for (int c = 0; c < tables.length; c++) {
                boolean compared = c == 1;
                byte[] st = compared ? row.right() : row.left();
                int mapped = compared ? row.mappedRight() : row.mappedLeft();
                double perPage = colW / row.pages();
                drawRuns(g, st, colX[c], y, perPage, sh, color, theme);
                if (secret && mapped > 0) {
                    g.strokeRect(colX[c] + 1, y + 1, colW - 2, sh - 2, theme.text(), 2.5);
                }
                String text;
                String textColor;
                if (mapped == 0) {
                    text = "NOT MAPPED";
                    textColor = theme.secret();
                } else if (compared && row.differing() > 0) {
                    text = "\u2260 full: " + row.differing() + " page" + (row.differing() > 1 ? "s" : "")
                            + " mapped differently";
                    textColor = theme.secret();
                } else {
                    String count = mapped == row.pages() ? row.pages() + (row.pages() == 1 ? " page" : " pages")
                            : mapped + " of " + row.pages() + " pages";
                    text = "mapped \u00b7 " + count + (row.rights() != null ? " \u00b7 " + row.rights() : "")
                            + (compared ? " \u00b7 same as full" : "");
                    textColor = Ink.onColor(color);
                }
                double size = fs * 0.85;
                double labelW = Math.min(colW - fs, pen.width(g, text, size, false, mapped == 0) + fs * 0.8);
                if (mapped == 0) {
                    // A plate under the text keeps it readable over the hatching.
                    g.fillRect(colX[c] + fs * 0.3, y + sh / 2 - size * 0.85, labelW, size * 1.5, theme.background());
                }
                pen.text(g, text, colX[c] + fs * 0.7, y + sh / 2 + size * 0.35, colW - fs * 1.4, textColor, size,
                        mapped == 0 || secret, Align.LEFT);
                final int col = c;
                final RegionRow fr = row;
                final double x0 = colX[c];
                final double pp = perPage;
                hits.add(colX[c], y, colW, sh, (HitMap.Resolver) (px, py) -> {
                    int page = (int) Math.min(fr.pages() - 1, Math.max(0, Math.floor((px - x0) / pp)));
                    long va = fr.from() + page * PAGE;
                    return new PageMapping(tables[col], va, fr.region(), tables[col].walk(m, va));
                });
            }
            y += rowH;
        }
        if (shown < n && y + fs * 0.9 <= bottom + fs * 0.3) {
            boolean alike = tables.length > 1 && drawn.subList(shown, n).stream().noneMatch(AddressSpaceView::differs);
            pen.text(g, "+ " + (n - shown) + " more region" + (n - shown > 1 ? "s" : "")
                    + (alike ? ", mapped alike in both tables" : "") + ": enlarge the view or zoom out",
                    pad, y + fs, colX[tables.length - 1] + colW - pad, theme.mutedText(), fs * 0.9, false, Align.LEFT);
        }
    }

    /** True when the two tables map the region differently (ASI's point: the secret and the sensitive rows). */
    private static boolean differs(RegionRow r) {
        return r.mappedLeft() != r.mappedRight() || r.differing() > 0;
    }

    /**
     * When not every row fits: the {@code shown} rows that tell the story, kept in address order: the
     * selected region (or the selected leak's), the secret regions, then the rows the two tables map
     * differently (sensitive data the restricted table leaves out), then the rest. The view thus scrolls to
     * the selection and the secret whatever its height. The returned list holds those first, the hidden
     * ones after.
     */
    private static List<RegionRow> mostTelling(List<RegionRow> rows, int shown, String highlighted) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt(i -> {
            RegionRow r = rows.get(i);
            if (r.region().name().equals(highlighted)) {
                return 0;
            }
            if (LabelClass.of(r.region().region().label()) == LabelClass.SECRET) {
                return 1;
            }
            return differs(r) ? 2 : 3;
        }));
        List<Integer> picked = new ArrayList<>(order.subList(0, Math.min(shown, order.size())));
        java.util.Collections.sort(picked);
        List<RegionRow> out = new ArrayList<>();
        for (int i : picked) {
            out.add(rows.get(i));
        }
        for (int i = 0; i < rows.size(); i++) {
            if (!picked.contains(i)) {
                out.add(rows.get(i));
            }
        }
        return out;
    }

    private void drawPageRows(DrawContext g, Machine m, TableRef[] tables, long start, long pages, double pad,
            double gutterW, double[] colX, double colW, double top, double bottom, Theme theme) {
        double fs = theme.fontSize();
        double rowH = Math.min(fs * 2.2, (bottom - top) / Math.max(1, pages));
        double y = top;
        for (long i = 0; i < pages; i++) {
            long va = start + i * PAGE;
            PlacedRegion r = m.layout().regionAtVirtual(va);
            double sh = rowH - fs * 0.3;
            String color = r == null ? theme.grid() : regionColor(r, theme);
            g.fillRect(pad, y, fs * 0.5, sh, color);
            double tx = pad + fs * 0.9;
            double vw = pen.mono(g, Fmt.va(va), tx, y + sh / 2 + fs * 0.33, gutterW - fs, theme.text(), fs * 0.9,
                    Align.LEFT);
            String name = r == null ? "(no region)" : r.name() + " [" + (va - r.virtualBase()) / PAGE + "/"
                    + r.size() / PAGE + "]";
            boolean secret = r != null && LabelClass.of(r.region().label()) == LabelClass.SECRET;
            pen.text(g, name, tx + vw + fs * 0.6, y + sh / 2 + fs * 0.33, gutterW - vw - fs * 1.6,
                    secret ? theme.secret() : theme.text(), fs * 0.9, secret, Align.LEFT);
            if (r != null) {
                hits.add(pad, y, colX[tables.length - 1] + colW - pad, sh, r);
                long pa = r.physicalBase() + (va - r.virtualBase());
                anchors.add(AnchorKind.REGION, 0, pa, pa + PAGE, pad, y, colX[tables.length - 1] + colW - pad, sh);
            }
            WalkResult full = null;
            for (int c = 0; c < tables.length; c++) {
                WalkResult wr = tables[c].walk(m, va);
                if (c == 0) {
                    full = wr;
                }
                double size = fs * 0.85;
                if (wr.faulted()) {
                    notMapped(g, colX[c], y, colW, sh, theme);
                    String text = "NOT MAPPED \u00b7 " + PageFaultText.of(wr.fault());
                    double lw = Math.min(colW - fs, pen.width(g, text, size, false, true) + fs * 0.8);
                    g.fillRect(colX[c] + fs * 0.3, y + sh / 2 - size * 0.85, lw, size * 1.5, theme.background());
                    pen.text(g, text, colX[c] + fs * 0.7, y + sh / 2 + size * 0.35, colW - fs * 1.4, theme.secret(), size,
                            true, Align.LEFT);
                } else {
                    boolean differs = c > 0 && full != null && (full.faulted()
                            || full.physicalAddress() != wr.physicalAddress());
                    g.fillRect(colX[c], y, colW, sh, color);
                    if (differs || secret) {
                        g.strokeRect(colX[c] + 1, y + 1, colW - 2, sh - 2, theme.text(), 2.5);
                    }
                    String text = "\u2192 " + Fmt.hex(wr.physicalAddress()) + " \u00b7 " + rights(wr) + " \u00b7 "
                            + wr.pageSize().name().substring(5) + (differs ? " \u00b7 \u2260 full" : "");
                    pen.mono(g, text, colX[c] + fs * 0.7, y + sh / 2 + size * 0.35, colW - fs * 1.4, Ink.onColor(color),
                            size, Align.LEFT);
                }
                hits.add(colX[c], y, colW, sh, new PageMapping(tables[c], va, r, wr));
            }
            y += rowH;
        }
    }
}
