package dev.asiscope.ui;

import dev.asiscope.ui.core.Theme;
import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.util.List;
import javafx.application.Application;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Parent;

/**
 * Theme and zoom as application state. The control theme is AtlantaFX Primer (light, or dark), with
 * the projector theme adding high contrast and large type on top of Primer light; the matching
 * {@link Theme} record colours the canvas views. Zoom (50-200%) scales the controls through the root
 * font size and the canvases through their transform.
 */
public final class Appearance {
    public static final double MIN_ZOOM = 0.5;
    public static final double MAX_ZOOM = 2.0;
    /** Base control font size in px at 100% (AtlantaFX's default). */
    static final double BASE_FONT = 14;
    static final List<String> THEMES = List.of("light", "dark", "projector");

    private static final String APP_CSS = Appearance.class.getResource("asiscope.css").toExternalForm();
    private static final String DARK_CSS = Appearance.class.getResource("asiscope-dark.css").toExternalForm();
    private static final String PROJECTOR_CSS = Appearance.class.getResource("projector.css").toExternalForm();

    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(Theme.LIGHT);
    private final DoubleProperty zoom = new SimpleDoubleProperty(1.0);
    private Parent root;

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    public DoubleProperty zoomProperty() {
        return zoom;
    }

    public Theme theme() {
        return theme.get();
    }

    public double zoom() {
        return zoom.get();
    }

    /** Styles {@code root} now and whenever the theme or zoom changes. */
    public void attach(Parent root) {
        this.root = root;
        theme.addListener((o, a, b) -> apply());
        zoom.addListener((o, a, b) -> apply());
        apply();
    }

    public void setTheme(String id) {
        theme.set(Theme.byId(id));
    }

    /** Next theme in light, dark, projector order. */
    public void cycleTheme() {
        int i = THEMES.indexOf(theme.get().id());
        setTheme(THEMES.get((i + 1) % THEMES.size()));
    }

    public void setZoom(double z) {
        zoom.set(Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, Math.round(z * 10) / 10.0)));
    }

    public void zoomIn() {
        setZoom(zoom.get() + 0.1);
    }

    public void zoomOut() {
        setZoom(zoom.get() - 0.1);
    }

    private void apply() {
        Theme t = theme.get();
        Application.setUserAgentStylesheet(t == Theme.DARK
                ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
        if (root == null) {
            return;
        }
        root.getStylesheets().setAll(APP_CSS);
        if (t == Theme.DARK) {
            root.getStylesheets().add(DARK_CSS);
        } else if (t == Theme.PROJECTOR) {
            root.getStylesheets().add(PROJECTOR_CSS);
        }
        double px = BASE_FONT * (t == Theme.PROJECTOR ? 18.0 / 14 : 1) * zoom.get();
        root.setStyle("-fx-font-size: " + Math.round(px * 10) / 10.0 + "px;");
    }

    /** The control font size now in force, in px (tests check zoom with it). */
    public double controlFontSize() {
        return BASE_FONT * (theme.get() == Theme.PROJECTOR ? 18.0 / 14 : 1) * zoom.get();
    }
}
