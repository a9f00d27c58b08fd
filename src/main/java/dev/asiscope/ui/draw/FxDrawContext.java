package dev.asiscope.ui.draw;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/** {@link DrawContext} on a JavaFX canvas. */
public final class FxDrawContext implements DrawContext {
    private static final String SANS = "DejaVu Sans";
    private static final String MONO = "DejaVu Sans Mono";
    private final GraphicsContext g;

    public FxDrawContext(GraphicsContext g) {
        this.g = g;
        g.setTextBaseline(VPos.BASELINE);
    }

    @Override
    public void fillRect(double x, double y, double w, double h, String color) {
        g.setFill(Color.web(color));
        g.fillRect(x, y, w, h);
    }

    @Override
    public void strokeRect(double x, double y, double w, double h, String color, double lineWidth) {
        g.setStroke(Color.web(color));
        g.setLineWidth(lineWidth);
        g.strokeRect(x, y, w, h);
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, String color, double lineWidth) {
        g.setStroke(Color.web(color));
        g.setLineWidth(lineWidth);
        g.strokeLine(x1, y1, x2, y2);
    }

    @Override
    public void text(String s, double x, double y, String color, double size, boolean bold, Align align) {
        g.setFont(Font.font(SANS, bold ? FontWeight.BOLD : FontWeight.NORMAL, size));
        draw(s, x, y, color, align);
    }

    @Override
    public void mono(String s, double x, double y, String color, double size, Align align) {
        g.setFont(Font.font(MONO, size));
        draw(s, x, y, color, align);
    }

    private void draw(String s, double x, double y, String color, Align align) {
        g.setFill(Color.web(color));
        g.setTextAlign(switch (align) {
            case LEFT -> TextAlignment.LEFT;
            case CENTER -> TextAlignment.CENTER;
            case RIGHT -> TextAlignment.RIGHT;
        });
        g.fillText(s, x, y);
    }

    @Override
    public void fillOval(double x, double y, double w, double h, String color) {
        g.setFill(Color.web(color));
        g.fillOval(x, y, w, h);
    }

    @Override
    public void strokeOval(double x, double y, double w, double h, String color, double lineWidth) {
        g.setStroke(Color.web(color));
        g.setLineWidth(lineWidth);
        g.strokeOval(x, y, w, h);
    }

    @Override
    public void fillPolygon(double[] xs, double[] ys, String color) {
        g.setFill(Color.web(color));
        g.fillPolygon(xs, ys, xs.length);
    }

    @Override
    public double textWidth(String s, double size, boolean mono) {
        Text t = new Text(s);
        t.setFont(mono ? Font.font(MONO, size) : Font.font(SANS, size));
        return t.getLayoutBounds().getWidth();
    }

    @Override
    public void save() {
        g.save();
    }

    @Override
    public void restore() {
        g.restore();
    }

    @Override
    public void clip(double x, double y, double w, double h) {
        g.beginPath();
        g.rect(x, y, w, h);
        g.closePath();
        g.clip();
    }
}
