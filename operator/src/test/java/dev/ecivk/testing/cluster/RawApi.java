package dev.ecivk.testing.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.concurrent.ExecutionException;

/** Requests the fabric8 DSL cannot express (a DELETE with preconditions, a binding), sent with its HTTP client. */
final class RawApi {
    /** An answer of the apiserver: its code and body. */
    record Answer(int code, String body) {}

    private RawApi() {}

    static Answer send(KubernetesClient client, String method, String path, String body) {
        String url = client.getMasterUrl().toString().replaceAll("/$", "") + path;
        HttpRequest.Builder request =
                client.getHttpClient().newHttpRequestBuilder().uri(url);
        request = body == null ? request.method(method, null, null) : request.method(method, "application/json", body);
        try {
            HttpResponse<String> response = client.getHttpClient()
                    .sendAsync(request.build(), String.class)
                    .get();
            return new Answer(response.code(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
