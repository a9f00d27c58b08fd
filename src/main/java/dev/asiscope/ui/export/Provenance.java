package dev.asiscope.ui.export;

import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.ui.core.Theme;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What an exported picture shows, so it can be made again: the scenario (file name and SHA-256 of its
 * bytes), the cycle, the policy, the view, the theme and the asiscope version. Written into PNG
 * {@code tEXt} chunks, the SVG {@code <metadata>} block and the optional footer. Holds no time stamp,
 * so exporting twice gives identical files.
 *
 * @param scenario       scenario file name (or title of a built-in scenario)
 * @param scenarioSha256 SHA-256 of the scenario file's bytes in hex, or null when unknown (built-in)
 * @param cycle          the cursor's cycle
 * @param policy         the policy as spelled (e.g. {@code asi-stun})
 * @param view           view id, or {@code window} for the composed window
 * @param theme          theme id
 * @param version        asiscope version
 */
public record Provenance(String scenario, String scenarioSha256, long cycle, String policy, String view,
        String theme, String version) {

    /** Provenance of a picture of {@code s} at {@code cycle}; hashes the scenario file when there is one. */
    public static Provenance of(LoadedScenario s, String policy, long cycle, String view, Theme theme) {
        String name = s.source() != null ? s.source().getFileName().toString() : s.name();
        String hash = null;
        if (s.source() != null) {
            try {
                hash = sha256(Files.readAllBytes(s.source()));
            } catch (IOException e) {
                hash = null;
            }
        }
        return new Provenance(name, hash, cycle, policy == null ? s.policyName() : policy, view, theme.id(),
                asiscopeVersion());
    }

    /** The running asiscope's version from the jar manifest ({@code Implementation-Version}), or "dev". */
    public static String asiscopeVersion() {
        String v = Provenance.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** SHA-256 of {@code bytes} in lower-case hex. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** SHA-256 of a file's bytes. */
    public static String sha256(Path file) throws IOException {
        return sha256(Files.readAllBytes(file));
    }

    /** The {@code Source} text: {@code name sha256:hex} (or just the name when the hash is unknown). */
    public String source() {
        return scenarioSha256 == null ? scenario : scenario + " sha256:" + scenarioSha256;
    }

    /** PNG text chunks: Software, Source, Cycle, Policy, View, Theme. */
    public Map<String, String> pngText() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Software", "asiscope " + version);
        m.put("Source", source());
        m.put("Cycle", Long.toString(cycle));
        m.put("Policy", policy);
        m.put("View", view);
        m.put("Theme", theme);
        return m;
    }

    /** SVG metadata entries (see {@code SvgDrawContext.toSvg}). */
    public Map<String, String> svgMetadata(String title) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("title", title);
        m.put("creator", "asiscope " + version);
        m.put("source", source());
        m.put("scenario", scenario);
        m.put("scenarioSha256", scenarioSha256);
        m.put("cycle", Long.toString(cycle));
        m.put("policy", policy);
        m.put("view", view);
        m.put("theme", theme);
        m.put("version", version);
        return m;
    }

    /** The footer line: scenario, policy, cycle. */
    public String footerText() {
        return scenario + "  \u00b7  policy " + policy + "  \u00b7  cycle "
                + String.format(Locale.ROOT, "%,d", cycle);
    }
}
