package dev.ecivk.kubeletapi;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Authenticates a kubelet API caller as the kubelet's webhook mode does: a client certificate the TLS layer verified
 * against the client CA (user = CN, groups = O), else a bearer token checked by a TokenReview. Token results are
 * cached (2 min when valid, 30 s when not, as the kubelet), keyed by the token's hash so no token stays in memory.
 */
final class CallerAuthenticator {
    static final Duration AUTHENTICATED_TTL = Duration.ofMinutes(2);
    static final Duration UNAUTHENTICATED_TTL = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final ExpiringCache<String, Optional<UserInfo>> tokenCache;

    CallerAuthenticator(KubernetesClient client, Clock clock) {
        this.client = client;
        this.tokenCache = new ExpiringCache<>(1024, clock);
    }

    /**
     * The caller, or empty when it presented no usable credential.
     *
     * @param verifiedCertificate the client certificate the TLS handshake verified against the client CA, or null
     * @param authorizationHeader the {@code Authorization} header, or null
     */
    Optional<UserInfo> authenticate(X509Certificate verifiedCertificate, String authorizationHeader) {
        if (verifiedCertificate != null) {
            Optional<UserInfo> user = fromCertificate(verifiedCertificate);
            if (user.isPresent()) {
                return user;
            }
        }
        String token = bearerToken(authorizationHeader);
        if (token == null || client == null) {
            return Optional.empty();
        }
        String key = sha256(token);
        Optional<Optional<UserInfo>> cached = tokenCache.get(key);
        if (cached.isPresent()) {
            return cached.get();
        }
        Optional<UserInfo> user = review(token);
        tokenCache.put(key, user, user.isPresent() ? AUTHENTICATED_TTL : UNAUTHENTICATED_TTL);
        return user;
    }

    static Optional<UserInfo> fromCertificate(X509Certificate certificate) {
        String commonName = null;
        List<String> organizations = new ArrayList<>();
        try {
            LdapName name = new LdapName(certificate.getSubjectX500Principal().getName());
            for (Rdn rdn : name.getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    commonName = rdn.getValue().toString();
                } else if ("O".equalsIgnoreCase(rdn.getType())) {
                    organizations.add(rdn.getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
        if (commonName == null || commonName.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new UserInfo(commonName, null, organizations, null));
    }

    private Optional<UserInfo> review(String token) {
        TokenReview review = client.authentication()
                .v1()
                .tokenReviews()
                .create(new TokenReviewBuilder()
                        .withNewSpec()
                        .withToken(token)
                        .endSpec()
                        .build());
        if (review == null
                || review.getStatus() == null
                || !Boolean.TRUE.equals(review.getStatus().getAuthenticated())
                || review.getStatus().getUser() == null) {
            return Optional.empty();
        }
        var user = review.getStatus().getUser();
        return Optional.of(new UserInfo(user.getUsername(), user.getUid(), user.getGroups(), user.getExtra()));
    }

    private static String bearerToken(String header) {
        if (header == null) {
            return null;
        }
        String trimmed = header.trim();
        if (trimmed.length() < 7 || !trimmed.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = trimmed.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
