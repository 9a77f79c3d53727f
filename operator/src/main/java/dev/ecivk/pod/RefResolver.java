package dev.ecivk.pod;

import dev.ecivk.kube.Failures;
import dev.ecivk.translate.ResolvedRefs;
import dev.ecivk.translate.Warning;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Reads what a Pod references — ConfigMaps and Secrets (env, envFrom, volumes, imagePullSecrets), bound
 * service-account tokens (TokenRequest) and the Services for service-link variables — so the pure translator can
 * inline them. ECI cannot reach the apiserver, so everything must be resolved before the create. Never logs or
 * reports a value.
 */
public final class RefResolver {

    /** What the kubelet asks for in the auto-injected kube-api-access volume. */
    static final long DEFAULT_TOKEN_EXPIRATION_SECONDS = 3607;

    private final KubernetesClient client;
    private final ClusterReads reads;

    /** Reads every referenced object from the apiserver each time (no watches). */
    public RefResolver(KubernetesClient client) {
        this(client, ClusterReads.direct(client));
    }

    /**
     * @param client for TokenRequests (one per Pod and token volume: tokens are bound to their Pod)
     * @param reads where ConfigMaps, Secrets and Services are read
     */
    public RefResolver(KubernetesClient client, ClusterReads reads) {
        this.client = Objects.requireNonNull(client);
        this.reads = Objects.requireNonNull(reads);
    }

    public RefResolution resolve(Pod pod) {
        return new Resolution(pod).run();
    }

    /** One Pod's resolution: each object is read once however often it is referenced. */
    private final class Resolution {
        private final Pod pod;
        private final String namespace;
        private final Map<String, ConfigMap> configMaps = new LinkedHashMap<>();
        private final Map<String, Secret> secrets = new LinkedHashMap<>();
        /** Names read so far; the value says whether the read failed (already reported). */
        private final Map<String, Boolean> readConfigMaps = new LinkedHashMap<>();

        private final Map<String, Boolean> readSecrets = new LinkedHashMap<>();
        private final Map<String, String> tokens = new LinkedHashMap<>();
        private final List<MissingRef> mandatory = new ArrayList<>();
        private final List<MissingRef> optional = new ArrayList<>();
        private final List<Warning> warnings = new ArrayList<>();

        Resolution(Pod pod) {
            this.pod = pod;
            this.namespace = pod.getMetadata().getNamespace();
        }

        RefResolution run() {
            for (Container c : containers()) {
                String where = "container \"" + c.getName() + "\"";
                for (EnvFromSource from : orEmpty(c.getEnvFrom())) {
                    if (from.getConfigMapRef() != null) {
                        configMap(
                                from.getConfigMapRef().getName(),
                                from.getConfigMapRef().getOptional(),
                                null,
                                where);
                    }
                    if (from.getSecretRef() != null) {
                        secret(
                                from.getSecretRef().getName(),
                                from.getSecretRef().getOptional(),
                                null,
                                where);
                    }
                }
                for (EnvVar e : orEmpty(c.getEnv())) {
                    if (e.getValueFrom() == null) {
                        continue;
                    }
                    var cm = e.getValueFrom().getConfigMapKeyRef();
                    if (cm != null) {
                        configMap(cm.getName(), cm.getOptional(), List.of(cm.getKey()), where + " env " + e.getName());
                    }
                    var s = e.getValueFrom().getSecretKeyRef();
                    if (s != null) {
                        secret(s.getName(), s.getOptional(), List.of(s.getKey()), where + " env " + e.getName());
                    }
                }
            }
            for (Volume v : orEmpty(pod.getSpec().getVolumes())) {
                volume(v);
            }
            for (LocalObjectReference ref : orEmpty(pod.getSpec().getImagePullSecrets())) {
                if (ref != null && ref.getName() != null && !ref.getName().isEmpty()) {
                    pullSecret(ref.getName());
                }
            }
            List<Service> services = services();
            return new RefResolution(
                    new ResolvedRefs(configMaps, secrets, tokens, services), mandatory, optional, warnings);
        }

