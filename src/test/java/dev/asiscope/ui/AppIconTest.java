package dev.asiscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import javafx.scene.image.Image;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/** The window and taskbar icon comes from assets/asiscope.png, packaged in the jar. */
class AppIconTest {
    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void theIconIsTheAssetsImage() {
        List<Image> icons = AsiscopeApp.appIcons();
        assertEquals(1, icons.size(), "assets/asiscope.png is on the class path");
        assertEquals(512, icons.get(0).getWidth());
        assertEquals(512, icons.get(0).getHeight());
    }
}
