package dev.ecivk.e2e.burst;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the kubelet's Prometheus endpoint and sums its series. */
final class Scrape {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Scrape() {}

    /** The text of {@code http://127.0.0.1:<port>/metrics}, or "" when there is none or it cannot be read. */
    static String metrics(int port) {
        if (port <= 0) {
            return "";
        }
        return get(port, "/metrics", Duration.ofSeconds(30), HttpResponse.BodyHandlers.ofString())
                .map(HttpResponse::body)
                .orElse("");
    }

    /** Whether {@code http://127.0.0.1:<port>/readyz} answers 200 now; false when it answers otherwise or not at all. */
    static boolean ready(int port) {
        return get(port, "/readyz", Duration.ofSeconds(5), HttpResponse.BodyHandlers.discarding())
                .map(r -> r.statusCode() == 200)
                .orElse(false);
    }

    /** GET {@code http://127.0.0.1:<port><path>}: the answer, or empty when there was none. */
    private static <T> Optional<HttpResponse<T>> get(
            int port, String path, Duration timeout, HttpResponse.BodyHandler<T> body) {
        try {
            return Optional.of(HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .timeout(timeout)
                            .build(),
                    body));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Sums of the samples of series {@code name} by the value of their label {@code label}. */
    static Map<String, Double> byLabel(String text, String name, String label) {
        Map<String, Double> out = new TreeMap<>();
        Pattern value = Pattern.compile("[{,]" + Pattern.quote(label) + "=\"([^\"]*)\"");
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{")) {
                Matcher m = value.matcher(line);
                if (m.find()) {
                    out.merge(m.group(1), Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
                }
            }
        }
        return out;
    }

    /** Sum of the samples of series {@code name} whose labels contain {@code labelFilter} ("" for all). */
    static double sum(String text, String name, String labelFilter) {
        double sum = 0;
        for (String line : text.split("\n")) {
            boolean sample = line.startsWith(name + "{") || line.startsWith(name + " ");
            if (sample && line.contains(labelFilter)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
