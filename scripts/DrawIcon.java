import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/**
 * Draws asiscope's application icon (assets/asiscope.png): four rows of page-table entries, one of them a
 * secret (orange) that the lens of a scope looks at. Run with `java scripts/DrawIcon.java assets/asiscope.png`
 * (headless; the PNG is committed, so the build does not run this).
 */
public final class DrawIcon {
    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        int size = 512;
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        // background: a rounded square
        g.setColor(new Color(0x1B2A41));
        g.fill(new RoundRectangle2D.Double(16, 16, size - 32, size - 32, 96, 96));
        // four rows of eight entries: an address space's page tables
        int cell = 44;
        int gap = 9;
        int rowStep = cell + 30;
        int x0 = (size - (8 * cell + 7 * gap)) / 2;
        int y0 = (size - (4 * rowStep - 30 + 6)) / 2;
        for (int row = 0; row < 4; row++) {
            for (int col = 0; col < 8; col++) {
                boolean secret = row == 1 && col == 3;
                boolean mapped = (row * 3 + col * 5) % 7 != 0;
                g.setColor(secret ? new Color(0xF28C28) : mapped ? new Color(0x5FA8D3) : new Color(0x2E4A6B));
                g.fill(new RoundRectangle2D.Double(x0 + col * (cell + gap), y0 + row * rowStep, cell, cell + 6,
                        10, 10));
            }
        }
        // the scope's lens over the secret entry, and its handle
        double cx = x0 + 3 * (cell + gap) + cell / 2.0;
        double cy = y0 + rowStep + (cell + 6) / 2.0;
        double r = 78;
        g.setColor(new Color(255, 255, 255, 40));
        g.fill(new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r));
        g.setStroke(new BasicStroke(22, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.setColor(new Color(0xF4F6F8));
        g.draw(new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r));
        double d = r / Math.sqrt(2);
        g.setStroke(new BasicStroke(40, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Line2D.Double(cx + d + 14, cy + d + 14, cx + d + 100, cy + d + 100));
        g.dispose();
        File out = new File(args.length > 0 ? args[0] : "assets/asiscope.png");
        if (!ImageIO.write(img, "png", out)) {
            throw new IllegalStateException("no PNG writer");
        }
    }
}
