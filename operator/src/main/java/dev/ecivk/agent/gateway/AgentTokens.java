package dev.ecivk.agent.gateway;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The agents' credentials, HMAC-SHA256 over the Pod UID with a key the controller keeps in a Kubernetes Secret, so
 * a restarted controller verifies what its predecessor issued without any other state.
 *
 * <ul>
 *   <li>Join credential ({@code j1.<uid>.<expiry>.<mac>}), in the user data: accepted once per Pod, before its
 *       expiry, only for the UID it names. User data is visible to whoever may read the instance's attributes, so
 *       it buys exactly one registration and nothing else.
 *   <li>Session credential ({@code s1.<uid>.<mac>}), returned by the registration over TLS: fetches the spec and
 *       reports status; survives a controller restart because it is recomputable from the key.
 * </ul>
 *
 * Used join credentials are remembered in memory until they expire: after a controller restart a replay within the
 * join TTL would be accepted once more (README, "Agent protocol").
 */
final class AgentTokens {
    static final int MIN_KEY_BYTES = 32;

    private final byte[] key;
    private final Clock clock;
    private final Duration joinTtl;
    private final Map<String, Instant> registered = new ConcurrentHashMap<>();

    /** Why a credential was refused; the message never repeats the credential. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    AgentTokens(byte[] key, Clock clock, Duration joinTtl) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the agent token key must have at least " + MIN_KEY_BYTES + " bytes");
        }
        this.key = key.clone();
        this.clock = clock;
        this.joinTtl = joinTtl;
    }

    String join(String podUid) {
        long expiry = clock.instant().plus(joinTtl).getEpochSecond();
        return "j1." + encode(podUid) + "." + expiry + "." + mac("join", podUid, Long.toString(expiry));
    }

    /** Accepts a join credential once; returns the session credential. */
    String redeem(String joinToken, String claimedUid) throws Refused {
        String[] parts = joinToken == null ? new String[0] : joinToken.split("\\.", -1);
        if (parts.length != 4 || !"j1".equals(parts[0])) {
            throw new Refused("malformed join credential");
        }
        String uid = decode(parts[1]);
        long expiry;
        try {
            expiry = Long.parseLong(parts[2]);
        } catch (NumberFormatException e) {
            throw new Refused("malformed join credential");
        }
        if (uid == null || !equal(mac("join", uid, parts[2]), parts[3])) {
            throw new Refused("join credential not issued by this controller");
        }
        if (!uid.equals(claimedUid)) {
            throw new Refused("join credential issued for another Pod");
        }
        Instant now = clock.instant();
        if (now.getEpochSecond() > expiry) {
            throw new Refused("join credential expired");
        }
        registered.values().removeIf(until -> until.isBefore(now));
        if (registered.putIfAbsent(uid, Instant.ofEpochSecond(expiry)) != null) {
            throw new Refused("join credential already used");
        }
        return session(uid);
    }

    String session(String podUid) {
        return "s1." + encode(podUid) + "." + mac("session", podUid);
    }

    /** The Pod UID a session credential was issued for. */
    String verifySession(String sessionToken) throws Refused {
        String[] parts = sessionToken == null ? new String[0] : sessionToken.split("\\.", -1);
        if (parts.length != 3 || !"s1".equals(parts[0])) {
            throw new Refused("malformed session credential");
        }
        String uid = decode(parts[1]);
        if (uid == null || !equal(mac("session", uid), parts[2])) {
            throw new Refused("session credential not issued by this controller");
        }
        return uid;
    }

    private String mac(String... fields) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            hmac.update(String.join("\n", fields).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static boolean equal(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String text) {
        try {
            return new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
