package dev.asiscope.ui.export;

import static dev.asiscope.ui.export.ExportFixtures.CYCLE;
import static dev.asiscope.ui.export.ExportFixtures.fx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.ui.core.MachineView;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import dev.asiscope.ui.annotate.Annotation;
import dev.asiscope.ui.annotate.Arrow;
import dev.asiscope.ui.annotate.Attachment;
import dev.asiscope.ui.annotate.Callout;
import dev.asiscope.ui.annotate.RectHighlight;
import dev.asiscope.ui.annotate.Style;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** SVG export of a real view: valid XML, the view's text and shapes, the annotations, the provenance. */
class SvgExportTest {
    static final String SVG = "http://www.w3.org/2000/svg";
    static final String ASISCOPE = "urn:asiscope:provenance:1";

    @BeforeAll
    static void startToolkit() throws Exception {
        ExportFixtures.startFx();
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static List<String> texts(Document d) {
        List<String> out = new ArrayList<>();
        NodeList nl = d.getElementsByTagNameNS(SVG, "text");
        for (int i = 0; i < nl.getLength(); i++) {
            out.add(nl.item(i).getTextContent());
        }
        return out;
    }

    static String meta(Document d, String name) {
        return d.getElementsByTagNameNS(ASISCOPE, name).item(0).getTextContent();
    }

    @Test
    void cacheViewAsSvgHasItsTextShapesAnnotationsAndProvenance() throws Exception {
        LoadedScenario s = ExportFixtures.scenario();
        List<Annotation> notes = List.of(
                new RectHighlight("a1", Attachment.at("caches", CYCLE), null, Style.DEFAULT, 0.05, 0.05, 0.3, 0.2),
                new Arrow("a2", Attachment.pinned("caches"), null, Style.DEFAULT, 0.5, 0.5, 0.3, 0.3),
                new Callout("a3", Attachment.at("caches", CYCLE), null, Style.DEFAULT, "the secret line", 0.6, 0.1,
                        0.4, 0.2),
                new Callout("a4", Attachment.at("caches", CYCLE + 1), null, Style.DEFAULT, "another cycle", 0.6, 0.6,
                        0.4, 0.4),
                new Callout("a5", Attachment.at("cores", CYCLE), null, Style.DEFAULT, "another view", 0.6, 0.6, 0.4,
                        0.4));
        String svg = fx(() -> {
            SimSession session = ExportFixtures.session(s);
            MachineView view = StandardViews.byId("caches").orElseThrow();
            ExportRequest r = ExportRequest.of(s, null, session, List.of(view), false, 1200, 800, Theme.DARK, notes,
                    true);
            return ViewExporter.svg(r);
        });
        Document d = parse(svg);
        assertEquals("1200", d.getDocumentElement().getAttribute("width"));
        assertEquals("826", d.getDocumentElement().getAttribute("height"), "800 + footer (2.2 x 12 px)");
        List<String> texts = texts(d);
        assertTrue(texts.contains("Caches and buffers"), "the view's title is text: " + texts.subList(0, 5));
        assertTrue(texts.stream().anyMatch(t -> t.contains("L1D")), "cache labels are text");
        assertTrue(texts.contains("the secret line"), "callouts are text");
        assertTrue(!texts.contains("another cycle") && !texts.contains("another view"),
                "only this view's annotations at this cycle");
        assertTrue(texts.stream().anyMatch(t -> t.contains("cycle 59,145")), "footer");
        assertTrue(d.getElementsByTagNameNS(SVG, "rect").getLength() > 100, "cache ways are rectangles");
        assertTrue(d.getElementsByTagNameNS(SVG, "polygon").getLength() >= 1, "the arrowhead");
        assertTrue(d.getElementsByTagNameNS(SVG, "clipPath").getLength() >= 1);

        String hash = Provenance.sha256(ExportFixtures.SCENARIO);
        assertEquals("l1tf-guest-unmitigated.json", meta(d, "scenario"));
        assertEquals(hash, meta(d, "scenarioSha256"));
        assertEquals("59145", meta(d, "cycle"));
        assertEquals("none", meta(d, "policy"));
        assertEquals("caches", meta(d, "view"));
        assertEquals("dark", meta(d, "theme"));
        assertEquals(Provenance.asiscopeVersion(), meta(d, "version"));
        assertEquals("l1tf-guest-unmitigated.json sha256:" + hash,
                d.getElementsByTagNameNS("http://purl.org/dc/elements/1.1/", "source").item(0).getTextContent());
    }

    @Test
    void theWholeWindowIsAGridOfEveryView() throws Exception {
        LoadedScenario s = ExportFixtures.scenario();
        String svg = fx(() -> ViewExporter.svg(ExportRequest.of(s, "asi-stun", ExportFixtures.session(s),
                StandardViews.all(), true, 1600, 1000, Theme.LIGHT, List.of(), false)));
        Document d = parse(svg);
        List<String> texts = texts(d);
        for (String title : List.of("Cores", "Caches and buffers", "Address spaces", "Page-table walk", "Timeline")) {
            assertTrue(texts.contains(title), title + " in " + texts.subList(0, 10));
        }
        assertEquals("window", meta(d, "view"));
        assertEquals("asi-stun", meta(d, "policy"));
        assertTrue(d.getElementsByTagNameNS(SVG, "clipPath").getLength() >= StandardViews.all().size(),
                "each tile is clipped to its place");
    }
}
