package dev.ecivk.kube;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The checks {@code run} makes before it starts anything, so a wrong kubeconfig, refused credentials or missing RBAC
 * end the process within seconds with one line that says what to set, instead of a stack trace a minute later.
 */
public final class ClusterPreflight {
    /** How long the apiserver may take to answer the first request. */
    static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    static final int REQUEST_TIMEOUT_MILLIS = 8_000;

    /** A verb on a resource the controller cannot work without. */
    public record Permission(String verb, String group, String resource, String subresource, String namespace) {
        public static Permission of(String verb, String resource) {
            return new Permission(verb, "", resource, null, null);
        }

        public Permission in(String ns) {
            return new Permission(verb, group, resource, subresource, ns);
        }

        public Permission group(String g) {
            return new Permission(verb, g, resource, subresource, namespace);
        }

        public Permission sub(String s) {
            return new Permission(verb, group, resource, s, namespace);
        }

        @Override
        public String toString() {
            String r = (group.isEmpty() ? "" : group + "/") + resource + (subresource == null ? "" : "/" + subresource);
            return verb + " " + r + (namespace == null ? "" : " in " + namespace);
        }
    }

    /** What the controller does with the apiserver on every node it serves. */
    public static final List<Permission> NODE_PERMISSIONS = List.of(
            Permission.of("create", "nodes"),
            Permission.of("update", "nodes"),
            Permission.of("update", "nodes").sub("status"),
            Permission.of("watch", "nodes"),
            Permission.of("update", "leases").group("coordination.k8s.io").in("kube-node-lease"),
            Permission.of("create", "leases").group("coordination.k8s.io").in("kube-node-lease"),
            Permission.of("watch", "pods"),
            Permission.of("patch", "pods").sub("status"),
            Permission.of("delete", "pods"),
            Permission.of("create", "events"),
            Permission.of("get", "secrets"),
            Permission.of("get", "configmaps"),
            Permission.of("create", "serviceaccounts").sub("token"));

    /** Why the controller cannot start, in one line. */
    public static final class StartupException extends RuntimeException {
        public StartupException(String message) {
            super(message, null, false, false);
        }
    }

    private ClusterPreflight() {}

    /**
     * Reaches the apiserver (one request, no retries, bounded timeouts), then asks it whether the client may do what the controller
     * needs. Throws {@link StartupException} with one line naming the apiserver, the kubeconfig that was used and
     * what to change.
     *
     * @param source where the client's configuration came from, for the message (e.g. "--kubeconfig /x")
     */
    public static void check(KubernetesClient client, String source, List<Permission> needed) {
        Config probeConfig = new ConfigBuilder(client.getConfiguration())
                .withConnectionTimeout(CONNECT_TIMEOUT_MILLIS)
                .withRequestTimeout(REQUEST_TIMEOUT_MILLIS)
                .withRequestRetryBackoffLimit(0)
                .build();
        String url = client.getConfiguration().getMasterUrl();
        try (KubernetesClient probe =
                new KubernetesClientBuilder().withConfig(probeConfig).build()) {
            int code = versionStatus(probe, url, source);
            if (code == 401) {
                throw new StartupException("the apiserver at " + url + " refused the credentials of " + source
                        + " (HTTP 401): renew the token or certificate in that kubeconfig");
            }
            if (code == 403) {
                throw new StartupException("the apiserver at " + url + " treats the credentials of " + source
                        + " as anonymous (HTTP 403 on API discovery): give that kubeconfig a user with a token or "
                        + "client certificate");
            }
            if (code >= 300 && code != 404) {
                throw new StartupException(
                        "the apiserver at " + url + " answered HTTP " + code + " to GET /api: is it an apiserver?");
            }
            List<String> denied = new ArrayList<>();
            for (Permission p : needed) {
                if (denied(probe, p)) {
                    denied.add(p.toString());
                }
            }
            if (!denied.isEmpty()) {
                throw new StartupException("the apiserver at " + url + " does not let the credentials of " + source
                        + " " + String.join(", ", denied) + " (RBAC): grant them, e.g. with the chart's ClusterRole");
            }
        }
    }

    /**
     * The HTTP status of {@code GET /api}, the API discovery every authenticated user may read (unlike
     * {@code /version}, which anonymous callers may read too, so it proves nothing about the credentials); or one
     * line why no answer came.
     */
    private static int versionStatus(KubernetesClient probe, String url, String source) {
        HttpRequest request = probe.getHttpClient()
                .newHttpRequestBuilder()
                .uri(url.replaceAll("/+$", "") + "/api")
                .timeout(REQUEST_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .build();
        try {
            HttpResponse<String> response = probe.getHttpClient()
                    .sendAsync(request, String.class)
                    .get(CONNECT_TIMEOUT_MILLIS + REQUEST_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            return response.code();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while reaching the apiserver at " + url);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String cause = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " " + root.getMessage());
            throw new StartupException("cannot reach the Kubernetes apiserver at " + url + " (configured by " + source
                    + "): " + cause + ". Set --kubeconfig (or KUBECONFIG) to a cluster's kubeconfig, or run inside a "
                    + "cluster");
        }
    }

    /** True only when the apiserver says no; an answer without a verdict (or no review API) is not a denial. */
    private static boolean denied(KubernetesClient client, Permission p) {
        SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder()
                .withNewSpec()
                .withResourceAttributes(new ResourceAttributesBuilder()
                        .withVerb(p.verb())
                        .withGroup(p.group())
                        .withResource(p.resource())
                        .withSubresource(p.subresource())
                        .withNamespace(p.namespace())
                        .build())
                .endSpec()
                .build();
        try {
            SelfSubjectAccessReview answer =
                    client.authorization().v1().selfSubjectAccessReview().create(review);
            return answer != null
                    && answer.getStatus() != null
                    && Boolean.FALSE.equals(answer.getStatus().getAllowed());
        } catch (KubernetesClientException e) {
            return false;
        }
    }
}
