package dev.ecivk.provider.eci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecivk.provider.CloudAccount;
import dev.ecivk.provider.ContainerAccess;
import dev.ecivk.provider.EventFeed;
import dev.ecivk.provider.ImageCaches;
import dev.ecivk.provider.PriceQuotes;
import dev.ecivk.provider.Provider;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.StatusFeed;
import dev.ecivk.provider.StockLevels;
import dev.ecivk.provider.model.AccountUsage;
import dev.ecivk.provider.model.CloudVirtualNode;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.provider.model.ContainerSpec;
import dev.ecivk.provider.model.EventBatch;
import dev.ecivk.provider.model.EventQuery;
import dev.ecivk.provider.model.GroupMetrics;
import dev.ecivk.provider.model.ImageCacheRequest;
import dev.ecivk.provider.model.ImageCacheState;
import dev.ecivk.provider.model.ListQuery;
import dev.ecivk.provider.model.LogQuery;
import dev.ecivk.provider.model.PriceQuote;
import dev.ecivk.provider.model.PriceRequest;
import dev.ecivk.provider.model.StatusPage;
import dev.ecivk.provider.model.StatusQuery;
import dev.ecivk.provider.model.StockQuery;
import dev.ecivk.provider.model.ZoneStock;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ECI backend: every SPI interface on one {@link EciTransport} (Alibaba Cloud's official client, client-side rate
 * limits, classified failures, the call listener), each concern in its own adapter — {@link EciGroups}, {@link
 * EciContainerAccess}, {@link EciImageCaches}, {@link EciAccount} (usage, VirtualNodes, stock, prices) and {@link
 * EciFeeds} (status and events). The same code talks to Alibaba Cloud or to the embedded ECI; only {@link Settings}
 * differ.
 */
