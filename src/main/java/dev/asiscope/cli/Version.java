package dev.asiscope.cli;

import picocli.CommandLine.IVersionProvider;

/** Version from the jar manifest ({@code Implementation-Version}), or "dev" when run from classes. */
public final class Version implements IVersionProvider {
    /** The version string, e.g. {@code 0.1.0}. */
    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"asiscope " + current(), "Java " + System.getProperty("java.version")};
    }
}
