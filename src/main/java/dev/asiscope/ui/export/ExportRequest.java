package dev.asiscope.ui.export;

import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.ui.core.MachineView;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import dev.asiscope.ui.annotate.Annotation;
import java.util.List;

/**
 * Everything one export draws: the composition of views, the session at the cycle to show, the theme,
 * the annotations (all of them: each view shows those attached to it at the session's cycle, and the
 * pinned ones), whether to add the provenance footer, and the provenance.
 */
public record ExportRequest(Composition composition, SimSession session, Theme theme, List<Annotation> annotations,
        boolean footer, Provenance provenance) {
    public ExportRequest {
        annotations = annotations == null ? List.of() : List.copyOf(annotations);
    }

    /** Height of the footer strip in view pixels (0 without footer). */
    public double footerHeight() {
        return footer ? Math.round(theme.fontSize() * 2.2) : 0;
    }

    /** Width of the picture in view pixels. */
    public double width() {
        return composition.width();
    }

    /** Height of the picture in view pixels, footer included. */
    public double height() {
        return composition.height() + footerHeight();
    }

    /** A title for the picture: the view's title (or "window") at the cycle. */
    public String title() {
        String what = composition.tiles().size() == 1 ? composition.tiles().get(0).view().title() : "asiscope window";
        return what + " \u2014 " + provenance.scenario() + " at cycle " + provenance.cycle();
    }

    /**
     * The request for views of a session at its cursor: one view filling {@code width x height}, or a grid
     * of the views when {@code window}. The window's Export and {@code asiscope export} both build their
     * requests here.
     *
     * @param policy the policy as spelled (provenance), null for the scenario's own
     */
    public static ExportRequest of(LoadedScenario s, String policy, SimSession session, List<MachineView> views,
            boolean window, double width, double height, Theme theme, List<Annotation> annotations, boolean footer) {
        Composition c = views.size() == 1 && !window
                ? Composition.single(views.get(0), width, height)
                : Composition.grid(views, width, height);
        Provenance prov = Provenance.of(s, policy, session.cycle(), c.id(), theme);
        return new ExportRequest(c, session, theme, annotations, footer, prov);
    }
}
