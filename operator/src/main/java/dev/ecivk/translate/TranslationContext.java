package dev.ecivk.translate;

/**
 * Per-node settings the translation needs. {@code clusterDnsIp} may be null: then dnsPolicy ClusterFirst falls
 * back to Default with a warning, because a resolver we cannot name cannot be emulated.
 */
public record TranslationContext(
        String nodeName,
        String clusterId,
        String regionId,
        String vSwitchId,
        String securityGroupId,
        String resourceGroupId,
        String clusterDnsIp,
        String clusterDomain,
        String hostIp) {

    /** The cluster domain, {@code cluster.local} when not configured. */
    public String domain() {
        return clusterDomain == null || clusterDomain.isBlank() ? "cluster.local" : clusterDomain;
    }
}
