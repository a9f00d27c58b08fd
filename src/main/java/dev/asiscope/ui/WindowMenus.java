package dev.asiscope.ui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;

/**
 * The menu bar, made from the {@link Action} table: one item per action in its menu, named as in the
 * table, with its keys (global actions as accelerators, the others shown after the name), running the
 * handler bound in the {@link Keymap}. On/off actions become check items bound to their toggle. The few
 * menus that list things rather than actions (recent files, samples, themes, event kinds) are inserted
 * where the caller says.
 */
public final class WindowMenus {
    private WindowMenus() {
    }

    /**
     * @param keymap   the handlers
     * @param toggles  the state of the on/off actions (compare, guided, annotate)
     * @param extras   menus inserted before the first action of an action: e.g. Open recent before RELOAD
     * @param viewTitles titles of the views the SHOW_VIEW keys pick, in key order
     */
    public static MenuBar build(Keymap keymap, Map<Action, BooleanProperty> toggles, Map<Action, List<MenuItem>> extras,
            List<String> viewTitles) {
        Map<String, Menu> menus = new LinkedHashMap<>();
        for (String name : Action.MENUS) {
            Menu m = new Menu(name);
            m.setId("menu" + name);
            menus.put(name, m);
        }
        String lastMenu = null;
        Action previous = null;
        for (Action a : Action.values()) {
            Menu m = menus.get(a.menu());
            if (previous != null && a.menu().equals(lastMenu) && startsGroup(a)) {
                m.getItems().add(new SeparatorMenuItem());
            }
            m.getItems().addAll(extras.getOrDefault(a, List.of()));
            m.getItems().add(item(a, keymap, toggles.get(a), viewTitles));
            lastMenu = a.menu();
            previous = a;
        }
        MenuBar bar = new MenuBar(menus.values().toArray(Menu[]::new));
        bar.setId("menuBar");
        return bar;
    }

    /** Separators: before saving, exporting and quitting; before the view-layout and annotation groups. */
    private static boolean startsGroup(Action a) {
        return a == Action.SAVE_WORKSPACE || a == Action.EXPORT_VIEW_PNG || a == Action.QUIT || a == Action.SHOW_VIEW
                || a == Action.EVENTS || a == Action.ANNOTATE || a == Action.CONTINUE || a == Action.NEXT_CAPTION;
    }

    private static MenuItem item(Action a, Keymap keymap, BooleanProperty toggle, List<String> viewTitles) {
        String text = a.title() + (a.global() || a.keys().isEmpty() ? "" : "  (" + a.keys() + ")");
        if (a == Action.SHOW_VIEW) {
            Menu views = new Menu(text);
            views.setId(a.id());
            for (int i = 0; i < viewTitles.size() && i < a.combos().size(); i++) {
                int index = i;
                MenuItem v = new MenuItem((i + 1) + "  " + viewTitles.get(i));
                v.setMnemonicParsing(false);
                v.setOnAction(e -> keymap.run(new Keymap.Hit(a, index)));
                views.getItems().add(v);
            }
            return views;
        }
        MenuItem m;
        if (toggle != null) {
            CheckMenuItem c = new CheckMenuItem(text);
            c.selectedProperty().bindBidirectional(toggle);
            m = c;
        } else {
            m = new MenuItem(text);
            m.setOnAction(e -> keymap.run(new Keymap.Hit(a, 0)));
        }
        m.setId(a.id());
        m.setMnemonicParsing(false);
        if (a.global() && !a.combos().isEmpty()) {
            m.setAccelerator(a.combos().get(0));
        }
        return m;
    }
}
