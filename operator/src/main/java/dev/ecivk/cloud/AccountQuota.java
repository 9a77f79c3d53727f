package dev.ecivk.cloud;

import dev.ecivk.provider.CloudAccount;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.model.AccountUsage;
import dev.ecivk.provider.model.CloudVirtualNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account's regional vCPU quota and its use (ECI's ListUsage), read once per interval for every node of one
 * backend, on its own thread.
 *
 * <p>Before each call every participant (a node) notes the cpu the scheduler counts for its Pods whose groups run;
 * the answer then reaches each with that figure. So a group created while the call is under way is counted in
 * neither or in {@code UsedCpu} only — the node may promise a little less than the account can run for one interval,
 * never more, which would let the scheduler place Pods whose creates fail.
 */
public final class AccountQuota implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccountQuota.class);

    /** A node whose advertised capacity follows the quota. */
    public interface Participant {
        /** The cpu the scheduler counts for this node's Pods whose groups count in the account's use, now. */
        double requestedCpuOfLiveGroups();

        /** The account's use, with what {@link #requestedCpuOfLiveGroups()} said just before it was read. */
        void onUsage(AccountUsage usage, double requestedBefore);
    }

    private final CloudAccount account;
    private final Duration interval;
    private final Clock clock;
    private final List<Participant> participants = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService thread;
    private volatile AccountUsage latest;
    private volatile Instant latestAt;
    private volatile boolean failing;

    public AccountQuota(CloudAccount account, Duration interval, Clock clock) {
        this.account = account;
        this.interval = interval;
        this.clock = clock;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ecivk-account-quota");
            t.setDaemon(true);
            return t;
        });
    }

    /** Reads the quota now, then every interval. */
    public void start() {
        long every = interval.toMillis();
        thread.scheduleWithFixedDelay(this::refreshQuietly, 0, every, TimeUnit.MILLISECONDS);
    }

    /** {@code node} is told every answer from now on, the next one within an interval. */
    public void join(Participant node) {
        participants.add(node);
    }

    public void leave(Participant node) {
        participants.remove(node);
    }

    /** The last answer, if any. */
    public Optional<AccountUsage> latest() {
        return Optional.ofNullable(latest);
    }

    /** When the last answer came, if any. */
    public Optional<Instant> latestAt() {
        return Optional.ofNullable(latestAt);
    }

    /** One round: every participant's figure, the call, every participant told. */
    void refresh() throws ProviderException {
        Map<Participant, Double> before = new LinkedHashMap<>();
        for (Participant p : participants) {
            before.put(p, p.requestedCpuOfLiveGroups());
        }
        AccountUsage usage = account.usage();
        latest = usage;
        latestAt = clock.instant();
        before.forEach((p, requested) -> {
            try {
                p.onUsage(usage, requested);
            } catch (RuntimeException e) {
                LOG.warn("Applying the account's quota failed: {}", e.toString());
            }
        });
    }

    private void refreshQuietly() {
        try {
            refresh();
            if (failing) {
                LOG.info("The account's quota is read again");
            }
            failing = false;
        } catch (ProviderException e) {
            // nodes keep what they advertise: the last answer is the best knowledge there is
            if (!failing) {
                LOG.warn("Reading the account's quota failed ({}); nodes keep their allocatable", e.code());
            }
            failing = true;
        } catch (RuntimeException e) {
            LOG.warn("Reading the account's quota failed: {}", e.toString());
        }
    }

    /**
     * The account as readers that need no fresh answer see it (the VirtualNode status): usage from the last answer
     * (read now only before the first), everything else from the cloud.
     */
    public CloudAccount cached() {
        return new CloudAccount() {
            @Override
            public AccountUsage usage() throws ProviderException {
                AccountUsage u = latest;
                return u != null ? u : account.usage();
            }

            @Override
            public Optional<CloudVirtualNode> virtualNode(String virtualNodeId) throws ProviderException {
                return account.virtualNode(virtualNodeId);
            }
        };
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
