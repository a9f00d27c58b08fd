package dev.asiscope.ui;

import dev.asiscope.ui.core.Theme;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;

/**
 * The window's panels: the machine views over the Events &amp; Leaks panel, beside the narration over the
 * inspector. The projector theme's type is half as large again, so under it the views get more of the
 * window (the table and the side column less): in the light proportions the views at 1600x1000 were too
 * small for their own titles and the page tables did not fit at all.
 */
final class PanelLayout {
    /** Share of the height the views get over the table, and of the width the centre gets: light, dark. */
    static final double VIEWS = 0.7;
    static final double CENTRE = 0.74;
    /** The same under the projector theme. */
    static final double VIEWS_PROJECTOR = 0.8;
    static final double CENTRE_PROJECTOR = 0.79;

    /** The views over the table; the views' share of its height is kept through resizes. */
    private final ProportionalSplitPane centre = new ProportionalSplitPane();
    private final SplitPane side;
    private final SplitPane main;
    private final ScrollPane narrationScroll;
    private boolean projector;

    PanelLayout(Node views, Node events, Node narration, Node inspector) {
        centre.setOrientation(Orientation.VERTICAL);
        centre.getItems().addAll(views, events);
        narrationScroll = new ScrollPane(narration);
        narrationScroll.setFitToWidth(true);
        narrationScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        side = new SplitPane(narrationScroll, inspector);
        side.setOrientation(Orientation.VERTICAL);
        side.setDividerPositions(0.38);
        main = new SplitPane(centre, side);
        SplitPane.setResizableWithParent(side, false);
        apply();
    }

    /** The whole: centre and side column. */
    SplitPane node() {
        return main;
    }

    /** The narration in its scroll pane (presentation mode moves it). */
    ScrollPane narrationScroll() {
        return narrationScroll;
    }

    /** Puts {@code views} (the grid, or the comparison) over the table. */
    void setViews(Node views) {
        centre.getItems().set(0, views);
        centre.keep(projector ? VIEWS_PROJECTOR : VIEWS);
    }

    /** Re-proportions the panels for {@code theme}. */
    void applyTheme(Theme theme) {
        boolean p = theme == Theme.PROJECTOR;
        if (p != projector) {
            projector = p;
            apply();
        }
    }

    private void apply() {
        centre.keep(projector ? VIEWS_PROJECTOR : VIEWS);
        main.setDividerPositions(projector ? CENTRE_PROJECTOR : CENTRE);
    }

    /** The views' share of the centre's height now (tests). */
    double viewsShare() {
        return centre.getDividerPositions()[0];
    }
}
