package dev.asiscope.ui.draw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.ui.draw.DrawContext.Align;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SvgDrawContextTest {
    static final String SVG = "http://www.w3.org/2000/svg";

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static SvgDrawContext context() {
        return new SvgDrawContext((s, size, mono) -> s.length() * size * 0.6);
    }

    @Test
    void everyPrimitiveBecomesAShapeAndTextStaysText() throws Exception {
        SvgDrawContext g = context();
        g.fillRect(1, 2, 30, 40, "#112233");
        g.strokeRect(0.5, 0.25, 10, 10, "#44556680", 2);
        g.line(0, 0, 100, 50.125, "#000000", 1.5);
        g.text("Caches & <buffers>", 10, 20, "#1f2328", 14, true, Align.CENTER);
        g.mono("0x1033000  W3", 5, 30, "#000000", 12, Align.RIGHT);
        g.fillOval(10, 10, 20, 10, "#ff0000");
        g.strokeOval(0, 0, 4, 4, "#00ff00", 1);
        g.fillPolygon(new double[] {0, 10, 5}, new double[] {0, 0, 8}, "#0000ff");
        Document d = parse(g.toSvg(200, 100, null));
        Element root = d.getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals(SVG, root.getNamespaceURI());
        assertEquals("1.1", root.getAttribute("version"));
        assertEquals("0 0 200 100", root.getAttribute("viewBox"));
        assertEquals(2, d.getElementsByTagNameNS(SVG, "rect").getLength());
        Element stroked = (Element) d.getElementsByTagNameNS(SVG, "rect").item(1);
        assertEquals("none", stroked.getAttribute("fill"));
        assertEquals("#445566", stroked.getAttribute("stroke"));
        assertEquals("0.502", stroked.getAttribute("stroke-opacity"));
        assertEquals("0.25", stroked.getAttribute("y"));
        Element line = (Element) d.getElementsByTagNameNS(SVG, "line").item(0);
        assertEquals("50.125", line.getAttribute("y2"));
        NodeList texts = d.getElementsByTagNameNS(SVG, "text");
        assertEquals(2, texts.getLength());
        Element t = (Element) texts.item(0);
        assertEquals("Caches & <buffers>", t.getTextContent());
        assertEquals("bold", t.getAttribute("font-weight"));
        assertEquals("middle", t.getAttribute("text-anchor"));
        assertTrue(t.getAttribute("font-family").startsWith("DejaVu Sans"));
        Element m = (Element) texts.item(1);
        assertEquals("0x1033000  W3", m.getTextContent(), "spaces kept (xml:space=preserve)");
        assertEquals("end", m.getAttribute("text-anchor"));
        assertTrue(m.getAttribute("font-family").startsWith("DejaVu Sans Mono"));
        assertEquals(2, d.getElementsByTagNameNS(SVG, "ellipse").getLength());
        Element poly = (Element) d.getElementsByTagNameNS(SVG, "polygon").item(0);
        assertEquals("0,0 10,0 5,8", poly.getAttribute("points"));
    }

    @Test
    void clipsAndSaveRestoreNestProperly() throws Exception {
        SvgDrawContext g = context();
        g.clip(0, 0, 500, 500);
        g.save();
        g.clip(10, 10, 100, 100);
        g.save();
        g.clip(20, 20, 10, 10);
        g.fillRect(0, 0, 50, 50, "#000000");
        g.restore();
        g.fillRect(0, 0, 60, 60, "#111111");
        g.restore();
        g.fillRect(0, 0, 70, 70, "#222222");
        g.save();
        g.clip(1, 1, 1, 1); // left open: toSvg closes it
        Document d = parse(g.toSvg(500, 500, null));
        assertEquals(4, d.getElementsByTagNameNS(SVG, "clipPath").getLength());
        NodeList rects = d.getElementsByTagNameNS(SVG, "rect");
        // rects 0-3 are the clip paths' rectangles; then the drawn ones, each inside the right clip groups
        Element inner = (Element) rects.item(4);
        Element mid = (Element) rects.item(5);
        Element outer = (Element) rects.item(6);
        assertEquals("#000000", inner.getAttribute("fill"));
        assertEquals("url(#clip3)", ((Element) inner.getParentNode()).getAttribute("clip-path"));
        assertEquals("url(#clip2)", ((Element) mid.getParentNode()).getAttribute("clip-path"));
        assertEquals("url(#clip1)", ((Element) outer.getParentNode()).getAttribute("clip-path"));
    }

    @Test
    void metadataIsRdfWithDublinCoreAndProvenance() throws Exception {
        SvgDrawContext g = context();
        Map<String, String> md = new LinkedHashMap<>();
        md.put("title", "Caches at cycle 5");
        md.put("creator", "asiscope 0.1.0");
        md.put("source", "s.json sha256:ab");
        md.put("cycle", "5");
        md.put("policy", "asi-stun");
        Document d = parse(g.toSvg(10, 10, md));
        assertEquals("Caches at cycle 5", d.getElementsByTagNameNS(SVG, "title").item(0).getTextContent());
        String rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
        String dc = "http://purl.org/dc/elements/1.1/";
        assertEquals(1, d.getElementsByTagNameNS(rdf, "Description").getLength());
        assertEquals("asiscope 0.1.0", d.getElementsByTagNameNS(dc, "creator").item(0).getTextContent());
        assertEquals("s.json sha256:ab", d.getElementsByTagNameNS(dc, "source").item(0).getTextContent());
        assertEquals("asi-stun", d.getElementsByTagNameNS("urn:asiscope:provenance:1", "policy").item(0)
                .getTextContent());
        assertThrows(IllegalArgumentException.class, () -> context().toSvg(1, 1, Map.of("bad key", "x")));
    }

    @Test
    void numbersAreCompactAndLocaleFree() {
        assertEquals("0", SvgDrawContext.num(0));
        assertEquals("-1.5", SvgDrawContext.num(-1.5));
        assertEquals("0.001", SvgDrawContext.num(0.0012));
        assertEquals("-0.05", SvgDrawContext.num(-0.05));
        assertEquals("1600", SvgDrawContext.num(1600.0000001));
        assertEquals("0", SvgDrawContext.num(Double.NaN));
    }

    @Test
    void textThatXmlCannotHoldIsReplacedNotFatal() throws Exception {
        SvgDrawContext g = context();
        g.text("bell\u0007 and \"quotes\" \ud83d\ude00", 0, 10, "#000000", 10, false, Align.LEFT);
        Document d = parse(g.toSvg(10, 10, null));
        assertEquals("bell\ufffd and \"quotes\" \ud83d\ude00", d.getElementsByTagNameNS(SVG, "text").item(0)
                .getTextContent());
    }
}
