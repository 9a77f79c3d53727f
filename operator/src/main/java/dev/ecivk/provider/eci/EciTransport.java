package dev.ecivk.provider.eci;

import com.aliyun.teaopenapi.Client;
import com.aliyun.teaopenapi.models.Config;
import com.aliyun.teaopenapi.models.OpenApiRequest;
import com.aliyun.teaopenapi.models.Params;
import com.aliyun.teautil.models.RuntimeOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecivk.eci.contract.EciQuotas;
import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.alibaba.AlibabaRateLimiter;
import dev.ecivk.provider.alibaba.TeaFailures;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ECI call, end to end, on Alibaba Cloud's official client ({@code tea-openapi} {@code callApi}: RPC style,
 * version 2018-08-08, POST, signed V3 or V1): the per-action client-side rate limit (the {@link AlibabaRateLimiter}
 * every Alibaba Cloud client of the project shares, sized to {@link EciQuotas}), the call, the classification of any
 * failure ({@link TeaFailures} with ECI's table, {@link EciErrors}) and the {@link EciCallListener}. No retries:
 * callers retry by failure class.
 */
final class EciTransport implements EciCaller {
    private static final Logger LOG = LoggerFactory.getLogger(EciTransport.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String API_VERSION = "2018-08-08";

    private final EciProvider.Settings settings;
    private final Client client;
    private final AlibabaRateLimiter limiter;
    private final Map<String, LongAdder> throttledWaits = new ConcurrentHashMap<>();
    private final EciCallListener listener;

    EciTransport(EciProvider.Settings settings) {
        this.settings = settings;
        this.listener = settings.listener() == null ? EciCallListener.NONE : settings.listener();
        this.limiter = new AlibabaRateLimiter(
                quotasPerMinute(),
                (int) Math.round(EciQuotas.UNDOCUMENTED.perMinute()),
                settings.rateLimitScale(),
                settings.maxThrottleWait(),
                (action, waitNanos) -> {
                    throttledWaits.computeIfAbsent(action, a -> new LongAdder()).increment();
                    listener.onThrottleWait(action, waitNanos);
                });
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
        } catch (Exception e) {
            // the credential chain's messages name where it looked, never a secret; keep only the type
            throw new IllegalStateException(
                    "cannot set up the ECI client for " + settings.endpoint() + ": "
                            + e.getClass().getSimpleName(),
                    null);
        }
    }

    @Override
    public String regionId() {
        return settings.regionId();
    }

    /** ECI's documented quotas ({@link EciQuotas}), calls per minute. */
    private static Map<String, Integer> quotasPerMinute() {
        Map<String, Integer> perMinute = new HashMap<>();
        EciQuotas.documented().forEach((action, quota) -> perMinute.put(action, (int) Math.round(quota.perMinute())));
        return perMinute;
    }

    /** Calls that waited (or gave up waiting) for the client-side rate limiter, per action. */
    Map<String, Long> throttledWaits() {
        Map<String, Long> out = new TreeMap<>();
        throttledWaits.forEach((action, count) -> out.put(action, count.sum()));
        return out;
    }

    @Override
    public JsonNode call(String action, Map<String, String> params, boolean byId) throws ProviderException {
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
                    // the answer's bytes, parsed once by Jackson: "json" has tea parse it with Gson into maps that
                    // would then be converted to a tree, twice the work on a page of 200 statuses
                    .setBodyType("byte");
            OpenApiRequest request = new OpenApiRequest().setQuery(new HashMap<>(params));
            RuntimeOptions runtime = new RuntimeOptions();
            runtime.autoretry = false;
            runtime.ignoreSSL = false;
            runtime.connectTimeout = (int) settings.connectTimeout().toMillis();
            runtime.readTimeout = (int) settings.readTimeout().toMillis();
            Map<String, ?> response = client.callApi(api, request, runtime);
            JsonNode body = response.get("body") instanceof byte[] bytes && bytes.length > 0
                    ? JSON.readTree(bytes)
                    : JSON.createObjectNode();
            listener.onCall(action, EciCallListener.SUCCESS, null, System.nanoTime() - start);
            return body.isMissingNode() ? JSON.createObjectNode() : body;
        } catch (Exception e) {
            ProviderException pe =
                    TeaFailures.translate(action, e, (status, code, message) -> EciErrors.classify(status, code, byId));
            report(action, pe, start);
            throw pe;
        }
    }

    private void report(String action, ProviderException e, long start) {
        listener.onCall(action, e.failureClass().name().toLowerCase(Locale.ROOT), e.code(), System.nanoTime() - start);
        LOG.debug("ECI {} failed: {} ({})", action, e.code(), e.failureClass());
    }
}
