package dev.ecivk.agent.runtime.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of the Docker Engine API, over HTTP on a free loopback port, to check what docker-java sends for a
 * Pod and that the runtime reads Docker's answers right. It records each request; a test sets how containers look.
 */
final class FakeDockerEngine implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VERSION = Pattern.compile("^/v1\\.\\d+");

    /** One request as received. */
    record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Container id → its {@code State} object as inspect returns it. */
    final Map<String, String> states = new ConcurrentHashMap<>();

    volatile String logs = "";
    volatile String stats = "{}";
    private final HttpServer server;

    FakeDockerEngine() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String host() {
        return "tcp://127.0.0.1:" + server.getAddress().getPort();
    }

    Request last(String method, String pathPrefix) {
        for (int i = requests.size() - 1; i >= 0; i--) {
            Request r = requests.get(i);
            if (r.method().equals(method) && r.path().startsWith(pathPrefix)) {
                return r;
            }
        }
        throw new AssertionError("no " + method + " " + pathPrefix + " among " + requests);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = VERSION.matcher(ex.getRequestURI().getPath()).replaceFirst("");
        String method = ex.getRequestMethod();
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(
                new Request(method, path, ex.getRequestURI().getRawQuery(), Map.copyOf(ex.getRequestHeaders()), body));
        Matcher m;
        if (method.equals("GET") && path.equals("/containers/json")) {
            reply(ex, 200, "[]");
        } else if (method.equals("GET") && path.startsWith("/images/")) {
            reply(ex, 404, "{\"message\":\"No such image\"}");
        } else if (method.equals("POST") && path.equals("/images/create")) {
            reply(ex, 200, "{\"status\":\"Pulling from library/busybox\"}\n{\"status\":\"Downloaded newer image\"}\n");
        } else if (method.equals("POST") && path.equals("/volumes/create")) {
            reply(ex, 201, "{\"Name\":\"v\",\"Driver\":\"local\"}");
        } else if (method.equals("POST") && path.equals("/containers/create")) {
            reply(ex, 201, "{\"Id\":\"c1\",\"Warnings\":[]}");
        } else if (method.equals("DELETE") && path.startsWith("/containers/")) {
            reply(ex, path.equals("/containers/c1") ? 204 : 404, "");
        } else if ((m = Pattern.compile("^/containers/([^/]+)/(start|stop)$").matcher(path)).matches()) {
            reply(ex, 204, "");
        } else if ((m = Pattern.compile("^/containers/([^/]+)/json$").matcher(path)).matches()) {
            String state = states.get(m.group(1));
            reply(
                    ex,
                    state == null ? 404 : 200,
                    state == null
                            ? "{\"message\":\"No such container\"}"
                            : "{\"Id\":\"" + m.group(1) + "\",\"State\":" + state + "}");
        } else if (path.matches("^/containers/[^/]+/logs$")) {
            ex.getResponseHeaders().add("Content-Type", "application/vnd.docker.multiplexed-stream");
            reply(ex, 200, multiplexed(logs));
        } else if (path.matches("^/containers/[^/]+/stats$")) {
            reply(ex, 200, stats);
        } else {
            reply(ex, 404, "{\"message\":\"not in the fake: " + method + " " + path + "\"}");
        }
    }

    /** Docker's stream framing: per frame, the stream (1 stdout), three zero bytes, a big-endian length. */
    private static byte[] multiplexed(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : text.split("(?<=\n)")) {
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(new byte[] {
                1, 0, 0, 0, (byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8), (byte) b.length
            });
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        if (!ex.getResponseHeaders().containsKey("Content-Type")) {
            ex.getResponseHeaders().add("Content-Type", "application/json");
        }
        reply(ex, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange ex, int status, byte[] body) throws IOException {
        if (status == 204 || body.length == 0) {
            ex.sendResponseHeaders(status, -1);
        } else {
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
