package dev.asiscope.ui.views;

import dev.asiscope.sim.security.Context;
import dev.asiscope.sim.security.ContextKind;
import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.ui.core.Theme;
import java.util.HashMap;
import java.util.Map;

/** Colour decisions shared by the views; everything comes from the {@link Theme}. */
final class Ink {
    private static final Map<String, String> ALPHA = new HashMap<>();
    private static final Map<String, String> CONTRAST = new HashMap<>();
    private static final Map<String, String> MIX = new HashMap<>();

    private Ink() {
    }

    /** The colour of a context kind (lanes, core boxes, legends). */
    static String context(Theme t, ContextKind k) {
        return switch (k) {
            case GUEST_USER, GUEST_KERNEL -> t.guest();
            case HOST_KERNEL_RESTRICTED -> t.hostRestricted();
            case HOST_KERNEL_FULL -> t.hostFull();
            case HOST_USER -> t.hostUser();
            case IDLE -> t.idle();
            case STUNNED -> t.stunned();
            case OFFLINE -> t.offline();
        };
    }

    static String context(Theme t, Context c) {
        return context(t, c.kind());
    }

    /** Short legend names of the context kinds, in legend order. */
    static String contextTitle(ContextKind k) {
        return switch (k) {
            case GUEST_USER -> "guest user";
            case GUEST_KERNEL -> "guest";
            case HOST_KERNEL_RESTRICTED -> "host kernel, restricted (ASI)";
            case HOST_KERNEL_FULL -> "host kernel, full table";
            case HOST_USER -> "host user";
            case IDLE -> "idle";
            case STUNNED -> "stunned";
            case OFFLINE -> "offline (nosmt)";
        };
    }

    /** The colour of an event kind's marker (timeline) and name (event lists). */
    static String event(Theme t, EventKind k) {
        return switch (k) {
            case VM_EXIT, VM_ENTRY -> t.text();
            case ASI_EXIT -> t.hostFull();
            case ASI_ENTER, ASI_RELAX -> t.hostRestricted();
            case L1D_FLUSH, VERW, CLFLUSH, TLB_FLUSH -> t.accent();
            case STUN, UNSTUN -> t.stunned();
            case TRANSIENT_LOAD, SQUASH, PROBE_RELOAD -> t.hostUser();
            case LEAK, EXPOSURE_START, EXPOSURE_END -> t.secret();
            default -> t.mutedText();
        };
    }

    /** {@code #rrggbb} with an alpha byte appended ({@code #rrggbbaa}). */
    static String alpha(String color, int alpha) {
        String key = color + alpha;
        String c = ALPHA.get(key);
        if (c == null) {
            String base = color.length() >= 7 ? color.substring(0, 7) : color;
            c = base + hex2(alpha);
            ALPHA.put(key, c);
        }
        return c;
    }

    /** Black or white, whichever reads better on {@code background}. */
    static String onColor(String background) {
        String c = CONTRAST.get(background);
        if (c == null) {
            int rgb = rgb(background);
            double l = luminance(rgb);
            // Contrast ratio against black (l+0.05)/0.05 vs white 1.05/(l+0.05).
            c = (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? "#000000" : "#ffffff";
            CONTRAST.put(background, c);
        }
        return c;
    }

    /** {@code a} blended towards {@code b} by {@code f} (0 = a, 1 = b). */
    static String mix(String a, String b, double f) {
        String key = a + b + f;
        String c = MIX.get(key);
        if (c == null) {
            int x = rgb(a);
            int y = rgb(b);
            int r = (int) Math.round(((x >> 16) & 0xff) * (1 - f) + ((y >> 16) & 0xff) * f);
            int gr = (int) Math.round(((x >> 8) & 0xff) * (1 - f) + ((y >> 8) & 0xff) * f);
            int bl = (int) Math.round((x & 0xff) * (1 - f) + (y & 0xff) * f);
            c = "#" + hex2(r) + hex2(gr) + hex2(bl);
            MIX.put(key, c);
        }
        return c;
    }

    /** Whether a theme is dark (light text on dark background). */
    static boolean dark(Theme t) {
        return luminance(rgb(t.background())) < 0.3;
    }

    private static String hex2(int v) {
        String s = Integer.toHexString(v & 0xff);
        return s.length() == 1 ? "0" + s : s;
    }

    static int rgb(String color) {
        String h = color.startsWith("#") ? color.substring(1) : color;
        if (h.length() == 3) {
            h = "" + h.charAt(0) + h.charAt(0) + h.charAt(1) + h.charAt(1) + h.charAt(2) + h.charAt(2);
        }
        return Integer.parseInt(h.substring(0, 6), 16);
    }

    private static double luminance(int rgb) {
        return 0.2126 * lin((rgb >> 16) & 0xff) + 0.7152 * lin((rgb >> 8) & 0xff) + 0.0722 * lin(rgb & 0xff);
    }

    private static double lin(int c) {
        double s = c / 255.0;
        return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    }
}
