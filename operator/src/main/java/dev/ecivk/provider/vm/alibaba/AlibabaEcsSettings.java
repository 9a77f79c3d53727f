package dev.ecivk.provider.vm.alibaba;

import dev.ecivk.provider.vm.VmCallListener;
import java.time.Duration;

/**
 * Where and how to reach Alibaba Cloud ECS. Build with {@link #builder(String)}.
 *
 * @param regionId the region of every call
 * @param endpoint host[:port]; null lets the SDK pick the region's endpoint ({@code ecs.<region>.aliyuncs.com}, or
 *     the SDK's own table for the regions that differ)
 * @param protocol {@code HTTPS} (TLS verified) or {@code HTTP} (the embedded ECS)
 * @param accessKeyId a static AccessKey id; null = the credentials-java default chain (env
 *     ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET, profile, ECS RAM role)
 * @param accessKeySecret its secret (never logged)
 * @param signatureVersion {@code v3} (ACS3-HMAC-SHA256, the SDK's default) or {@code v1} (HMAC-SHA1)
 * @param connectTimeout TCP connect timeout
 * @param readTimeout read timeout of one call
 * @param rateLimitScale multiplies ECS's per-action quotas for the client-side limiter; 0 disables it
 * @param maxThrottleWait the longest a caller waits for the limiter before failing as {@code Throttling}
 * @param listener told about every call
 * @param prices whether the catalogue carries prices (DescribePrice, fetched in the background and cached)
 * @param priceTtl how long a fetched price is reused
 * @param typeCatalogueTtl how long the DescribeInstanceTypes answer is reused (stock is never cached)
 */
public record AlibabaEcsSettings(
        String regionId,
        String endpoint,
        String protocol,
        String accessKeyId,
        String accessKeySecret,
        String signatureVersion,
        Duration connectTimeout,
        Duration readTimeout,
        double rateLimitScale,
        Duration maxThrottleWait,
        VmCallListener listener,
        boolean prices,
        Duration priceTtl,
        Duration typeCatalogueTtl) {

    public AlibabaEcsSettings {
        if (regionId == null || regionId.isBlank()) {
            throw new IllegalArgumentException("an ECS region is needed");
        }
        if (listener == null) {
            listener = VmCallListener.NONE;
        }
    }

    /** Alibaba Cloud in {@code regionId}: HTTPS, the SDK's endpoint, the default credential chain, V3 signatures. */
    public static Builder builder(String regionId) {
        return new Builder(regionId);
    }

    public Builder toBuilder() {
        Builder b = new Builder(regionId);
        b.endpoint = endpoint;
        b.protocol = protocol;
        b.accessKeyId = accessKeyId;
        b.accessKeySecret = accessKeySecret;
        b.signatureVersion = signatureVersion;
        b.connectTimeout = connectTimeout;
        b.readTimeout = readTimeout;
        b.rateLimitScale = rateLimitScale;
        b.maxThrottleWait = maxThrottleWait;
        b.listener = listener;
        b.prices = prices;
        b.priceTtl = priceTtl;
        b.typeCatalogueTtl = typeCatalogueTtl;
        return b;
    }

    @Override
    public String toString() {
        return "AlibabaEcsSettings[regionId=" + regionId + ", endpoint=" + (endpoint == null ? "(sdk)" : endpoint)
                + ", protocol=" + protocol + ", credentials=" + (accessKeyId == null ? "default-chain" : "static")
                + ", signatureVersion=" + signatureVersion + ", rateLimitScale=" + rateLimitScale + ", prices="
                + prices + "]";
    }

    /** Builds settings; every value but the region has a default. */
    public static final class Builder {
        private final String regionId;
        private String endpoint;
        private String protocol = "HTTPS";
        private String accessKeyId;
        private String accessKeySecret;
        private String signatureVersion = "v3";
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(30);
        private double rateLimitScale = 1.0;
        private Duration maxThrottleWait = Duration.ofSeconds(2);
        private VmCallListener listener = VmCallListener.NONE;
        private boolean prices = true;
        private Duration priceTtl = Duration.ofHours(6);
        private Duration typeCatalogueTtl = Duration.ofHours(1);

        private Builder(String regionId) {
            this.regionId = regionId;
        }

        /** An explicit endpoint ({@code host[:port]}); blank keeps the SDK's choice. */
        public Builder endpoint(String v) {
            endpoint = v == null || v.isBlank() ? null : v;
            return this;
        }

        public Builder protocol(String v) {
            protocol = v;
            return this;
        }

        /** A static AccessKey pair instead of the default credential chain. */
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

        public Builder listener(VmCallListener v) {
            listener = v;
            return this;
        }

        public Builder prices(boolean v) {
            prices = v;
            return this;
        }

        public Builder priceTtl(Duration v) {
            priceTtl = v;
            return this;
        }

        public Builder typeCatalogueTtl(Duration v) {
            typeCatalogueTtl = v;
            return this;
        }

        public AlibabaEcsSettings build() {
            return new AlibabaEcsSettings(
                    regionId,
                    endpoint,
                    protocol,
                    accessKeyId,
                    accessKeySecret,
                    signatureVersion,
                    connectTimeout,
                    readTimeout,
                    rateLimitScale,
                    maxThrottleWait,
                    listener,
                    prices,
                    priceTtl,
                    typeCatalogueTtl);
        }
    }
}