        private void volume(Volume v) {
            String where = "volume \"" + v.getName() + "\"";
            if (v.getConfigMap() != null) {
                configMap(
                        v.getConfigMap().getName(),
                        v.getConfigMap().getOptional(),
                        keys(v.getConfigMap().getItems()),
                        where);
            }
            if (v.getSecret() != null) {
                secret(
                        v.getSecret().getSecretName(),
                        v.getSecret().getOptional(),
                        keys(v.getSecret().getItems()),
                        where);
            }
            if (v.getProjected() == null) {
                return;
            }
            for (VolumeProjection p : orEmpty(v.getProjected().getSources())) {
                if (p.getConfigMap() != null) {
                    configMap(
                            p.getConfigMap().getName(),
                            p.getConfigMap().getOptional(),
                            keys(p.getConfigMap().getItems()),
                            where);
                }
                if (p.getSecret() != null) {
                    secret(
                            p.getSecret().getName(),
                            p.getSecret().getOptional(),
                            keys(p.getSecret().getItems()),
                            where);
                }
                if (p.getServiceAccountToken() != null) {
                    token(v.getName(), p.getServiceAccountToken(), where);
                }
            }
        }

        private void configMap(String name, Boolean optionalFlag, List<String> keys, String where) {
            boolean opt = Boolean.TRUE.equals(optionalFlag);
            if (!readConfigMaps.containsKey(name)) {
                try {
                    ConfigMap read = Failures.apiCall(() -> reads.configMap(namespace, name));
                    readConfigMaps.put(name, false);
                    if (read != null) {
                        configMaps.put(name, read);
                    }
                } catch (KubernetesClientException e) {
                    readConfigMaps.put(name, true);
                    missing(
                            opt,
                            "FailedToReadConfigMap",
                            where + ": configMap " + namespace + "/" + name + " could not be read (HTTP " + e.getCode()
                                    + ")");
                }
            }
            ConfigMap cm = configMaps.get(name);
            if (Boolean.TRUE.equals(readConfigMaps.get(name))) {
                return;
            }
            if (cm == null) {
                missing(
                        opt,
                        kind(opt) + "ConfigMapNotFound",
                        where + ": configMap " + namespace + "/" + name + " not found");
                return;
            }
            for (String key : keys == null ? List.<String>of() : keys) {
                boolean present = (cm.getData() != null && cm.getData().containsKey(key))
                        || (cm.getBinaryData() != null && cm.getBinaryData().containsKey(key));
                if (!present) {
                    missing(
                            opt,
                            kind(opt) + "ConfigMapKeyNotFound",
                            where + ": key \"" + key + "\" not found in configMap " + namespace + "/" + name);
                }
            }
        }

        private void secret(String name, Boolean optionalFlag, List<String> keys, String where) {
            boolean opt = Boolean.TRUE.equals(optionalFlag);
            Secret s = readSecret(name, opt, where);
            if (Boolean.TRUE.equals(readSecrets.get(name))) {
                return;
            }
            if (s == null) {
                missing(opt, kind(opt) + "SecretNotFound", where + ": secret " + namespace + "/" + name + " not found");
                return;
            }
            for (String key : keys == null ? List.<String>of() : keys) {
                boolean present = (s.getData() != null && s.getData().containsKey(key))
                        || (s.getStringData() != null && s.getStringData().containsKey(key));
                if (!present) {
                    missing(
                            opt,
                            kind(opt) + "SecretKeyNotFound",
                            where + ": key \"" + key + "\" not found in secret " + namespace + "/" + name);
                }
            }
        }

        /** The Secret, or null; a read failure is reported here once. */
        private Secret readSecret(String name, boolean opt, String where) {
            if (!readSecrets.containsKey(name)) {
                try {
                    Secret s = Failures.apiCall(() -> reads.secret(namespace, name));
                    readSecrets.put(name, false);
                    if (s != null) {
                        secrets.put(name, s);
                    }
                } catch (KubernetesClientException e) {
                    readSecrets.put(name, true);
                    missing(
                            opt,
                            "FailedToReadSecret",
                            where + ": secret " + namespace + "/" + name + " could not be read (HTTP " + e.getCode()
                                    + ")");
                }
            }
            return secrets.get(name);
        }