public final class EciProvider
        implements Provider,
                ContainerAccess,
                CloudAccount,
                ImageCaches,
                StatusFeed,
                EventFeed,
                StockLevels,
                PriceQuotes {
    /** The ECI actions this client calls, for metrics registered before the first call. */
    public static java.util.Set<String> knownActions() {
        return new java.util.TreeSet<>(
                dev.ecivk.eci.contract.EciQuotas.documented().keySet());
    }

    /**
     * Where and how to reach ECI.
     *
     * @param endpoint host[:port], e.g. {@code eci.cn-hangzhou.aliyuncs.com} or {@code 127.0.0.1:PORT}
     * @param protocol {@code HTTPS} (TLS verified) or {@code HTTP}
     * @param regionId the region of every call
     * @param accessKeyId a static AccessKey id; null = the credentials-java default chain (env
     *     ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET, profile, RAM role)
     * @param accessKeySecret its secret (never logged)
     * @param signatureVersion {@code v3} (ACS3-HMAC-SHA256, the client's default) or {@code v1} (HMAC-SHA1)
     * @param connectTimeout TCP connect timeout
     * @param readTimeout read timeout of one call
     * @param rateLimitScale multiplies ECI's per-action quotas for the client-side limiter; 0 disables it
     * @param maxThrottleWait the longest a caller waits for the limiter before failing as {@code Throttling}
     * @param listener told about every call
     */
    public record Settings(
            String endpoint,
            String protocol,
            String regionId,
            String accessKeyId,
            String accessKeySecret,
            String signatureVersion,
            Duration connectTimeout,
            Duration readTimeout,
            double rateLimitScale,
            Duration maxThrottleWait,
            EciCallListener listener) {

        /** Alibaba Cloud: HTTPS to {@code eci.<region>.aliyuncs.com} (or the given endpoint), default credentials. */
        public static Settings alibabaCloud(String regionId, String endpoint) {
            return builder()
                    .endpoint(endpoint == null || endpoint.isBlank() ? "eci." + regionId + ".aliyuncs.com" : endpoint)
                    .protocol("HTTPS")
                    .regionId(regionId)
                    .build();
        }

        /** An explicit endpoint and AccessKey pair over plain HTTP: the embedded ECI. */
        public static Settings staticKey(String endpoint, String regionId, String accessKeyId, String accessKeySecret) {
            return builder()
                    .endpoint(endpoint)
                    .protocol("HTTP")
                    .regionId(regionId)
                    .accessKey(accessKeyId, accessKeySecret)
                    .build();
        }

        public static Builder builder() {
            return new Builder();
        }

        public Builder toBuilder() {
            return new Builder()
                    .endpoint(endpoint)
                    .protocol(protocol)
                    .regionId(regionId)
                    .accessKey(accessKeyId, accessKeySecret)
                    .signatureVersion(signatureVersion)
                    .timeouts(connectTimeout, readTimeout)
                    .rateLimit(rateLimitScale, maxThrottleWait)
                    .listener(listener);
        }

        public Settings withProtocol(String v) {
            return toBuilder().protocol(v).build();
        }

        public Settings withSignatureVersion(String v) {
            return toBuilder().signatureVersion(v).build();
        }

        public Settings withTimeouts(Duration connect, Duration read) {
            return toBuilder().timeouts(connect, read).build();
        }

        public Settings withRateLimit(double scale, Duration maxWait) {
            return toBuilder().rateLimit(scale, maxWait).build();
        }

        public Settings withListener(EciCallListener v) {
            return toBuilder().listener(v).build();
        }

        @Override
        public String toString() {
            return "Settings[endpoint=" + endpoint + ", protocol=" + protocol + ", regionId=" + regionId
                    + ", credentials=" + (accessKeyId == null ? "default-chain" : "static") + ", signatureVersion="
                    + signatureVersion + ", rateLimitScale=" + rateLimitScale + "]";
        }

        /** Defaults: V3 signatures, 5 s connect, 30 s read, ECI's quotas, 30 s of waiting for the limiter. */
        public static final class Builder {
            private String endpoint;
            private String protocol = "HTTPS";
            private String regionId;
            private String accessKeyId;
            private String accessKeySecret;
            private String signatureVersion = "v3";
            private Duration connectTimeout = Duration.ofSeconds(5);
            private Duration readTimeout = Duration.ofSeconds(30);
            private double rateLimitScale = 1.0;
            private Duration maxThrottleWait = Duration.ofSeconds(30);
            private EciCallListener listener = EciCallListener.NONE;

            private Builder() {}

            public Builder endpoint(String v) {
                endpoint = v;
                return this;
            }

            public Builder protocol(String v) {
                protocol = v;
                return this;
            }

            public Builder regionId(String v) {
                regionId = v;
                return this;
            }

            /** A static AccessKey pair; null id = the default credential chain. */
            public Builder accessKey(String id, String secret) {
                accessKeyId = id;
                accessKeySecret = secret;
                return this;
            }

            public Builder signatureVersion(String v) {
                signatureVersion = v;
                return this;
            }

            public Builder timeouts(Duration connect, Duration read) {
                connectTimeout = connect;
                readTimeout = read;
                return this;
            }

            public Builder rateLimit(double scale, Duration maxWait) {
                rateLimitScale = scale;
                maxThrottleWait = maxWait;
                return this;
            }

            public Builder listener(EciCallListener v) {
                listener = v;
                return this;
            }

            public Settings build() {
                return new Settings(
                        endpoint,
                        protocol,
                        regionId,
                        accessKeyId,
                        accessKeySecret,
                        signatureVersion,
                        connectTimeout,
                        readTimeout,
                        rateLimitScale,
                        maxThrottleWait,
                        listener);
            }
        }
    }

    private final Settings settings;
    private final EciTransport transport;
    private final EciGroups groups;
    private final EciContainerAccess containers;
    private final EciImageCaches imageCaches;
    private final EciAccount account;
    private final EciFeeds feeds;

    public EciProvider(Settings settings) {
        this.settings = settings;
        this.transport = new EciTransport(settings);
        this.groups = new EciGroups(transport);
        this.containers = new EciContainerAccess(transport);
        this.imageCaches = new EciImageCaches(transport);
        this.account = new EciAccount(transport);
        this.feeds = new EciFeeds(transport);
    }

    public Settings settings() {
        return settings;
    }

    /** Calls that waited for the client-side rate limiter, per action. */
    public Map<String, Long> throttledWaits() {
        return transport.throttledWaits();
    }

    /** One raw call through the transport (tests and tools that reach actions the SPI does not name). */
    JsonNode call(String action, Map<String, String> params, boolean byId) throws ProviderException {
        return transport.call(action, params, byId);
    }

    @Override
    public String create(ContainerGroupSpec spec) throws ProviderException {
        return groups.create(spec);
    }

    @Override
    public void delete(String containerGroupId, String clientToken) throws ProviderException {
        groups.delete(containerGroupId, clientToken);
    }

    /** RestartContainerGroup (not in the SPI; useful to tools and tests). */
    public void restart(String containerGroupId, String clientToken) throws ProviderException {
        groups.restart(containerGroupId, clientToken);
    }

    @Override
    public Optional<ContainerGroupState> get(String containerGroupId) throws ProviderException {
        return groups.get(containerGroupId);
    }

    @Override
    public List<ContainerGroupState> list(ListQuery query) throws ProviderException {
        return groups.list(query);
    }

    @Override
    public void update(
            String containerGroupId,
            String clientToken,
            List<ContainerSpec> containers,
            List<ContainerSpec> initContainers)
            throws ProviderException {
        groups.update(containerGroupId, clientToken, containers, initContainers);
    }

    @Override
    public void ping() throws ProviderException {
        groups.ping();
    }

    @Override
    public String logs(String containerGroupId, String containerName, LogQuery query) throws ProviderException {
        return containers.logs(containerGroupId, containerName, query);
    }

    @Override
    public URI exec(String containerGroupId, String containerName, List<String> command, boolean tty, boolean stdin)
            throws ProviderException {
        return containers.exec(containerGroupId, containerName, command, tty, stdin);
    }

    @Override
    public List<GroupMetrics> metrics(List<String> containerGroupIds) throws ProviderException {
        return containers.metrics(containerGroupIds);
    }

    @Override
    public String createImageCache(ImageCacheRequest request) throws ProviderException {
        return imageCaches.createImageCache(request);
    }

    @Override
    public Optional<ImageCacheState> describeImageCache(String imageCacheId) throws ProviderException {
        return imageCaches.describeImageCache(imageCacheId);
    }

    @Override
    public void deleteImageCache(String imageCacheId) throws ProviderException {
        imageCaches.deleteImageCache(imageCacheId);
    }

    @Override
    public AccountUsage usage() throws ProviderException {
        return account.usage();
    }

    @Override
    public Optional<CloudVirtualNode> virtualNode(String virtualNodeId) throws ProviderException {
        return account.virtualNode(virtualNodeId);
    }

    @Override
    public List<ZoneStock> stock(StockQuery query) throws ProviderException {
        return account.stock(query);
    }

    @Override
    public PriceQuote quote(PriceRequest request) throws ProviderException {
        return account.quote(request);
    }

    @Override
    public StatusPage statuses(StatusQuery query, String pageToken) throws ProviderException {
        return feeds.statuses(query, pageToken);
    }

    @Override
    public EventBatch events(EventQuery query) throws ProviderException {
        return feeds.events(query);
    }
}
