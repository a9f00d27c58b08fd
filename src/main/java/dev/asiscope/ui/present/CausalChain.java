package dev.asiscope.ui.present;

import dev.asiscope.sim.engine.Leak;
import java.util.ArrayList;
import java.util.List;

/**
 * A leak's story as numbered steps a class can follow one key at a time: the secret in memory, its line
 * entering the L1D, the transient load, the probe line it touches, the recovered byte. Each step names the
 * view where it is seen and the cycle to show; the views outline the leak's parts (region, line, PTE frame
 * bits or Global bit) while it is selected. Derived from the engine's {@link Leak} only.
 */
public final class CausalChain {
    /** One step: its number (1-based), the view that shows it, the cycle to show it at, and its caption. */
    public record Step(int number, String viewId, long cycle, String title, String text) {
    }

    private CausalChain() {
    }

    /** The steps of {@code leak}, in causal order. */
    public static List<Step> of(Leak leak) {
        List<Step> out = new ArrayList<>();
        Leak.LineSource src = leak.source();
        String line = String.format("0x%x", leak.physicalAddress() & ~63L);
        String byteText = String.format("0x%02x", leak.value());
        out.add(new Step(1, "address-spaces", src == null ? leak.transientCycle() : src.cycle(), "The secret in memory",
                "'" + leak.victimLabel() + "' lives at physical " + String.format("0x%x", leak.physicalAddress())
                        + ". Compare the tables: which of them map it?"));
        if (src != null) {
            out.add(new Step(2, "caches", src.cycle(), "Its line enters the cache",
                    "cycle " + String.format("%,d", src.cycle()) + ": cpu" + src.cpu() + " (" + src.context() + ", table "
                            + src.addressSpace() + ") brings line " + line + " into the core's L1D"
                            + (src.cause() == null || src.cause().isBlank() ? "" : " (" + src.cause() + ")") + "."));
        }
        out.add(new Step(out.size() + 1, "page-walk", leak.transientCycle(), "The transient load",
                "cycle " + String.format("%,d", leak.transientCycle()) + ": " + leak.attackerDomain() + " on cpu"
                        + leak.attackerCpu() + " loads through " + transientHow(leak.mechanism())
                        + "; before the fault, the value reaches the next instructions."));
        out.add(new Step(out.size() + 1, "caches", leak.transientCycle(), "The probe line",
                "the dependent load touches probe line " + byteText + " (one of 256, 4 KiB apart): the byte is now"
                        + " written in which line is cached."));
        out.add(new Step(out.size() + 1, "timeline", leak.reloadCycle(), "The recovered byte",
                "cycle " + String.format("%,d", leak.reloadCycle()) + ": timing the probe lines finds " + byteText
                        + " fast. Missing: " + leak.missingMitigation() + "."));
        return List.copyOf(out);
    }

    private static String transientHow(Leak.Mechanism m) {
        return switch (m) {
            case L1TF -> "a not-present PTE whose frame bits name the secret's physical address (L1TF)";
            case MDS -> "a faulting load served from a fill buffer (MDS)";
            case MELTDOWN -> "a supervisor-only kernel mapping from user mode (Meltdown)";
            case SPECTRE_V1 -> "a mispredicted bounds check (Spectre v1)";
        };
    }
}
