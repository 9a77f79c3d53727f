package dev.ecivk.pod;

import dev.ecivk.provider.Provider;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.model.ContainerGroupState;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes container groups of this node whose Pod is gone or was re-created with another UID — they would keep
 * billing. Runs only once the Pod cache is synced and a poll succeeded, spares groups younger than the grace age,
 * and asks the apiserver before deleting, so a slow cache can never cost a running Pod its group.
 */
public final class OrphanCollector {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanCollector.class);
    /** Tag values are at most 128 characters; a name tag that long may be a shortened Pod name. */
    static final int MAX_TAG_VALUE = 128;

    private final KubernetesClient client;
    private final Provider provider;
    private final ContainerGroupSource groups;
    private final Supplier<List<Pod>> cachedPods;
    private final BooleanSupplier podCacheSynced;
    private final Duration grace;
    private final Clock clock;
    private final String namespaceTag;
    private final String nameTag;

    /** Told about every collected group, for metrics and events. */
    public interface Listener {
        void onCollected(ContainerGroupState group);
    }

    public OrphanCollector(
            KubernetesClient client,
            Provider provider,
            ContainerGroupSource groups,
            Supplier<List<Pod>> cachedPods,
            BooleanSupplier podCacheSynced,
            Duration grace,
            Clock clock,
            String namespaceTag,
            String nameTag) {
        this.client = client;
        this.provider = provider;
        this.groups = groups;
        this.cachedPods = cachedPods;
        this.podCacheSynced = podCacheSynced;
        this.grace = grace;
        this.clock = clock;
        this.namespaceTag = namespaceTag;
        this.nameTag = nameTag;
    }

    /**
     * One collection pass.
     *
     * @return the groups deleted
     */
    public List<ContainerGroupState> collect(Listener listener) {
        if (!podCacheSynced.getAsBoolean() || !groups.discover()) {
            return List.of();
        }
        Set<String> liveUids = new HashSet<>();
        cachedPods.get().forEach(p -> liveUids.add(p.getMetadata().getUid()));
        Instant cutoff = clock.instant().minus(grace);
        List<ContainerGroupState> collected = new java.util.ArrayList<>();
        for (Map.Entry<String, ContainerGroupState> e : groups.snapshot().entrySet()) {
            String uid = e.getKey();
            ContainerGroupState group = e.getValue();
            if (liveUids.contains(uid)) {
                continue;
            }
            if (group.creationTime() != null && group.creationTime().isAfter(cutoff)) {
                continue;
            }
            if (podStillExists(group, uid)) {
                continue;
            }
            try {
                provider.delete(group.id(), uid + "-delete");
            } catch (ProviderException ex) {
                if (!ex.isNotFound()) {
                    LOG.warn("Could not collect orphaned container group {}: {}", group.id(), ex.code());
                    continue;
                }
            }
            groups.forget(uid);
            collected.add(group);
            listener.onCollected(group);
            LOG.info(
                    "Collected orphaned container group {} of {}/{}",
                    group.id(),
                    group.tags().get(namespaceTag),
                    group.tags().get(nameTag));
        }
        return collected;
    }

    /** Asks the apiserver itself: the Pod with this UID may exist although the cache missed it. */
    private boolean podStillExists(ContainerGroupState group, String uid) {
        String ns = group.tags().get(namespaceTag);
        String name = group.tags().get(nameTag);
        if (ns == null || name == null) {
            return false;
        }
        if (name.length() >= MAX_TAG_VALUE) {
            // the name was shortened to fit a tag value: look for the UID among the namespace's Pods
            return client.pods().inNamespace(ns).list().getItems().stream()
                    .anyMatch(p -> uid.equals(p.getMetadata().getUid()));
        }
        Pod pod = client.pods().inNamespace(ns).withName(name).get();
        return pod != null && uid.equals(pod.getMetadata().getUid());
    }
}
