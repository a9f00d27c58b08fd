package dev.asiscope.ui.export;

import static dev.asiscope.ui.export.ExportFixtures.fx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import dev.asiscope.ui.annotate.Attachment;
import dev.asiscope.ui.annotate.RectHighlight;
import dev.asiscope.ui.annotate.Style;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.NodeList;

/** PNG export: size and scale, tEXt provenance read back with ImageIO, sharp scaling, tiling. */
class ExportPngTest {
    @BeforeAll
    static void startToolkit() throws Exception {
        ExportFixtures.startFx();
    }

    /** tEXt keyword -> value, read back with ImageIO's PNG metadata. */
    static Map<String, String> textChunks(byte[] png) throws Exception {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(png))) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
            reader.setInput(in);
            IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_png_1.0");
            Map<String, String> out = new HashMap<>();
            NodeList entries = root.getElementsByTagName("tEXtEntry");
            for (int i = 0; i < entries.getLength(); i++) {
                IIOMetadataNode e = (IIOMetadataNode) entries.item(i);
                out.put(e.getAttribute("keyword"), e.getAttribute("value"));
            }
            NodeList phys = root.getElementsByTagName("pHYs");
            if (phys.getLength() == 1) {
                out.put("pHYs", ((IIOMetadataNode) phys.item(0)).getAttribute("pixelsPerUnitXAxis"));
            }
            reader.dispose();
            return out;
        }
    }

    @Test
    void pngCarriesProvenanceInTextChunks() throws Exception {
        LoadedScenario s = ExportFixtures.scenario();
        byte[] png = fx(() -> {
            SimSession session = ExportFixtures.session(s);
            return ViewExporter.png(ExportRequest.of(s, "asi-stun", session,
                    List.of(StandardViews.byId("cores").orElseThrow()), false, 800, 500, Theme.PROJECTOR, List.of(),
                    false), 2);
        });
        Map<String, String> text = textChunks(png);
        assertEquals("asiscope " + Provenance.asiscopeVersion(), text.get("Software"));
        assertEquals("l1tf-guest-unmitigated.json sha256:" + Provenance.sha256(ExportFixtures.SCENARIO),
                text.get("Source"));
        assertEquals("59145", text.get("Cycle"));
        assertEquals("asi-stun", text.get("Policy"));
        assertEquals("cores", text.get("View"));
        assertEquals("projector", text.get("Theme"));
        assertEquals(Long.toString(Math.round(96 * 2 / 0.0254)), text.get("pHYs"), "192 dpi at scale 2");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(1600, img.getWidth());
        assertEquals(1000, img.getHeight());
    }

    @Test
    void higherScalesAreRenderedNotUpscaled() throws Exception {
        LoadedScenario s = ExportFixtures.scenario();
        BufferedImage[] imgs = fx(() -> {
            SimSession session = ExportFixtures.session(s);
            ExportRequest r = ExportRequest.of(s, null, session, List.of(StandardViews.byId("caches").orElseThrow()),
                    false, 600, 400, Theme.LIGHT, List.of(), false);
            return new BufferedImage[] {ViewExporter.render(r, 1), ViewExporter.render(r, 3)};
        });
        assertEquals(1800, imgs[1].getWidth());
        assertEquals(1200, imgs[1].getHeight());
        // An upscaled bitmap has at most as many colours as the original plus interpolation blends along
        // its 600x400 grid; text rendered at 3x has many more distinct edge shades per glyph.
        assertTrue(colours(imgs[1]) > colours(imgs[0]), colours(imgs[1]) + " vs " + colours(imgs[0]));
        // Sharp: a 3x3 block of the 3x image is not constant wherever the 1x image has an edge inside a pixel.
        assertTrue(differsFromNearestNeighbour(imgs[0], imgs[1], 3) > 1000);
    }

    @Test
    void largePicturesAreRenderedInTilesWithoutSeams() throws Exception {
        LoadedScenario s = ExportFixtures.scenario();
        // 1400x1000 at scale 4 is 5600x4000: two tile columns (4096 + 1504) and rows (4000 < 4096: one).
        // A highlight across the seam at x=4096/4=1024 must be continuous.
        RectHighlight across = new RectHighlight("r", Attachment.pinned("test-cores"), null,
                new Style("#ff00ff", 8, 16), 0.5, 0.3, 0.4, 0.2);
        BufferedImage img = fx(() -> {
            SimSession session = ExportFixtures.session(s);
            return ViewExporter.render(ExportRequest.of(s, null, session, List.of(new TestViews.CoreBoxes()), false,
                    1400, 1000, Theme.LIGHT, List.of(across), false), 4);
        });
        assertEquals(5600, img.getWidth());
        int y = (int) ((0.3 * 1000) * 4) + 2; // inside the top stroke of the highlight
        for (int x = 4090; x < 4102; x++) {
            assertEquals(img.getRGB(4080, y), img.getRGB(x, y), "seam at x=" + x);
        }
    }

    static int colours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }

    static int differsFromNearestNeighbour(BufferedImage small, BufferedImage big, int k) {
        int n = 0;
        for (int y = 0; y < big.getHeight(); y++) {
            for (int x = 0; x < big.getWidth(); x++) {
                if (big.getRGB(x, y) != small.getRGB(x / k, y / k)) {
                    n++;
                }
            }
        }
        return n;
    }
}
