package dev.ecivk.provider.vm.alibaba;

import com.aliyun.teaopenapi.models.Config;
import com.aliyun.teautil.models.RuntimeOptions;
import dev.ecivk.ecs.contract.EcsContract;
import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.alibaba.AlibabaRateLimiter;
import dev.ecivk.provider.alibaba.TeaFailures;
import dev.ecivk.provider.vm.VmCallListener;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport under {@link AlibabaEcsCloud}: the official ECS client ({@code ecs20140526}, signing and HTTP by
 * tea-openapi), one rate-limited, reported and classified call at a time. No retries here: the caller retries by
 * failure class. Exception messages carry the cloud's code and message, never a credential.
 */
final class EcsCalls {
    private static final Logger LOG = LoggerFactory.getLogger(EcsCalls.class);

    /** One SDK call. */
    @FunctionalInterface
    interface SdkCall<T> {
        T call(com.aliyun.ecs20140526.Client client, RuntimeOptions runtime) throws Exception;
    }

    private final AlibabaEcsSettings settings;
    private final com.aliyun.ecs20140526.Client client;
    private final AlibabaRateLimiter limiter;
    private final VmCallListener listener;

    EcsCalls(AlibabaEcsSettings settings) {
        this.settings = settings;
        this.listener = settings.listener();
        this.limiter = new AlibabaRateLimiter(
                EcsContract.QUOTAS_PER_MINUTE,
                EcsContract.DEFAULT_QUOTA_PER_MINUTE,
                settings.rateLimitScale(),
                settings.maxThrottleWait(),
                (action, nanos) -> listener.onThrottleWait(AlibabaEcsCloud.KIND, action, nanos));
        Config config = new Config()
                .setRegionId(settings.regionId())
                .setProtocol(settings.protocol())
                .setConnectTimeout((int) settings.connectTimeout().toMillis())
                .setReadTimeout((int) settings.readTimeout().toMillis());
        if (settings.endpoint() != null) {
            config.setEndpoint(settings.endpoint());
        }
        if ("v1".equalsIgnoreCase(settings.signatureVersion())) {
            // tea-openapi names the RPC HMAC-SHA1 signature "v2"
            config.setSignatureAlgorithm("v2");
        }
        try {
            if (settings.accessKeyId() != null) {
                config.setAccessKeyId(settings.accessKeyId()).setAccessKeySecret(settings.accessKeySecret());
            } else {
                config.setCredential(new com.aliyun.credentials.Client());
            }
            this.client = new com.aliyun.ecs20140526.Client(config);
        } catch (Exception e) {
            // the credential chain's messages name where it looked, never a secret; keep only the type
            throw new IllegalStateException(
                    "cannot set up the ECS client for region " + settings.regionId() + ": "
                            + e.getClass().getSimpleName(),
                    null);
        }
    }

    /** The endpoint the client talks to (the SDK's choice when none was configured). */
    String endpoint() {
        return client._endpoint;
    }

    /**
     * One call: rate limit, the SDK, classification, listener.
     *
     * @param byId the call addresses one instance, so {@code InvalidInstanceId.NotFound} means it is gone
     */
    <T> T call(String action, boolean byId, SdkCall<T> call) throws ProviderException {
        long start = System.nanoTime();
        try {
            if (!limiter.acquire(action)) {
                throw new ProviderException(
                        FailureClass.TRANSIENT,
                        "Throttling",
                        action,
                        "client-side rate limit: no permit within " + settings.maxThrottleWait());
            }
            RuntimeOptions runtime = new RuntimeOptions();
            runtime.autoretry = false;
            runtime.ignoreSSL = false;
            runtime.connectTimeout = (int) settings.connectTimeout().toMillis();
            runtime.readTimeout = (int) settings.readTimeout().toMillis();
            T result = call.call(client, runtime);
            listener.onCall(AlibabaEcsCloud.KIND, action, VmCallListener.SUCCESS, null, System.nanoTime() - start);
            return result;
        } catch (Exception e) {
            ProviderException failure = TeaFailures.translate(
                    action, e, (status, code, message) -> EcsErrors.classify(status, code, message, byId));
            listener.onCall(
                    AlibabaEcsCloud.KIND,
                    action,
                    failure.code() != null && failure.code().startsWith("Throttling")
                            ? VmCallListener.THROTTLED
                            : failure.failureClass().name().toLowerCase(Locale.ROOT),
                    failure.code(),
                    System.nanoTime() - start);
            LOG.debug("ECS {} failed: {} ({})", action, failure.code(), failure.failureClass());
            throw failure;
        }
    }
}
