package dev.asiscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.ui.export.StandardViews;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * One table of actions: every action is in its menu under its name, its keys reach its handler (and no
 * other action's), the shortcut card lists it, and the shortcuts section of docs/user-guide.md is the
 * table's own rendering.
 */
@ExtendWith(ApplicationExtension.class)
class ActionTableTest {
    MainWindow window;

    @Start
    void start(Stage stage) {
        window = WindowFixture.show(stage, BuiltInScenarios.defaultScenario(), StandardViews.all());
    }

    @Test
    void everyActionIsInItsMenuWithItsKeys(FxRobot robot) {
        MenuBar bar = robot.lookup("#menuBar").queryAs(MenuBar.class);
        List<String> menus = bar.getMenus().stream().map(Menu::getText).toList();
        assertEquals(Action.MENUS, menus);
        for (Action a : Action.values()) {
            Menu menu = bar.getMenus().get(Action.MENUS.indexOf(a.menu()));
            MenuItem item = find(menu, a.id());
            assertNotNull(item, a + " in the " + a.menu() + " menu");
            assertTrue(item.getText().startsWith(a.title()), item.getText());
            if (a.global()) {
                assertEquals(a.combos().get(0), item.getAccelerator(), a + " accelerator");
            } else if (!a.keys().isEmpty()) {
                assertTrue(item.getText().endsWith("(" + a.keys() + ")"), item.getText());
            }
            assertNotNull(window.keymap().handler(a), a + " has a handler in the window");
        }
    }

    private static MenuItem find(Menu m, String id) {
        for (MenuItem i : m.getItems()) {
            if (id.equals(i.getId())) {
                return i;
            }
            if (i instanceof Menu sub && find(sub, id) != null) {
                return find(sub, id);
            }
        }
        return null;
    }

    @Test
    void eachKeyReachesExactlyItsAction() {
        Set<String> seen = new HashSet<>();
        for (Action a : Action.values()) {
            for (int i = 0; i < a.combos().size(); i++) {
                KeyCodeCombination c = (KeyCodeCombination) a.combos().get(i);
                assertTrue(seen.add(c.getName()), "one action per key: " + c.getName());
                KeyEvent e = new KeyEvent(KeyEvent.KEY_PRESSED, "", "", c.getCode(),
                        c.getShift() == KeyCombination.ModifierValue.DOWN, c.getShortcut() == KeyCombination.ModifierValue.DOWN,
                        false, false);
                Keymap.Hit hit = Keymap.pressed(e);
                if (a.global()) {
                    assertTrue(hit == null, "global keys are menu accelerators, not window keys: " + c.getName());
                } else {
                    assertNotNull(hit, c.getName());
                    assertEquals(a, hit.action(), c.getName());
                    assertEquals(i, hit.index());
                }
            }
            for (int i = 0; i < a.typed().size(); i++) {
                assertTrue(seen.add("typed " + a.typed().get(i)), "one action per character: " + a.typed().get(i));
                assertEquals(new Keymap.Hit(a, i), Keymap.typed(a.typed().get(i)));
            }
        }
    }

    @Test
    void pressingTheKeysRunsTheActions(FxRobot robot) {
        robot.interact(() -> window.root().requestFocus());
        robot.type(KeyCode.T);
        assertEquals("dark", window.appearance().theme().id());
        robot.type(KeyCode.DIGIT2);
        assertEquals("caches", window.maximizedView().view().id());
        robot.type(KeyCode.DIGIT2);
        assertEquals(null, window.maximizedView());
        robot.write("?");
        assertTrue(window.shortcutsShowing());
        robot.type(KeyCode.ESCAPE);
        assertFalse(window.shortcutsShowing());
        robot.write("/");
        Node focus = window.root().getScene().getFocusOwner();
        assertEquals("textFilter", focus.getId());
        robot.type(KeyCode.ESCAPE);
        robot.interact(() -> window.appearance().setTheme("light"));
    }

    @Test
    void theCardListsEveryActionWithKeys(FxRobot robot) {
        List<String> shown = new ArrayList<>();
        robot.interact(() -> window.showShortcuts(true)); // the card is made when first shown
        robot.lookup("#shortcutOverlay .shortcut-key").queryAllAs(Label.class).forEach(l -> shown.add(l.getText()));
        assertEquals(Action.markdownRows().stream().map(Action::keys).toList(), shown);
        robot.interact(() -> window.showShortcuts(false));
    }

    @Test
    void theUserGuideShortcutsSectionIsTheTable() throws Exception {
        String guide = Files.readString(Path.of("docs/user-guide.md"));
        String begin = "<!-- shortcuts:begin (generated from dev.asiscope.ui.Action; keep in step) -->\n";
        int a = guide.indexOf(begin);
        int b = guide.indexOf("<!-- shortcuts:end -->");
        assertTrue(a >= 0 && b > a, "docs/user-guide.md has the generated shortcuts section");
        assertEquals(Action.markdownTable(), guide.substring(a + begin.length(), b),
                "regenerate the section from Action.markdownTable()");
    }
}
