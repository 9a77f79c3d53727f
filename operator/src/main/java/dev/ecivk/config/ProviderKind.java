package dev.ecivk.config;

/** Which backend runs the container groups. */
public enum ProviderKind {
    /** The embedded ECI, started in-process and reached over HTTP by the real ECI client. */
    simulator,
    /** Alibaba Cloud ECI. */
    eci
}
