package dev.ecivk.agent.runtime;

import dev.ecivk.provider.model.ContainerGroupState.GroupEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What happened to the Pod, as the kubelet would record it (Pulling, Pulled, Created, Started, BackOff, Unhealthy,
 * Killing, ...): an event repeated with the same reason and message counts up instead of piling up, and only the
 * newest {@link #MAX} are kept.
 */
final class PodEvents {
    static final int MAX = 100;
    static final String NORMAL = "Normal";
    static final String WARNING = "Warning";

    private final Map<String, GroupEvent> byKey = new LinkedHashMap<>();

    synchronized void add(String type, String reason, String object, String message, Instant at) {
        String key = type + '\u0000' + reason + '\u0000' + object + '\u0000' + message;
        GroupEvent old = byKey.remove(key);
        GroupEvent e = old == null
                ? new GroupEvent(type, reason, message, object, 1, at, at)
                : new GroupEvent(type, reason, message, object, old.count() + 1, old.firstTimestamp(), at);
        byKey.put(key, e);
        while (byKey.size() > MAX) {
            byKey.remove(byKey.keySet().iterator().next());
        }
    }

    /** Oldest first by their latest occurrence. */
    synchronized List<GroupEvent> list() {
        return new ArrayList<>(byKey.values());
    }
}
