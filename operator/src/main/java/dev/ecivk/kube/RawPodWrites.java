package dev.ecivk.kube;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;

/**
 * Writes to one Pod through the client's HTTP layer (its authentication, TLS and retries), without decoding the Pod:
 * fabric8's patch of a resource first copies the whole Pod by a serialisation round trip and then decodes the whole Pod
 * the apiserver answers, where a kubelet's write needs only the new resourceVersion. In a burst those two were most of
 * the status writers' CPU.
 */
public final class RawPodWrites {
    public static final String STRATEGIC_MERGE = "application/strategic-merge-patch+json";
    public static final String JSON_MERGE = "application/merge-patch+json";
    private static final JsonFactory JSON = new JsonFactory();

    private final KubernetesClient client;

    public RawPodWrites(KubernetesClient client) {
        this.client = client;
    }

    /**
     * PATCHes the Pod ({@code subresource} null) or one of its subresources; returns the resourceVersion the apiserver
     * answered (null if it named none).
     *
     * @throws KubernetesClientException with the apiserver's HTTP code when it refused
     */
    public String patch(Pod pod, String subresource, String contentType, String body) {
        String url = url(pod) + (subresource == null ? "" : "/" + subresource);
        return resourceVersion(send(pod, "PATCH", url, contentType, body));
    }

    /** DELETEs the Pod with these options; 404 and 409 mean it is gone already (or another Pod by that name). */
    public void delete(Pod pod, String deleteOptions) {
        try {
            send(pod, "DELETE", url(pod), "application/json", deleteOptions);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 409) {
                throw e;
            }
        }
    }

    private String url(Pod pod) {
        return client.getMasterUrl().toString().replaceAll("/$", "") + "/api/v1/namespaces/"
                + URLEncoder.encode(pod.getMetadata().getNamespace(), StandardCharsets.UTF_8) + "/pods/"
                + URLEncoder.encode(pod.getMetadata().getName(), StandardCharsets.UTF_8);
    }

    private byte[] send(Pod pod, String method, String url, String contentType, String body) {
        String what = method + " pod " + pod.getMetadata().getNamespace() + "/"
                + pod.getMetadata().getName();
        HttpRequest request = client.getHttpClient()
                .newHttpRequestBuilder()
                .uri(url)
                .method(method, contentType, body)
                .build();
        HttpResponse<byte[]> response;
        try {
            response = client.getHttpClient().sendAsync(request, byte[].class).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted: " + what, e);
        } catch (ExecutionException e) {
            throw new KubernetesClientException(what + " failed", e.getCause());
        }
        if (response.code() >= 300) {
            // the apiserver's Status names the field or precondition; never the patch itself
            throw new KubernetesClientException(
                    what + " failed with HTTP " + response.code() + ": "
                            + new String(
                                    response.body() == null ? new byte[0] : response.body(), StandardCharsets.UTF_8),
                    response.code(),
                    null);
        }
        return response.body();
    }

    /** {@code metadata.resourceVersion} of an object's JSON, read without decoding the rest. */
    static String resourceVersion(byte[] json) {
        if (json == null || json.length == 0) {
            return null;
        }
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("metadata".equals(field) && value == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String inner = p.currentName();
                        JsonToken v = p.nextToken();
                        if ("resourceVersion".equals(inner) && v == JsonToken.VALUE_STRING) {
                            return p.getText();
                        }
                        p.skipChildren();
                    }
                    return null;
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
