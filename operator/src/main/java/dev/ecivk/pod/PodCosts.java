package dev.ecivk.pod;

import dev.ecivk.cloud.GroupPrice;
import dev.ecivk.cloud.PriceBook;
import dev.ecivk.events.EventReason;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.translate.StatusTranslator;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The price of each running Pod: its group priced once per size and billing ({@link PriceBook}), shown on the Pod
 * as annotations (a JSON merge patch of {@code metadata.annotations}, never an update of a Pod read earlier), a
 * Normal Event when it starts, and the sums the cost metrics export — read back from the annotations of the node's
 * Pods, so a restarted controller exports what its Pods show without pricing them again. Pricing runs on its own
 * thread: a status write never waits for a quote, and while the node's Pods are on their way to their status, a
 * price waits ({@link PodsFirst}).
 */
public final class PodCosts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PodCosts.class);
    /** What the Pod's group costs per hour, with the currency: {@code 0.441072 CNY}. */
    public static final String PRICE = "ecivk.dev/price-per-hour";
    /** A spot Pod only: what its group would cost on demand, per hour. */
    public static final String ON_DEMAND_PRICE = "ecivk.dev/on-demand-price-per-hour";
    /** A Pod priced lately is not priced again while its annotation makes its way into the informer's cache. */
    static final Duration RECENTLY_PRICED = Duration.ofMinutes(5);

    /** The cost of a node's running Pods in one namespace, by billing and currency. */
    public record Sum(String namespace, boolean spot, String currency, double perHour, double savingsPerHour) {}

    private final PriceBook prices;
    private final PodWriter writer;
    private final PodEventSink events;
    private final PodsFirst podsFirst;
    private final Clock clock;
    private final ThreadPoolExecutor worker;
    private final Map<String, Instant> priced = new ConcurrentHashMap<>();

    /**
     * @param prices the price book, or null to price nothing
     * @param podsFirst what a price waits for before it is looked up and written
     */
    public PodCosts(
            KubernetesClient client,
            PriceBook prices,
            PodEventSink events,
            PodsFirst podsFirst,
            String nodeName,
            Clock clock) {
        this.prices = prices;
        this.writer = client == null ? null : new PodWriter(client);
        this.events = events;
        this.podsFirst = podsFirst;
        this.clock = clock;
        this.worker = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(20_000), r -> {
            Thread t = new Thread(r, "ecivk-pod-cost-" + nodeName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Pricing switched off (or a provider that quotes no prices). */
    public static PodCosts off() {
        return new PodCosts(null, null, null, PodsFirst.never(), "off", Clock.systemUTC());
    }

    /** The Pod is gone: it is not remembered as priced. */
    void forget(String uid) {
        priced.remove(uid);
    }

    /** Adds the UIDs of the Pods priced lately. */
    void rememberedInto(java.util.Set<String> uids) {
        uids.addAll(priced.keySet());
    }

    /** The Pod's group runs: price it, once, unless the Pod shows its price already. */
    void running(Pod pod, ContainerGroupState group) {
        if (prices == null || annotation(pod, PRICE).isPresent()) {
            return;
        }
        String uid = pod.getMetadata().getUid();
        Instant now = clock.instant();
        Instant before = priced.putIfAbsent(uid, now);
        if (before != null && now.isBefore(before.plus(RECENTLY_PRICED))) {
            return;
        }
        priced.put(uid, now);
        if (priced.size() > 50_000) {
            priced.values().removeIf(t -> t.plus(RECENTLY_PRICED).isBefore(now));
        }
        try {
            Pod handle = PodHandle.of(pod); // not the whole Pod: a burst queues thousands
            long queued = System.nanoTime();
            worker.execute(() -> {
                if (podsFirst.await(queued)) {
                    price(handle, group);
                } else {
                    priced.remove(uid); // stopping
                }
            });
        } catch (RejectedExecutionException e) {
            priced.remove(uid); // a later status report brings it back
        }
    }

    private void price(Pod pod, ContainerGroupState group) {
        String uid = pod.getMetadata().getUid();
        try {
            Optional<GroupPrice> price = prices.price(group);
            if (price.isEmpty()) {
                priced.remove(uid); // the group is not described enough yet: the next report tries again
                return;
            }
            GroupPrice p = price.get();
            Map<String, String> annotations = new LinkedHashMap<>();
            annotations.put(PRICE, GroupPrice.text(p.perHour(), p.currency()));
            if (p.spot()) {
                annotations.put(ON_DEMAND_PRICE, GroupPrice.text(p.onDemandPerHour(), p.currency()));
            }
            writer.annotate(pod, annotations);
            events.record(pod, EventReason.ContainerGroupPriced, message(p, group));
        } catch (ProviderException e) {
            priced.remove(uid);
            LOG.debug("{}/{}: pricing its group failed with {}", ns(pod), name(pod), e.code());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                priced.remove(uid);
                LOG.debug("{}/{}: writing its price failed with HTTP {}", ns(pod), name(pod), e.getCode());
            }
        } catch (RuntimeException e) {
            priced.remove(uid);
            LOG.warn("{}/{}: pricing its group failed: {}", ns(pod), name(pod), e.toString());
        }
    }

    /** The Event's text: what the Pod costs, on what, and for spot what it saves. */
    static String message(GroupPrice p, ContainerGroupState group) {
        String size = group.cpu() != null && group.memory() != null
                ? number(group.cpu()) + " vCPU, " + number(group.memory()) + " GiB"
                : String.valueOf(p.instanceType());
        if (!p.spot()) {
            return "Runs at " + GroupPrice.text(p.perHour(), p.currency()) + "/h on demand (" + size + ")";
        }
        long saved = p.onDemandPerHour() <= 0 ? 0 : Math.round(100 * p.savingsPerHour() / p.onDemandPerHour());
        return "Runs at " + GroupPrice.text(p.perHour(), p.currency()) + "/h on spot " + p.instanceType() + " in "
                + p.zoneId() + " (" + size + "); on demand " + GroupPrice.text(p.onDemandPerHour(), p.currency())
                + "/h, " + saved + " % saved";
    }

    /**
     * What the Pods cost per hour, summed by namespace, billing and currency: every Pod that shows a price and has
     * not ended.
     */
    public static List<Sum> sums(Collection<Pod> pods) {
        record Key(String namespace, boolean spot, String currency) {}
        Map<Key, double[]> totals = new LinkedHashMap<>();
        for (Pod pod : pods) {
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if (StatusTranslator.isTerminalPhase(phase)) {
                continue;
            }
            Optional<Money> price = annotation(pod, PRICE).flatMap(PodCosts::money);
            if (price.isEmpty()) {
                continue;
            }
            Optional<Money> onDemand = annotation(pod, ON_DEMAND_PRICE).flatMap(PodCosts::money);
            Key key = new Key(
                    pod.getMetadata().getNamespace(),
                    onDemand.isPresent(),
                    price.get().currency());
            double[] t = totals.computeIfAbsent(key, k -> new double[2]);
            t[0] += price.get().amount();
            t[1] += onDemand.map(o -> Math.max(0, o.amount() - price.get().amount()))
                    .orElse(0.0);
        }
        List<Sum> out = new ArrayList<>();
        totals.forEach((k, t) -> out.add(new Sum(k.namespace(), k.spot(), k.currency(), t[0], t[1])));
        return out;
    }

    /** An amount and its currency, as the annotations write them. */
    record Money(double amount, String currency) {}

    static Optional<Money> money(String text) {
        String[] parts = text.trim().split("\\s+");
        try {
            double amount = new BigDecimal(parts[0]).doubleValue();
            return amount < 0 ? Optional.empty() : Optional.of(new Money(amount, parts.length > 1 ? parts[1] : ""));
        } catch (NumberFormatException e) {
            return Optional.empty(); // edited by hand into something else: not counted
        }
    }

    private static Optional<String> annotation(Pod pod, String key) {
        Map<String, String> a = pod.getMetadata().getAnnotations();
        return a == null ? Optional.empty() : Optional.ofNullable(a.get(key));
    }

    private static String number(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static String ns(Pod pod) {
        return pod.getMetadata().getNamespace();
    }

    private static String name(Pod pod) {
        return pod.getMetadata().getName();
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
