package dev.asiscope.ui;

import java.util.List;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/**
 * Every command of the window, once: its menu, its name, its keys and what it does. The menus, the key
 * handling ({@link Keymap}), the shortcut card ({@link ShortcutOverlay}) and the shortcuts section of
 * docs/user-guide.md ({@link #markdownTable()}) are all made from this table, so they cannot disagree.
 *
 * <p>A key is either a key combination pressed ({@link #combos()}) or a character typed ({@link #typed()},
 * for keys such as ? and + whose key code depends on the keyboard layout). Actions marked
 * {@link #global()} also work while a text field has the keyboard (they carry modifiers or are function
 * keys, which text fields do not use) and are menu accelerators; the others are handled by the window
 * only when no text field has the keyboard.
 */
public enum Action {
    OPEN("File", "Open\u2026", "Ctrl+O", "open a scenario file (or drop one on the window)", true, combo(KeyCode.O, true, false)),
    RELOAD("File", "Reload", "F5", "re-read the scenario file, keeping the policy and the cursor", true, combo(KeyCode.F5, false, false)),
    SAVE_WORKSPACE("File", "Save workspace", "Ctrl+S", "save annotations, breakpoints and layout beside the scenario", true, combo(KeyCode.S, true, false)),
    EXPORT_VIEW_PNG("File", "Export view as PNG\u2026", "", "the selected view as a PNG image", false),
    EXPORT_VIEW_SVG("File", "Export view as SVG\u2026", "", "the selected view as SVG", false),
    EXPORT_WINDOW_PNG("File", "Export window as PNG\u2026", "", "every view as one PNG image", false),
    COPY_VIEW("File", "Copy view to clipboard", "Ctrl+Shift+C", "the selected view as an image and as SVG", true, combo(KeyCode.C, true, true)),
    QUIT("File", "Quit", "Ctrl+Q", "close the window", true, combo(KeyCode.Q, true, false)),

    STEP_FORWARD("Navigate", "Step forward", "Space", "step forward by the step unit (cycle, event or caption); guided mode: the next caption", false, combo(KeyCode.SPACE, false, false)),
    STEP_BACK("Navigate", "Step back", "Shift+Space", "step back by the step unit; guided mode: the previous caption", false, shift(KeyCode.SPACE)),
    NEXT_EVENT("Navigate", "Next event", "Right", "next event of the kinds chosen in Navigate (guided mode: step forward)", false, combo(KeyCode.RIGHT, false, false)),
    PREVIOUS_EVENT("Navigate", "Previous event", "Left", "previous event (guided mode: step back)", false, combo(KeyCode.LEFT, false, false)),
    CONTINUE("Navigate", "Continue to breakpoint", "Ctrl+Right", "continue to the next breakpoint", false, combo(KeyCode.RIGHT, true, false)),
    REVERSE_CONTINUE("Navigate", "Reverse-continue to breakpoint", "Ctrl+Left", "reverse-continue to the previous breakpoint", false, combo(KeyCode.LEFT, true, false)),
    RUN_PAUSE("Navigate", "Run / pause", "R", "run or pause at the chosen speed", false, combo(KeyCode.R, false, false)),
    HOME("Navigate", "Start of the run", "Home", "cursor to cycle 0", false, combo(KeyCode.HOME, false, false)),
    END("Navigate", "End of the run", "End", "cursor to the last cycle", false, combo(KeyCode.END, false, false)),
    NEXT_CAPTION("Navigate", "Next caption", "Page Down", "next narration caption", false, combo(KeyCode.PAGE_DOWN, false, false)),
    PREVIOUS_CAPTION("Navigate", "Previous caption", "Page Up", "previous narration caption", false, combo(KeyCode.PAGE_UP, false, false)),
    GO_TO_CYCLE("Navigate", "Go to cycle\u2026", "G", "focus the cycle field; Enter goes", false, combo(KeyCode.G, false, false)),
    STOP("Navigate", "Stop", "Escape", "pause a run; cancel a simulation in progress; close the shortcut card; leave a text field", false, combo(KeyCode.ESCAPE, false, false)),

