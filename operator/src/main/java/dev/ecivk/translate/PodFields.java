package dev.ecivk.translate;

import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.TreeSet;

/**
 * Pod-level fields ECI has no place for. Host namespaces would silently change the workload's meaning, so they are
 * problems; scheduling fields (nodeSelector, affinity, tolerations, priority, …) already did their job when the
 * Pod was bound to this node and are not reported.
 */
final class PodFields {

    private PodFields() {}

    static void check(PodView pod, Findings findings) {
        PodSpec s = pod.spec();
        if (Boolean.TRUE.equals(s.getHostNetwork())) {
            findings.problem("pod: hostNetwork is not supported; an ECI container group has its own network");
        }
        if (Boolean.TRUE.equals(s.getHostPID())) {
            findings.problem("pod: hostPID is not supported; an ECI container group has no host to share");
        }
        if (Boolean.TRUE.equals(s.getHostIPC())) {
            findings.problem("pod: hostIPC is not supported; an ECI container group has no host to share");
        }
        if (Boolean.TRUE.equals(s.getShareProcessNamespace())) {
            findings.problem("pod: shareProcessNamespace is not supported by ECI");
        }
        if (s.getOs() != null
                && s.getOs().getName() != null
                && !"linux".equals(s.getOs().getName())) {
            findings.problem("pod: os " + s.getOs().getName() + " is not supported; ECI runs Linux containers");
        }
        if (s.getResourceClaims() != null && !s.getResourceClaims().isEmpty()) {
            findings.problem("pod: resourceClaims (dynamic resource allocation) are not supported by ECI");
        }
        if (s.getResources() != null
                && ((s.getResources().getLimits() != null
                                && !s.getResources().getLimits().isEmpty())
                        || (s.getResources().getRequests() != null
                                && !s.getResources().getRequests().isEmpty()))) {
            findings.warn(
                    WarningReason.UnsupportedPodField,
                    "pod: pod-level resources are ignored; the group is sized from its containers"
                            + " (or k8s.aliyun.com/eci-use-specs)");
        }
        if (Boolean.FALSE.equals(s.getHostUsers())) {
            findings.warn(
                    WarningReason.UnsupportedPodField,
                    "pod: hostUsers: false is ignored; each ECI container group is its own sandbox VM");
        }
        if (s.getRuntimeClassName() != null) {
            findings.warn(
                    WarningReason.UnsupportedPodField,
                    "pod: runtimeClassName \"" + s.getRuntimeClassName() + "\" is ignored; ECI picks the runtime");
        }
        if (s.getEphemeralContainers() != null && !s.getEphemeralContainers().isEmpty()) {
            findings.warn(
                    WarningReason.UnsupportedPodField,
                    "pod: ephemeralContainers are not started; ECI cannot add containers to a running group");
        }
        if (Boolean.TRUE.equals(s.getSetHostnameAsFQDN())) {
            findings.warn(
                    WarningReason.UnsupportedPodField,
                    "pod: setHostnameAsFQDN is ignored; the hostname is the short name");
        }
        if (s.getHostnameOverride() != null) {
            findings.warn(
                    WarningReason.UnsupportedPodField,
                    "pod: hostnameOverride is ignored; the hostname is spec.hostname or the Pod name");
        }
        if (s.getAdditionalProperties() != null && !s.getAdditionalProperties().isEmpty()) {
            findings.warn(
                    WarningReason.UnknownField,
                    "pod: spec fields "
                            + new TreeSet<>(s.getAdditionalProperties().keySet())
                            + " are unknown to this controller and ignored");
        }
    }

    /** spec.hostname, else the Pod name cut to a DNS label, as the kubelet sets it. */
    static String hostName(PodView pod, Findings findings) {
        String host = pod.spec().getHostname();
        if (host == null || host.isEmpty()) {
            host = pod.name();
            if (host.length() > 63) {
                host = host.substring(0, 63).replaceAll("[-.]+$", "");
            }
        }
        String subdomain = pod.spec().getSubdomain();
        if (subdomain != null && !subdomain.isEmpty()) {
            findings.warn(
                    WarningReason.SubdomainNotApplied,
                    "pod: subdomain " + subdomain + " is not applied inside the container group; the name "
                            + host + "." + subdomain + "." + pod.namespace() + ".svc."
                            + pod.ctx().domain()
                            + " resolves through the headless Service only for other Pods");
        }
        return host;
    }
}
