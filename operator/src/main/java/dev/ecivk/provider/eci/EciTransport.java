package dev.ecivk.provider.eci;

import com.aliyun.tea.TeaException;
import com.aliyun.tea.TeaUnretryableException;
import com.aliyun.teaopenapi.Client;
import com.aliyun.teaopenapi.models.Config;
import com.aliyun.teaopenapi.models.OpenApiRequest;
import com.aliyun.teaopenapi.models.Params;
import com.aliyun.teautil.models.RuntimeOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.ProviderException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ECI call, end to end, on Alibaba Cloud's official client ({@code tea-openapi} {@code callApi}: RPC style,
 * version 2018-08-08, POST, signed V3 or V1): the per-action client-side rate limit, the call, the classification of
 * any failure ({@link EciErrors}) and the {@link EciCallListener}. No retries: callers retry by failure class.
 */
final class EciTransport implements EciCaller {
    private static final Logger LOG = LoggerFactory.getLogger(EciTransport.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String API_VERSION = "2018-08-08";

    private final EciProvider.Settings settings;
    private final Client client;
    private final ActionRateLimiter limiter;
    private final EciCallListener listener;

    EciTransport(EciProvider.Settings settings) {
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

    /** Calls that waited for the client-side rate limiter, per action. */
    Map<String, Long> throttledWaits() {
        return limiter.throttledWaits();
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
