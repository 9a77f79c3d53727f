package dev.ecivk.e2e.burst;

import dev.ecivk.testing.Pods;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * The benchmark's own watch on its Pods, and what it saw when, on this JVM's monotonic clock in nanoseconds: the
 * apiserver's timestamps have one-second resolution. Only the first sighting of each moment counts.
 */
final class PodClock implements AutoCloseable {
    /** First-seen times of one Pod (0 = not yet) and its container group. */
    static final class PodTimes {
        volatile long bound;
        volatile long created;
        volatile long running;
        volatile String groupId;
        /** The watch saw the Pod deleted. */
        volatile long gone;
        /** The last event showed the Pod Running with every container ready and never restarted. */
        volatile boolean settled;

        /** The status probe restarts this Pod's group: when ECI had done it, and when the Pod first showed it. */
        volatile boolean probed;

        volatile long eciChanged;

        volatile long statusShowedChange;
    }

    private final String nodeName;
    private final Map<String, PodTimes> times = new ConcurrentHashMap<>();
    private Watch watch;

    PodClock(String nodeName) {
        this.nodeName = nodeName;
    }

    /** Starts watching the Pods that carry {@code label=value} in {@code namespace}. */
    PodClock watch(KubernetesClient client, String namespace, String label, String value) {
        watch = client.pods().inNamespace(namespace).withLabel(label, value).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                long now = System.nanoTime();
                observe(pod, now);
                if (action == Action.DELETED) {
                    times.get(pod.getMetadata().getName()).gone = now;
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        });
        return this;
    }

    /** The Pod was sent to the apiserver already bound (mock mode: there is no scheduler). */
    void boundNow(String podName) {
        times.computeIfAbsent(podName, k -> new PodTimes()).bound = System.nanoTime();
    }

    void observe(Pod pod, long now) {
        PodTimes t = times.computeIfAbsent(pod.getMetadata().getName(), k -> new PodTimes());
        if (t.bound == 0 && nodeName.equals(pod.getSpec().getNodeName())) {
            t.bound = now;
        }
        if (t.created == 0) {
            String group = Pods.groupId(pod);
            if (group != null) {
                t.groupId = group;
                t.created = now;
            }
        }
        if (t.running == 0
                && pod.getStatus() != null
                && "Running".equals(pod.getStatus().getPhase())) {
            t.running = now;
        }
        boolean restartShows = showsRestart(pod);
        boolean reported = pod.getStatus() != null
                && pod.getStatus().getContainerStatuses() != null
                && !pod.getStatus().getContainerStatuses().isEmpty();
        t.settled = t.running != 0 && reported && !restartShows;
        if (t.probed && t.statusShowedChange == 0 && restartShows) {
            t.statusShowedChange = now;
        }
    }

    /**
     * A restarted group shows on its Pod as a container that is no longer ready (ECI reports the group Restarting)
     * or, once it runs again, as a restart count above zero.
     */
    static boolean showsRestart(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return false;
        }
        List<ContainerStatus> statuses = pod.getStatus().getContainerStatuses();
        return statuses.stream()
                .anyMatch(s ->
                        !Boolean.TRUE.equals(s.getReady()) || (s.getRestartCount() != null && s.getRestartCount() > 0));
    }

    Map<String, PodTimes> all() {
        return times;
    }

    PodTimes of(String podName) {
        return times.get(podName);
    }

    long count(ToLongFunction<PodTimes> moment) {
        return times.values().stream().filter(t -> moment.applyAsLong(t) != 0).count();
    }

    /** The latest sighting of a moment, or {@code otherwise} when no Pod reached it. */
    long last(ToLongFunction<PodTimes> moment, long otherwise) {
        return times.values().stream().mapToLong(moment).max().orElse(otherwise);
    }

    /** Intervals {@code to - from} of the Pods that reached both moments. */
    long[] intervals(ToLongFunction<PodTimes> from, ToLongFunction<PodTimes> to) {
        return times.values().stream()
                .filter(t -> from.applyAsLong(t) != 0 && to.applyAsLong(t) != 0)
                .mapToLong(t -> to.applyAsLong(t) - from.applyAsLong(t))
                .toArray();
    }

    @Override
    public void close() {
        if (watch != null) {
            watch.close();
        }
    }
}
