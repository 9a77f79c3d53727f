package dev.ecivk.agent;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the agent finds its user data: a file, or the cloud's metadata service (Alibaba Cloud's, then
 * OpenStack's as Huawei Cloud serves it), tried in order.
 */
public final class UserDataSource {
    static final URI ALIBABA = URI.create("http://100.100.100.200/latest/user-data");
    static final URI OPENSTACK = URI.create("http://169.254.169.254/openstack/latest/user_data");

    private UserDataSource() {}

    public static String read(Path file, List<URI> metadata, Duration timeout) throws IOException {
        if (file != null) {
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        List<String> failures = new ArrayList<>();
        for (URI uri : metadata) {
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (response.statusCode() == 200 && !response.body().isBlank()) {
                    return response.body();
                }
                failures.add(uri + " answered " + response.statusCode());
            } catch (IOException e) {
                failures.add(uri + ": " + e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the user data");
            }
        }
        throw new IOException("no user data: " + String.join("; ", failures));
    }
}
