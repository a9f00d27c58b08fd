package dev.asiscope.ui.views;

import dev.asiscope.scenario.AddressSpaceText;
import dev.asiscope.scenario.PageFaultText;
import dev.asiscope.sim.security.DataLabel;
import dev.asiscope.sim.security.SecurityDomain;
import dev.asiscope.sim.security.AddressSpaceId;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.engine.Simulation;
import dev.asiscope.sim.kernel.PlacedRegion;
import dev.asiscope.sim.mem.Sensitivity;
import dev.asiscope.sim.paging.AccessType;
import dev.asiscope.sim.paging.ControlRegisters;
import dev.asiscope.sim.paging.PagingLevel;
import dev.asiscope.sim.paging.WalkResult;
import dev.asiscope.sim.paging.WalkStep;
import dev.asiscope.sim.tables.AddressSpace;
import dev.asiscope.sim.tables.EntryBit;
import dev.asiscope.sim.tables.EntryFormat;
import dev.asiscope.sim.tables.EntryKind;
import dev.asiscope.sim.tables.MachineTables;
import dev.asiscope.sim.tables.PageTableTree;
import dev.asiscope.sim.tables.PagingStructure;
import dev.asiscope.sim.tables.TableDiff;
import dev.asiscope.sim.tables.TableEntry;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import dev.asiscope.ui.annotate.AnchorKind;
import dev.asiscope.ui.annotate.Rect;
import dev.asiscope.ui.draw.DrawContext;
import dev.asiscope.ui.draw.DrawContext.Align;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The page tables themselves, read back from simulated memory ({@link PageTableTree}): two tables, A
 * (default the full kernel table) above B (default the first VM's ASI restricted table), each drawn level
 * by level along one linear address, one 32 x 16 grid of 512 entry cells per paging structure. Cells are
 * coloured by what the entry does (a table reference, a page of sensitive, non-sensitive, VM or process
 * memory, a not-present entry that still holds frame bits as an L1TF PTE does); cells that differ between
 * A and B (the entry, or anything below it, A/D flags aside) are outlined; a structure both tables reach
 * (the same frame) is drawn once, in A's row, and B's row links to it.
 *
 * <p>Zoom is by selection: clicking an entry focuses its linear address and shows the levels down to the
 * structure it points to (click a PML4 entry to see the whole 48-bit space and one 512 GiB slot; click a
 * PTE to see a single page). The selected entry's bits are shown with their SDM names under the grids,
 * with the walk of its address through its table (no accessed/dirty side effects). Clicking a table name
 * in the top row makes it B (clicking B's name again swaps A and B). Hit testing returns a
 * {@link PageTableCell} or a {@link SpaceChoice}.
 */
public final class PageTableView extends PaintedView {
    private static final int COLS = 32;
    private static final int ROWS = 16;

    private String primaryName = "full";
    private String comparedName;
    private boolean comparedChosen;

    private Simulation derivedFor;
    private long derivedCycle = -1;
    private String derivedA;
    private String derivedB;
    private List<AddressSpace> spaces = List.of();
    private PageTableTree treeA;
    private PageTableTree treeB;
    private final Map<String, boolean[]> diffs = new HashMap<>();
    /** Decoded cells of the current state (hit testing asks for the same cells again and again). */
    private final Map<Long, PageTableCell> cells = new HashMap<>();
    private Object appliedChoice;

    @Override
    public String id() {
        return "page-tables";
    }

    @Override
    public String title() {
        return "Page tables";
    }

    /** Shows {@code a} above {@code b} (address-space names as {@code asiscope tables} lists them; b may be null). */
    public void setSpaces(String a, String b) {
        primaryName = a;
        comparedName = b;
        comparedChosen = true;
        settingsChanged();
    }

    /** Name of table A. */
    public String primary() {
        return primaryName;
    }

    /** Name of table B for {@code m} (the default is the first VM's restricted table), or null. */
    public String compared(Machine m) {
        if (comparedChosen) {
            return comparedName;
        }
        for (AddressSpace s : MachineTables.spaces(m)) {
            if (s.id() instanceof AddressSpaceId.RestrictedVm) {
                return s.name();
            }
        }
        for (AddressSpace s : MachineTables.spaces(m)) {
            if (s.id() instanceof AddressSpaceId.PtiUser) {
                return s.name();
            }
        }
        return null;
    }

    /** The trees shown at the session's cursor: {A, B} (B may be null). */
    public PageTableTree[] trees(SimSession session) {
        derive(session);
        return new PageTableTree[] {treeA, treeB};
    }

    private void derive(SimSession session) {
        Object sel = session.selectionProperty().get();
        if (sel instanceof SpaceChoice c && c.view() == this && sel != appliedChoice) {
            // a click on a table name: it becomes B; B's name again swaps A and B
            Machine m = session.machine();
            String b = compared(m);
            if (c.space().equals(b)) {
                setSpaces(b, primaryName);
            } else if (!c.space().equals(primaryName)) {
                setSpaces(primaryName, c.space());
            }
            appliedChoice = sel;
        }
        Simulation sim = session.simulation();
        Machine m = session.machine();
        String b = compared(m);
        if (sim == derivedFor && session.cycle() == derivedCycle && primaryName.equals(derivedA)
                && java.util.Objects.equals(b, derivedB)) {
            return;
        }
        spaces = MachineTables.spaces(m);
        AddressSpace a = find(primaryName);
        if (a == null) {
            a = spaces.get(0);
            primaryName = a.name();
        }
        AddressSpace bs = b == null ? null : find(b);
        treeA = MachineTables.read(m, a);
        treeB = bs == null || bs.name().equals(a.name()) ? null : MachineTables.read(m, bs);
        diffs.clear();
        cells.clear();
        derivedFor = sim;
        derivedCycle = session.cycle();
        derivedA = primaryName;
        derivedB = b;
    }

    private AddressSpace find(String name) {
        for (AddressSpace s : spaces) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** The linear address and level in focus: from a selected cell of A or B, else the host secret's page. */
    private Focus focus(SimSession session) {
        Object sel = session.selectionProperty().get();
        if (sel instanceof PageTableCell c && (c.space().equals(treeA.space().name())
                || (treeB != null && c.space().equals(treeB.space().name())))) {
            return new Focus(c.entry().linearAddress(), c.entry().level(), c.space());
        }
        Machine m = session.machine();
        PlacedRegion secret = m.layout().region("host-secret");
        long va = secret != null && treeA.space().domain().equals(MachineTables.HOST)
                && treeA.space().format() == EntryFormat.X86 ? secret.virtualBase() : firstLeaf(treeA);
        return new Focus(va, PagingLevel.PT, treeA.space().name());
    }

    private static long firstLeaf(PageTableTree t) {
        long[] first = {Long.MIN_VALUE};
        t.forEachLeaf((s, i, va, size, pa, r) -> {
            if (first[0] == Long.MIN_VALUE) {
                first[0] = va;
            }
        });
        return first[0] == Long.MIN_VALUE ? 0 : first[0];
    }

    private record Focus(long va, PagingLevel level, String space) {
    }

    /** Where a grid was drawn, for links between levels. */
    private record Grid(double x, double y, double cell, PagingStructure structure) {
        double cx(int index) {
            return x + (index % COLS) * cell + cell / 2;
        }

        double cy(int index) {
            return y + (index / COLS) * cell + cell / 2;
        }

        /**
         * The entry whose cell holds the point, or -1 off the grid: the one answer for the mouse and the
         * annotation editor. A cell holds its left and top edges, not its right and bottom ones.
         */
        int entryAt(double px, double py) {
            double c = Math.floor((px - x) / cell);
            double r = Math.floor((py - y) / cell);
            return c < 0 || c >= COLS || r < 0 || r >= ROWS ? -1 : (int) r * COLS + (int) c;
        }
    }

    @Override
    protected void draw(DrawContext g, double width, double height, SimSession session, Theme theme) {
        derive(session);
        Machine m = session.machine();
        Focus focus = focus(session);
        double fs = theme.fontSize();
        double small = fs * 0.8;
        String detail = "A: " + treeA.space().name() + (treeB == null ? "" : "   B: " + treeB.space().name());
        double y = title(g, title(), detail, width, theme);
        double pad = fs * 0.8;
        y = chips(g, y + fs * 0.3, width, pad, theme);

        // Below the grids: the selected entry's bits and its walk, when there is room for them.
        double panelH = fs * 6.2;
        double legendH = pen.legend(g, legend(theme), pad, 0, width - 2 * pad, theme, false);
        int rows = treeB == null ? 1 : 2;
        // per row: the table's name line, the structure headers, the grids, the "covers" line under them
        double rowHead = fs * 1.5 + small * 1.5 + small * 1.7;
        double minGrid = ROWS * 3;
        boolean showPanel = height - y - panelH - legendH - rows * (rowHead + minGrid) >= 0;
        boolean showLegend = height - y - legendH - rows * (rowHead + minGrid) >= 0;
        double bottom = height - (showPanel ? panelH : 0) - (showLegend ? legendH : 0);
        int levels = treeA.space().fiveLevel() ? 5 : 4;
        double gap = fs * 1.2;
        double colW = (width - 2 * pad - (levels - 1) * gap) / levels;
        double rowH = (bottom - y) / rows;
        double cell = Math.min(colW / COLS, (rowH - rowHead) / ROWS);
        if (cell < 2) {
            // Say how to get the room rather than draw unreadable 1 px cells.
            pen.text(g, "Too small for the tables: double-click to show this view alone", pad, y + fs * 1.2,
                    width - 2 * pad,
                    theme.mutedText(), fs, false, Align.LEFT);
            return;
        }
        // rows as tall as their grids need; what is left goes below the panel
        rowH = Math.min(rowH, rowHead + cell * ROWS + fs * 0.8);
        Grid[] gridsA = drawRow(g, treeA, treeB, null, focus, pad, y, colW, gap, cell, small, "A", theme, m);
        PageTableCell selected = null;
        if (treeB != null) {
            Grid[] gridsB = drawRow(g, treeB, treeA, gridsA, focus, pad, y + rowH, colW, gap, cell, small, "B",
                    theme, m);
            selected = selectedCell(focus, treeB, gridsB, m);
        }
        if (selected == null) {
            selected = selectedCell(focus, treeA, gridsA, m);
        }
        double py = y + rows * rowH;
        if (showPanel && selected != null) {
            entryPanel(g, selected, pad, py + fs * 0.2, width - 2 * pad, theme);
        }
        if (showLegend) {
            double ly = Math.min(height - legendH, py + (showPanel ? panelH : 0) + fs * 0.3);
            pen.legend(g, legend(theme), pad, ly, width - 2 * pad, theme, true);
        }
    }

    private PageTableCell selectedCell(Focus focus, PageTableTree tree, Grid[] grids, Machine m) {
        if (!focus.space().equals(tree.space().name())) {
            return null;
        }
        // the entry at the focus level, or where the walk ends above it (a 2 MiB / 1 GiB leaf, a hole)
        Grid deepest = null;
        for (Grid gr : grids) {
            if (gr != null && gr.structure().level().ordinal() <= focus.level().ordinal()) {
                deepest = gr;
            }
        }
        if (deepest == null) {
            return null;
        }
        PagingLevel level = deepest.structure().level();
        return cell(tree, deepest.structure(), level.indexOf(focus.va()), m);
    }

    private double chips(DrawContext g, double y, double width, double pad, Theme theme) {
        double size = theme.fontSize() * 0.9;
        double x = pad;
        double lw = pen.text(g, "tables:", x, y + size * 1.07, width - 2 * pad, theme.mutedText(), size, false,
                Align.LEFT);
        x += lw + size * 0.6;
        for (AddressSpace s : spaces) {
            boolean isA = s.name().equals(treeA.space().name());
            boolean isB = treeB != null && s.name().equals(treeB.space().name());
            double w = pen.chipWidth(g, s.name(), size, isA || isB);
            if (x + w > width - pad) {
                break;
            }
            String bg = isA ? theme.text() : isB ? theme.accent() : theme.empty();
            pen.chip(g, s.name(), x, y, bg, size, isA || isB);
            hits.add(x, y, w, size * 1.45, new SpaceChoice(this, s.name()));
            x += w + size * 0.4;
        }
        return y + size * 1.45 + theme.fontSize() * 0.5;
    }

    /**
     * Draws one table's structures along the focus address, root first. A structure the other table
     * reaches too (same frame, same memory) is drawn only in A's row: B's row names it and links to it.
     */
    private Grid[] drawRow(DrawContext g, PageTableTree tree, PageTableTree other, Grid[] aboveGrids, Focus focus,
            double x0, double y0, double colW, double gap, double cell, double small, String tag, Theme theme,
            Machine m) {
        double fs = theme.fontSize();
        AddressSpace sp = tree.space();
        pen.text(g, tag + "  " + sp.name() + ": " + AddressSpaceText.role(sp) + "  (" + tree.leafCount() + " pages, "
                + tree.structures().size() + " structures)", x0, y0 + fs * 1.1, colW * 4 + gap * 3,
                theme.text(), fs, true, Align.LEFT);
        double gy = y0 + fs * 1.5 + small * 1.5;
        Grid[] grids = new Grid[5];
        PagingStructure s = tree.root();
        Grid previous = null;
        int col = 0;
        int focusDepth = focus.level().ordinal() - tree.root().level().ordinal();
        while (s != null && col <= focusDepth + 1) {
            double gx = x0 + col * (colW + gap);
            Grid shared = aboveGrids == null ? null : sameFrame(aboveGrids, s, other);
            String head = s.level().id().toUpperCase() + " @" + Fmt.hex(s.address());
            if (shared != null) {
                // drawn once, above: link to it
                pen.mono(g, head, gx, gy - small * 0.5, colW, theme.mutedText(), small, Align.LEFT);
                pen.text(g, "same frame as A", gx, gy + small * 1.2, colW, theme.accent(), small, true, Align.LEFT);
                g.line(gx + cell * 2, gy + small * 1.6, shared.x() + cell * 2, shared.y() + cell * ROWS,
                        theme.accent(), 2);
                if (previous != null) {
                    int idx = previous.structure().level().indexOf(focus.va());
                    g.line(previous.cx(idx), previous.cy(idx), gx, gy + small * 0.8, theme.accent(), 1.5);
                }
                grids[col] = shared;
                previous = new Grid(gx, gy, cell, s);
            } else {
                pen.mono(g, head, gx, gy - small * 0.5, colW, theme.text(), small, Align.LEFT);
                Grid gr = new Grid(gx, gy, cell, s);
                drawGrid(g, tree, other, gr, focus, theme, m);
                String covers = Fmt.hex(s.linearBase()) + "  " + span(s) + " per entry";
                pen.text(g, covers, gx, gy + cell * ROWS + small * 1.15, colW, theme.mutedText(), small, false,
                        Align.LEFT);
                if (previous != null) {
                    int idx = previous.structure().level().indexOf(focus.va());
                    g.line(previous.cx(idx), previous.cy(idx), gx, gy, theme.hostFull(), 2);
                }
                grids[col] = gr;
                previous = gr;
            }
            int child = s.child(s.level().indexOf(focus.va()));
            s = child < 0 ? null : tree.structures().get(child);
            col++;
        }
        return grids;
    }

    private static Grid sameFrame(Grid[] above, PagingStructure s, PageTableTree other) {
        for (Grid gr : above) {
            if (gr != null && gr.structure().address() == s.address() && gr.structure().level() == s.level()
                    && other != null) {
                return gr;
            }
        }
        return null;
    }

    private static String span(PagingStructure s) {
        return switch (s.level()) {
            case PML5 -> "256 TiB";
            case PML4 -> "512 GiB";
            case PDPT -> "1 GiB";
            case PD -> "2 MiB";
            case PT -> "4 KiB";
        };
    }

    private void drawGrid(DrawContext g, PageTableTree tree, PageTableTree other, Grid gr, Focus focus, Theme theme,
            Machine m) {
        PagingStructure s = gr.structure();
        double cell = gr.cell();
        g.fillRect(gr.x(), gr.y(), cell * COLS, cell * ROWS, theme.empty());
        boolean[] differs = differs(tree, other, s);
        double inset = cell >= 6 ? 0.5 : 0;
        for (int i = 0; i < 512; i++) {
            long raw = s.raw(i);
            if (raw == 0) {
                continue;
            }
            double cx = gr.x() + (i % COLS) * cell;
            double cy = gr.y() + (i / COLS) * cell;
            TableEntry e = tree.entry(s, i);
            g.fillRect(cx + inset, cy + inset, cell - 2 * inset, cell - 2 * inset, color(tree, e, theme, m));
            if (differs != null && differs[i]) {
                g.strokeRect(cx + 1, cy + 1, cell - 2, cell - 2, theme.text(), Math.max(1, cell / 6));
            }
        }
        g.strokeRect(gr.x(), gr.y(), cell * COLS, cell * ROWS, theme.grid(), 1);
        int fi = s.level().indexOf(focus.va());
        g.strokeRect(gr.x() + (fi % COLS) * cell - 2, gr.y() + (fi / COLS) * cell - 2, cell + 4, cell + 4,
                theme.hostFull(), 3);
        hits.add(gr.x(), gr.y(), cell * COLS, cell * ROWS, (HitMap.Resolver) (x, y) -> {
            int i = gr.entryAt(x, y);
            return i < 0 ? null : cell(tree, s, i, m);
        });
        // Each entry's cell, by its physical address (8 bytes per entry), so annotations can follow an entry.
        long table = s.address();
        anchors.add(AnchorKind.PTE, 0, pa -> {
            if (Long.compareUnsigned(pa, table) < 0 || Long.compareUnsigned(pa, table + 4096) >= 0) {
                return null;
            }
            int i = (int) ((pa - table) >>> 3);
            return new Rect(gr.x() + (i % COLS) * cell, gr.y() + (i / COLS) * cell, cell, cell);
        }, (x, y) -> {
            int i = gr.entryAt(x, y);
            return i < 0 ? -1 : table + 8L * i;
        });
    }

    private boolean[] differs(PageTableTree tree, PageTableTree other, PagingStructure s) {
        if (other == null || other.space().format() != tree.space().format()) {
            return null;
        }
        return diffs.computeIfAbsent(tree.space().name() + "#" + s.id(), k -> {
            TableDiff d = new TableDiff(tree, other);
            boolean[] out = new boolean[512];
            PagingStructure counterpart = d.counterpart(s);
            for (int i = 0; i < 512; i++) {
                if (s.raw(i) != 0 || (counterpart != null && counterpart.raw(i) != 0)) {
                    out[i] = d.subtreeDiffers(s, i);
                }
            }
            return out;
        });
    }

    private String color(PageTableTree tree, TableEntry e, Theme theme, Machine m) {
        return switch (e.kind()) {
            case TABLE -> theme.accent();
            case NOT_PRESENT, RESERVED -> theme.secret();
            case LEAF -> leafColor(tree, e, theme, m);
        };
    }

    private static String leafColor(PageTableTree tree, TableEntry e, Theme theme, Machine m) {
        if (!tree.space().domain().equals(MachineTables.HOST)) {
            return theme.vmData();
        }
        PlacedRegion r = m.layout().regionAtPhysical(e.target());
        if (r == null) {
            return theme.mutedText();
        }
        if (r.region().label().equals("host-secret")) {
            return theme.secret();
        }
        if (DataLabel.of(r.region().label()).domain() instanceof SecurityDomain.Process) {
            return theme.processData();
        }
        return switch (r.region().sensitivity()) {
            case SENSITIVE -> theme.sensitive();
            case GLOBAL_NONSENSITIVE -> theme.nonSensitive();
            case LOCAL_NONSENSITIVE -> theme.vmData();
        };
    }

    private List<Pen.LegendItem> legend(Theme theme) {
        return List.of(new Pen.LegendItem(theme.accent(), "table"),
                new Pen.LegendItem(theme.nonSensitive(), "non-sensitive page"),
                new Pen.LegendItem(theme.sensitive(), "sensitive page"),
                new Pen.LegendItem(theme.secret(), "secret / not present with frame bits"),
                new Pen.LegendItem(theme.vmData(), "VM memory"),
                new Pen.LegendItem(theme.processData(), "process memory"),
                new Pen.LegendItem(theme.empty(), "differs from the other table", theme.text()),
                new Pen.LegendItem(null, "orange ring: the entry in focus (click an entry to zoom)"));
    }

    /** The decoded cell of entry {@code index} of {@code s} (with the walk of its address). */
    private PageTableCell cell(PageTableTree tree, PagingStructure s, int index, Machine m) {
        long key = ((long) (tree == treeA ? 0 : 1) << 40) | ((long) s.id() << 9) | index;
        PageTableCell known = cells.get(key);
        if (known == null) {
            known = decode(tree, s, index, m);
            cells.put(key, known);
        }
        return known;
    }

    private PageTableCell decode(PageTableTree tree, PagingStructure s, int index, Machine m) {
        TableEntry e = tree.entry(s, index);
        PageTableTree other = tree == treeA ? treeB : treeA;
        boolean[] d = differs(tree, other, s);
        String sharedWith = null;
        if (other != null && tree.space().domain().equals(other.space().domain())) {
            PagingStructure o = other.structureAt(s.level(), s.linearBase());
            if (o != null && o.address() == s.address()) {
                sharedWith = other.space().name();
            }
        }
        String region = null;
        if (e.kind() == EntryKind.LEAF && tree.space().domain().equals(MachineTables.HOST)) {
            PlacedRegion r = m.layout().regionAtPhysical(e.target());
            region = r == null ? null : r.name();
        }
        WalkResult walk = null;
        if (tree.space().format() == EntryFormat.X86 && e.raw() != 0) {
            boolean user = e.kind() == EntryKind.LEAF && (tree.rights(s, index) & PageTableTree.USER) != 0;
            walk = m.walker().walk(ControlRegisters.linuxDefaults(tree.space().root()), e.linearAddress(),
                    AccessType.READ, user, MachineTables.memoryOf(m, tree.space()), false);
        }
        return new PageTableCell(tree.space().name(), e, tree.space().format().fields(s.level(), e.raw()),
                d != null && d[index], sharedWith, region, walk, tree.space().id());
    }

    /** The selected entry: a heading line, its fields as boxes (high bits first) and its walk. */
    private void entryPanel(DrawContext g, PageTableCell c, double x, double y, double w, Theme theme) {
        double fs = theme.fontSize();
        double small = fs * 0.85;
        TableEntry e = c.entry();
        StringBuilder head = new StringBuilder();
        head.append(c.space()).append("  ").append(e.level().id().toUpperCase()).append('[').append(e.index())
                .append("] @").append(Fmt.hex(e.entryAddress())).append(" = ").append(Fmt.hex(e.raw()))
                .append("  ").append(e.kind().id());
        if (e.kind() == EntryKind.LEAF) {
            head.append(' ').append(e.pageSize() == null ? "" : sizeName(e)).append(" -> ").append(Fmt.hex(e.target()));
        } else if (e.target() >= 0) {
            head.append(" -> ").append(Fmt.hex(e.target()));
        }
        if (c.region() != null) {
            head.append("  (").append(c.region()).append(')');
        }
        if (c.differs()) {
            head.append("  differs from the other table");
        }
        pen.text(g, head.toString(), x, y + fs, w, theme.text(), fs, true, Align.LEFT);
        double by = y + fs * 1.5;
        double bh = small * 2.6;
        List<EntryBit> fields = new ArrayList<>(c.bits());
        java.util.Collections.reverse(fields);
        double total = 0;
        double[] widths = new double[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            EntryBit b = fields.get(i);
            String value = value(b);
            widths[i] = Math.max(pen.width(g, b.name(), small, false, true), pen.width(g, value, small, true, false))
                    + small * 0.8;
            total += widths[i];
        }
        if (total <= w) {
            double bx = x;
            for (int i = 0; i < fields.size(); i++) {
                EntryBit b = fields.get(i);
                boolean set = b.value() != 0;
                String bg = set ? theme.accent() : theme.panel();
                g.fillRect(bx, by, widths[i] - 2, bh, bg);
                g.strokeRect(bx, by, widths[i] - 2, bh, theme.grid(), 1);
                String ink = Ink.onColor(bg);
                g.text(b.name(), bx + small * 0.4, by + small * 1.1, ink, small, true, Align.LEFT);
                g.mono(value(b), bx + small * 0.4, by + small * 2.3, ink, small, Align.LEFT);
                hits.add(bx, by, widths[i] - 2, bh, c);
                bx += widths[i];
            }
        } else {
            pen.text(g, String.join(" ", e.flags()), x, by + small * 1.6, w, theme.text(), small, false, Align.LEFT);
        }
        pen.text(g, walkText(c), x, by + bh + fs * 1.2, w, theme.mutedText(), small, false, Align.LEFT);
    }

    private static String sizeName(TableEntry e) {
        return switch (e.pageSize()) {
            case SIZE_4K -> "4K";
            case SIZE_2M -> "2M";
            case SIZE_1G -> "1G";
        };
    }

    private static String value(EntryBit b) {
        return b.name().equals("address") ? Fmt.hex(b.value() << 12) : Long.toString(b.value());
    }

    /** The walk of the entry's address, level by level, as one line. */
    public static String walkText(PageTableCell c) {
        WalkResult r = c.walk();
        if (r == null) {
            return "EPT entry: translates guest-physical " + Fmt.hex(c.entry().linearAddress());
        }
        StringBuilder sb = new StringBuilder("walk of ").append(Fmt.hex(r.linearAddress())).append(": ");
        for (WalkStep s : r.steps()) {
            sb.append(s.level().id().toUpperCase()).append('[').append(s.level().indexOf(r.linearAddress()))
                    .append("] -> ");
        }
        if (r.faulted()) {
            sb.append("fault: ").append(PageFaultText.of(r.fault()));
        } else {
            sb.append(Fmt.hex(r.physicalAddress())).append(r.writable() ? "  RW" : "  RO")
                    .append(r.user() ? " user" : " supervisor").append(r.executable() ? " X" : " XD");
        }
        return sb.toString();
    }

    /** Sensitivity of the region behind a host-physical page, or null (for tests and the inspector). */
    static Sensitivity sensitivityAt(Machine m, long pa) {
        PlacedRegion r = m.layout().regionAtPhysical(pa);
        return r == null ? null : r.region().sensitivity();
    }
}
