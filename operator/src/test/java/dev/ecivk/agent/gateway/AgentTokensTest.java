package dev.ecivk.agent.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecivk.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AgentTokensTest {
    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final AgentTokens tokens = new AgentTokens(KEY, clock, Duration.ofMinutes(30));

    @Test
    void aJoinCredentialBuysExactlyOneSession() throws Exception {
        String join = tokens.join("uid-1");
        String session = tokens.redeem(join, "uid-1");
        assertThat(tokens.verifySession(session)).isEqualTo("uid-1");
        assertThatThrownBy(() -> tokens.redeem(join, "uid-1")).hasMessage("join credential already used");
        // a second credential for the same Pod (a retried create) cannot register it twice either
        assertThatThrownBy(() -> tokens.redeem(tokens.join("uid-1"), "uid-1"))
                .hasMessage("join credential already used");
    }

    @Test
    void forgedExpiredAndMisdirectedCredentialsAreRefused() {
        String join = tokens.join("uid-2");
        String[] parts = join.split("\\.");
        String forgedMac = parts[0] + "." + parts[1] + "." + parts[2] + "." + "A" + parts[3].substring(1);
        assertThatThrownBy(() -> tokens.redeem(forgedMac, "uid-2"))
                .hasMessage("join credential not issued by this controller");
        String laterExpiry = parts[0] + "." + parts[1] + "." + (Long.parseLong(parts[2]) + 86400) + "." + parts[3];
        assertThatThrownBy(() -> tokens.redeem(laterExpiry, "uid-2"))
                .hasMessage("join credential not issued by this controller");
        assertThatThrownBy(() -> tokens.redeem(join, "uid-3")).hasMessage("join credential issued for another Pod");
        AgentTokens otherController = new AgentTokens(
                "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII), clock, Duration.ofMinutes(30));
        assertThatThrownBy(() -> otherController.redeem(join, "uid-2"))
                .hasMessage("join credential not issued by this controller");
        assertThatThrownBy(() -> tokens.redeem("garbage", "uid-2")).hasMessage("malformed join credential");
        clock.advance(Duration.ofMinutes(31));
        assertThatThrownBy(() -> tokens.redeem(join, "uid-2")).hasMessage("join credential expired");
    }

    @Test
    void sessionsSurviveARestartWithTheSameKeyOnly() throws Exception {
        String session = tokens.redeem(tokens.join("uid-4"), "uid-4");
        AgentTokens restarted = new AgentTokens(KEY, clock, Duration.ofMinutes(30));
        assertThat(restarted.verifySession(session)).isEqualTo("uid-4");
        AgentTokens otherKey = new AgentTokens(
                "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII), clock, Duration.ofMinutes(30));
        assertThatThrownBy(() -> otherKey.verifySession(session))
                .hasMessage("session credential not issued by this controller");
        // a join credential is not a session credential, nor the other way round
        assertThatThrownBy(() -> tokens.verifySession(tokens.join("uid-5"))).hasMessage("malformed session credential");
        assertThatThrownBy(() -> tokens.redeem(session, "uid-4")).hasMessage("malformed join credential");
    }

    @Test
    void refusalsNeverRepeatTheCredential() {
        String join = tokens.join("uid-6");
        assertThatThrownBy(() -> tokens.redeem(join, "other"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(join.split("\\.")[3]));
    }
}