        /** A missing pull secret does not stop the kubelet either: it pulls anonymously and says so. */
        private void pullSecret(String name) {
            String where = "imagePullSecret";
            if (readSecret(name, true, where) == null && !readSecrets.getOrDefault(name, false)) {
                optional.add(new MissingRef(
                        "FailedToRetrieveImagePullSecret",
                        "imagePullSecret: secret " + namespace + "/" + name + " not found; images are pulled"
                                + " without it"));
            }
        }

        private void token(String volume, ServiceAccountTokenProjection source, String where) {
            String sa = pod.getSpec().getServiceAccountName() != null
                    ? pod.getSpec().getServiceAccountName()
                    : pod.getSpec().getServiceAccount() != null ? pod.getSpec().getServiceAccount() : "default";
            long expiration = source.getExpirationSeconds() != null
                    ? source.getExpirationSeconds()
                    : DEFAULT_TOKEN_EXPIRATION_SECONDS;
            TokenRequestBuilder request = new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(expiration)
                    .withNewBoundObjectRef()
                    .withApiVersion("v1")
                    .withKind("Pod")
                    .withName(pod.getMetadata().getName())
                    .withUid(pod.getMetadata().getUid())
                    .endBoundObjectRef()
                    .endSpec();
            if (source.getAudience() != null && !source.getAudience().isEmpty()) {
                request.editSpec().withAudiences(source.getAudience()).endSpec();
            }
            try {
                TokenRequest response = Failures.apiCall(() -> client.serviceAccounts()
                        .inNamespace(namespace)
                        .withName(sa)
                        .tokenRequest(request.build()));
                String token = response == null || response.getStatus() == null
                        ? null
                        : response.getStatus().getToken();
                if (token == null || token.isEmpty()) {
                    mandatory.add(new MissingRef(
                            "FailedToRequestServiceAccountToken",
                            where + ": the TokenRequest for service account " + namespace + "/" + sa
                                    + " returned no token"));
                    return;
                }
                tokens.put(ResolvedRefs.tokenKey(volume, source.getPath()), token);
            } catch (KubernetesClientException e) {
                mandatory.add(new MissingRef(
                        e.getCode() == 404 ? "MandatoryServiceAccountNotFound" : "FailedToRequestServiceAccountToken",
                        where + ": the TokenRequest for service account " + namespace + "/" + sa + " failed (HTTP "
                                + e.getCode() + ")"));
            }
        }

        private List<Service> services() {
            List<Service> out = new ArrayList<>();
            try {
                Failures.apiCall(() -> reads.services("default")).stream()
                        .filter(s -> "kubernetes".equals(s.getMetadata().getName()))
                        .forEach(out::add);
                if (!Boolean.FALSE.equals(pod.getSpec().getEnableServiceLinks())) {
                    for (Service s : Failures.apiCall(() -> reads.services(namespace))) {
                        if (!(namespace.equals("default")
                                && "kubernetes".equals(s.getMetadata().getName()))) {
                            out.add(s);
                        }
                    }
                }
            } catch (KubernetesClientException e) {
                warnings.add(new Warning(
                        "FailedToListServices",
                        "Services of namespace " + namespace + " could not be listed (HTTP " + e.getCode()
                                + "); service-link variables are left out"));
            }
            return out;
        }

        private void missing(boolean opt, String reason, String message) {
            (opt ? optional : mandatory).add(new MissingRef(reason, message));
        }

        private List<Container> containers() {
            return Stream.concat(
                            orEmpty(pod.getSpec().getInitContainers()).stream(),
                            orEmpty(pod.getSpec().getContainers()).stream())
                    .toList();
        }
    }

    private static String kind(boolean optional) {
        return optional ? "Optional" : "Mandatory";
    }

    private static List<String> keys(List<KeyToPath> items) {
        return items == null ? null : items.stream().map(KeyToPath::getKey).toList();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
