package dev.asiscope.ui.present;

import dev.asiscope.scenario.EventText;
import dev.asiscope.sim.engine.Leak;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.engine.Simulation;
import dev.asiscope.ui.annotate.Anchor;
import dev.asiscope.ui.annotate.Rect;
import dev.asiscope.ui.views.Highlight;
import dev.asiscope.ui.views.LeakParts;
import java.util.ArrayList;
import java.util.List;

/**
 * A leak's story as numbered steps a class can follow one key at a time: the secret in memory, its line
 * entering the L1D, the transient load, the probe line it touches, the recovered byte. Each step names the
 * view where it is seen, the cycle to show, and the thing in that view the step points at (the secret's
 * region, its L1D line, the walked page-table entry, the probe line, the leak's marker on the timeline), so
 * the chain can be drawn as arrows across the views; the views outline the leak's parts (region, line, PTE
 * frame bits or Global bit) while it is selected. Derived from the engine's {@link Leak} and run only.
 */
public final class CausalChain {
    /** Where a step points when its view cannot say: the whole view. */
    private static final Rect WHOLE_VIEW = new Rect(0, 0, 1, 1);

    /**
     * One step: its number (1-based), the view that shows it, the cycle to show it at, its caption, and the
     * thing it points at in that view (null when the view has nothing to point at).
     */
    public record Step(int number, String viewId, long cycle, String title, String text, Anchor anchor) {
    }

    private CausalChain() {
    }

    /**
     * The steps of {@code leak}, in causal order, each pointing at its part (found in the {@code run}'s
     * machine at the transient load: the core of each CPU, the walked page-table entry, the probe array).
     * Without a run only the region and the timeline marker are pointed at.
     */
    public static List<Step> of(Leak leak, Simulation run) {
        List<Step> out = new ArrayList<>();
        Leak.LineSource src = leak.source();
        long secretLine = leak.physicalAddress() & ~63L;
        String line = String.format("0x%x", secretLine);
        String byteText = String.format("0x%02x", leak.value());
        Machine atLoad = run == null ? null : run.stateAt(leak.transientCycle());
        int attackerCore = atLoad == null ? -1 : Highlight.attackerCore(leak, atLoad);
        out.add(new Step(1, "address-spaces", src == null ? leak.transientCycle() : src.cycle(), "The secret in memory",
                "'" + leak.victimLabel() + "' lives at physical " + String.format("0x%x", leak.physicalAddress())
                        + ". Compare the tables: which of them map it?",
                Anchor.region(leak.physicalAddress(), WHOLE_VIEW)));
        if (src != null) {
            int core = atLoad == null ? -1 : atLoad.cpu(src.cpu()).core();
            out.add(new Step(2, "caches", src.cycle(), "Its line enters the cache",
                    "cycle " + String.format("%,d", src.cycle()) + ": cpu" + src.cpu() + " (" + EventText.fillContext(src.context(), src.handler())
                            + ", table " + EventText.space(src.addressSpace()) + ") brings line " + line + " into the core's L1D"
                            + (src.cause() == null || src.cause().isBlank() ? "" : " (" + src.cause() + ")") + ".",
                    core < 0 ? null : Anchor.cacheLine(core, secretLine, WHOLE_VIEW)));
        }
        long entry = atLoad == null ? -1 : LeakParts.walkedEntry(leak, atLoad);
        out.add(new Step(out.size() + 1, "page-walk", leak.transientCycle(), "The transient load",
                "cycle " + String.format("%,d", leak.transientCycle()) + ": " + leak.attackerDomain() + " on cpu"
                        + leak.attackerCpu() + " loads through " + transientHow(leak.mechanism()) + " ("
                        + EventText.title(leak.mechanism()) + ")"
                        + "; before the fault, the value reaches the next instructions.",
                entry < 0 ? null : Anchor.pte(entry, WHOLE_VIEW)));
        long probe = atLoad == null ? -1 : LeakParts.probeLine(leak, atLoad);
        out.add(new Step(out.size() + 1, "caches", leak.transientCycle(), "The probe line",
                "the dependent load touches probe line " + byteText + " (one of 256, 4 KiB apart): the byte is now"
                        + " written in which line is cached.",
                attackerCore < 0 ? null : probe >= 0 ? Anchor.cacheLine(attackerCore, probe, WHOLE_VIEW)
                        : Anchor.core(attackerCore, WHOLE_VIEW)));
        out.add(new Step(out.size() + 1, "timeline", leak.reloadCycle(), "The recovered byte",
                "cycle " + String.format("%,d", leak.reloadCycle()) + ": timing the probe lines finds " + byteText
                        + " fast. Missing: " + EventText.missing(leak.missingMitigation()) + ".",
                leak.attackerCpu() < 0 ? null : Anchor.event(leak.attackerCpu(), leak.reloadCycle(), WHOLE_VIEW)));
        return List.copyOf(out);
    }

    private static String transientHow(Leak.Mechanism m) {
        return switch (m) {
            case L1TF -> "a not-present PTE whose frame bits name the secret's physical address";
            case MDS -> "a faulting load served from a fill buffer";
            case MELTDOWN -> "a supervisor-only kernel mapping from user mode";
            case SPECTRE_V1 -> "a mispredicted bounds check";
        };
    }
}