    NEXT_THEME("View", "Next theme", "T", "light, dark, projector", false, combo(KeyCode.T, false, false)),
    ZOOM_IN("View", "Zoom in", "+", "zoom in (50-200%)", false, List.of(combo(KeyCode.ADD, false, false)), List.of("+", "=")),
    ZOOM_OUT("View", "Zoom out", "-", "zoom out", false, List.of(combo(KeyCode.SUBTRACT, false, false)), List.of("-")),
    ZOOM_RESET("View", "Zoom 100%", "0", "zoom 100%", false, combo(KeyCode.DIGIT0, false, false), combo(KeyCode.NUMPAD0, false, false)),
    SHOW_VIEW("View", "Show one view alone", "1 ... 6", "cores, caches, address spaces, page walk, page tables, timeline alone; again (or double-click) to restore", false,
            combo(KeyCode.DIGIT1, false, false), combo(KeyCode.DIGIT2, false, false), combo(KeyCode.DIGIT3, false, false),
            combo(KeyCode.DIGIT4, false, false), combo(KeyCode.DIGIT5, false, false), combo(KeyCode.DIGIT6, false, false)),
    PRESENT("View", "Presentation mode", "P or F11", "full screen for a lecture hall: two views, stepping bar, caption and leak counter in large type; P, F11 or Escape leaves", false,
            combo(KeyCode.P, false, false), combo(KeyCode.F11, false, false)),
    CAUSAL_CHAIN("View", "Causal chain, next step", "K", "the leak's story one step per press, in presentation mode: secret, L1D line, transient load, probe line, byte", false,
            combo(KeyCode.K, false, false)),
    COMPARE("View", "Compare two policies", "C", "comparison mode on / off", false, combo(KeyCode.C, false, false)),
    GUIDED("View", "Guided mode", "M", "guided mode on / off (narrated scenarios open in it): Space goes caption to caption, Run takes about a minute", false, combo(KeyCode.M, false, false)),
    EVENTS("View", "Events table", "E", "the Events tab, keyboard in the table", false, combo(KeyCode.E, false, false)),
    LEAKS("View", "Leaks", "L", "the Leaks tab, first leak selected", false, combo(KeyCode.L, false, false)),
    BREAKPOINTS("View", "Breakpoints", "B", "the Breakpoints tab", false, combo(KeyCode.B, false, false)),
    FILTER_EVENTS("View", "Filter events", "/", "the Events tab, keyboard in its text filter", false, List.of(), List.of("/")),
    ANNOTATE("View", "Annotate", "A", "annotate the selected view on / off", false, combo(KeyCode.A, false, false)),
    UNDO("View", "Undo annotation", "Ctrl+Z", "undo an annotation edit", false, combo(KeyCode.Z, true, false)),
    REDO("View", "Redo annotation", "Ctrl+Y", "redo an annotation edit (also Ctrl+Shift+Z)", false, combo(KeyCode.Y, true, false),
            combo(KeyCode.Z, true, true)),
    WHAT_IF("View", "What if\u2026", "", "edit the entry selected in the page-table view and see the run change beside the original", false),

    SHORTCUTS("Help", "Keyboard shortcuts", "F1 or ?", "show the shortcut card; any key or click closes it", false,
            List.of(combo(KeyCode.F1, false, false)), List.of("?"));

    /** The menus, in menu-bar order. */
    public static final List<String> MENUS = List.of("File", "View", "Navigate", "Help");

    private final String menu;
    private final String title;
    private final String keys;
    private final String description;
    private final boolean global;
    private final List<KeyCombination> combos;
    private final List<String> typed;

    Action(String menu, String title, String keys, String description, boolean global, KeyCombination... combos) {
        this(menu, title, keys, description, global, List.of(combos), List.of());
    }

    Action(String menu, String title, String keys, String description, boolean global, List<KeyCombination> combos,
            List<String> typed) {
        this.menu = menu;
        this.title = title;
        this.keys = keys;
        this.description = description;
        this.global = global;
        this.combos = combos;
        this.typed = typed;
    }

    /** {@code k} with Ctrl (Cmd on macOS) and Shift down or up as given, Alt up. */
    private static KeyCombination combo(KeyCode k, boolean shortcut, boolean shift) {
        List<KeyCombination.Modifier> m = new java.util.ArrayList<>();
        if (shortcut) {
            m.add(KeyCombination.SHORTCUT_DOWN);
        }
        if (shift) {
            m.add(KeyCombination.SHIFT_DOWN);
        }
        return new KeyCodeCombination(k, m.toArray(KeyCombination.Modifier[]::new));
    }

    private static KeyCombination shift(KeyCode k) {
        return combo(k, false, true);
    }

    public String menu() {
        return menu;
    }

    /** The name in the menu and on the card. */
    public String title() {
        return title;
    }

    /** The keys as shown to people ("Ctrl+Right", "F1 or ?"), empty when the action has none. */
    public String keys() {
        return keys;
    }

    public String description() {
        return description;
    }

    /** True for menu accelerators that work even while a text field has the keyboard. */
    public boolean global() {
        return global;
    }

    /** Key combinations that trigger the action (the index tells which, e.g. which view for SHOW_VIEW). */
    public List<KeyCombination> combos() {
        return combos;
    }

    /** Characters that trigger it when typed. */
    public List<String> typed() {
        return typed;
    }

    /** The id used for its menu item: {@code action-step-forward}. */
    public String id() {
        return "action-" + name().toLowerCase().replace('_', '-');
    }

    /** The actions that have keys, in table order (the card and the guide list these). */
    public static List<Action> markdownRows() {
        return java.util.Arrays.stream(values()).filter(a -> !a.keys.isEmpty()).toList();
    }

    /** The shortcuts section of docs/user-guide.md: every action with keys, as a Markdown table. */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder("| Keys | Menu | Action | What it does |\n| --- | --- | --- | --- |\n");
        for (Action a : markdownRows()) {
            sb.append("| ").append(a.keys.replace("|", "\\|")).append(" | ").append(a.menu).append(" | ")
                    .append(a.title.replace("\u2026", "...")).append(" | ").append(a.description).append(" |\n");
        }
        return sb.toString();
    }
}
