package dev.asiscope.ui.export;

import static dev.asiscope.ui.export.ExportFixtures.fx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.ui.core.Theme;
import java.util.List;
import javafx.scene.image.Image;
import javafx.scene.input.Clipboard;
import javafx.scene.input.DataFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The window's "Copy picture": an image and the SVG text on the clipboard. */
class ExportClipboardTest {
    @BeforeAll
    static void startToolkit() throws Exception {
        ExportFixtures.startFx();
    }

    @Test
    void copiesTheImageAndTheSvg() throws Exception {
        LoadedScenario s = ExportFixtures.scenario();
        Object[] got = fx(() -> {
            ExportRequest r = ExportRequest.of(s, null, ExportFixtures.session(s),
                    List.of(StandardViews.byId("cores").orElseThrow()), false, 400, 300, Theme.LIGHT, List.of(), false);
            ViewExporter.copyToClipboard(r, 2);
            Clipboard cb = Clipboard.getSystemClipboard();
            return new Object[] {cb.getImage(), cb.getContent(DataFormat.lookupMimeType("image/svg+xml"))};
        });
        Image img = (Image) got[0];
        assertEquals(800, img.getWidth());
        assertEquals(600, img.getHeight());
        assertTrue(String.valueOf(got[1]).contains("<svg"), String.valueOf(got[1]));
    }
}
