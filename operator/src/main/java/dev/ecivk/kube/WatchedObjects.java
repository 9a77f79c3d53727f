package dev.ecivk.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Objects read through watches instead of one GET per use, as a kubelet reads the ConfigMaps and Secrets its Pods
 * reference: the first read of a key starts an informer narrowed to it (a single object by name, or one namespace's
 * objects of a kind) and waits for its first list; later reads, from any number of Pods, are answered from its store
 * and stay current through the watch. Memory is bounded: an informer nobody read for {@code idle} is stopped, and at
 * most {@code maxWatches} run at once (beyond that a read is a plain GET, as before). Every failure is a
 * {@link KubernetesClientException}, as a GET's would be, so callers treat it as a read that may be retried.
 *
 * @param <K> what identifies one watch (e.g. namespace and name)
 * @param <T> the object type
 */
public final class WatchedObjects<K, T extends HasMetadata> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WatchedObjects.class);
    /** How long a read waits for a new informer's first list before it fails (and is retried by its caller). */
    static final Duration SYNC_TIMEOUT = Duration.ofSeconds(30);

    private final String kind;
    private final Function<K, SharedIndexInformer<T>> informerFor;
    private final Function<K, List<T>> directRead;
    private final Duration idle;
    private final int maxWatches;
    private final Clock clock;
    private final Map<K, Watched<T>> watches = new ConcurrentHashMap<>();
    private volatile boolean overflowLogged;
    private volatile boolean closed;

    private static final class Watched<T> {
        final CompletableFuture<SharedIndexInformer<T>> informer = new CompletableFuture<>();
        volatile Instant lastRead;

        Watched(Instant now) {
            this.lastRead = now;
        }
    }

    /**
     * @param kind for logs and metrics, e.g. {@code configmaps}
     * @param informerFor starts (unstarted) an informer narrowed to a key
     * @param directRead reads a key without a watch (used beyond {@code maxWatches})
     */
    public WatchedObjects(
            String kind,
            Function<K, SharedIndexInformer<T>> informerFor,
            Function<K, List<T>> directRead,
            Duration idle,
            int maxWatches,
            Clock clock) {
        this.kind = kind;
        this.informerFor = informerFor;
        this.directRead = directRead;
        this.idle = idle;
        this.maxWatches = maxWatches;
        this.clock = clock;
    }

    /**
     * The objects of {@code key} now (empty when none exist). Throws the apiserver's exception when the first list
     * failed, so the caller reports it as a read failure and retries.
     */
    public List<T> read(K key) {
        Instant now = clock.instant();
        Watched<T> watched = watches.get(key);
        if (watched == null) {
            if (closed || watches.size() >= maxWatches) {
                if (!overflowLogged) {
                    overflowLogged = true;
                    LOG.info("More than {} {} watched at once: further reads are plain GETs", maxWatches, kind);
                }
                return directRead.apply(key);
            }
            Watched<T> fresh = new Watched<>(now);
            watched = watches.putIfAbsent(key, fresh);
            if (watched == null) {
                watched = fresh;
                start(key, fresh);
            }
        }
        watched.lastRead = now;
        SharedIndexInformer<T> informer;
        try {
            informer = watched.informer.get(SYNC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted while watching " + kind + " " + key, e);
        } catch (ExecutionException e) {
            watches.remove(key, watched); // the next read starts over
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new KubernetesClientException("watching " + kind + " " + key + " failed", e.getCause());
        } catch (TimeoutException e) {
            watches.remove(key, watched);
            throw new KubernetesClientException("the watch of " + kind + " " + key + " did not sync in time");
        }
        return informer.getStore().list();
    }

    private void start(K key, Watched<T> watched) {
        try {
            SharedIndexInformer<T> informer = informerFor.apply(key);
            informer.start().whenComplete((ignored, failure) -> {
                if (failure != null) {
                    informer.close();
                    watched.informer.completeExceptionally(failure);
                } else {
                    watched.informer.complete(informer);
                }
            });
        } catch (RuntimeException e) {
            watched.informer.completeExceptionally(e);
        }
    }

    /** Stops the informers nobody read for the idle time; returns how many are left. */
    public int expire() {
        Instant cutoff = clock.instant().minus(idle);
        watches.entrySet().removeIf(e -> {
            if (e.getValue().lastRead.isBefore(cutoff)) {
                e.getValue().informer.thenAccept(SharedIndexInformer::close);
                return true;
            }
            return false;
        });
        return watches.size();
    }

    /** The number of watches running (bounded by {@code maxWatches}). */
    public int size() {
        return watches.size();
    }

    public String kind() {
        return kind;
    }

    @Override
    public void close() {
        closed = true;
        watches.values().forEach(w -> w.informer.thenAccept(SharedIndexInformer::close));
        watches.clear();
    }
}
