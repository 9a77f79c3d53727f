package dev.ecivk.runtime;

/** What this build is, as the Node's nodeInfo and {@code ecivk --version} show it. */
public final class BuildInfo {
    private BuildInfo() {}

    /** The version recorded in the jar manifest; {@code dev} when run from classes. */
    public static String version() {
        String v = BuildInfo.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
