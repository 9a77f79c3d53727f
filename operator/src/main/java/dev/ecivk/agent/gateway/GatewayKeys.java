package dev.ecivk.agent.gateway;

import dev.ecivk.kubeletapi.ServingIdentity;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

/**
 * What the agent gateway must keep across restarts: its TLS identity (agents pin its certificate from their user
 * data, and it is the client certificate agents accept) and the key of the agents' credentials. The wiring stores
 * both in a Kubernetes Secret the controller owns.
 */
public record GatewayKeys(ServingIdentity identity, byte[] tokenKey) {

    public GatewayKeys {
        tokenKey = tokenKey.clone();
        if (tokenKey.length < AgentTokens.MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the agent token key must have at least 32 bytes");
        }
    }

    @Override
    public byte[] tokenKey() {
        return tokenKey.clone();
    }

    /** A new self-signed identity (a year, as {@link ServingIdentity#selfSigned}) and a random key. */
    public static GatewayKeys generate(String name, Instant now) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new GatewayKeys(ServingIdentity.selfSigned(name, List.of("localhost", "127.0.0.1"), now), key);
    }

    @Override
    public String toString() {
        return "GatewayKeys[certificate=" + identity.certificate().getSubjectX500Principal() + ", tokenKey=<redacted>]";
    }
}
