package dev.ecivk.translate;

import dev.ecivk.eci.contract.EciLimits;
import dev.ecivk.provider.model.ContainerSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Builds a container's environment the way the kubelet does (envFrom, then env with {@code $(VAR)} expansion, then
 * service links for names not yet set), resolving every reference to a literal because ECI cannot reach the
 * apiserver; only the Pod IP stays a reference ECI fills in.
 */
final class EnvBuilder {

    private static final Pattern ECI_ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final PodView pod;
    private final Findings findings;
    private final ResourceFieldResolver resourceFields;
    private final Map<String, Map<String, String>> serviceLinks;
    private final Map<String, String> serviceEnv = new LinkedHashMap<>();

    EnvBuilder(
            PodView pod,
            Findings findings,
            ResourceFieldResolver resourceFields,
            Map<String, Map<String, String>> serviceLinks) {
        this.pod = pod;
        this.findings = findings;
        this.resourceFields = resourceFields;
        this.serviceLinks = serviceLinks;
        serviceLinks.values().forEach(serviceEnv::putAll);
    }

    static boolean validName(String name) {
        return name != null
                && name.length() <= EciLimits.MAX_ENV_NAME_LENGTH
                && ECI_ENV_NAME.matcher(name).matches();
    }

    ContainerEnv build(Container c, String label) {
        Map<String, ContainerSpec.EnvVar> vars = new LinkedHashMap<>();
        Map<String, String> literals = new LinkedHashMap<>();
        if (c.getEnvFrom() != null) {
            for (EnvFromSource source : c.getEnvFrom()) {
                envFrom(source, label, vars, literals);
            }
        }
        if (c.getEnv() != null) {
            for (EnvVar e : c.getEnv()) {
                env(e, c.getName(), label, vars, literals);
            }
        }
        int userCount = vars.size();
        if (userCount > EciLimits.MAX_ENV_VARS) {
            findings.problem(label + ": env has " + userCount + " variables (env and envFrom), ECI allows at most "
                    + EciLimits.MAX_ENV_VARS);
        }
        List<String> cut = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> service : serviceLinks.entrySet()) {
            Map<String, String> missing = new LinkedHashMap<>(service.getValue());
            missing.keySet().removeAll(vars.keySet());
            if (vars.size() + missing.size() > EciLimits.MAX_ENV_VARS) {
                cut.add(service.getKey());
                continue;
            }
            missing.forEach((k, v) -> {
                vars.put(k, ContainerSpec.EnvVar.literal(k, v));
                literals.put(k, v);
            });
        }
        if (!cut.isEmpty()) {
            findings.warn(
                    WarningReason.ServiceLinksTruncated,
                    label + ": the service-link variables of " + cut.size() + " Services " + cut
                            + " were left out to stay within ECI's " + EciLimits.MAX_ENV_VARS
                            + " variables per container; set enableServiceLinks: false if the Pod does not use them");
        }
        Set<String> runtime = new LinkedHashSet<>();
        for (ContainerSpec.EnvVar v : vars.values()) {
            if (v.fieldRefPath() != null) {
                runtime.add(v.key());
            } else if (v.value() != null && v.value().length() > EciLimits.MAX_ENV_VALUE_LENGTH) {
                findings.problem(label + ": the value of env " + v.key() + " has "
                        + v.value().length()
                        + " characters, ECI allows at most " + EciLimits.MAX_ENV_VALUE_LENGTH
                        + " (mount long values as a file instead)");
            }
        }
        return new ContainerEnv(List.copyOf(vars.values()), literals, runtime);
    }

    private void put(String name, String value, Map<String, ContainerSpec.EnvVar> vars, Map<String, String> lit) {
        vars.remove(name);
        vars.put(name, ContainerSpec.EnvVar.literal(name, value));
        lit.put(name, value);
    }

    private void envFrom(
            EnvFromSource source, String label, Map<String, ContainerSpec.EnvVar> vars, Map<String, String> lit) {
        String prefix = source.getPrefix() == null ? "" : source.getPrefix();
        Map<String, String> values;
        String what;
        if (source.getConfigMapRef() != null) {
            String name = source.getConfigMapRef().getName();
            boolean optional = Boolean.TRUE.equals(source.getConfigMapRef().getOptional());
            what = "configMap " + pod.namespace() + "/" + name;
            ConfigMap cm = pod.refs().configMaps().get(name);
            if (cm == null) {
                if (!optional) {
                    findings.problem(label + ": envFrom configMap \"" + name + "\" was not found");
                }
                return;
            }
            values = cm.getData() == null ? Map.of() : cm.getData();
        } else if (source.getSecretRef() != null) {
            String name = source.getSecretRef().getName();
            boolean optional = Boolean.TRUE.equals(source.getSecretRef().getOptional());
            what = "secret " + pod.namespace() + "/" + name;
            Secret secret = pod.refs().secrets().get(name);
            if (secret == null) {
                if (!optional) {
                    findings.problem(label + ": envFrom secret \"" + name + "\" was not found");
                }
                return;
            }
            values = SecretData.strings(secret);
        } else {
            findings.problem(label + ": envFrom entry has neither configMapRef nor secretRef");
            return;
        }
        List<String> invalid = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
            String key = prefix + e.getKey();
            if (!validName(key)) {
                invalid.add(key);
                continue;
            }
            put(key, e.getValue(), vars, lit);
        }
        if (!invalid.isEmpty()) {
            findings.warn(
                    WarningReason.InvalidEnvironmentVariableNames,
                    label + ": keys " + invalid + " from the envFrom " + what
                            + " were skipped since they are not valid ECI environment variable names"
                            + " ([A-Za-z_][A-Za-z0-9_]*, at most " + EciLimits.MAX_ENV_NAME_LENGTH + " characters)");
        }
    }

    private void env(
            EnvVar e,
            String containerName,
            String label,
            Map<String, ContainerSpec.EnvVar> vars,
            Map<String, String> lit) {
        String name = e.getName();
        if (!validName(name)) {
            findings.problem(label + ": env name \"" + name
                    + "\" is not valid on ECI (letters, digits and _ only, not starting with a digit, at most "
                    + EciLimits.MAX_ENV_NAME_LENGTH + " characters)");
            return;
        }
        EnvVarSource from = e.getValueFrom();
        if (from == null) {
            String value = e.getValue() == null ? "" : e.getValue();
            String expanded = Expansion.expand(value, n -> lit.containsKey(n) ? lit.get(n) : serviceEnv.get(n));
            put(name, expanded, vars, lit);
            return;
        }
        String where = label + ": env " + name;
        if (from.getFieldRef() != null) {
            String path = from.getFieldRef().getFieldPath();
            if (FieldPaths.isRuntime(path)) {
                vars.remove(name);
                lit.remove(name);
                vars.put(name, new ContainerSpec.EnvVar(name, null, FieldPaths.POD_IP));
                return;
            }
            String value = FieldPaths.literal(pod, path, false);
            if (value == null) {
                findings.problem(where + ": fieldRef \"" + path + "\" is not supported");
                return;
            }
            put(name, value, vars, lit);
        } else if (from.getResourceFieldRef() != null) {
            String container = from.getResourceFieldRef().getContainerName();
            if (container == null || container.isEmpty()) {
                container = containerName;
            }
            String value = resourceFields.resolve(
                    container,
                    from.getResourceFieldRef().getResource(),
                    from.getResourceFieldRef().getDivisor(),
                    where,
                    findings);
            if (value != null) {
                put(name, value, vars, lit);
            }
        } else if (from.getConfigMapKeyRef() != null) {
            ConfigMapKeySelector ref = from.getConfigMapKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            ConfigMap cm = pod.refs().configMaps().get(ref.getName());
            if (cm == null) {
                if (!optional) {
                    findings.problem(where + ": configMap \"" + ref.getName() + "\" was not found");
                }
                return;
            }
            String value = cm.getData() == null ? null : cm.getData().get(ref.getKey());
            if (value == null) {
                if (!optional) {
                    findings.problem(where + ": key \"" + ref.getKey() + "\" was not found in configMap \""
                            + ref.getName() + "\"");
                }
                return;
            }
            put(name, value, vars, lit);
        } else if (from.getSecretKeyRef() != null) {
            SecretKeySelector ref = from.getSecretKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            Secret secret = pod.refs().secrets().get(ref.getName());
            if (secret == null) {
                if (!optional) {
                    findings.problem(where + ": secret \"" + ref.getName() + "\" was not found");
                }
                return;
            }
            String value = SecretData.strings(secret).get(ref.getKey());
            if (value == null) {
                if (!optional) {
                    findings.problem(
                            where + ": key \"" + ref.getKey() + "\" was not found in secret \"" + ref.getName() + "\"");
                }
                return;
            }
            put(name, value, vars, lit);
        } else {
            findings.problem(where + ": valueFrom has no supported source (fieldRef, resourceFieldRef,"
                    + " configMapKeyRef or secretKeyRef)");
        }
    }
}
