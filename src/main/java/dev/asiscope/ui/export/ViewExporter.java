package dev.asiscope.ui.export;

import dev.asiscope.scenario.AtomicFiles;
import dev.asiscope.ui.core.Theme;
import dev.asiscope.ui.annotate.AnchorLocator;
import dev.asiscope.ui.annotate.AnnotationPainter;
import dev.asiscope.ui.draw.DrawContext;
import dev.asiscope.ui.draw.DrawContext.Align;
import dev.asiscope.ui.draw.FxDrawContext;
import dev.asiscope.ui.draw.OffsetDrawContext;
import dev.asiscope.ui.draw.RectClipDrawContext;
import dev.asiscope.ui.draw.SvgDrawContext;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.SnapshotParameters;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DataFormat;
import javafx.scene.paint.Color;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Exports views as PNG (at scale 1 to 4) and SVG. Both draw the model through the views' painters and
 * the {@link AnnotationPainter} with identical calls, once into a canvas scaled by the export scale
 * (then snapshotted), once into an {@link SvgDrawContext}; nothing is taken from a cached bitmap. The GUI
 * and {@code asiscope export} use the same methods, so the same request gives the same pixels. The views
 * draw without their selection frames ({@link DrawContext#showsSelection()}), whatever the window has
 * selected.
 */
public final class ViewExporter {
    /** Largest canvas side rendered in one piece; larger pictures are rendered in tiles. */
    static final int TILE = 4096;
    private static final String PNG_FORMAT = "javax_imageio_png_1.0";
    private static DataFormat svgFormat;

    private ViewExporter() {
    }

    /** Scales accepted by the export. */
    public static void checkScale(double scale) {
        if (!(scale >= 1 && scale <= 4)) {
            throw new IllegalArgumentException("scale must be 1 to 4, got " + scale);
        }
    }

    /**
     * Paints the request at scale 1 into {@code g}: every view clipped to its tile with its annotations,
     * then the footer. Works on any context (screen, SVG, measuring).
     */
    public static void paint(DrawContext g, ExportRequest r) {
        Theme theme = r.theme();
        Composition c = r.composition();
        g.fillRect(0, 0, c.width(), c.height(), c.tiles().size() > 1 ? theme.grid() : theme.background());
        for (Composition.Tile t : c.tiles()) {
            g.save();
            g.clip(t.x(), t.y(), t.w(), t.h());
            // No selection frames: a picture for a slide shows the model, not what was clicked in the window.
            DrawContext o = new OffsetDrawContext(g, t.x(), t.y(), false);
            o.fillRect(0, 0, t.w(), t.h(), theme.background());
            t.view().paint(o, t.w(), t.h(), r.session(), theme);
            AnchorLocator locator = t.view() instanceof AnchorLocator l ? l : null;
            AnnotationPainter.paintVisible(o, r.annotations(), t.view().id(), t.w(), t.h(), locator, r.session(),
                    theme);
            g.restore();
        }
        if (r.footer()) {
            double y = c.height();
            double fh = r.footerHeight();
            double fs = theme.fontSize();
            g.fillRect(0, y, c.width(), fh, theme.panel());
            g.line(0, y + 0.5, c.width(), y + 0.5, theme.grid(), 1);
            double base = y + fh / 2 + fs * 0.36;
            g.text(r.provenance().footerText(), fs * 0.8, base, theme.mutedText(), fs, false, Align.LEFT);
            g.text("asiscope " + r.provenance().version(), c.width() - fs * 0.8, base, theme.mutedText(), fs, false,
                    Align.RIGHT);
        }
    }

    /**
     * Renders the request at {@code scale} into an opaque RGB image (FX thread only). The canvas is drawn
     * at the scaled size through a scale transform, so text and shapes are sharp at every scale; pictures
     * larger than {@value #TILE} pixels a side are rendered tile by tile.
     */
    public static BufferedImage render(ExportRequest r, double scale) {
        checkScale(scale);
        int width = (int) Math.ceil(r.width() * scale);
        int height = (int) Math.ceil(r.height() * scale);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        SnapshotParameters params = new SnapshotParameters();
        params.setFill(Color.web(r.theme().background()));
        Canvas canvas = new Canvas();
        for (int ty = 0; ty < height; ty += TILE) {
            for (int tx = 0; tx < width; tx += TILE) {
                int tw = Math.min(TILE, width - tx);
                int th = Math.min(TILE, height - ty);
                canvas.setWidth(tw);
                canvas.setHeight(th);
                GraphicsContext gc = canvas.getGraphicsContext2D();
                gc.setTransform(1, 0, 0, 1, 0, 0);
                gc.clearRect(0, 0, tw, th);
                gc.save();
                gc.translate(-tx, -ty);
                gc.scale(scale, scale);
                paint(new RectClipDrawContext(new FxDrawContext(gc), tx / scale, ty / scale, tw / scale, th / scale), r);
                gc.restore();
                WritableImage shot = canvas.snapshot(params, null);
                shot.getPixelReader().getPixels(0, 0, tw, th, PixelFormat.getIntArgbInstance(), pixels,
                        ty * width + tx, width);
            }
        }
        return image;
    }

    /** The pixels of an image from {@link #render} (0xAARRGGBB, row by row; alpha bits undefined for RGB). */
    public static int[] pixels(BufferedImage image) {
        return ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    }

    /** The request as an SVG document (FX thread: views read the session). */
    public static String svg(ExportRequest r) {
        SvgDrawContext g = new SvgDrawContext();
        paint(g, r);
        return g.toSvg(r.width(), r.height(), r.provenance().svgMetadata(r.title()));
    }

    /**
     * Encodes {@code image} as PNG with the provenance as {@code tEXt} chunks (an {@code iTXt} chunk is
     * added for values outside Latin-1) and a physical resolution of 96 dpi times {@code scale}, so a
     * scale-2 picture keeps its scale-1 size in documents that honour it (LaTeX, word processors).
     * Any thread.
     */
    public static byte[] encodePng(BufferedImage image, Provenance provenance, double scale) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) {
            throw new IOException("this Java runtime has no PNG writer");
        }
        ImageWriter writer = writers.next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata md = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
            md.mergeTree(PNG_FORMAT, pngMetadata(provenance.pngText(), scale));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(image.getWidth() * image.getHeight() / 4 + 1024);
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(image, null, md), param);
            }
            return bytes.toByteArray();
        } finally {
            writer.dispose();
        }
    }

    private static IIOMetadataNode pngMetadata(Map<String, String> text, double scale) {
        IIOMetadataNode root = new IIOMetadataNode(PNG_FORMAT);
        IIOMetadataNode phys = new IIOMetadataNode("pHYs");
        String ppm = Long.toString(Math.round(96 * scale / 0.0254));
        phys.setAttribute("pixelsPerUnitXAxis", ppm);
        phys.setAttribute("pixelsPerUnitYAxis", ppm);
        phys.setAttribute("unitSpecifier", "meter");
        root.appendChild(phys);
        IIOMetadataNode tEXt = new IIOMetadataNode("tEXt");
        IIOMetadataNode iTXt = new IIOMetadataNode("iTXt");
        for (Map.Entry<String, String> e : text.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            IIOMetadataNode entry = new IIOMetadataNode("tEXtEntry");
            entry.setAttribute("keyword", e.getKey());
            entry.setAttribute("value", latin1(e.getValue()));
            tEXt.appendChild(entry);
            if (!StandardCharsets.ISO_8859_1.newEncoder().canEncode(e.getValue())) {
                IIOMetadataNode it = new IIOMetadataNode("iTXtEntry");
                it.setAttribute("keyword", e.getKey());
                it.setAttribute("compressionFlag", "FALSE");
                it.setAttribute("compressionMethod", "0");
                it.setAttribute("languageTag", "");
                it.setAttribute("translatedKeyword", "");
                it.setAttribute("text", e.getValue());
                iTXt.appendChild(it);
            }
        }
        root.appendChild(tEXt);
        if (iTXt.getLength() > 0) {
            root.appendChild(iTXt);
        }
        return root;
    }

    /** tEXt holds Latin-1 only: other characters become '?'. */
    private static String latin1(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c < 256 && (c >= 0x20 || c == '\n') ? c : '?');
        }
        return sb.toString();
    }

    /** Renders (FX thread) and encodes a PNG. */
    public static byte[] png(ExportRequest r, double scale) throws IOException {
        return encodePng(render(r, scale), r.provenance(), scale);
    }

    /** Writes a PNG file atomically (FX thread: renders first). */
    public static void writePng(Path file, ExportRequest r, double scale) throws IOException {
        AtomicFiles.write(file, png(r, scale));
    }

    /** Writes an SVG file atomically (FX thread). */
    public static void writeSvg(Path file, ExportRequest r) throws IOException {
        AtomicFiles.writeString(file, svg(r));
    }

    /**
     * Puts the picture on the system clipboard (FX thread): as an image for pasting into slides, and as
     * SVG text ({@code image/svg+xml}) for editors that take vectors.
     */
    public static void copyToClipboard(ExportRequest r, double scale) {
        ClipboardContent content = new ClipboardContent();
        content.putImage(SwingFXUtils.toFXImage(render(r, scale), null));
        content.put(svgFormat(), svg(r));
        Clipboard.getSystemClipboard().setContent(content);
    }

    private static synchronized DataFormat svgFormat() {
        if (svgFormat == null) {
            DataFormat existing = DataFormat.lookupMimeType("image/svg+xml");
            svgFormat = existing != null ? existing : new DataFormat("image/svg+xml");
        }
        return svgFormat;
    }

}
