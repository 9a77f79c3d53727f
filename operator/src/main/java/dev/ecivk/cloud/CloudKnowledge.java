package dev.ecivk.cloud;

import dev.ecivk.provider.CloudAccount;
import dev.ecivk.provider.PriceQuotes;
import dev.ecivk.provider.Provider;
import dev.ecivk.provider.StockLevels;
import dev.ecivk.provider.model.AccountUsage;
import java.time.Clock;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the controller knows of one backend's cloud account — its quota, stock per zone, prices — each read once for
 * every node of the backend. A provider that offers none of ECI's account calls (the VM backends) gets nothing, and
 * its nodes behave as before: fixed capacity, configured vSwitch order, no prices.
 */
public final class CloudKnowledge implements AutoCloseable {

    /**
     * @param stockAware order vSwitches by stock before a create
     * @param stockTtl how long a stock answer is reused
     * @param quotaInterval how often the quota is read
     * @param pricing price every running Pod
     * @param priceTtl how long a price quote is reused
     */
    public record Settings(
            boolean stockAware, Duration stockTtl, Duration quotaInterval, boolean pricing, Duration priceTtl) {}

    private final StockLevels shortages;
    private final ZoneStockCache stock;
    private final AccountQuota quota;
    private final PriceBook prices;

    private CloudKnowledge(StockLevels shortages, ZoneStockCache stock, AccountQuota quota, PriceBook prices) {
        this.shortages = shortages;
        this.stock = stock;
        this.quota = quota;
        this.prices = prices;
    }

    /** What {@code provider} can tell; its quota is read from now on, each answer also told to {@code usage}. */
    public static CloudKnowledge of(Provider provider, Settings settings, Clock clock, Consumer<AccountUsage> usage) {
        StockLevels levels = provider instanceof StockLevels s ? s : null;
        ZoneStockCache stock =
                levels != null && settings.stockAware() ? new ZoneStockCache(levels, settings.stockTtl(), clock) : null;
        AccountQuota quota = provider instanceof CloudAccount account
                ? new AccountQuota(account, settings.quotaInterval(), clock)
                : null;
        PriceBook prices = provider instanceof PriceQuotes p && settings.pricing()
                ? new PriceBook(p, settings.priceTtl(), clock)
                : null;
        if (quota != null) {
            quota.join(new AccountQuota.Participant() {
                @Override
                public double requestedCpuOfLiveGroups() {
                    return 0;
                }

                @Override
                public void onUsage(AccountUsage answer, double requestedBefore) {
                    usage.accept(answer);
                }
            });
            quota.start();
        }
        return new CloudKnowledge(levels, stock, quota, prices);
    }

    /** Reads the provider's capacity failures (null when it cannot tell). */
    public StockLevels shortages() {
        return shortages;
    }

    /** Stock per zone, when placement is stock-aware and the provider tells stock. */
    public Optional<ZoneStockCache> stock() {
        return Optional.ofNullable(stock);
    }

    /** The account's quota, when the provider reports one. */
    public Optional<AccountQuota> quota() {
        return Optional.ofNullable(quota);
    }

    /** Prices, when Pods are priced and the provider quotes them. */
    public Optional<PriceBook> prices() {
        return Optional.ofNullable(prices);
    }

    @Override
    public void close() {
        if (quota != null) {
            quota.close();
        }
    }

    /** The knowledge of each backend of a controller, made when a node of the backend first needs it. */
    public static final class Registry implements AutoCloseable {
        private final Settings settings;
        private final Clock clock;
        private final Consumer<AccountUsage> usage;
        private final Map<Provider, CloudKnowledge> byProvider = new IdentityHashMap<>();

        /** @param usage told every answer of every backend's quota (the account metrics) */
        public Registry(Settings settings, Clock clock, Consumer<AccountUsage> usage) {
            this.settings = settings;
            this.clock = clock;
            this.usage = usage;
        }

        public synchronized CloudKnowledge of(Provider provider) {
            return byProvider.computeIfAbsent(provider, p -> CloudKnowledge.of(p, settings, clock, usage));
        }

        @Override
        public synchronized void close() {
            byProvider.values().forEach(CloudKnowledge::close);
            byProvider.clear();
        }
    }
}
