package dev.ecivk.translate;

import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.NameValue;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * DNS. ECI instances do not use the cluster's resolver by themselves, so ClusterFirst is emulated the way the
 * kubelet writes resolv.conf: the cluster DNS IP, the namespace/svc/domain searches and ndots:5, sent as DnsPolicy
 * None with that DnsConfig. dnsConfig is merged and the result trimmed to resolv.conf's limits.
 */
final class DnsTranslator {
    /** resolv.conf limits as the kubelet applies them (not ECI's: it documents none). */
    static final int MAX_NAMESERVERS = 3;

    static final int MAX_SEARCHES = 6;

    record Dns(String policy, ContainerGroupSpec.DnsConfig config) {}

    private final PodView pod;
    private final Findings findings;

    DnsTranslator(PodView pod, Findings findings) {
        this.pod = pod;
        this.findings = findings;
    }

    Dns translate() {
        String policy =
                pod.spec().getDnsPolicy() == null ? "ClusterFirst" : pod.spec().getDnsPolicy();
        PodDNSConfig user = pod.spec().getDnsConfig();
        switch (policy) {
            case "ClusterFirst", "ClusterFirstWithHostNet" -> {
                String dnsIp = pod.ctx().clusterDnsIp();
                if (dnsIp == null || dnsIp.isBlank()) {
                    findings.warn(
                            WarningReason.ClusterDNSUnavailable,
                            "pod: dnsPolicy " + policy + " needs the cluster DNS address, which this node does not"
                                    + " know (--cluster-dns); the container group uses the VPC resolver"
                                    + " (dnsPolicy Default) and Service names will not resolve");
                    return new Dns("Default", merge(List.of(), List.of(), Map.of(), user));
                }
                String domain = pod.ctx().domain();
                List<String> searches = List.of(pod.namespace() + ".svc." + domain, "svc." + domain, domain);
                Map<String, String> options = new LinkedHashMap<>();
                options.put("ndots", "5");
                return new Dns("None", merge(List.of(dnsIp), searches, options, user));
            }
            case "Default" -> {
                return new Dns("Default", user == null ? null : merge(List.of(), List.of(), Map.of(), user));
            }
            case "None" -> {
                if (user == null) {
                    findings.problem("pod: dnsPolicy None requires dnsConfig");
                    return new Dns("None", null);
                }
                return new Dns("None", merge(List.of(), List.of(), Map.of(), user));
            }
            default -> {
                findings.problem("pod: dnsPolicy \"" + policy + "\" is not one of ClusterFirst,"
                        + " ClusterFirstWithHostNet, Default, None");
                return new Dns(null, null);
            }
        }
    }

    private ContainerGroupSpec.DnsConfig merge(
            List<String> baseServers, List<String> baseSearches, Map<String, String> baseOptions, PodDNSConfig user) {
        LinkedHashSet<String> servers = new LinkedHashSet<>(baseServers);
        LinkedHashSet<String> searches = new LinkedHashSet<>(baseSearches);
        Map<String, String> options = new LinkedHashMap<>(baseOptions);
        if (user != null) {
            if (user.getNameservers() != null) {
                servers.addAll(user.getNameservers());
            }
            if (user.getSearches() != null) {
                searches.addAll(user.getSearches());
            }
            if (user.getOptions() != null) {
                for (PodDNSConfigOption o : user.getOptions()) {
                    options.put(o.getName(), o.getValue());
                }
            }
        }
        if (servers.isEmpty() && searches.isEmpty() && options.isEmpty()) {
            return null;
        }
        List<String> serverList = new ArrayList<>(servers);
        if (serverList.size() > MAX_NAMESERVERS) {
            findings.warn(
                    WarningReason.DNSConfigForming,
                    "pod: " + serverList.size() + " nameservers, resolv.conf takes at most "
                            + MAX_NAMESERVERS + "; kept "
                            + serverList.subList(0, MAX_NAMESERVERS));
            serverList = serverList.subList(0, MAX_NAMESERVERS);
        }
        List<String> searchList = new ArrayList<>(searches);
        if (searchList.size() > MAX_SEARCHES) {
            findings.warn(
                    WarningReason.DNSConfigForming,
                    "pod: " + searchList.size() + " search domains, at most " + MAX_SEARCHES
                            + " are applied; dropped "
                            + searchList.subList(MAX_SEARCHES, searchList.size()));
            searchList = searchList.subList(0, MAX_SEARCHES);
        }
        List<NameValue> optionList = new ArrayList<>();
        options.forEach((k, v) -> optionList.add(new NameValue(k, v)));
        return new ContainerGroupSpec.DnsConfig(serverList, searchList, optionList);
    }
}
