package dev.asiscope.ui;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.IntConsumer;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;

/**
 * Dispatches keys to the window's handlers through the {@link Action} table. Global actions are left to
 * their menu accelerators; the others run here when a key matches one of their combinations (the handler
 * gets the combination's index) or their typed characters.
 */
public final class Keymap {
    /** A key resolved to an action and which of its keys it was. */
    public record Hit(Action action, int index) {
    }

    private final Map<Action, IntConsumer> handlers = new EnumMap<>(Action.class);

    /** Binds {@code a} to {@code h} (which gets the index of the key used, e.g. the view for SHOW_VIEW). */
    public Keymap bind(Action a, IntConsumer h) {
        handlers.put(a, h);
        return this;
    }

    /** Binds {@code a} to {@code r}. */
    public Keymap bind(Action a, Runnable r) {
        return bind(a, i -> r.run());
    }

    /** The handler of {@code a}, or null when the window has none. */
    public IntConsumer handler(Action a) {
        return handlers.get(a);
    }

    /** The non-global action a pressed key triggers, or null. */
    public static Hit pressed(KeyEvent e) {
        for (Action a : Action.values()) {
            if (a.global()) {
                continue;
            }
            for (int i = 0; i < a.combos().size(); i++) {
                KeyCombination c = a.combos().get(i);
                if (c.match(e)) {
                    return new Hit(a, i);
                }
            }
        }
        return null;
    }

    /** The action a typed character triggers, or null. */
    public static Hit typed(String character) {
        for (Action a : Action.values()) {
            int i = a.typed().indexOf(character);
            if (i >= 0) {
                return new Hit(a, i);
            }
        }
        return null;
    }

    /** Runs the handler of {@code h}; false when the window binds none. */
    public boolean run(Hit h) {
        IntConsumer c = h == null ? null : handlers.get(h.action());
        if (c == null) {
            return false;
        }
        c.accept(h.index());
        return true;
    }
}
