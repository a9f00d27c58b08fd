package dev.asiscope.ui.export;

import dev.asiscope.ui.core.MachineView;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import dev.asiscope.ui.annotate.Anchor;
import dev.asiscope.ui.annotate.AnchorKind;
import dev.asiscope.ui.annotate.AnchorLocator;
import dev.asiscope.ui.annotate.Rect;
import dev.asiscope.ui.draw.DrawContext;
import dev.asiscope.ui.draw.DrawContext.Align;
import java.util.Optional;

/** Small views for tests that need no simulation detail. */
public final class TestViews {
    private TestViews() {
    }

    /**
     * Four core boxes in a row under a title; core boxes are {@link AnchorLocator locatable}. The boxes'
     * layout depends on the size, so anchored annotations must move when it changes.
     */
    public static final class CoreBoxes implements MachineView, AnchorLocator {
        public static final int CORES = 4;
        private final String id;

        public CoreBoxes() {
            this("test-cores");
        }

        public CoreBoxes(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String title() {
            return "Test cores";
        }

        /** Box of core {@code i} in a {@code w x h} view. */
        public static Rect box(int i, double w, double h) {
            double top = 40;
            double gap = 10;
            double bw = (w - gap * (CORES + 1)) / CORES;
            return new Rect(gap + i * (bw + gap), top, bw, Math.max(20, h - top - gap));
        }

        @Override
        public void paint(DrawContext g, double w, double h, SimSession s, Theme theme) {
            g.fillRect(0, 0, w, h, theme.background());
            long cycle = s == null ? 0 : s.cycle();
            g.text("Test cores at cycle " + cycle, 10, 24, theme.text(), theme.fontSize() * 1.2, true, Align.LEFT);
            for (int i = 0; i < CORES; i++) {
                Rect b = box(i, w, h);
                g.fillRect(b.x(), b.y(), b.w(), b.h(), i == 1 ? theme.guest() : theme.panel());
                g.strokeRect(b.x(), b.y(), b.w(), b.h(), theme.grid(), 1);
                g.mono("core" + i, b.x() + 8, b.y() + 20, theme.text(), theme.fontSize(), Align.LEFT);
                g.line(b.x(), b.y() + 30, b.maxX(), b.y() + 30, theme.grid(), 1);
                g.fillOval(b.centerX() - 10, b.centerY() - 10, 20, 20, theme.accent() + "80");
            }
        }

        @Override
        public Optional<Rect> locate(Anchor a, double w, double h, SimSession s) {
            if (a.kind() != AnchorKind.CORE || a.core() < 0 || a.core() >= CORES) {
                return Optional.empty();
            }
            return Optional.of(box(a.core(), w, h));
        }

        @Override
        public Optional<Anchor> anchorAt(double x, double y, double w, double h, SimSession s) {
            for (int i = 0; i < CORES; i++) {
                Rect b = box(i, w, h);
                if (b.contains(x, y)) {
                    return Optional.of(Anchor.core(i, new Rect(b.x() / w, b.y() / h, b.w() / w, b.h() / h)));
                }
            }
            return Optional.empty();
        }
    }
}
