package dev.ecivk.provider.eci;

import com.aliyun.tea.TeaException;
import com.aliyun.tea.TeaUnretryableException;
import com.aliyun.teaopenapi.Client;
import com.aliyun.teaopenapi.models.Config;
import com.aliyun.teaopenapi.models.OpenApiRequest;
import com.aliyun.teaopenapi.models.Params;
import com.aliyun.teautil.models.RuntimeOptions;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecivk.provider.CloudAccount;
import dev.ecivk.provider.ContainerAccess;
import dev.ecivk.provider.EventFeed;
import dev.ecivk.provider.FailureClass;
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
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ECI backend on Alibaba Cloud's official client ({@code tea-openapi} {@code callApi}, RPC style, version
 * 2018-08-08). The same code talks to Alibaba Cloud or to the embedded ECI; only {@link Settings} differ.
 *
 * <p>Every call passes a per-action client-side rate limiter sized to ECI's quotas (callers wait instead of
 * failing), is reported to an {@link EciCallListener}, and fails as a {@link ProviderException} classified by
 * {@link EciErrors}. No retries here: the caller retries by failure class.
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
    private static final Logger LOG = LoggerFactory.getLogger(EciProvider.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String API_VERSION = "2018-08-08";
    static final int BATCH = 20;
    static final int MAX_LOG_TAIL = 2000;

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
            return new Settings(
                    endpoint == null || endpoint.isBlank() ? "eci." + regionId + ".aliyuncs.com" : endpoint,
                    "HTTPS",
                    regionId,
                    null,
                    null,
                    "v3",
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(30),
                    1.0,
                    Duration.ofSeconds(30),
                    EciCallListener.NONE);
        }

        /** An explicit endpoint and AccessKey pair over plain HTTP: the embedded ECI. */
        public static Settings staticKey(String endpoint, String regionId, String accessKeyId, String accessKeySecret) {
            return new Settings(
                    endpoint,
                    "HTTP",
                    regionId,
                    accessKeyId,
                    accessKeySecret,
                    "v3",
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(30),
                    1.0,
                    Duration.ofSeconds(30),
                    EciCallListener.NONE);
        }

        public Settings withProtocol(String v) {
            return new Settings(
                    endpoint,
                    v,
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

        public Settings withSignatureVersion(String v) {
            return new Settings(
                    endpoint,
                    protocol,
                    regionId,
                    accessKeyId,
                    accessKeySecret,
                    v,
                    connectTimeout,
                    readTimeout,
                    rateLimitScale,
                    maxThrottleWait,
                    listener);
        }

        public Settings withTimeouts(Duration connect, Duration read) {
            return new Settings(
                    endpoint,
                    protocol,
                    regionId,
                    accessKeyId,
                    accessKeySecret,
                    signatureVersion,
                    connect,
                    read,
                    rateLimitScale,
                    maxThrottleWait,
                    listener);
        }

        public Settings withRateLimit(double scale, Duration maxWait) {
            return new Settings(
                    endpoint,
                    protocol,
                    regionId,
                    accessKeyId,
                    accessKeySecret,
                    signatureVersion,
                    connectTimeout,
                    readTimeout,
                    scale,
                    maxWait,
                    listener);
        }

        public Settings withListener(EciCallListener v) {
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
                    v);
        }

        @Override
        public String toString() {
            return "Settings[endpoint=" + endpoint + ", protocol=" + protocol + ", regionId=" + regionId
                    + ", credentials=" + (accessKeyId == null ? "default-chain" : "static") + ", signatureVersion="
                    + signatureVersion + ", rateLimitScale=" + rateLimitScale + "]";
        }
    }

    private final Settings settings;
    private final Client client;
    private final ActionRateLimiter limiter;
    private final EciCallListener listener;
    private final EciFeeds feeds;
    private final EciAccount account;

    public EciProvider(Settings settings) {
        this.settings = settings;
        this.listener = settings.listener() == null ? EciCallListener.NONE : settings.listener();
        this.limiter = new ActionRateLimiter(settings.rateLimitScale(), settings.maxThrottleWait(), this.listener);
        Config config = new Config()
                .setEndpoint(settings.endpoint())
                .setProtocol(settings.protocol())
                .setRegionId(settings.regionId())
                .setConnectTimeout((int) settings.connectTimeout().toMillis())
                .setReadTimeout((int) settings.readTimeout().toMillis());
        if ("v1".equalsIgnoreCase(settings.signatureVersion())) {
            config.setSignatureAlgorithm("v2");
        }
        try {
            if (settings.accessKeyId() != null) {
                config.setAccessKeyId(settings.accessKeyId()).setAccessKeySecret(settings.accessKeySecret());
            } else {
                config.setCredential(new com.aliyun.credentials.Client());
            }
            this.client = new Client(config);
            EciCaller caller = new EciCaller() {
                @Override
                public JsonNode call(String action, Map<String, String> params, boolean byId) throws ProviderException {
                    return EciProvider.this.call(action, params, byId);
                }

                @Override
                public String regionId() {
                    return settings.regionId();
                }
            };
            this.feeds = new EciFeeds(caller);
            this.account = new EciAccount(caller);
        } catch (Exception e) {
            // the credential chain's messages name where it looked, never a secret; keep only the type
            throw new IllegalStateException(
                    "cannot set up the ECI client for " + settings.endpoint() + ": "
                            + e.getClass().getSimpleName(),
                    null);
        }
    }

    public Settings settings() {
        return settings;
    }

    /** Calls that waited for the client-side rate limiter, per action. */
    public Map<String, Long> throttledWaits() {
        return limiter.throttledWaits();
    }

    @Override
    public String create(ContainerGroupSpec spec) throws ProviderException {
        Map<String, String> params = EciRequests.createContainerGroup(withRegion(spec));
        JsonNode body = call("CreateContainerGroup", params, false);
        String id = EciResponses.text(body.path("ContainerGroupId"));
        if (id == null || id.isEmpty()) {
            throw new ProviderException(
                    FailureClass.TRANSIENT,
                    "InvalidResponse",
                    "CreateContainerGroup",
                    "no ContainerGroupId in the" + " answer");
        }
        return id;
    }

    private ContainerGroupSpec withRegion(ContainerGroupSpec spec) {
        return spec.regionId() == null
                ? spec.toBuilder().regionId(settings.regionId()).build()
                : spec;
    }

    @Override
    public void delete(String containerGroupId, String clientToken) throws ProviderException {
        Map<String, String> params = new HashMap<>();
        params.put("RegionId", settings.regionId());
        params.put("ContainerGroupId", containerGroupId);
        if (clientToken != null) {
            params.put("ClientToken", clientToken);
        }
        call("DeleteContainerGroup", params, true);
    }

    @Override
    public Optional<ContainerGroupState> get(String containerGroupId) throws ProviderException {
        try {
            List<ContainerGroupState> found = describeIds(List.of(containerGroupId), Map.of());
            return found.stream().filter(g -> containerGroupId.equals(g.id())).findFirst();
        } catch (ProviderException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public List<ContainerGroupState> list(ListQuery query) throws ProviderException {
        if (!query.ids().isEmpty()) {
            List<ContainerGroupState> out = new ArrayList<>();
            for (int i = 0; i < query.ids().size(); i += BATCH) {
                out.addAll(describeIds(
                        query.ids().subList(i, Math.min(query.ids().size(), i + BATCH)), query.tags()));
            }
            return out;
        }
        List<ContainerGroupState> out = new ArrayList<>();
        java.util.Set<String> seenTokens = new java.util.HashSet<>();
        String nextToken = null;
        do {
            Map<String, String> params = describeParams(query.tags());
            params.put("Limit", Integer.toString(BATCH));
            if (nextToken != null) {
                params.put("NextToken", nextToken);
            }
            JsonNode body = call("DescribeContainerGroups", params, false);
            out.addAll(EciResponses.containerGroups(body));
            nextToken = EciResponses.text(body.path("NextToken"));
            if (nextToken != null && !nextToken.isEmpty() && !seenTokens.add(nextToken)) {
                // a page token that comes back would page forever: never a partial answer, fail classified
                throw new ProviderException(
                        FailureClass.TRANSIENT,
                        "InvalidResponse",
                        "DescribeContainerGroups",
                        "the endpoint repeated a NextToken after " + seenTokens.size() + " pages");
            }
        } while (nextToken != null && !nextToken.isEmpty());
        return out;
    }

    private List<ContainerGroupState> describeIds(List<String> ids, Map<String, String> tags) throws ProviderException {
        Map<String, String> params = describeParams(tags);
        params.put("ContainerGroupIds", json(ids));
        params.put("Limit", Integer.toString(BATCH));
        return EciResponses.containerGroups(call("DescribeContainerGroups", params, true));
    }

    private Map<String, String> describeParams(Map<String, String> tags) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("RegionId", settings.regionId());
        int n = 1;
        for (Map.Entry<String, String> t : tags.entrySet()) {
            params.put("Tag." + n + ".Key", t.getKey());
            params.put("Tag." + n + ".Value", t.getValue());
            n++;
        }
        return params;
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

    @Override
    public String createImageCache(ImageCacheRequest request) throws ProviderException {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("RegionId", settings.regionId());
        params.put("ImageCacheName", request.name());
        for (int i = 0; i < request.images().size(); i++) {
            params.put("Image." + (i + 1), request.images().get(i));
        }
        for (int i = 0; i < request.credentials().size(); i++) {
            ContainerGroupSpec.RegistryCredential c = request.credentials().get(i);
            params.put("ImageRegistryCredential." + (i + 1) + ".Server", c.server());
            params.put("ImageRegistryCredential." + (i + 1) + ".UserName", c.userName());
            params.put("ImageRegistryCredential." + (i + 1) + ".Password", c.password());
        }
        params.put("VSwitchId", request.vSwitchId());
        params.put("SecurityGroupId", request.securityGroupId());
        putIfSet(params, "EipInstanceId", request.eipInstanceId());
        putIfSet(params, "ImageCacheSize", request.size());
        putIfSet(params, "RetentionDays", request.retentionDays());
        putIfSet(params, "ClientToken", request.clientToken());
        int n = 1;
        for (Map.Entry<String, String> t : request.tags().entrySet()) {
            params.put("Tag." + n + ".Key", t.getKey());
            params.put("Tag." + n + ".Value", t.getValue());
            n++;
        }
        String id = EciResponses.text(call("CreateImageCache", params, false).path("ImageCacheId"));
        if (id == null || id.isEmpty()) {
            throw new ProviderException(
                    FailureClass.TRANSIENT, "InvalidResponse", "CreateImageCache", "no ImageCacheId in the answer");
        }
        return id;
    }

    @Override
    public Optional<ImageCacheState> describeImageCache(String imageCacheId) throws ProviderException {
        JsonNode body = call(
                "DescribeImageCaches", Map.of("RegionId", settings.regionId(), "ImageCacheId", imageCacheId), true);
        for (JsonNode c : body.path("ImageCaches")) {
            if (imageCacheId.equals(EciResponses.text(c.path("ImageCacheId")))) {
                return Optional.of(new ImageCacheState(
                        imageCacheId,
                        EciResponses.text(c.path("ImageCacheName")),
                        EciResponses.text(c.path("Status")),
                        EciResponses.text(c.path("Progress")),
                        EciResponses.text(c.path("SnapshotId")),
                        EciResponses.eventLines(c.path("Events"), "Name")));
            }
        }
        return Optional.empty();
    }

    @Override
    public void deleteImageCache(String imageCacheId) throws ProviderException {
        call("DeleteImageCache", Map.of("RegionId", settings.regionId(), "ImageCacheId", imageCacheId), true);
    }

    private static void putIfSet(Map<String, String> params, String key, Object value) {
        if (value != null) {
            params.put(key, value.toString());
        }
    }

    @Override
    public void ping() throws ProviderException {
        call("DescribeRegions", Map.of("RegionId", settings.regionId()), false);
    }

    /** RestartContainerGroup (not in the SPI; useful to tools and tests). */
    public void restart(String containerGroupId, String clientToken) throws ProviderException {
        Map<String, String> params = new HashMap<>();
        params.put("RegionId", settings.regionId());
        params.put("ContainerGroupId", containerGroupId);
        if (clientToken != null) {
            params.put("ClientToken", clientToken);
        }
        call("RestartContainerGroup", params, true);
    }

    /** UpdateContainerGroup: replaces the container lists (most Pod changes need a recreate). */
    @Override
    public void update(
            String containerGroupId,
            String clientToken,
            List<dev.ecivk.provider.model.ContainerSpec> containers,
            List<dev.ecivk.provider.model.ContainerSpec> initContainers)
            throws ProviderException {
        call(
                "UpdateContainerGroup",
                EciRequests.updateContainerGroup(
                        settings.regionId(), containerGroupId, clientToken, containers, initContainers, List.of()),
                true);
    }

    @Override
    public String logs(String containerGroupId, String containerName, LogQuery query) throws ProviderException {
        Map<String, String> params = new HashMap<>();
        params.put("RegionId", settings.regionId());
        params.put("ContainerGroupId", containerGroupId);
        params.put("ContainerName", containerName);
        if (query.tail() != null) {
            params.put("Tail", Integer.toString(Math.max(0, Math.min(MAX_LOG_TAIL, query.tail()))));
        }
        if (query.sinceSeconds() != null) {
            params.put("SinceSeconds", Integer.toString(query.sinceSeconds()));
        }
        if (query.startTime() != null) {
            params.put("StartTime", DateTimeFormatter.ISO_INSTANT.format(query.startTime()));
        }
        if (query.limitBytes() != null) {
            params.put("LimitBytes", Long.toString(query.limitBytes()));
        }
        if (query.previous()) {
            params.put("LastTime", "true");
        }
        JsonNode body = call("DescribeContainerLog", params, true);
        String content = EciResponses.text(body.path("Content"));
        return content == null ? "" : content;
    }

    @Override
    public URI exec(String containerGroupId, String containerName, List<String> command, boolean tty, boolean stdin)
            throws ProviderException {
        Map<String, String> params = new HashMap<>();
        params.put("RegionId", settings.regionId());
        params.put("ContainerGroupId", containerGroupId);
        params.put("ContainerName", containerName);
        params.put("Command", json(command));
        params.put("TTY", Boolean.toString(tty));
        params.put("Stdin", Boolean.toString(stdin));
        JsonNode body = call("ExecContainerCommand", params, true);
        String uri = EciResponses.text(body.path("WebSocketUri"));
        if (uri == null || uri.isEmpty()) {
            throw new ProviderException(
                    FailureClass.TRANSIENT, "InvalidResponse", "ExecContainerCommand", "no WebSocketUri in the answer");
        }
        try {
            return URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new ProviderException(
                    FailureClass.TRANSIENT, "InvalidResponse", "ExecContainerCommand", "the WebSocketUri is not a URI");
        }
    }

    @Override
    public List<GroupMetrics> metrics(List<String> containerGroupIds) throws ProviderException {
        List<GroupMetrics> out = new ArrayList<>();
        for (int i = 0; i < containerGroupIds.size(); i += BATCH) {
            Map<String, String> params = new HashMap<>();
            params.put("RegionId", settings.regionId());
            params.put(
                    "ContainerGroupIds",
                    json(containerGroupIds.subList(i, Math.min(containerGroupIds.size(), i + BATCH))));
            params.put("MetricType", "summary");
            out.addAll(EciResponses.metrics(call("DescribeMultiContainerGroupMetric", params, false)));
        }
        return out;
    }

    private static String json(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One RPC call: rate limit, callApi, classification, listener. {@code byId}: the call addresses one group, so a
     * 404 means it is gone.
     */
    JsonNode call(String action, Map<String, String> params, boolean byId) throws ProviderException {
        long start = System.nanoTime();
        try {
            if (!limiter.acquire(action)) {
                throw new ProviderException(
                        FailureClass.TRANSIENT,
                        "Throttling",
                        action,
                        "client-side rate limit: no permit within " + settings.maxThrottleWait());
            }
            Params api = new Params()
                    .setAction(action)
                    .setVersion(API_VERSION)
                    .setProtocol(settings.protocol())
                    .setPathname("/")
                    .setMethod("POST")
                    .setAuthType("AK")
                    .setStyle("RPC")
                    .setReqBodyType("formData")
                    .setBodyType("json");
            OpenApiRequest request = new OpenApiRequest().setQuery(new HashMap<>(params));
            RuntimeOptions runtime = new RuntimeOptions();
            runtime.autoretry = false;
            runtime.ignoreSSL = false;
            runtime.connectTimeout = (int) settings.connectTimeout().toMillis();
            runtime.readTimeout = (int) settings.readTimeout().toMillis();
            Map<String, ?> response = client.callApi(api, request, runtime);
            JsonNode body = JSON.valueToTree(response.get("body"));
            listener.onCall(action, EciCallListener.SUCCESS, null, System.nanoTime() - start);
            return body == null ? JSON.createObjectNode() : body;
        } catch (ProviderException e) {
            report(action, e, start);
            throw e;
        } catch (TeaUnretryableException e) {
            ProviderException pe = new ProviderException(FailureClass.TRANSIENT, "NetworkError", action, causeText(e));
            report(action, pe, start);
            throw pe;
        } catch (TeaException e) {
            ProviderException pe = fromTea(action, e, byId);
            report(action, pe, start);
            throw pe;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ProviderException pe =
                    new ProviderException(FailureClass.TRANSIENT, "Interrupted", action, "interrupted", e);
            report(action, pe, start);
            throw pe;
        } catch (Exception e) {
            ProviderException pe = fromOther(action, e);
            report(action, pe, start);
            throw pe;
        }
    }

    private void report(String action, ProviderException e, long start) {
        listener.onCall(action, e.failureClass().name().toLowerCase(Locale.ROOT), e.code(), System.nanoTime() - start);
        LOG.debug("ECI {} failed: {} ({})", action, e.code(), e.failureClass());
    }

    private static ProviderException fromTea(String action, TeaException e, boolean byId) {
        int status = e.getStatusCode() == null ? 0 : e.getStatusCode();
        String code = e.getCode();
        String message = null;
        Map<String, Object> data = e.getData();
        if (data != null && data.get("Message") != null) {
            message = String.valueOf(data.get("Message"));
        }
        if (code == null || code.isEmpty()) {
            if (status == 0) {
                return new ProviderException(FailureClass.TRANSIENT, "NetworkError", action, causeText(e));
            }
            code = "HTTP" + status;
        }
        FailureClass failureClass = EciErrors.classify(status, code, byId);
        return new ProviderException(
                failureClass, code, action, (message == null ? "" : message) + " (HTTP " + status + ")");
    }

    private static ProviderException fromOther(String action, Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof java.io.IOException) {
            return new ProviderException(FailureClass.TRANSIENT, "NetworkError", action, causeText(e));
        }
        if (e.getClass().getName().startsWith("com.aliyun.credentials")) {
            return new ProviderException(
                    FailureClass.PERMANENT, "InvalidCredentials", action, "no usable Alibaba Cloud credentials");
        }
        return new ProviderException(
                FailureClass.TRANSIENT, "ClientError", action, e.getClass().getSimpleName());
    }

    /** The type and message of the root cause of a network failure (these never carry credentials). */
    private static String causeText(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
