package dev.asiscope.ui.views;

import dev.asiscope.ui.core.Theme;
import dev.asiscope.sim.security.DataLabel;
import dev.asiscope.sim.security.SecurityDomain;

/**
 * The classes of security labels the views colour by. A label is the security domain of a line's data
 * ({@code host-secret}, {@code host-kernel-sensitive}, {@code vm:1}, ...); the class decides its colour so
 * that a secret is unmistakable on every view and every theme.
 */
public enum LabelClass {
    /** The crown jewel: any label naming a secret ({@code host-secret}). Drawn with a bold outline. */
    SECRET("secret"),
    /** Sensitive host kernel data (mapped only in the full kernel table). */
    SENSITIVE("host sensitive"),
    /** Host data every restricted space may map. */
    NON_SENSITIVE("host non-sensitive"),
    /** A VM's data. */
    VM_DATA("VM data"),
    /** A host process's data. */
    PROCESS_DATA("process data"),
    /** Memory nobody labelled. */
    UNLABELLED("unlabelled"),
    /** No line. */
    EMPTY("empty");

    private final String title;

    LabelClass(String title) {
        this.title = title;
    }

    /** Legend text. */
    public String title() {
        return title;
    }

    /** The class of {@code label}; null means {@link #EMPTY}. */
    public static LabelClass of(DataLabel label) {
        return label == null ? EMPTY : of(label.name());
    }

    /** The class of {@code label}; null means {@link #EMPTY}. Unknown labels count as sensitive host data. */
    public static LabelClass of(String label) {
        if (label == null) {
            return EMPTY;
        }
        if (label.contains("secret")) {
            return SECRET;
        }
        DataLabel l = DataLabel.of(label);
        if (l.domain() instanceof SecurityDomain.Vm) {
            return VM_DATA;
        }
        if (l.domain() instanceof SecurityDomain.Process) {
            return PROCESS_DATA;
        }
        if (l == DataLabel.UNLABELLED) {
            return UNLABELLED;
        }
        return l.isSecret() ? SENSITIVE : NON_SENSITIVE;
    }

    /** This class's fill colour in {@code theme}. */
    public String color(Theme theme) {
        return switch (this) {
            case SECRET -> theme.secret();
            case SENSITIVE -> theme.sensitive();
            case NON_SENSITIVE -> theme.nonSensitive();
            case VM_DATA -> theme.vmData();
            case PROCESS_DATA -> theme.processData();
            case UNLABELLED -> theme.grid();
            case EMPTY -> theme.empty();
        };
    }
}
