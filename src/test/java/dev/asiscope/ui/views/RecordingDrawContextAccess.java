package dev.asiscope.ui.views;

import dev.asiscope.ui.core.MachineView;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;

/** Lets tests outside this package paint a view into a recording context (no toolkit needed). */
public final class RecordingDrawContextAccess {
    private RecordingDrawContextAccess() {
    }

    public static void paint(MachineView v, SimSession s, double w, double h) {
        v.paint(new RecordingDrawContext(), w, h, s, Theme.LIGHT);
    }
}
