package dev.asiscope.ui;

import dev.asiscope.ui.core.SimSession;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The caption of the scenario's narration at the cursor, with buttons to the previous and next caption. */
public final class NarrationPanel {
    private final SimSession session;
    private final VBox box = new VBox();
    private final Label title = new Label();
    private final Label text = new Label();
    private final Label position = new Label();
    private final Button prev = new Button("\u25C0");
    private final Button next = new Button("\u25B6");
    private NarrationTrack track;
    private int shown = Integer.MIN_VALUE;

    public NarrationPanel(SimSession session, Runnable onPrev, Runnable onNext) {
        this.session = session;
        box.setId("narration");
        box.getStyleClass().add("narration-box");
        title.setId("narrationTitle");
        title.getStyleClass().add("narration-title");
        title.setWrapText(true);
        text.setId("narrationText");
        text.getStyleClass().add("narration-text");
        text.setWrapText(true);
        text.setMinHeight(Region.USE_PREF_SIZE);
        position.setId("narrationPosition");
        position.getStyleClass().add("inspector-key");
        prev.setId("prevCaption");
        next.setId("nextCaption");
        prev.setTooltip(new javafx.scene.control.Tooltip("Previous caption (Page Up)"));
        next.setTooltip(new javafx.scene.control.Tooltip("Next caption (Page Down)"));
        position.setMinWidth(0);
        prev.setOnAction(e -> onPrev.run());
        next.setOnAction(e -> onNext.run());
        HBox nav = new HBox(6, prev, next, position);
        nav.setAlignment(Pos.CENTER_LEFT);
        box.getChildren().addAll(title, text, nav);
        box.setSpacing(6);
        box.setPadding(new Insets(8));
    }

    public VBox node() {
        return box;
    }

    public NarrationTrack track() {
        return track;
    }

    /** Re-places the captions on the current run (after open or re-run). */
    public void reload() {
        track = session.scenario() == null ? null
                : NarrationTrack.resolve(session.scenario().narration(), session.simulation().log());
        shown = Integer.MIN_VALUE;
        refresh();
    }

    /** Shows the caption at the cursor. */
    public void refresh() {
        if (track == null || track.captions().isEmpty()) {
            title.setText(session.scenario() == null ? "" : session.scenario().name());
            text.setText(session.scenario() == null ? "" : session.scenario().description());
            position.setText("no narration");
            prev.setDisable(true);
            next.setDisable(true);
            return;
        }
        int i = track.indexAt(session.cycle());
        prev.setDisable(track.before(session.cycle()) == null);
        next.setDisable(track.after(session.cycle()) == null);
        if (i == shown) {
            return;
        }
        shown = i;
        if (i < 0) {
            title.setText(session.scenario().name());
            text.setText(session.scenario().description());
            position.setText("before the first caption");
        } else {
            NarrationTrack.Placed p = track.captions().get(i);
            title.setText(p.narration().title() == null ? "" : p.narration().title());
            text.setText(p.narration().text());
            position.setText(String.format("caption %d of %d, from cycle %,d", i + 1, track.captions().size(), p.cycle()));
        }
    }

    public String titleText() {
        return title.getText();
    }

    public String captionText() {
        return text.getText();
    }
}
