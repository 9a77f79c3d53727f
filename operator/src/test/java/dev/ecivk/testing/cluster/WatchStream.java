package dev.ecivk.testing.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * One watch over the WebSocket the fabric8 client opens. Events are computed under the store's lock in commit order
 * and sent in that order; those produced before the socket is open are held back. With a selector, an object that
 * stops matching is a DELETED event and one that starts matching an ADDED event, as the apiserver's watch cache does.
 */
final class WatchStream extends WebSocketListener implements ObjectStore.Listener {
    private final ObjectStore store;
    private final ResourceType type;
    private final String namespace;
    private final Predicate<JsonNode> selector;
    private final List<String> pending = new ArrayList<>();
    private WebSocket socket;
    private boolean closed;

    WatchStream(ObjectStore store, ResourceType type, String namespace, Predicate<JsonNode> selector) {
        this.store = store;
        this.type = type;
        this.namespace = namespace;
        this.selector = selector;
    }

    /** Sends the current matching objects as ADDED (a watch without a resourceVersion), then follows changes. */
    void startFromNow() {
        store.atomically(() -> {
            store.list(type, namespace, selector).items().forEach(o -> send("ADDED", o.json()));
            store.addListener(this);
        });
    }

    /** Replays the changes after {@code resourceVersion}, then follows; 410 Gone when history is too short. */
    void startFrom(long resourceVersion) {
        store.atomically(() -> {
            var since = store.changesSince(resourceVersion);
            if (since.isEmpty()) {
                ApiException gone =
                        new ApiException(410, "Expired", "too old resource version: " + resourceVersion, null, null);
                ObjectNode status = gone.toStatus();
                send("ERROR", status.toString());
                closed = true;
                return;
            }
            since.get().forEach(this::onChange);
            store.addListener(this);
        });
    }

    @Override
    public void onChange(ObjectStore.Change change) {
        if (!change.resourceType().storageKey().equals(type.storageKey())) {
            return;
        }
        if (namespace != null
                && type.namespaced()
                && !namespace.equals(change.current().namespace())) {
            return;
        }
        boolean matchedBefore =
                change.previous() != null && selector.test(change.previous().object());
        boolean matchesNow = change.type() != ObjectStore.ChangeType.DELETED
                && selector.test(change.current().object());
        if (change.type() == ObjectStore.ChangeType.DELETED) {
            if (selector.test(change.current().object())) {
                send("DELETED", change.current().json());
            }
        } else if (matchedBefore && matchesNow) {
            send("MODIFIED", change.current().json());
        } else if (matchesNow) {
            send("ADDED", change.current().json());
        } else if (matchedBefore) {
            ObjectNode last = change.previous().copy();
            last.with("metadata").put("resourceVersion", String.valueOf(change.resourceVersion()));
            send("DELETED", last.toString());
        }
    }

    private synchronized void send(String eventType, String objectJson) {
        String event = "{\"type\":\"" + eventType + "\",\"object\":" + objectJson + "}";
        if (socket == null) {
            pending.add(event);
        } else {
            socket.send(event);
        }
    }

    @Override
    public synchronized void onOpen(WebSocket webSocket, Response response) {
        socket = webSocket;
        pending.forEach(webSocket::send);
        pending.clear();
        if (closed) {
            webSocket.close(1000, "watch expired");
        }
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        stop();
        webSocket.close(code, reason);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        stop();
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable error, Response response) {
        stop();
    }

    void stop() {
        store.removeListener(this);
    }
}
