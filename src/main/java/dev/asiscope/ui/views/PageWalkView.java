package dev.asiscope.ui.views;

import dev.asiscope.scenario.PageFaultText;
import dev.asiscope.scenario.PageTableEntryText;
import dev.asiscope.sim.security.AddressSpaceId;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.engine.Simulation;
import dev.asiscope.sim.kernel.PlacedRegion;
import dev.asiscope.sim.paging.PageFault;
import dev.asiscope.sim.paging.PageTableEntry;
import dev.asiscope.sim.paging.PagingLevel;
import dev.asiscope.sim.paging.WalkResult;
import dev.asiscope.sim.paging.WalkStep;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import dev.asiscope.ui.draw.DrawContext;
import dev.asiscope.ui.draw.DrawContext.Align;
import dev.asiscope.ui.annotate.AnchorKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One page-table walk level by level: the linear address split into its index fields, then a box per
 * level (PML5/PML4, PDPT, PD, PT) with the index, the table and entry addresses, the entry value and its
 * decoded bits, what it leads to or why it faults; then the result with the effective rights (R/W and
 * U/S ANDed, XD ORed over the levels) or the fault with its error code. For a guest address each guest
 * table read is shown with its EPT translation (the second dimension), and so is the final guest-physical
 * address.
 *
 * <p>What is walked: the target set with {@link #setTarget}, otherwise the selection if it names an
 * address (a page, a cache line, an event, a leak), otherwise the most recent access at the cursor that
 * the log records with an address (an ASI exit walks the restricted table that lacked the page; an L1TF
 * load walks the guest's not-present PTE). Walks never set accessed/dirty bits or touch caches.
 *
 * <p>Hit testing returns the {@link WalkStep} of a level box, the {@link EptTranslation} of a level's EPT
 * part, the {@link WalkResult} of the result box, or the {@link WalkTarget} of the address bar.
 */
public final class PageWalkView extends PaintedView {
    // "Global" spelled out: it is the bit a Meltdown-under-KPTI highlight points at (SDM 4.10.2.4).
    private static final String[] BIT_NAMES = {"P", "RW", "US", "PWT", "PCD", "A", "D", "PS", "Global"};
    private static final long[] BITS = {PageTableEntry.P, PageTableEntry.RW, PageTableEntry.US, PageTableEntry.PWT,
        PageTableEntry.PCD, PageTableEntry.A, PageTableEntry.D, PageTableEntry.PS, PageTableEntry.G};

    private WalkTarget target;
    private boolean compareWithFull = true;

    private Simulation derivedFor;
    private long derivedCycle = -1;
    private Object derivedSelection;
    private WalkTarget derivedTarget;
    private ShownWalk shown;
    private ShownWalk comparison;
    /** The compact table's lines of {@link #shown} and {@link #comparison}, formatted once per walk. */
    private CompactText shownText;
    private CompactText comparisonText;
    private String error;
    /** What the selection's cause is, for the walk drawn now (set at the start of each paint). */
    private Highlight hl = Highlight.NONE;

    @Override
    public String id() {
        return "page-walk";
    }

    @Override
    public String title() {
        return "Page-table walk";
    }

    /** Walks {@code t} from now on (null: follow the selection / the most recent access). */
    public void setTarget(WalkTarget t) {
        target = t;
        derivedFor = null;
        settingsChanged();
    }

    /** Walks a supervisor read of {@code address} in {@code space}. */
    public void setTarget(long address, AddressSpaceId space) {
        setTarget(WalkTarget.read(address, space, "set by the user"));
    }

    /** Back to following the selection and the most recent access. */
    public void clearTarget() {
        setTarget(null);
    }

    /**
     * Whether a walk in another host table (a restricted one) is shown above the same address walked in
     * the full table, so what the restricted space lacks shows level by level. Default true.
     */
    public void setCompareWithFull(boolean on) {
        compareWithFull = on;
        derivedFor = null;
        settingsChanged();
    }

    /** The walk of the same address in the full table shown under the main one, or null. */
    public ShownWalk comparison(SimSession s) {
        derive(s);
        return comparison;
    }

    /** The target set by {@link #setTarget}, or null when following. */
    public WalkTarget target() {
        return target;
    }

    /** The walk the view shows for the session now (null when there is nothing to walk or the target is invalid). */
    public ShownWalk shown(SimSession s) {
        derive(s);
        return shown;
    }

    private void derive(SimSession s) {
        Simulation sim = s.simulation();
        Object sel = s.selectionProperty().get();
        if (sim == derivedFor && s.cycle() == derivedCycle && sel == derivedSelection
                && Objects.equals(target, derivedTarget)) {
            return;
        }
        Machine m = s.machine();
        WalkTarget t = target != null ? target : WalkInspector.auto(s);
        shown = null;
        comparison = null;
        error = null;
        if (t == null) {
            error = "nothing to walk: the machine has no kernel regions";
        } else {
            try {
                shown = WalkInspector.walk(m, t);
                if (compareWithFull && !t.guest() && !t.space().equals(AddressSpaceId.FULL)) {
                    comparison = WalkInspector.walk(m, new WalkTarget(t.address(), AddressSpaceId.FULL, t.type(),
                            t.user(), "the same address in the full kernel table"));
                }
            } catch (IllegalArgumentException e) {
                error = e.getMessage();
            }
        }
        shownText = shown == null ? null : CompactText.of(shown);
        comparisonText = comparison == null ? null : CompactText.of(comparison);
        derivedFor = sim;
        derivedCycle = s.cycle();
        derivedSelection = sel;
        derivedTarget = target;
    }

    static String levelColor(Theme theme, PagingLevel level) {
        return switch (level) {
            case PML5 -> theme.hostUser();
            case PML4 -> theme.accent();
            case PDPT -> theme.hostRestricted();
            case PD -> theme.guest();
            case PT -> theme.hostFull();
        };
    }

    @Override
    protected void draw(DrawContext g, double w, double h, SimSession s, Theme theme) {
        derive(s);
        hl = Highlight.of(s.selectionProperty().get(), s.machine());
        double fs = theme.fontSize();
        double pad = fs * 0.8;
        if (shown == null) {
            title(g, "Page-table walk", "cycle " + Fmt.cycles(s.cycle()), w, theme);
            pen.text(g, error == null ? "nothing to walk" : error, pad, fs * 4, w - 2 * pad, theme.secret(), fs, true,
                    Align.LEFT);
            return;
        }
        Machine m = s.machine();
        WalkTarget t = shown.target();
        WalkResult r = shown.result();
        String access = t.type().id() + ", " + (t.user() ? "user" : "supervisor");
        String space = t.guest() ? t.spaceName() + " (two-dimensional: table addresses are guest-physical)"
                : t.spaceName();
        double y = title(g, "Page-table walk", space + " \u00b7 " + Fmt.hex16(t.address()) + " \u00b7 " + access
                + " \u00b7 cycle " + Fmt.cycles(s.cycle()), w, theme);
        String cause = causeNote(shown);
        List<String> causeLines = cause == null ? List.of() : pen.wrap(g, cause, w - 2 * pad, fs * 0.9, true, 2);
        boolean why = t.why() != null;
        // A short view keeps every level of the walk (the last one above all: the entry the walk ended on, the
        // one a leak's causal chain points at) before the sentences about it: the why line goes first, then
        // the cause note's second line, then (when not even that entry fits) the cause note.
        double rowsNeeded = (r.steps().size() + 1) * fs * 1.4 + fs * 0.8;
        double below = h - fs * 0.4 - y;
        if (why && below - fs * 1.2 - causeLines.size() * fs * 1.2 < rowsNeeded) {
            why = false;
        }
        if (causeLines.size() > 1 && below - causeLines.size() * fs * 1.2 < rowsNeeded) {
            causeLines = causeLines.subList(0, 1);
        }
        if (!causeLines.isEmpty() && below - fs * 1.2 < fs * 1.4 + fs * 0.8) {
            causeLines = List.of();
        }
        if (why) {
            pen.text(g, t.why(), pad, y + fs * 0.5, w - 2 * pad, theme.mutedText(), fs * 0.9, false, Align.LEFT);
            y += fs * 1.2;
        }
        if (!causeLines.isEmpty()) {
            for (String line : causeLines) {
                g.text(line, pad, y + fs * 0.6, theme.accent(), fs * 0.9, true, Align.LEFT);
                y += fs * 1.2;
            }
        }
        int n = r.steps().size() + 1;
        int perRow = Math.max(1, Math.min(n, (int) Math.floor((w - 2 * pad + fs * 1.8) / (fs * 17.8))));
        int boxRows = (n + perRow - 1) / perRow;
        double barH = fs * 3.4;
        // Boxes need room for an entry value and its bits; below that the walk is a compact table.
        boolean boxes = (h - y - fs * 4 - barH - fs * 0.8 * (boxRows - 1)) / boxRows >= fs * 9.5;
        String note = "bits: P present \u00b7 RW writable \u00b7 US user \u00b7 PWT/PCD caching \u00b7 A accessed \u00b7 "
                + "D dirty \u00b7 PS large page (PAT in a PTE) \u00b7 Global: kept in the TLB across CR3 writes \u00b7 "
                + "XD execute-disable; filled = set."
                + " Rights: R/W and U/S are ANDed, XD is ORed over the levels.";
        double noteH = 0;
        if (boxes) {
            List<String> noteLines = pen.wrap(g, note, w - 2 * pad, fs * 0.85, false, 2);
            noteH = fs * 1.15 * noteLines.size() + fs * 0.5;
            for (int k = 0; k < noteLines.size(); k++) {
                g.text(noteLines.get(k), pad, h - fs * 0.7 - (noteLines.size() - 1 - k) * fs * 1.15, theme.mutedText(),
                        fs * 0.85, false, Align.LEFT);
            }
        }
        double bottom = h - noteH - fs * 0.4;
        double rowH = fs * 1.4;
        if (bottom - y - fs * 0.6 - barH >= (n + 1) * rowH || boxes) {
            y += fs * 0.6;
            y = drawAddressBar(g, t, shown.registers().cr4La57(), pad, y, w - 2 * pad, theme) + fs * 0.8;
        } else {
            y += fs * 0.4;
        }
        if (!boxes) {
            // A view with room to spare (the walk alone on a slide) draws the table in larger type, so it fills
            // the view instead of a corner of it.
            double k = compactScale(g, w - 2 * pad, bottom - y - fs * 0.4, fs);
            double end = drawCompact(g, shown, shownText, pad, y, w - 2 * pad, bottom - y, theme, k);
            if (comparison != null && bottom - end - fs * 2 * k >= (n + 1) * rowH * k) {
                pen.text(g, "The same address in the full kernel table:", pad, end + fs * 1.4 * k, w - 2 * pad,
                        theme.text(), fs * 0.9 * k, true, Align.LEFT);
                drawCompact(g, comparison, comparisonText, pad, end + fs * 1.8 * k, w - 2 * pad,
                        bottom - end - fs * 1.8 * k, theme, k);
            }
            return;
        }
        boolean roomForTwo = (bottom - y - fs * 2) / 2 >= boxRows * fs * 11;
        if (comparison == null || !roomForTwo) {
            drawChain(g, m, shown, pad, y, w - 2 * pad, bottom - y, theme);
        } else {
            double half = (bottom - y - fs * 2) / 2;
            double end = drawChain(g, m, shown, pad, y, w - 2 * pad, half, theme);
            double cy = end + fs * 1.6;
            pen.text(g, "The same address in the full kernel table (what the kernel sees after asi_exit):", pad, cy,
                    w - 2 * pad, theme.text(), fs, true, Align.LEFT);
            drawChain(g, m, comparison, pad, cy + fs * 0.7, w - 2 * pad, bottom - cy - fs * 0.7, theme);
        }
    }

    /**
     * The sentence that ties the walk to the selected leak's cause, or null: the Global bit of the kernel
     * mapping for Meltdown under KPTI, the frame bits of the not-present PTE for L1TF.
     */
    String causeNote(ShownWalk sw) {
        if (hl.leak() == null || sw == null || sw.result().steps().isEmpty()) {
            return null;
        }
        WalkResult r = sw.result();
        WalkStep last = r.steps().get(r.steps().size() - 1);
        if (hl.pte() == Highlight.PteFocus.GLOBAL_BIT && !r.faulted()) {
            boolean global = (last.entry() & PageTableEntry.G) != 0;
            return global ? "Meltdown: the " + last.level().id().toUpperCase(java.util.Locale.ROOT)
                    + " entry has the Global bit set, so its TLB entry survives KPTI's CR3 switch to the user PCID"
                    : "Meltdown: this mapping is not global; the leak used a translation still in the TLB";
        }
        if (hl.pte() == Highlight.PteFocus.FRAME_BITS && (last.entry() & PageTableEntry.P) == 0) {
            return "L1TF: the " + last.level().id().toUpperCase(java.util.Locale.ROOT) + " entry is not present (P=0), "
                    + "yet its frame bits " + Fmt.hex(last.entry() & PageTableEntry.ADDRESS_FIELD)
                    + " are used as a host physical address and served from the L1D";
        }
        return null;
    }

    /**
     * The walk as a table, one line per level and one for the result (small views); returns the bottom y.
     * When not every line fits, the last level (the entry the walk ended on) comes first, then the result,
     * then the levels above it from the deepest up; a line says how many levels are left out.
     */
    private double drawCompact(DrawContext g, ShownWalk sw, CompactText text, double x, double y, double w,
            double h, Theme theme, double scale) {
        double fs = theme.fontSize() * scale;
        double size = fs * COMPACT_TYPE;
        double rowH = fs * COMPACT_ROW;
        double sw0 = size * COMPACT_SWATCH;
        double tx = x + sw0 + fs * COMPACT_SWATCH_GAP;
        double ry = y + rowH * 0.8;
        double bottom = y + h;
        WalkResult r = sw.result();
        int levels = r.steps().size();
        // With a leak selected the entry the walk ended on is outlined (and a causal chain's step is drawn
        // around it): a little air above it keeps the outline off the line above.
        double air = hl.leak() != null && levels > 1 ? rowH * COMPACT_AIR : 0;
        int fit = ry > bottom ? 0 : (int) Math.floor((bottom - ry - air) / rowH) + 1;
        List<Integer> lines = compactLines(levels, fit);
        int hidden = levels + 1 - (int) lines.stream().filter(i -> i != HIDDEN_LINE).count();
        for (int i : lines) {
            if (i == HIDDEN_LINE) {
                pen.text(g, "\u22ee " + hidden + " level" + (hidden > 1 ? "s" : "") + " above", tx, ry, w - (tx - x),
                        theme.mutedText(), size, false, Align.LEFT);
                ry += rowH;
                continue;
            }
            if (i == RESULT_LINE) {
                boolean ok = !r.faulted() && (sw.data() == null || !sw.data().violation());
                pen.text(g, text.result(), tx, ry, w - (tx - x), ok ? theme.text() : theme.secret(), size, true,
                        Align.LEFT);
                hits.add(x, ry - rowH * 0.8, w, rowH, r);
                ry += rowH;
                continue;
            }
            WalkStep step = r.steps().get(i);
            if (i == levels - 1 && lines.get(0) != i) {
                ry += air;
            }
            String color = levelColor(theme, step.level());
            g.fillRect(x, ry - sw0, sw0, sw0, color);
            String line = text.levels().get(i);
            boolean last = i == levels - 1;
            boolean faultHere = last && r.faulted() && r.fault().level() == step.level();
            pen.mono(g, line, tx, ry, w - (tx - x), faultHere ? theme.secret() : theme.text(), size, Align.LEFT);
            boolean cause = last && (hl.pte() == Highlight.PteFocus.FRAME_BITS && (step.entry() & PageTableEntry.P) == 0
                    || hl.pte() == Highlight.PteFocus.GLOBAL_BIT && (step.entry() & PageTableEntry.G) != 0);
            if (cause && g.showsSelection()) {
                g.strokeRect(x - 2, ry - rowH * 0.8, w + 2, rowH, theme.accent(), 2.5);
            }
            hits.add(x, ry - rowH * 0.8, w, rowH, step);
            anchors.add(AnchorKind.PTE, 0, step.entryAddress(), step.entryAddress() + 8, x, ry - rowH * 0.8, w, rowH);
            ry += rowH;
        }
        return ry - rowH * 0.6;
    }

    /** The compact table's type, row height, level swatch and its gap, in the view's font size (or the type's). */
    private static final double COMPACT_TYPE = 0.85;
    private static final double COMPACT_ROW = 1.4;
    private static final double COMPACT_SWATCH = 0.9;
    private static final double COMPACT_SWATCH_GAP = 0.4;
    /** Air above the entry the walk ended on when a leak is selected, in rows. */
    private static final double COMPACT_AIR = 0.35;

    /** A walk's lines in the compact table: one per level and the result (measured, then drawn). */
    private record CompactText(List<String> levels, String result) {
        static CompactText of(ShownWalk sw) {
            List<String> levels = new ArrayList<>();
            for (WalkStep step : sw.result().steps()) {
                levels.add(levelLine(sw, step));
            }
            return new CompactText(List.copyOf(levels), resultLine(sw));
        }
    }

    /** A level's line in the compact table: level, index, entry value, decoded bits. */
    private static String levelLine(ShownWalk sw, WalkStep step) {
        // The engine spells the Global bit "G"; the walk names it (it is what a Meltdown highlight points at).
        String bits = (" " + PageTableEntryText.flags(step.entry(), step.level() != PagingLevel.PT) + " ")
                .replace(" G ", " Global ").trim();
        return String.format(java.util.Locale.ROOT, "%-5s %3d  %s  %s",
                step.level().id().toUpperCase(java.util.Locale.ROOT), step.level().indexOf(sw.target().address()),
                Fmt.hex16(step.entry()), bits);
    }

    /** The compact table's last line: where the walk leads (address and rights) or why it faults. */
    private static String resultLine(ShownWalk sw) {
        WalkResult r = sw.result();
        if (!r.faulted() && (sw.data() == null || !sw.data().violation())) {
            return "\u2192 " + Fmt.hex16(sw.hostPhysical()) + " \u00b7 " + AddressSpaceView.rights(r)
                    + (sw.target().guest() ? " \u00b7 via EPT" : "");
        }
        if (r.faulted()) {
            return PageFaultText.of(r.fault()) + (r.fault().isTerminal() && sw.target().guest()
                    ? " \u00b7 L1TF reads host " + Fmt.hex(r.terminalPhysicalAddress()) : "");
        }
        return "EPT violation";
    }

    /** Largest scale of the compact table's type: twice and a half the normal size (a slide's headline). */
    static final double MAX_COMPACT_SCALE = 2.5;

    /**
     * How much larger than normal the compact table can be drawn in {@code w x h} (1 when it needs all of it
     * or more): its lines (both walks' when there is a comparison) fill the height or the widest line the
     * width, whichever comes first, up to {@link #MAX_COMPACT_SCALE}.
     */
    private double compactScale(DrawContext g, double w, double h, double fs) {
        double width = 0;
        int lines = 0;
        for (CompactText text : comparisonText == null ? List.of(shownText) : List.of(shownText, comparisonText)) {
            for (String line : text.levels()) {
                width = Math.max(width, pen.width(g, line, fs * COMPACT_TYPE, true, false));
            }
            width = Math.max(width, pen.width(g, text.result(), fs * COMPACT_TYPE, false, true));
            lines += text.levels().size() + 1;
        }
        // The swatch and its gap before the text; a heading and a gap between two tables.
        width += fs * COMPACT_TYPE * COMPACT_SWATCH + fs * COMPACT_SWATCH_GAP;
        double height = lines * fs * COMPACT_ROW + (comparisonText == null ? 0 : fs * 1.8)
                + (hl.leak() != null ? fs * COMPACT_ROW * COMPACT_AIR : 0);
        double k = Math.min(MAX_COMPACT_SCALE, Math.min(w / width, h / height));
        return Math.max(1, Math.floor(k * 10) / 10);
    }

    /** A line of {@link #compactLines} that says how many levels are left out. */
    static final int HIDDEN_LINE = -2;
    /** A line of {@link #compactLines} that holds the walk's result. */
    static final int RESULT_LINE = -1;

    /**
     * Which lines a compact walk of {@code levels} levels shows in {@code fit} lines, top to bottom: level
     * indices, {@link #RESULT_LINE}, and {@link #HIDDEN_LINE} where levels are left out. All of them when they
     * fit; otherwise the last level first, then the result, then the levels above from the deepest up, with
     * one line (when three fit) saying how many are left out.
     */
    static List<Integer> compactLines(int levels, int fit) {
        List<Integer> out = new ArrayList<>();
        if (fit >= levels + 1) {
            for (int i = 0; i < levels; i++) {
                out.add(i);
            }
            out.add(RESULT_LINE);
            return out;
        }
        int room = fit >= 3 ? fit - 1 : fit;
        List<Integer> priority = new ArrayList<>();
        if (levels > 0) {
            priority.add(levels - 1);
        }
        priority.add(RESULT_LINE);
        for (int i = levels - 2; i >= 0; i--) {
            priority.add(i);
        }
        List<Integer> kept = new ArrayList<>(priority.subList(0, Math.max(0, Math.min(room, priority.size()))));
        // Top to bottom: the levels in walk order, the result last.
        kept.sort((a, b) -> Integer.compare(a == RESULT_LINE ? Integer.MAX_VALUE : a,
                b == RESULT_LINE ? Integer.MAX_VALUE : b));
        if (fit >= 3 && kept.size() < levels + 1) {
            out.add(HIDDEN_LINE);
        }
        out.addAll(kept);
        return out;
    }

    /** One walk as boxes (levels, then the result), wrapped when narrow; returns the bottom y. */
    private double drawChain(DrawContext g, Machine m, ShownWalk sw, double x, double y, double avail, double availH,
            Theme theme) {
        double fs = theme.fontSize();
        List<WalkStep> steps = sw.result().steps();
        int n = steps.size() + 1;
        double arrow = fs * 1.8;
        double minBox = fs * 16;
        int perRow = Math.max(1, Math.min(n, (int) Math.floor((avail + arrow) / (minBox + arrow))));
        double boxW = (avail - arrow * (perRow - 1)) / perRow;
        int rowsOfBoxes = (n + perRow - 1) / perRow;
        double boxH = (availH - fs * 0.8 * (rowsOfBoxes - 1)) / rowsOfBoxes;
        boxH = Math.max(fs * 3, Math.min(boxH, sw.target().guest() ? fs * 22 : fs * 15));
        double end = y;
        for (int i = 0; i < n; i++) {
            int col = i % perRow;
            int row = i / perRow;
            double bx = x + col * (boxW + arrow);
            double by = y + row * (boxH + fs * 0.8);
            if (by + boxH > y + availH + 1) {
                pen.text(g, "(enlarge the view to see the rest of the walk)", x, Math.min(by + fs, y + availH), avail,
                        theme.mutedText(), fs * 0.85, false, Align.LEFT);
                break;
            }
            if (i < steps.size()) {
                drawLevel(g, sw, i, steps.get(i), bx, by, boxW, boxH, theme);
            } else {
                drawResult(g, m, sw, bx, by, boxW, boxH, theme);
            }
            if (col < perRow - 1 && i < n - 1) {
                double ay = by + fs * 1.2;
                g.line(bx + boxW + 3, ay, bx + boxW + arrow - 6, ay, theme.text(), 2);
                g.fillPolygon(new double[] {bx + boxW + arrow - 2, bx + boxW + arrow - 9, bx + boxW + arrow - 9},
                        new double[] {ay, ay - 5, ay + 5}, theme.text());
            }
            end = by + boxH;
        }
        return end;
    }

    /** The 64-bit linear address as its fields; returns the y below the bar. */
    private double drawAddressBar(DrawContext g, WalkTarget t, boolean la57, double x, double y, double w,
            Theme theme) {
        double fs = theme.fontSize();
        double barH = fs * 2.6;
        List<String> names = new ArrayList<>();
        List<Integer> hi = new ArrayList<>();
        List<Integer> lo = new ArrayList<>();
        List<String> colors = new ArrayList<>();
        int top = la57 ? 57 : 48;
        names.add("sign extension");
        hi.add(63);
        lo.add(top);
        colors.add(theme.panel());
        for (PagingLevel l : PagingLevel.values()) {
            if (l == PagingLevel.PML5 && !la57) {
                continue;
            }
            names.add(l.id().toUpperCase(java.util.Locale.ROOT));
            hi.add(l.shift() + 8);
            lo.add(l.shift());
            colors.add(Ink.mix(levelColor(theme, l), theme.background(), 0.55));
        }
        names.add("offset");
        hi.add(11);
        lo.add(0);
        colors.add(theme.panel());
        // Width by bit count, the sign extension squeezed so the indices get the room.
        double[] weight = new double[names.size()];
        double total = 0;
        for (int i = 0; i < weight.length; i++) {
            int bits = hi.get(i) - lo.get(i) + 1;
            weight[i] = i == 0 ? Math.min(bits, 7) : bits;
            total += weight[i];
        }
        double cx = x;
        for (int i = 0; i < names.size(); i++) {
            double fw = w * weight[i] / total;
            long mask = hi.get(i) - lo.get(i) == 63 ? -1 : (1L << (hi.get(i) - lo.get(i) + 1)) - 1;
            long value = (t.address() >>> lo.get(i)) & mask;
            g.fillRect(cx, y, fw, barH, colors.get(i));
            g.strokeRect(cx, y, fw, barH, theme.grid(), 1);
            String label = names.get(i) + " [" + hi.get(i) + ":" + lo.get(i) + "]";
            pen.text(g, label, cx + fw / 2, y + fs * 1.05, fw - fs * 0.4, theme.text(), fs * 0.8, true, Align.CENTER);
            String val = i == 0 ? Fmt.hex(value) : i == names.size() - 1 ? Fmt.hex(value) : value + " (" + Fmt.hex(value)
                    + ")";
            pen.mono(g, val, cx + fw / 2, y + fs * 2.2, fw - fs * 0.4, theme.text(), fs * 0.85, Align.CENTER);
            cx += fw;
        }
        hits.add(x, y, w, barH, t);
        return y + barH;
    }

    private void drawLevel(DrawContext g, ShownWalk sw, int i, WalkStep step, double x, double y, double w, double h,
            Theme theme) {
        double fs = theme.fontSize();
        WalkTarget t = sw.target();
        WalkResult r = sw.result();
        boolean last = i == r.steps().size() - 1;
        boolean faultHere = last && r.faulted() && r.fault().level() == step.level();
        String color = levelColor(theme, step.level());
        g.fillRect(x, y, w, h, theme.panel());
        g.strokeRect(x, y, w, h, faultHere ? theme.secret() : color, faultHere ? 3 : 2);
        hits.add(x, y, w, h, step);
        anchors.add(AnchorKind.PTE, 0, step.entryAddress(), step.entryAddress() + 8, x, y, w, h);
        double headH = fs * 2.2;
        g.fillRect(x, y, w, headH, color);
        String on = Ink.onColor(color);
        boolean la57 = sw.registers().cr4La57();
        int index = step.level().indexOf(t.address());
        String head = step.level().id().toUpperCase(java.util.Locale.ROOT) + " \u00b7 " + step.level().linuxName(la57);
        double hw = pen.text(g, head, x + fs * 0.6, y + headH * 0.68, w * 0.55, on, fs * 1.05, true, Align.LEFT);
        pen.text(g, "index " + index, x + w - fs * 0.6, y + headH * 0.68, w - hw - fs * 1.8, on, fs, true, Align.RIGHT);

        double size = fs * 0.85;
        double rowH = fs * 1.45;
        double kx = x + fs * 0.6;
        double keyW = pen.width(g, "entry @", size, false, true) + fs * 0.6;
        double vx = kx + keyW;
        double vw = w - fs * 1.2 - keyW;
        double ry = y + headH + rowH;
        double bottom = y + h - fs * 0.3;
        long table = step.entryAddress() - 8L * index;
        // Rows in order of importance; whatever does not fit the box is left out.
        String[][] rows = {{"value", Fmt.hex16(step.entry())}, {"entry @", Fmt.hex16(step.entryAddress())},
            {"table", Fmt.hex16(table)}};
        boolean frameCause = hl.pte() == Highlight.PteFocus.FRAME_BITS && last
                && (step.entry() & PageTableEntry.P) == 0;
        for (int k = rows.length - 1; k >= 0; k--) {
            if (ry > bottom) {
                return;
            }
            keyValue(g, rows[k][0], rows[k][1], kx, vx, ry, vw, theme, theme.text());
            if (frameCause && k == 0) {
                // L1TF: the frame bits of a not-present entry are what the load uses.
                if (g.showsSelection()) {
                    g.strokeRect(kx - fs * 0.2, ry - rowH * 0.8, w - fs * 0.8, rowH, theme.accent(), 2.5);
                }
                ry += rowH;
                if (ry <= bottom) {
                    pen.text(g, "frame bits " + Fmt.hex(step.entry() & PageTableEntry.ADDRESS_FIELD) + " used by L1TF",
                            kx, ry, w - fs * 1.2, theme.accent(), fs * 0.85, true, Align.LEFT);
                }
            }
            ry += rowH;
        }
        ry -= rowH * 0.55;

        // Decoded bits as chips; set bits filled in the level's colour.
        double chipSize = fs * 0.78;
        double cx = kx;
        double cy = ry;
        boolean leafCapable = step.level() != PagingLevel.PT;
        List<String> names = new ArrayList<>();
        List<Boolean> set = new ArrayList<>();
        for (int b = 0; b < BITS.length; b++) {
            names.add(b == 7 && !leafCapable ? "PAT" : BIT_NAMES[b]);
            set.add((step.entry() & BITS[b]) != 0);
        }
        int pk = PageTableEntry.protectionKey(step.entry());
        if (pk != 0) {
            names.add("PK=" + pk);
            set.add(true);
        }
        names.add("XD");
        set.add((step.entry() & PageTableEntry.XD) != 0);
        for (int b = 0; b < names.size(); b++) {
            double cw = pen.chipWidth(g, names.get(b), chipSize, true);
            if (cx + cw > x + w - fs * 0.6) {
                cx = kx;
                cy += chipSize * 1.75;
            }
            if (cy + chipSize * 1.45 > bottom) {
                return;
            }
            if (set.get(b)) {
                pen.chip(g, names.get(b), cx, cy, color, chipSize, true);
                if (hl.pte() == Highlight.PteFocus.GLOBAL_BIT && "Global".equals(names.get(b)) && last
                        && g.showsSelection()) {
                    g.strokeRect(cx - 2, cy - 2, cw + 4, chipSize * 1.45 + 4, theme.accent(), 3);
                }
            } else {
                g.strokeRect(cx, cy, cw, chipSize * 1.45, theme.grid(), 1);
                g.text(names.get(b), cx + chipSize * 0.4, cy + chipSize * 1.07, theme.mutedText(), chipSize, false,
                        Align.LEFT);
            }
            cx += cw + fs * 0.3;
        }
        ry = cy + chipSize * 1.45 + rowH;

        // What the entry leads to.
        String outcome;
        String outColor = theme.text();
        boolean present = (step.entry() & PageTableEntry.P) != 0;
        boolean large = leafCapable && (step.entry() & PageTableEntry.PS) != 0 && step.level() != PagingLevel.PML4
                && step.level() != PagingLevel.PML5;
        long frame = step.entry() & PageTableEntry.ADDRESS_FIELD;
        if (faultHere) {
            outColor = theme.secret();
            outcome = present ? "reserved bit set: #PF (RSVD)" : "P=0: not present, the walk stops here";
        } else if (!present) {
            outcome = "not present";
            outColor = theme.secret();
        } else if (step.level() == PagingLevel.PT || large) {
            String pageSize = step.level() == PagingLevel.PT ? "4 KiB"
                    : step.level() == PagingLevel.PD ? "2 MiB" : "1 GiB";
            outcome = "\u2192 " + pageSize + " page at " + Fmt.hex(frame & ~((1L << step.level().shift()) - 1));
        } else {
            outcome = "\u2192 next table at " + Fmt.hex(frame);
        }
        if (ry <= bottom) {
            pen.text(g, outcome, kx, ry, w - fs * 1.2, outColor, fs * 0.9, true, Align.LEFT);
            ry += rowH;
        }

        // Guest: the table read went through EPT first.
        if (t.guest() && i < sw.ept().size()) {
            EptTranslation e = sw.ept().get(i);
            drawEpt(g, e, "EPT: this table read", x, ry - fs * 0.7, w, y + h - (ry - fs * 0.7), theme);
        }
    }

    private void drawEpt(DrawContext g, EptTranslation e, String title, double x, double y, double w, double h,
            Theme theme) {
        double fs = theme.fontSize();
        if (h < fs * 3) {
            return;
        }
        double ex = x + fs * 0.4;
        double ew = w - fs * 0.8;
        double eh = Math.min(h - fs * 0.4, fs * 1.4 * (2 + e.entries().size()) + fs * 0.4);
        String tint = Ink.mix(theme.guest(), theme.background(), 0.82);
        g.fillRect(ex, y, ew, eh, tint);
        g.strokeRect(ex, y, ew, eh, theme.guest(), 1);
        hits.add(ex, y, ew, eh, e);
        double size = fs * 0.8;
        double ry = y + fs * 1.15;
        pen.text(g, title, ex + fs * 0.4, ry, ew - fs * 0.8, theme.text(), size, true, Align.LEFT);
        ry += fs * 1.3;
        String line = "gpa " + Fmt.hex(e.guestPhysical()) + " \u2192 "
                + (e.violation() ? "EPT VIOLATION" : "hpa " + Fmt.hex(e.hostPhysical()));
        pen.mono(g, line, ex + fs * 0.4, ry, ew - fs * 0.8, e.violation() ? theme.secret() : theme.text(), size,
                Align.LEFT);
        String[] names = {"EPT PML4E", "EPT PDPTE", "EPT PDE", "EPT PTE"};
        for (int k = 0; k < e.entries().size(); k++) {
            ry += fs * 1.3;
            if (ry > y + eh - fs * 0.2) {
                break;
            }
            pen.mono(g, names[k] + " " + Fmt.hex(e.entries().get(k)), ex + fs * 0.4, ry, ew - fs * 0.8,
                    theme.mutedText(), size, Align.LEFT);
        }
    }

    private void keyValue(DrawContext g, String k, String v, double kx, double vx, double y, double vw, Theme theme,
            String color) {
        double size = theme.fontSize() * 0.85;
        pen.text(g, k, kx, y, vx - kx - 2, theme.mutedText(), size, true, Align.LEFT);
        pen.mono(g, v, vx, y, vw, color, size, Align.LEFT);
    }

    private void drawResult(DrawContext g, Machine m, ShownWalk sw, double x, double y, double w, double h,
            Theme theme) {
        double fs = theme.fontSize();
        WalkResult r = sw.result();
        WalkTarget t = sw.target();
        boolean ok = !r.faulted() && (sw.data() == null || !sw.data().violation());
        String color = ok ? theme.guest() : theme.secret();
        g.fillRect(x, y, w, h, theme.panel());
        g.strokeRect(x, y, w, h, color, 3);
        hits.add(x, y, w, h, r);
        double headH = fs * 2.2;
        g.fillRect(x, y, w, headH, color);
        String head = ok ? "translated" : r.faulted() ? "FAULT" : "EPT VIOLATION";
        pen.text(g, head, x + fs * 0.6, y + headH * 0.68, w - fs * 1.2, Ink.onColor(color), fs * 1.05, true, Align.LEFT);
        double size = fs * 0.85;
        double rowH = fs * 1.45;
        double kx = x + fs * 0.6;
        double keyW = pen.width(g, "physical", size, false, true) + fs * 0.6;
        double vx = kx + keyW;
        double vw = w - fs * 1.2 - keyW;
        double ry = y + headH + rowH;
        double bottom = y + h - fs * 0.3;
        List<String[]> rows = new ArrayList<>();
        long hostPa = -1;
        if (!r.faulted()) {
            if (t.guest()) {
                rows.add(new String[] {"gpa", Fmt.hex16(r.physicalAddress())});
                hostPa = sw.data() == null ? -1 : sw.data().hostPhysical();
                rows.add(new String[] {"hpa", hostPa < 0 ? "EPT violation" : Fmt.hex16(hostPa)});
            } else {
                hostPa = r.physicalAddress();
                rows.add(new String[] {"physical", Fmt.hex16(hostPa)});
            }
            String ps = switch (r.pageSize()) {
                case SIZE_4K -> "4 KiB";
                case SIZE_2M -> "2 MiB";
                case SIZE_1G -> "1 GiB";
            };
            rows.add(new String[] {"page", ps + (r.global() ? ", global" : "")});
            rows.add(new String[] {"R/W", r.writable() ? "writable" : "read-only"});
            rows.add(new String[] {"U/S", r.user() ? "user" : "supervisor only"});
            rows.add(new String[] {"XD", r.executable() ? "executable" : "no execute"});
            if (r.protectionKey() != 0) {
                rows.add(new String[] {"PK", Integer.toString(r.protectionKey())});
            }
        } else {
            PageFault f = r.fault();
            // The fault line names the error code and its bits (#PF ec=0x0 (not-present) at pt): no second row.
            rows.add(new String[] {"fault", PageFaultText.of(f)});
            if (t.space() instanceof AddressSpaceId.RestrictedVm && f.kind() == PageFault.Kind.PAGE_FAULT) {
                rows.add(new String[] {"ASI", "not mapped here: the #PF handler runs asi_exit, switches to the full "
                        + "table and retries"});
            }
            // A zero frame is what an empty entry holds, not an L1TF target worth naming.
            boolean frame = (r.terminalPhysicalAddress() & PageTableEntry.ADDRESS_FIELD) != 0;
            if (f.isTerminal() && r.terminalPhysicalAddress() >= 0 && (frame || t.guest())) {
                hostPa = r.terminalPhysicalAddress();
                rows.add(new String[] {"L1TF", "a speculative load reads " + Fmt.hex(hostPa)
                        + (t.guest() ? " as a host address, skipping EPT" : "")});
            }
        }
        for (String[] row : rows) {
            if (ry > bottom) {
                return;
            }
            pen.text(g, row[0], kx, ry, keyW, theme.mutedText(), size, true, Align.LEFT);
            boolean monoValue = row[1].startsWith("0x");
            if (monoValue) {
                pen.mono(g, row[1], vx, ry, vw, theme.text(), size, Align.LEFT);
            } else {
                boolean red = row[0].equals("fault") || row[0].equals("L1TF");
                boolean bold = row[0].equals("L1TF");
                List<String> lines = pen.wrap(g, row[1], vw, size, bold, 3);
                for (int k = 0; k < lines.size(); k++) {
                    if (k > 0) {
                        ry += size * 1.25;
                    }
                    g.text(lines.get(k), vx, ry, red ? theme.secret() : theme.text(), size, bold, Align.LEFT);
                }
            }
            ry += rowH;
        }
        // What lives at the physical address, and whether a core's L1D holds it right now.
        if (hostPa >= 0 && ry <= bottom) {
            PlacedRegion region = m.layout().regionAtPhysical(hostPa);
            String label = m.memory().labelOf(hostPa).name();
            LabelClass lc = LabelClass.of(label);
            String what = (region == null ? "no region" : region.name()) + " [" + label + "]";
            g.fillRect(kx, ry - size * 0.9, size, size, lc.color(theme));
            pen.text(g, what, kx + size * 1.4, ry, w - fs * 1.2 - size * 1.4, lc == LabelClass.SECRET ? theme.secret()
                    : theme.text(), size, lc == LabelClass.SECRET, Align.LEFT);
            ry += rowH;
            if (ry <= bottom) {
                StringBuilder cores = new StringBuilder();
                for (int c = 0; c < m.spec().cores(); c++) {
                    if (m.caches().peekL1d(c, hostPa) != null) {
                        cores.append(cores.isEmpty() ? "" : ", ").append("core").append(c);
                    }
                }
                String l1 = cores.isEmpty() ? "line not in any L1D" : "line in L1D of " + cores;
                pen.text(g, l1, kx, ry, w - fs * 1.2, cores.isEmpty() ? theme.mutedText() : theme.hostFull(), size,
                        !cores.isEmpty(), Align.LEFT);
                ry += rowH;
            }
        }
        if (t.guest() && sw.data() != null && ry < bottom - fs * 3) {
            drawEpt(g, sw.data(), "EPT: the data access", x, ry - fs * 0.7, w, bottom - ry + fs * 0.7, theme);
        }
    }
}
