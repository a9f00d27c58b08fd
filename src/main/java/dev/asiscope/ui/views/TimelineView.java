package dev.asiscope.ui.views;

import dev.asiscope.sim.engine.EventFact;
import dev.asiscope.sim.vmx.VmxExitReason;
import dev.asiscope.sim.security.Context;
import dev.asiscope.sim.security.ContextKind;
import dev.asiscope.sim.engine.Event;
import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.ExposureWindow;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.engine.Simulation;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import dev.asiscope.ui.annotate.Anchor;
import dev.asiscope.ui.annotate.AnchorKind;
import dev.asiscope.ui.annotate.Rect;
import dev.asiscope.ui.draw.DrawContext;
import dev.asiscope.ui.draw.DrawContext.Align;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The run over time: one lane per logical CPU coloured by its context, with markers for VM exits (with
 * the exit reason), ASI exits (with the region that caused them), L1D flushes and VERW, stuns, transient
 * loads, and leaks (big and red); exposure windows as translucent bands over the core's lanes; the
 * cursor as a line. Shows the cycles {@link #rangeStart()} to {@link #rangeEnd()}; zoom, scroll and
 * {@link #cycleAt} support scrubbing.
 *
 * <p>Lanes come from a {@link TimelineIndex} (one per simulation), built from the run's event log. Hit testing returns the nearest marker {@link Event} within a few pixels,
 * else a {@link LanePoint} (CPU, cycle, context there, exposure window), or the lane's
 * {@link dev.asiscope.sim.engine.HardwareThread} over its label.
 */
public final class TimelineView extends PaintedView {
    /** What lies under the mouse in a lane when no marker is near: the scrubbing position. */
    public record LanePoint(int cpu, long cycle, Context context, ExposureWindow exposure) {
    }

    private static final double PICK_RADIUS = 8;

    private boolean customRange;
    private long rangeStart;
    private long rangeEnd;
    private boolean followCursor = true;
    private Simulation lastSim;

    // Layout of the last paint, for cycleAt/xOf between paints.
    private double plotX;
    private double plotW = 1;
    private double plotTop;
    /** The smallest lane name drawn, in px (about the smallest legible type on a screen). */
    static final double MIN_LABEL = 8;
    private double laneH = 1;
    private double laneGap;
    private double coreGap;
    private double bandTop;
    private boolean labelStrips = true;
    private int lastCpus;


    @Override
    public String id() {
        return "timeline";
    }

    @Override
    public String title() {
        return "Timeline";
    }

    // ------------------------------------------------------------------ range

    /** Shows cycles {@code [start, end]}. */
    public void setRange(long start, long end) {
        if (end <= start) {
            end = start + 1;
        }
        customRange = true;
        rangeStart = Math.max(0, start);
        rangeEnd = Math.max(rangeStart + 1, end);
        settingsChanged();
    }

    /** Shows the whole run (the default). */
    public void fitAll() {
        customRange = false;
        settingsChanged();
    }

    public long rangeStart() {
        return rangeStart;
    }

    public long rangeEnd() {
        return rangeEnd;
    }

    /** Zooms by {@code factor} (&lt; 1 zooms in) keeping the cycle under {@code x} in place. */
    public void zoom(double factor, double x, double width) {
        long anchor = cycleAt(x, width);
        double len = Math.max(8, (rangeEnd - rangeStart) * factor);
        double f = plotW > 0 ? Math.max(0, Math.min(1, (x - plotX) / plotW)) : 0.5;
        long start = Math.round(anchor - len * f);
        setRange(start, start + Math.round(len));
    }

    /** Scrolls by {@code pixels} of the plot (positive: later cycles). */
    public void scroll(double pixels, double width) {
        long delta = Math.round(pixels / Math.max(1, plotW) * (rangeEnd - rangeStart));
        setRange(Math.max(0, rangeStart + delta), Math.max(0, rangeStart + delta) + (rangeEnd - rangeStart));
    }

    /**
     * When on (default), a cursor that leaves the visible range scrolls the range so the cursor is back in
     * view (during playback).
     */
    public void setFollowCursor(boolean on) {
        followCursor = on;
    }

    /** The cycle at x of a view {@code width} wide (clamped to the visible range). */
    public long cycleAt(double x, double width) {
        double f = Math.max(0, Math.min(1, (x - plotX) / plotW));
        return rangeStart + Math.round(f * (rangeEnd - rangeStart));
    }

    /** The x of {@code cycle} in a view {@code width} wide (may lie outside the plot). */
    public double xOf(long cycle, double width) {
        return xOf(cycle, rangeStart, rangeEnd);
    }

    private double xOf(long cycle, long from, long to) {
        return plotX + (double) (cycle - from) / (to - from) * plotW;
    }

    private void updateRange(SimSession s) {
        Simulation sim = s.simulation();
        long end = Math.max(1, sim.endCycle());
        if (!customRange) {
            rangeStart = 0;
            rangeEnd = end;
        } else if (sim != lastSim) {
            rangeEnd = Math.min(rangeEnd, end);
            rangeStart = Math.min(rangeStart, rangeEnd - 1);
        }
        lastSim = sim;
        long c = s.cycle();
        if (followCursor && customRange && (c < rangeStart || c > rangeEnd)) {
            long len = rangeEnd - rangeStart;
            rangeStart = Math.max(0, c - len / 10);
            rangeEnd = rangeStart + len;
        }
    }

    // ------------------------------------------------------------------ painting

    @Override
    protected void draw(DrawContext g, double w, double h, SimSession s, Theme theme) {
        Simulation sim = s.simulation();
        updateRange(s);
        TimelineIndex index = TimelineIndex.of(sim);
        Machine m = s.machine();
        double fs = theme.fontSize();
        double pad = fs * 0.8;
        String detail = "cycles " + Fmt.cycles(rangeStart) + " \u2013 " + Fmt.cycles(rangeEnd) + " of "
                + Fmt.cycles(sim.endCycle()) + " \u00b7 cursor " + Fmt.cycles(s.cycle());
        double top = title(g, "Timeline", detail, w, theme);

        int cpus = index.cpus();
        int tpc = m.spec().threadsPerCore();
        int cores = cpus / tpc;
        double axisH = fs * 1.8;
        plotTop = top + axisH;
        laneGap = fs * 0.5;
        coreGap = tpc > 1 ? fs * 0.6 : 0;
        // Full lanes have a strip for marker labels above the band; the legend and then the strips give way
        // when the view is short.
        List<Pen.LegendItem> legend = legend(theme);
        double legendH = pen.legend(g, legend, pad, 0, w - 2 * pad, theme, false);
        double fullLanes = cpus * (fs * 2.6 + laneGap) + coreGap * (cores - 1);
        boolean showLegend = h - fs * 0.9 - legendH - plotTop >= fullLanes;
        double plotBottom = h - fs * 0.6;
        if (showLegend) {
            double legendY = h - legendH - fs * 0.3;
            pen.legend(g, legend, pad, legendY, w - 2 * pad, theme, true);
            plotBottom = legendY - fs * 0.6;
        }
        labelStrips = plotBottom - plotTop >= fullLanes;
        if (!labelStrips) {
            laneGap = fs * 0.25;
            coreGap = tpc > 1 ? fs * 0.35 : 0;
            if ((plotBottom - plotTop - coreGap * (cores - 1)) / cpus - laneGap < fs * 1.05) {
                // Many CPUs in a short view (8 in the grid, projector type): the gaps give their height to
                // the lanes, a hairline between threads and a small gap between cores.
                laneGap = 1;
                coreGap = tpc > 1 ? Math.max(2, fs * 0.2) : 0;
            }
        }
        bandTop = labelStrips ? fs * 1.3 : 0;
        double gutter = Math.max(pen.width(g, "cpu00", fs, false, true), pen.width(g, "core0 t0", fs * 0.8, false, false))
                + fs * 1.2;
        plotX = pad + gutter;
        plotW = Math.max(1, w - plotX - pad);
        double fit = (plotBottom - plotTop - coreGap * (cores - 1)) / cpus - laneGap;
        laneH = labelStrips ? Math.min(fs * 9, fit) : Math.max(2, fit);
        lastCpus = cpus;

        drawAxis(g, top, plotBottom, s.cycle(), theme);
        double[] laneY = new double[cpus];
        for (int cpu = 0; cpu < cpus; cpu++) {
            laneY[cpu] = plotTop + cpu * (laneH + laneGap) + (cpu / tpc) * coreGap;
        }
        long from = rangeStart;
        long to = rangeEnd;
        double markerR = Math.max(6, fs * 0.6);
        for (int cpu = 0; cpu < cpus; cpu++) {
            // The lane's band, at least 4 px high so that an outline of it shows; a thinner lane (many CPUs
            // in a short view) gets the 4 px centred on it, so the box's centre stays on its own lane.
            double band = laneH - bandTop;
            double bh = Math.max(4, band);
            double by = laneY[cpu] + bandTop + (band - bh) / 2;
            anchors.add(AnchorKind.EVENT, cpu, cycle -> cycle < from || cycle > to ? null
                    : new Rect(xOf(cycle, from, to) - markerR, by, 2 * markerR, bh));
        }
        // Lanes too thin for a legible name each (8 CPUs in a short view in projector type) are named by
        // core, one name over each core's threads.
        boolean byCore = tpc > 1 && Math.min(fs, (laneH + laneGap) * 0.92) < MIN_LABEL;
        for (int cpu = 0; cpu < cpus; cpu++) {
            if (byCore) {
                hits.add(pad, laneY[cpu], gutter, laneH, m.cpu(cpu));
                if (cpu % tpc == 0) {
                    double bottom = laneY[Math.min(cpus - 1, cpu + tpc - 1)] + laneH;
                    double size = Math.min(fs, (bottom - laneY[cpu]) * 0.8);
                    if (size >= MIN_LABEL) {
                        pen.text(g, "core" + m.cpu(cpu).core(), pad, (laneY[cpu] + bottom) / 2 + size * 0.36, gutter,
                                theme.text(), size, true, Align.LEFT);
                    }
                }
            } else {
                drawLaneLabel(g, m, cpu, pad, laneY[cpu], gutter, theme);
            }
            drawLane(g, index, cpu, laneY[cpu] + bandTop, laneH - bandTop, theme);
        }
        drawExposures(g, index, laneY, bandTop, tpc, theme);
        drawMarkers(g, sim, index, laneY, bandTop, theme);
        drawCursor(g, s, plotTop - fs * 0.2, laneY[cpus - 1] + laneH, theme);
    }

    private List<Pen.LegendItem> legend(Theme theme) {
        List<Pen.LegendItem> items = new ArrayList<>();
        for (ContextKind k : new ContextKind[] {ContextKind.GUEST_KERNEL, ContextKind.HOST_KERNEL_RESTRICTED,
            ContextKind.HOST_KERNEL_FULL, ContextKind.HOST_USER, ContextKind.IDLE, ContextKind.STUNNED,
            ContextKind.OFFLINE}) {
            items.add(new Pen.LegendItem(Ink.context(theme, k), Ink.contextTitle(k)));
        }
        items.add(new Pen.LegendItem(Ink.alpha(theme.secret(), 0x38), "exposure window", theme.secret()));
        items.add(new Pen.LegendItem(null, "\u25bc VM exit"));
        items.add(new Pen.LegendItem(null, "\u25c6 ASI exit"));
        items.add(new Pen.LegendItem(null, "| L1D flush (thin: VERW)"));
        items.add(new Pen.LegendItem(null, "\u25a0 stun"));
        items.add(new Pen.LegendItem(null, "\u25cf transient load"));
        items.add(new Pen.LegendItem(theme.secret(), "\u25bc LEAK"));
        return items;
    }

    private void drawAxis(DrawContext g, double top, double bottom, long cursor, Theme theme) {
        double fs = theme.fontSize();
        // Tick labels never run under the cursor's cycle chip.
        double chipW = pen.chipWidth(g, Fmt.cycles(cursor), fs * 0.8, true);
        double cx = Math.max(plotX, Math.min(plotX + plotW - chipW, xOf(cursor, 0) - chipW / 2));
        boolean cursorShown = cursor >= rangeStart && cursor <= rangeEnd;
        long len = rangeEnd - rangeStart;
        double minGap = pen.width(g, "00,000,000", fs * 0.8, false, false) + fs * 2;
        long step = niceStep(len * minGap / plotW);
        long first = ((rangeStart + step - 1) / step) * step;
        double ty = top + fs * 1.1;
        for (long c = first; c <= rangeEnd; c += step) {
            double x = xOf(c, 0);
            g.line(x, ty + fs * 0.25, x, bottom, Ink.alpha(theme.grid(), 0x90), 1);
            String label = Fmt.compact(c);
            double textHalf = pen.width(g, label, fs * 0.8, false, false) / 2;
            double half = textHalf + fs * 0.3;
            // A tick near the right end keeps its grid line but not a label that would run off the plot.
            boolean fits = x + textHalf <= plotX + plotW;
            if (fits && (!cursorShown || x + half < cx || x - half > cx + chipW)) {
                g.text(label, x, ty, theme.mutedText(), fs * 0.8, false, Align.CENTER);
            }
        }
    }

    private static long niceStep(double raw) {
        long p = 1;
        while (p * 10 <= raw) {
            p *= 10;
        }
        for (long m : new long[] {1, 2, 5, 10}) {
            if (p * m >= raw) {
                return Math.max(1, p * m);
            }
        }
        return Math.max(1, p * 10);
    }

    private void drawLaneLabel(DrawContext g, Machine m, int cpu, double x, double y, double w, Theme theme) {
        double fs = theme.fontSize();
        var t = m.cpu(cpu);
        if (laneH < fs * 2.4) {
            // Thin lanes keep their names: in type that fits the lane's pitch (lane and gap), down to
            // MIN_LABEL px, below which no name could be read and none is drawn.
            double size = Math.min(fs, (laneH + laneGap) * 0.92);
            if (size >= MIN_LABEL) {
                pen.text(g, "cpu" + cpu, x, y + laneH / 2 + size * 0.36, w, theme.text(), size, true, Align.LEFT);
            }
            hits.add(x, y, w, laneH, t);
            return;
        }
        pen.text(g, "cpu" + cpu, x, y + fs * 1.1 + (laneH - fs * 2.4) / 2, w, theme.text(), fs, true, Align.LEFT);
        pen.text(g, "core" + t.core() + " t" + (cpu % m.spec().threadsPerCore()), x,
                y + fs * 2.2 + (laneH - fs * 2.4) / 2, w, theme.mutedText(), fs * 0.8, false, Align.LEFT);
        hits.add(x, y, w, laneH, t);
    }

    /**
     * Paints a lane pixel-bounded: each step either covers a whole interval (when it is wider than a pixel)
     * or one pixel column in the colour of the interval at the column's first cycle, so a run of a million
     * intervals costs what the plot's width costs.
     */
    private void drawLane(DrawContext g, TimelineIndex index, int cpu, double y, double h, Theme theme) {
        double fs = theme.fontSize();
        g.fillRect(plotX, y, plotW, h, theme.panel());
        double end = plotX + plotW;
        double labelFree = plotX;
        double size = fs * 0.8;
        // Runs of equal colour are merged into one rectangle; a pixel column holding several intervals
        // takes the context two of three samples across it agree on. Lookups gallop from the last interval.
        double runX = plotX;
        String runColor = null;
        double x = plotX;
        int k = -1;
        while (x < end) {
            long c = cycleAtExact(x);
            if (c >= rangeEnd) {
                break;
            }
            k = index.intervalAtFrom(cpu, c, k);
            if (k < 0) {
                x = Math.max(x + 1, xOf(index.intervalStart(cpu, 0), 0));
                runX = x;
                continue;
            }
            long s = index.intervalStart(cpu, k);
            long e = Math.min(index.intervalEnd(cpu, k), rangeEnd);
            double x1 = Math.min(end, xOf(e, 0));
            int code = index.intervalCode(cpu, k);
            if (x1 < x + 1) {
                x1 = Math.min(end, Math.floor(x) + 1);
                int mid = index.intervalAtFrom(cpu, cycleAtExact((x + x1) / 2), k);
                int midCode = index.intervalCode(cpu, mid);
                if (midCode != code) {
                    int last = index.intervalAtFrom(cpu, Math.max(0, cycleAtExact(x1) - 1), mid);
                    if (index.intervalCode(cpu, last) == midCode) {
                        code = midCode;
                    }
                }
            }
            Context ctx = index.context(code);
            String color = Ink.context(theme, ctx);
            if (!color.equals(runColor)) {
                if (runColor != null && x > runX) {
                    g.fillRect(runX, y, x - runX, h, runColor);
                }
                runX = x;
                runColor = color;
            }
            double x0 = Math.max(plotX, xOf(Math.max(s, rangeStart), 0));
            if (x1 - x0 > fs * 3 && x0 >= labelFree && h >= size * 1.3) {
                String label = shortLabel(ctx);
                double tw = pen.width(g, label, size, false, false);
                if (tw + fs * 0.6 < x1 - x0) {
                    g.fillRect(runX, y, x1 - runX, h, color);
                    g.text(label, x0 + fs * 0.3, y + h / 2 + size * 0.36, Ink.onColor(color), size, false, Align.LEFT);
                    labelFree = x0 + tw + fs * 0.6;
                    runX = x1;
                }
            }
            x = x1;
        }
        if (runColor != null && x > runX) {
            g.fillRect(runX, y, x - runX, h, runColor);
        }
        g.strokeRect(plotX, y, plotW, h, theme.grid(), 1);
    }

    /** The cycle at x, not clamped or rounded to the nearest (the first cycle of the pixel column). */
    private long cycleAtExact(double x) {
        return rangeStart + (long) Math.floor((x - plotX) / plotW * (rangeEnd - rangeStart));
    }

    private static String shortLabel(Context c) {
        return switch (c.kind()) {
            case GUEST_KERNEL, GUEST_USER -> "vm" + c.vm();
            case HOST_KERNEL_RESTRICTED -> "restricted";
            case HOST_KERNEL_FULL -> "full";
            case HOST_USER -> c.process() >= 0 ? "p" + c.process() : "VMM";
            case IDLE -> "idle";
            case STUNNED -> "stunned";
            case OFFLINE -> "offline";
        };
    }

    private void drawExposures(DrawContext g, TimelineIndex index, double[] laneY, double bandTop, int tpc,
            Theme theme) {
        String fill = Ink.alpha(theme.secret(), 0x30);
        for (ExposureWindow x : index.exposures()) {
            long end = x.endCycle() < 0 ? rangeEnd : x.endCycle();
            if (end < rangeStart || x.startCycle() > rangeEnd) {
                continue;
            }
            int first = x.core() * tpc;
            int lastCpu = Math.min(laneY.length - 1, first + tpc - 1);
            double x0 = Math.max(plotX, xOf(x.startCycle(), 0));
            double x1 = Math.min(plotX + plotW, xOf(end, 0));
            double w = Math.max(2, x1 - x0);
            // Over the marker strips of the core's lanes (the context colours stay clean), a bar on top.
            double stripH = bandTop > 0 ? bandTop : laneH;
            for (int cpu = first; cpu <= lastCpu; cpu++) {
                g.fillRect(x0, laneY[cpu], w, stripH, fill);
                hits.add(x0, laneY[cpu], w, stripH, x);
            }
            g.fillRect(x0, laneY[first], w, 3, theme.secret());
        }
    }

    private void drawMarkers(DrawContext g, Simulation sim, TimelineIndex index, double[] laneY, double bandTop,
            Theme theme) {
        double fs = theme.fontSize();
        double size = fs * 0.75;
        EventKind[] kinds = TimelineIndex.MARKER_KINDS;
        int leak = kinds.length - 1;
        for (int cpu = 0; cpu < laneY.length; cpu++) {
            double by = laneY[cpu] + bandTop;
            double bh = laneH - bandTop;
            // Label room: leak labels are reserved first, then ASI exits claim theirs, then VM exits.
            List<double[]> taken = new ArrayList<>();
            if (labelStrips) {
                for (int i = index.firstMarkerAtOrAfter(cpu, leak, rangeStart); i < index.markers(cpu, leak)
                        && index.markerCycle(cpu, leak, i) <= rangeEnd; i++) {
                    double x = xOf(index.markerCycle(cpu, leak, i), 0);
                    double tw = pen.width(g, "LEAK", fs * 0.9, false, true);
                    double lx = Math.min(x + fs * 0.8, plotX + plotW - tw - fs * 0.2);
                    taken.add(new double[] {Math.min(x - fs * 0.8, lx) - fs * 0.3, lx + tw + fs * 0.3});
                }
            }
            for (int kind : new int[] {1, 2, 3, 4, 5, 0, 6}) {
                EventKind k = kinds[kind];
                // Glyphs closer than most of their width would pile up into a smear: one stands for them.
                double spacing = k == EventKind.LEAK ? 0 : k == EventKind.L1D_FLUSH || k == EventKind.VERW ? 3 : fs * 0.5;
                int n = index.markers(cpu, kind);
                int i = index.firstMarkerAtOrAfter(cpu, kind, rangeStart);
                double runStart = Double.NaN;
                double runEnd = Double.NaN;
                int runCount = 0;
                while (i < n) {
                    long c = index.markerCycle(cpu, kind, i);
                    if (c > rangeEnd) {
                        break;
                    }
                    double x = xOf(c, 0);
                    int seq = index.markerSeq(cpu, kind, i);
                    // Markers packed tighter than their glyphs become one bar ("too many to tell apart here").
                    if (spacing > 0 && runCount > 0 && x - runEnd <= spacing * 2) {
                        runEnd = x;
                        runCount++;
                    } else {
                        if (runCount > 0) {
                            drawDense(g, k, runStart, runEnd, runCount, by, bh, theme);
                        }
                        drawMarker(g, k, x, laneY[cpu], by, bh, theme);
                        if (labelStrips) {
                            label(g, sim, k, seq, x, laneY[cpu], taken, theme, size);
                        }
                        runStart = x;
                        runEnd = x;
                        runCount = 1;
                    }
                    // Jump past every marker this one stands for.
                    int next = spacing <= 0 ? i + 1 : index.firstMarkerAtOrAfter(cpu, kind, cycleAtExact(x + spacing) + 1);
                    i = Math.max(i + 1, next);
                }
                if (runCount > 0) {
                    drawDense(g, k, runStart, runEnd, runCount, by, bh, theme);
                }
            }
        }
    }

    private void label(DrawContext g, Simulation sim, EventKind k, int seq, double x, double laneTop,
            List<double[]> taken, Theme theme, double size) {
        double fs = theme.fontSize();
        if (k == EventKind.LEAK) {
            double tw = pen.width(g, "LEAK", fs * 0.9, false, true);
            double lx = Math.min(x + fs * 0.8, plotX + plotW - tw - fs * 0.2);
            g.fillRect(lx - fs * 0.2, laneTop, tw + fs * 0.4, fs * 1.25, theme.background());
            g.text("LEAK", lx, laneTop + fs * 1.0, theme.secret(), fs * 0.9, true, Align.LEFT);
            return;
        }
        if (k != EventKind.VM_EXIT && k != EventKind.ASI_EXIT) {
            return;
        }
        double lx = x + fs * 0.35;
        // Cheap test first: is there room at all before materialising the event's text?
        if (!clear(taken, lx, lx + fs * 3)) {
            return;
        }
        String text = k == EventKind.VM_EXIT ? exitReason(sim, seq) : asiExitLabel(sim, seq);
        if (text == null) {
            return;
        }
        double tw = pen.width(g, text, size, false, false);
        if (lx + tw > plotX + plotW || !clear(taken, lx, lx + tw)) {
            return;
        }
        g.text(text, lx, laneTop + fs * 0.95, Ink.event(theme, k), size, false, Align.LEFT);
        taken.add(new double[] {lx - fs * 0.2, lx + tw + fs * 0.6});
    }

    private static String asiExitLabel(Simulation sim, int seq) {
        return "ASI exit" + (sim.log().factOf(seq) instanceof EventFact.AsiExit x && x.region() != null
                ? ": " + x.region() : "");
    }

    private static boolean clear(List<double[]> taken, double x0, double x1) {
        for (double[] r : taken) {
            if (x1 > r[0] && x0 < r[1]) {
                return false;
            }
        }
        return true;
    }

    /** A run of markers too dense for glyphs (the first one was drawn as a glyph): a bar along the band. */
    private static void drawDense(DrawContext g, EventKind k, double x0, double x1, int count, double by, double bh,
            Theme theme) {
        if (count < 2 || x1 - x0 < 1) {
            return;
        }
        double t = Math.max(2, theme.fontSize() * 0.22);
        switch (k) {
            case VM_EXIT -> g.fillRect(x0, by, x1 - x0, t, theme.text());
            case ASI_EXIT -> g.fillRect(x0, by - t, x1 - x0, t, theme.hostFull());
            case L1D_FLUSH, VERW -> g.fillRect(x0, by + bh - t, x1 - x0, t, theme.accent());
            case STUN -> g.fillRect(x0, by + bh - t * 2, x1 - x0, t, theme.stunned());
            case TRANSIENT_LOAD -> g.fillRect(x0, by + bh / 2 - t / 2, x1 - x0, t, theme.hostUser());
            default -> {
            }
        }
    }

    /** Draws one marker glyph. */
    private void drawMarker(DrawContext g, EventKind k, double x, double laneTop, double by, double bh, Theme theme) {
        double fs = theme.fontSize();
        double r = fs * 0.32;
        switch (k) {
            case VM_EXIT -> g.fillPolygon(new double[] {x - r, x + r, x}, new double[] {by, by, by + r * 1.4},
                    theme.text());
            case ASI_EXIT -> {
                String c = theme.hostFull();
                double cy = by - r * 0.2;
                g.fillPolygon(new double[] {x - r * 1.2, x, x + r * 1.2, x}, new double[] {cy, cy - r * 1.2, cy, cy + r * 1.2},
                        c);
                g.line(x, by, x, by + bh, c, 1.5);
            }
            case L1D_FLUSH -> g.fillRect(x - 1.5, by - 2, 3, bh + 4, theme.accent());
            case VERW -> g.line(x, by + bh * 0.25, x, by + bh * 0.75, theme.accent(), 1);
            case STUN -> {
                g.fillRect(x - r, by + bh - r * 2.2, r * 2, r * 2, theme.stunned());
                g.strokeRect(x - r, by + bh - r * 2.2, r * 2, r * 2, theme.background(), 1);
            }
            case TRANSIENT_LOAD -> {
                g.fillOval(x - r, by + bh / 2 - r, r * 2, r * 2, theme.hostUser());
                g.strokeOval(x - r, by + bh / 2 - r, r * 2, r * 2, theme.background(), 1);
            }
            case LEAK -> {
                double big = fs * 0.75;
                g.line(x, laneTop, x, by + bh, theme.secret(), 3);
                g.fillPolygon(new double[] {x - big, x + big, x}, new double[] {laneTop, laneTop, laneTop + big * 1.6},
                        theme.secret());
            }
            default -> {
            }
        }
    }

    private static String exitReason(Simulation sim, int seq) {
        EventFact f = sim.log().factOf(seq);
        if (f instanceof EventFact.VmExit x) {
            return x.handler();
        }
        if (f instanceof EventFact.VmExitFact x) {
            return x.reason().map(VmxExitReason::linuxName).orElse("exit " + x.basicReason());
        }
        return null;
    }

    private void drawCursor(DrawContext g, SimSession s, double top, double bottom, Theme theme) {
        double fs = theme.fontSize();
        long hover = s.hoverCycleProperty().get();
        if (hover >= rangeStart && hover <= rangeEnd) {
            double hx = xOf(hover, 0);
            g.line(hx, top, hx, bottom, theme.mutedText(), 1);
        }
        long c = s.cycle();
        if (c < rangeStart || c > rangeEnd) {
            return;
        }
        double x = xOf(c, 0);
        g.line(x, top, x, bottom, theme.accent(), 2);
        String label = Fmt.cycles(c);
        double size = fs * 0.8;
        double lw = pen.chipWidth(g, label, size, true);
        double lx = Math.max(plotX, Math.min(plotX + plotW - lw, x - lw / 2));
        pen.chip(g, label, lx, top - size * 1.45, theme.accent(), size, true);
    }

    // ------------------------------------------------------------------ hit testing

    /**
     * On a lane: the event marker under the point (the nearest within a few pixels), else the lane at the
     * point's cycle, as an {@link AnchorKind#EVENT} anchor (CPU, cycle), so an annotation stays on that
     * moment of that CPU when the timeline is zoomed or scrolled. Elsewhere (axis, legend, gutter): nothing.
     */
    @Override
    public Optional<Anchor> anchorAt(double x, double y, double width, double height, SimSession session) {
        Object hit = hitTest(x, y, width, height, session);
        int cpu;
        long cycle;
        if (hit instanceof Event e && e.cpu() >= 0) {
            cpu = e.cpu();
            cycle = e.cycle();
        } else if (hit instanceof LanePoint p) {
            cpu = p.cpu();
            cycle = p.cycle();
        } else {
            return Optional.empty();
        }
        Anchor probe = Anchor.event(cpu, cycle, new Rect(0, 0, 1, 1));
        return locate(probe, width, height, session).map(b -> probe.withFallback(fraction(b, width, height)));
    }

    @Override
    public Object hitTest(double x, double y, double width, double height, SimSession session) {
        Object base = super.hitTest(x, y, width, height, session);
        Simulation sim = session == null ? null : session.simulation();
        if (sim == null || x < plotX || x > plotX + plotW || y < plotTop) {
            return base;
        }
        int cpus = lastCpus;
        TimelineIndex index = TimelineIndex.of(sim);
        int tpc = session.machine().spec().threadsPerCore();
        int cpu = -1;
        for (int c = 0; c < cpus; c++) {
            double ly = plotTop + c * (laneH + laneGap) + (c / tpc) * coreGap;
            if (y >= ly && y < ly + laneH) {
                cpu = c;
                break;
            }
        }
        if (cpu < 0) {
            return base;
        }
        // The nearest marker of this lane within a few pixels; a leak wins ties.
        long lo = cycleAt(x - PICK_RADIUS, width);
        long hi = cycleAt(x + PICK_RADIUS, width);
        int bestSeq = -1;
        double bestD = Double.MAX_VALUE;
        for (int kind = 0; kind < TimelineIndex.MARKER_KINDS.length; kind++) {
            boolean leak = TimelineIndex.MARKER_KINDS[kind] == EventKind.LEAK;
            for (int i = index.firstMarkerAtOrAfter(cpu, kind, lo); i < index.markers(cpu, kind)
                    && index.markerCycle(cpu, kind, i) <= hi; i++) {
                double d = Math.abs(xOf(index.markerCycle(cpu, kind, i), width) - x) - (leak ? PICK_RADIUS / 2 : 0);
                if (d < bestD) {
                    bestD = d;
                    bestSeq = index.markerSeq(cpu, kind, i);
                }
            }
        }
        if (bestSeq >= 0) {
            return sim.log().get(bestSeq);
        }
        long cycle = cycleAt(x, width);
        ExposureWindow exposure = null;
        for (ExposureWindow w : index.exposures()) {
            if (w.core() == cpu / tpc && w.startCycle() <= cycle && (w.endCycle() < 0 || cycle < w.endCycle())) {
                exposure = w;
                break;
            }
        }
        return new LanePoint(cpu, cycle, index.contextAt(cpu, cycle), exposure);
    }
}
