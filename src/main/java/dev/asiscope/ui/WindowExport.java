package dev.asiscope.ui;

import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.MachineView;
import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.ui.MainWindow.Export;
import dev.asiscope.ui.annotate.EditHistory;
import dev.asiscope.ui.export.ExportRequest;
import dev.asiscope.ui.export.ViewExporter;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import javafx.beans.property.StringProperty;
import javafx.geometry.Pos;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * The window's exports: the focused view (PNG, SVG, clipboard) or every view (PNG) at the cursor, at the
 * size they have on screen, drawn from the model through {@link ExportRequest#of} exactly as
 * {@code asiscope export} draws them. Errors go to the window's one-line dialog.
 */
final class WindowExport {
    private final SimSession session;
    private final Appearance appearance;
    private final EditHistory history;
    private final Supplier<ViewPane> focused;
    private final Supplier<List<ViewPane>> panes;
    private final Supplier<Region> viewsArea;
    private final Supplier<Window> owner;
    private final StringProperty message;
    private final BiConsumer<String, String> showError;

    WindowExport(SimSession session, Appearance appearance, EditHistory history, Supplier<ViewPane> focused,
            Supplier<List<ViewPane>> panes, Supplier<Region> viewsArea, Supplier<Window> owner, StringProperty message,
            BiConsumer<String, String> showError) {
        this.session = session;
        this.appearance = appearance;
        this.history = history;
        this.focused = focused;
        this.panes = panes;
        this.viewsArea = viewsArea;
        this.owner = owner;
        this.message = message;
        this.showError = showError;
    }

    /**
     * The request for the focused view (or every view, {@code window}) at the cursor, at the size it has on
     * screen in view pixels.
     */
    ExportRequest request(boolean window, boolean footer) {
        LoadedScenario s = session.scenario();
        double z = appearance.zoom();
        if (window) {
            double w = Math.max(16, Math.round(viewsArea.get().getWidth() / z));
            double h = Math.max(16, Math.round(viewsArea.get().getHeight() / z));
            List<MachineView> views = panes.get().stream().map(ViewPane::view).toList();
            return ExportRequest.of(s, session.policyName(), session, views, true, w, h, appearance.theme(),
                    history.annotations(), footer);
        }
        ViewPane p = focused.get();
        double[] size = p.canvasSize();
        double w = Math.max(16, Math.round(size[0] / z));
        double h = Math.max(16, Math.round(size[1] / z));
        return ExportRequest.of(s, session.policyName(), session, List.of(p.view()), false, w, h, appearance.theme(),
                history.annotations(), footer);
    }

    /** Writes an export to {@code file}; false (after the dialog) when it failed. */
    boolean write(Export what, Path file, double scale, boolean footer) {
        try {
            ExportRequest r = request(what == Export.WINDOW_PNG, footer);
            if (what == Export.VIEW_SVG) {
                ViewExporter.writeSvg(file, r);
            } else {
                ViewExporter.writePng(file, r, scale);
            }
            message.set("exported " + file.getFileName());
            return true;
        } catch (IOException | RuntimeException e) {
            showError.accept("Cannot export", file.getFileName() + ": " + (e.getMessage() == null ? e : e.getMessage()));
            return false;
        }
    }

    /** The focused view as an image and as SVG on the clipboard. */
    void copyToClipboard() {
        try {
            ViewExporter.copyToClipboard(request(false, false), 1);
            message.set("copied " + focused.get().view().title() + " to the clipboard");
        } catch (RuntimeException e) {
            showError.accept("Cannot copy", e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** Asks for the scale and the footer, then for the file, and exports. */
    void choose(Export what) {
        if (session.simulation() == null) {
            return;
        }
        Dialog<double[]> d = new Dialog<>();
        d.setTitle("asiscope");
        d.setHeaderText(what == Export.WINDOW_PNG ? "Export the window" : "Export " + focused.get().view().title());
        Spinner<Integer> scale = new Spinner<>(1, 4, 1);
        scale.setId("exportScale");
        CheckBox footer = new CheckBox("Footer (scenario, policy, cycle, version)");
        footer.setId("exportFooter");
        HBox scaleRow = new HBox(6, new Label("Scale"), scale);
        scaleRow.setAlignment(Pos.CENTER_LEFT);
        scale.setDisable(what == Export.VIEW_SVG);
        d.getDialogPane().setContent(new VBox(8, scaleRow, footer));
        d.getDialogPane().setId("exportDialog");
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        d.setResultConverter(b -> b == ButtonType.OK ? new double[] {scale.getValue(), footer.isSelected() ? 1 : 0}
                : null);
        Window w = owner.get();
        if (w != null) {
            d.initOwner(w);
        }
        d.showAndWait().ifPresent(opt -> {
            boolean svg = what == Export.VIEW_SVG;
            FileChooser fc = new FileChooser();
            fc.setTitle("Export");
            fc.getExtensionFilters().add(svg ? new FileChooser.ExtensionFilter("SVG (*.svg)", "*.svg")
                    : new FileChooser.ExtensionFilter("PNG (*.png)", "*.png"));
            String base = what == Export.WINDOW_PNG ? "window" : focused.get().view().id();
            fc.setInitialFileName(base + "-" + session.cycle() + (opt[0] > 1 ? "@" + (int) opt[0] + "x" : "")
                    + (svg ? ".svg" : ".png"));
            LoadedScenario s = session.scenario();
            if (s != null && s.source() != null && s.source().getParent() != null) {
                fc.setInitialDirectory(s.source().getParent().toFile());
            }
            File f = fc.showSaveDialog(w);
            if (f != null) {
                write(what, f.toPath(), opt[0], opt[1] > 0);
            }
        });
    }
}
