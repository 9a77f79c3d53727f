package dev.ecivk.kubeletapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Just enough of a kube-apiserver for kubectl's exec, logs, attach and port-forward: discovery documents, GET of a
 * Pod, and the node proxy of the pod subresources to the kubelet API (request line rewritten as the apiserver's
 * {@code ExecLocation}/{@code LogLocation} do, then the bytes piped both ways, upgrades included).
 */
final class FakeApiserverProxy implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern POD_PATH =
            Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)(?:/(exec|log|attach|portforward))?(?:\\?(.*))?");

    private final ServerSocket server;
    private final int kubeletPort;
    private final Function<String, Pod> pods;
    private final Thread acceptor;

    FakeApiserverProxy(int kubeletPort, Function<String, Pod> pods) throws Exception {
        this.kubeletPort = kubeletPort;
        this.pods = pods;
        ServingIdentity identity = ServingIdentity.selfSigned("fake-apiserver", List.of("127.0.0.1"), Instant.now());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry(
                "api", identity.key(), "x".toCharArray(), identity.chain().toArray(X509Certificate[]::new));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "x".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        server = tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ((SSLServerSocket) server).setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        acceptor = new Thread(this::accept, "fake-apiserver");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread handler = new Thread(() -> handle(client), "fake-apiserver-conn");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                head.write(b);
            }
            List<String> lines = new ArrayList<>(
                    List.of(head.toString(StandardCharsets.ISO_8859_1).split("\r\n")));
            String[] requestLine = lines.get(0).split(" ");
            String path = requestLine[1];
            String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
            Object discovery = discovery(bare);
            if (discovery != null) {
                reply(client.getOutputStream(), 200, JSON.writeValueAsBytes(discovery));
                return;
            }
            Matcher matcher = POD_PATH.matcher(path);
            if (!matcher.matches()) {
                reply(client.getOutputStream(), 404, "{}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (matcher.group(3) == null) {
                Pod pod = pods.apply(matcher.group(2));
                reply(client.getOutputStream(), pod == null ? 404 : 200, JSON.writeValueAsBytes(pod));
                return;
            }
            lines.set(0, requestLine[0] + " " + kubeletPath(matcher) + " " + requestLine[2]);
            lines.removeIf(line -> line.toLowerCase().startsWith("authorization:"));
            proxy(client, String.join("\r\n", lines) + "\r\n\r\n");
        } catch (Exception e) {
            // the client went away
        }
    }

    private static String kubeletPath(Matcher matcher) {
        String container = "";
        List<String> rest = new ArrayList<>();
        String query = matcher.group(4) == null ? "" : matcher.group(4);
        for (String parameter : query.split("&")) {
            if (parameter.startsWith("container=")) {
                container = parameter.substring("container=".length());
            } else if (!parameter.isEmpty()) {
                rest.add(parameter);
            }
        }
        String route = switch (matcher.group(3)) {
            case "log" -> "containerLogs";
            case "portforward" -> "portForward";
            default -> matcher.group(3);
        };
        return "/" + route + "/" + matcher.group(1) + "/" + matcher.group(2) + "/" + container + "?"
                + String.join("&", rest);
    }

    private void proxy(Socket client, String head) throws Exception {
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new TrustManager[] {new TrustingManager()}, null);
        try (Socket kubelet = trustAll.getSocketFactory().createSocket("127.0.0.1", kubeletPort)) {
            kubelet.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            kubelet.getOutputStream().flush();
            Thread back = new Thread(() -> pipe(kubelet, client), "fake-apiserver-back");
            back.setDaemon(true);
            back.start();
            pipe(client, kubelet);
            back.join(10_000);
        }
    }

    private static void pipe(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16384];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException | UnsupportedOperationException e) {
            try {
                to.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static Object discovery(String path) {
        return switch (path) {
            case "/api" -> Map.of("kind", "APIVersions", "versions", List.of("v1"));
            case "/apis" -> Map.of("kind", "APIGroupList", "apiVersion", "v1", "groups", List.of());
            case "/version" -> Map.of("major", "1", "minor", "32", "gitVersion", "v1.32.0");
            case "/api/v1" ->
                Map.of(
                        "kind", "APIResourceList",
                        "groupVersion", "v1",
                        "resources",
                                List.of(
                                        Map.of(
                                                "name",
                                                "pods",
                                                "singularName",
                                                "pod",
                                                "namespaced",
                                                true,
                                                "kind",
                                                "Pod",
                                                "verbs",
                                                List.of("get", "list")),
                                        Map.of(
                                                "name",
                                                "pods/exec",
                                                "singularName",
                                                "",
                                                "namespaced",
                                                true,
                                                "kind",
                                                "PodExecOptions",
                                                "verbs",
                                                List.of("create", "get")),
                                        Map.of(
                                                "name",
                                                "pods/log",
                                                "singularName",
                                                "",
                                                "namespaced",
                                                true,
                                                "kind",
                                                "Pod",
                                                "verbs",
                                                List.of("get"))));
            default -> null;
        };
    }

    private static void reply(OutputStream out, int status, byte[] body) throws IOException {
        out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private static final class TrustingManager implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // the test's own kubelet: its generated certificate is not what this proxy verifies
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
