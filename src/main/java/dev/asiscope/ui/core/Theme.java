package dev.asiscope.ui.core;

/**
 * Colours and type sizes of one theme. Views take every colour from here so that the light, dark and
 * projector themes (and exports) stay consistent.
 */
public record Theme(
        String id,
        String background,
        String panel,
        String text,
        String mutedText,
        String grid,
        String accent,
        String guest,
        String hostRestricted,
        String hostFull,
        String hostUser,
        String idle,
        String stunned,
        String offline,
        String secret,
        String sensitive,
        String nonSensitive,
        String vmData,
        String processData,
        String empty,
        double fontSize) {

    public static final Theme LIGHT = new Theme("light", "#ffffff", "#f4f5f7", "#1f2328", "#57606a", "#d0d7de",
            "#0969da", "#2da44e", "#54aeff", "#fb8500", "#8250df", "#eaeef2", "#cf222e", "#8c959f", "#d1242f",
            "#fd8c73", "#9be9a8", "#4ac26b", "#c297ff", "#f6f8fa", 12);
    public static final Theme DARK = new Theme("dark", "#0d1117", "#161b22", "#e6edf3", "#8d96a0", "#30363d",
            "#4493f8", "#3fb950", "#388bfd", "#f0883e", "#a371f7", "#21262d", "#f85149", "#484f58", "#ff7b72",
            "#f0883e", "#1f6f3f", "#2ea043", "#8957e5", "#161b22", 12);
    /** High contrast, large type, for the back row of a lecture hall. */
    public static final Theme PROJECTOR = new Theme("projector", "#ffffff", "#ffffff", "#000000", "#222222",
            "#000000", "#0000cc", "#008000", "#0066ff", "#ff6600", "#7700cc", "#dddddd", "#cc0000", "#777777",
            "#e00000", "#ff8800", "#66dd66", "#00aa00", "#aa66ff", "#ffffff", 18);

    /** The theme with this id ({@code light}, {@code dark}, {@code projector}). */
    public static Theme byId(String id) {
        return switch (id) {
            case "dark" -> DARK;
            case "projector" -> PROJECTOR;
            case "light" -> LIGHT;
            default -> throw new IllegalArgumentException("unknown theme '" + id + "'; known: light, dark, projector");
        };
    }
}
