package dev.ecivk.translate;

import dev.ecivk.eci.contract.EciLimits;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pod → ContainerGroupSpec, or the full list of reasons it cannot be. Pure: no I/O, no clock, no logging. Every
 * PodSpec field is carried to ECI, folded with a {@link Warning}, or rejected with a problem naming the field.
 */
public final class PodTranslator {

    private PodTranslator() {}

    public static Translation translate(Pod pod, ResolvedRefs refs, TranslationContext ctx) {
        Findings findings = new Findings();
        if (pod == null || pod.getMetadata() == null || pod.getSpec() == null) {
            findings.problem("pod: metadata and spec are required");
            return new Translation(null, findings.problems(), findings.warnings());
        }
        PodView view = new PodView(pod, refs == null ? ResolvedRefs.none() : refs, ctx);
        if (isDaemonSetPod(pod)) {
            findings.problem("DaemonSet Pods are not run on virtual nodes; keep DaemonSets off this node"
                    + " (add a nodeAffinity excluding type=virtual-kubelet)");
        }
        List<Container> containers = orEmpty(pod.getSpec().getContainers());
        List<Container> initContainers = orEmpty(pod.getSpec().getInitContainers());
        if (containers.isEmpty()) {
            findings.problem("pod: spec.containers is empty");
        }
        if (containers.size() > EciLimits.MAX_CONTAINERS) {
            findings.problem(
                    "pod: " + containers.size() + " containers, ECI allows at most " + EciLimits.MAX_CONTAINERS);
        }
        if (initContainers.size() > EciLimits.MAX_INIT_CONTAINERS) {
            findings.problem("pod: " + initContainers.size() + " init containers, ECI allows at most "
                    + EciLimits.MAX_INIT_CONTAINERS);
        }

        Map<String, ContainerResources> initResources = resources(initContainers, true, findings);
        Map<String, ContainerResources> resources = resources(containers, false, findings);
        GroupResources group = GroupResources.of(view, resources, initResources, findings);

        ResourceFieldResolver resourceFields = new ResourceFieldResolver(view, group.cpu(), group.memory());
        EnvBuilder env = new EnvBuilder(view, findings, resourceFields, ServiceLinks.of(view));
        PodFields.check(view, findings);
        SecurityContexts securityContexts = new SecurityContexts(findings);
        var sysctls = securityContexts.pod(pod.getSpec().getSecurityContext());
        ContainerTranslator translator =
                new ContainerTranslator(findings, env, pod.getSpec().getSecurityContext());
        List<ContainerSpec> initSpecs = new ArrayList<>();
        for (Container c : initContainers) {
            initSpecs.add(translator.translate(c, true, initResources.get(c.getName())));
        }
        List<ContainerSpec> specs = new ArrayList<>();
        for (Container c : containers) {
            specs.add(translator.translate(c, false, resources.get(c.getName())));
        }

        var volumes = new VolumeTranslator(view, findings, resourceFields)
                .translate(pod.getSpec().getVolumes());
        DnsTranslator.Dns dns = new DnsTranslator(view, findings).translate();
        ContainerGroupSpec.Builder spec = ContainerGroupSpec.builder()
                .name(containerGroupName(view.namespace(), view.name()))
                .clientToken(view.uid())
                .regionId(ctx.regionId())
                .securityGroupId(ctx.securityGroupId())
                .vSwitchId(ctx.vSwitchId())
                .resourceGroupId(ctx.resourceGroupId())
                .restartPolicy(restartPolicy(view, findings))
                .cpu(group.cpu())
                .memory(group.memory())
                .instanceType(group.instanceType())
                .ephemeralStorage(group.ephemeralStorageGib())
                .terminationGracePeriodSeconds(pod.getSpec().getTerminationGracePeriodSeconds())
                .activeDeadlineSeconds(pod.getSpec().getActiveDeadlineSeconds())
                .hostName(PodFields.hostName(view, findings))
                .dnsPolicy(dns.policy())
                .dnsConfig(dns.config())
                .hostAliases(hostAliases(view))
                .sysctls(sysctls)
                .imageRegistryCredentials(RegistryCredentials.of(view, findings))
                .containers(specs)
                .initContainers(initSpecs)
                .volumes(volumes)
                .tags(Tags.of(view, findings));
        Annotations.apply(view, spec, findings);
        if (findings.hasProblems()) {
            return new Translation(null, findings.problems(), findings.warnings());
        }
        return new Translation(spec.build(), List.of(), findings.warnings());
    }

    /** The ContainerGroup name of a Pod: DNS-1123, at most 128 characters, hashed when truncated. */
    public static String containerGroupName(String namespace, String name) {
        return Names.containerGroupName(namespace, name);
    }

    /** DaemonSet Pods exist on every node by design; on a virtual node they would only burn cloud instances. */
    public static boolean isDaemonSetPod(Pod pod) {
        if (pod == null || pod.getMetadata() == null || pod.getMetadata().getOwnerReferences() == null) {
            return false;
        }
        for (OwnerReference ref : pod.getMetadata().getOwnerReferences()) {
            if (ref != null && "DaemonSet".equals(ref.getKind())) {
                return true;
            }
        }
        return false;
    }

    private static String restartPolicy(PodView pod, Findings findings) {
        String policy = pod.spec().getRestartPolicy();
        if (policy == null) {
            return "Always";
        }
        if (!List.of("Always", "OnFailure", "Never").contains(policy)) {
            findings.problem("pod: restartPolicy \"" + policy + "\" is not one of Always, OnFailure, Never");
        }
        return policy;
    }

    private static Map<String, ContainerResources> resources(
            List<Container> containers, boolean init, Findings findings) {
        Map<String, ContainerResources> out = new LinkedHashMap<>();
        for (Container c : containers) {
            out.put(c.getName(), ContainerResources.of(c, ContainerTranslator.label(c, init), findings));
        }
        return out;
    }

    private static List<ContainerGroupSpec.HostAlias> hostAliases(PodView pod) {
        List<ContainerGroupSpec.HostAlias> out = new ArrayList<>();
        for (HostAlias a : orEmpty(pod.spec().getHostAliases())) {
            out.add(new ContainerGroupSpec.HostAlias(a.getIp(), a.getHostnames()));
        }
        return out;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
