package dev.asiscope.ui;

import java.util.Arrays;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.SplitPane;
import javafx.scene.input.MouseEvent;

/**
 * A {@link SplitPane} that keeps its dividers at set shares of its length. A plain SplitPane that is
 * resized hands the change out to its parts in whole pixels and keeps the rounded positions, so a pane
 * resized and back drifts by a pixel or two each time: a zoom or a theme change resizes the views area
 * several times over (the tool bar settles its height in a few layout passes), and the views lost two
 * pixels in each round trip. A part taken out and put back (a view shown alone, or borrowed by
 * presentation mode) also came back to default dividers. Here the shares are the setting, set by the
 * window ({@link #keep}) or by the user dragging a divider, and laid out again after every resize and
 * whenever the pane has all its parts again. Where the parts' minimum sizes do not allow them, the
 * SplitPane's own limits win until there is room.
 */
final class ProportionalSplitPane extends SplitPane {
    /** The dividers' shares of the length, or null when none are kept. */
    private double[] shares;
    /** The length and the number of parts at the last layout that applied the shares. */
    private double laidOutLength = -1;
    private int laidOutParts = -1;

    ProportionalSplitPane() {
        // A divider dragged by the user: where it was left is the new setting.
        addEventFilter(MouseEvent.MOUSE_RELEASED, e -> {
            if (shares != null && e.getTarget() instanceof Node n && onOwnDivider(n)) {
                shares = getDividerPositions();
            }
        });
    }

    /** Keeps the dividers at {@code s} (shares of the length, in order) from now on. */
    void keep(double... s) {
        shares = s.clone();
        setDividerPositions(shares);
    }

    /** The shares kept, or null. */
    double[] shares() {
        return shares == null ? null : shares.clone();
    }

    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        double length = getOrientation() == Orientation.VERTICAL ? getHeight() : getWidth();
        int parts = getItems().size();
        if (shares != null && parts == shares.length + 1 && (length != laidOutLength || parts != laidOutParts)) {
            laidOutLength = length;
            laidOutParts = parts;
            if (!Arrays.equals(getDividerPositions(), shares)) {
                // After the SplitPane's own pass, which moved the dividers by the resize's rounded pixels.
                setDividerPositions(shares);
                super.layoutChildren();
            }
        }
    }

    /** Whether {@code n} is (inside) one of this pane's own dividers, not a divider of a pane within it. */
    private boolean onOwnDivider(Node n) {
        for (Node at = n; at != null && at != this; at = at.getParent()) {
            if (at.getStyleClass().contains("split-pane-divider") && at.getParent() == this) {
                return true;
            }
        }
        return false;
    }
}
