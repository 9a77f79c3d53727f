package dev.ecivk.testing.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecivk.kubeletapi.ServingIdentity;
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
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * The cluster's address for kubectl and other Go clients: an HTTPS listener that hands the node-proxy requests —
 * {@code pods/<p>/log|exec|attach|portforward} and {@code nodes/<n>/proxy/...} — to the Pod's Node's kubelet through
 * {@link KubeletDialer} (bytes piped both ways, so {@code logs -f} streams and SPDY or WebSocket upgrades work, as
 * through the apiserver's UpgradeAwareHandler), and every other request to the fixture's apiserver. One request per
 * connection ({@code Connection: close}); Go clients reconnect as needed.
 */
final class ApiserverFrontDoor implements AutoCloseable {
    private static final List<String> POD_SUBRESOURCES = List.of("log", "exec", "attach", "portforward");

    private final ObjectStore store;
    private final ResourceTypes types;
    private final KubeletDialer dialer;
    private final int apiserverPort;
    private final SSLContext apiserverTls;
    private final ServerSocket server;

    ApiserverFrontDoor(
            ObjectStore store, ResourceTypes types, KubeletDialer dialer, int apiserverPort, SSLContext apiserverTls) {
        this.store = store;
        this.types = types;
        this.dialer = dialer;
        this.apiserverPort = apiserverPort;
        this.apiserverTls = apiserverTls;
        try {
            ServingIdentity identity =
                    ServingIdentity.selfSigned("kube-apiserver", List.of("127.0.0.1"), Instant.now());
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry(
                    "apiserver", identity.key(), new char[0], identity.chain().toArray(X509Certificate[]::new));
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, new char[0]);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keyManagers.getKeyManagers(), null, null);
            server = tls.getServerSocketFactory().createServerSocket(0, 200, InetAddress.getLoopbackAddress());
            ((SSLServerSocket) server).setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        } catch (Exception e) {
            throw new IllegalStateException("cannot open the apiserver's front door", e);
        }
        daemon("apiserver-front-door", this::accept).start();
    }

    String url() {
        return "https://127.0.0.1:" + server.getLocalPort();
    }

    private static Thread daemon(String name, Runnable work) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        return t;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                daemon("apiserver-front-door-conn", () -> handle(client)).start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            List<String> head = readHead(client.getInputStream());
            if (head.isEmpty()) {
                return;
            }
            String[] requestLine = head.get(0).split(" ");
            ApiPath path = ApiPath.parse(requestLine[1]);
            try {
                String kubeletPath = kubeletPath(path);
                if (kubeletPath == null) {
                    forward(client, head, apiserver());
                } else {
                    JsonNode node = nodeOf(path);
                    KubeletDialer.Target target = dialer.resolve(node, kubeletPath);
                    head.set(0, requestLine[0] + " " + kubeletPath + " " + requestLine[2]);
                    head.removeIf(h -> h.toLowerCase(Locale.ROOT).startsWith("authorization:"));
                    forward(client, head, dialer.connect(target, kubeletPath));
                }
            } catch (ApiException e) {
                reply(client.getOutputStream(), e.code(), e.toStatus().toString());
            } catch (KubeletUnreachableException e) {
                ApiException failure =
                        path.resource() != null && path.resource().equals("nodes")
                                ? ApiException.serviceUnavailable("error trying to reach service: " + e.getMessage())
                                : ApiException.internal(e.getMessage());
                reply(
                        client.getOutputStream(),
                        failure.code(),
                        failure.toStatus().toString());
            }
        } catch (IOException | RuntimeException e) {
            // the client went away
        }
    }

    /** Where the kubelet serves this request, or null when the apiserver itself answers it. */
    private String kubeletPath(ApiPath path) {
        if (!path.resourceRequest()
                || path.name() == null
                || path.subresource() == null
                || !path.group().isEmpty()) {
            return null;
        }
        if (path.resource().equals("nodes") && path.subresource().equals("proxy")) {
            return (path.tail().isEmpty() ? "/" : path.tail()) + NodeProxy.query(path.query(), List.of());
        }
        if (!path.resource().equals("pods") || !POD_SUBRESOURCES.contains(path.subresource())) {
            return null;
        }
        String prefix = "/" + path.namespace() + "/" + path.name();
        if (path.subresource().equals("portforward")) {
            return "/portForward" + prefix + NodeProxy.query(path.query(), List.of());
        }
        JsonNode pod =
                store.require(types.pods(), path.namespace(), path.name()).object();
        String container = NodeProxy.container(pod, path.param("container").orElse(""));
        if (path.subresource().equals("log")) {
            return "/containerLogs" + prefix + "/" + container + NodeProxy.logOptions(path, true);
        }
        return "/" + path.subresource() + prefix + "/" + container
                + NodeProxy.query(path.query(), List.of("container"));
    }

    private JsonNode nodeOf(ApiPath path) {
        String node = path.name();
        if (path.resource().equals("pods")) {
            node = store.require(types.pods(), path.namespace(), path.name())
                    .object()
                    .path("spec")
                    .path("nodeName")
                    .asText("");
            if (node.isEmpty()) {
                throw ApiException.badRequest("pod " + path.name() + " does not have a host assigned");
            }
        }
        return store.require(types.nodes(), null, node).object();
    }

    private Socket apiserver() throws IOException {
        return apiserverTls == null
                ? new Socket(InetAddress.getLoopbackAddress(), apiserverPort)
                : apiserverTls.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), apiserverPort);
    }

    /** Sends the head on with {@code Connection: close}, then pipes the rest both ways until both ends are done. */
    private static void forward(Socket client, List<String> head, Socket upstream) throws IOException {
        try (upstream) {
            List<String> sent = new ArrayList<>(head);
            boolean upgrade =
                    sent.stream().anyMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("upgrade:"));
            if (!upgrade) {
                sent.removeIf(h -> h.toLowerCase(Locale.ROOT).startsWith("connection:"));
                sent.add("Connection: close");
            }
            upstream.getOutputStream()
                    .write((String.join("\r\n", sent) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            upstream.getOutputStream().flush();
            Thread back = daemon("apiserver-front-door-back", () -> pipe(upstream, client));
            back.start();
            pipe(client, upstream);
            try {
                back.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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

    private static List<String> readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return List.of();
            }
            head.write(b);
        }
        return new ArrayList<>(
                List.of(head.toString(StandardCharsets.ISO_8859_1).split("\r\n")));
    }

    private static void reply(OutputStream out, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " "
                        + Map.of(400, "Bad Request", 404, "Not Found", 503, "Service Unavailable")
                                .getOrDefault(status, "Error")
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                        + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
