package dev.ecivk.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.core.encoder.JsonEscapeUtil;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RedactorTest {
    private final Redactor redactor = new Redactor();

    @Test
    void masksRegisteredSecretsWhereverTheyAppear() {
        redactor.register("hunter2-long-secret").register("abc");

        assertThat(redactor.redact("login with hunter2-long-secret failed; x=hunter2-long-secret"))
                .isEqualTo("login with [REDACTED] failed; x=[REDACTED]");
        // Too short to mask safely: masking "abc" would mangle ordinary words.
        assertThat(redactor.redact("abcdef")).isEqualTo("abcdef");
    }

    @Test
    void aForgottenSecretIsNoLongerMasked() {
        redactor.register("rotated-secret-1");
        redactor.forget("rotated-secret-1");

        assertThat(redactor.redact("rotated-secret-1")).isEqualTo("rotated-secret-1");
    }

    @Test
    void masksCredentialShapedValuesWithoutRegistration() {
        assertThat(redactor.redact("AccessKeyId LTAI5tRk8WQmZp3nXy7Vb2Lc is invalid"))
                .isEqualTo("AccessKeyId [REDACTED] is invalid");
        assertThat(redactor.redact("sts STS.NUgYrLnoC37mZZCNnAbez2GZ expired")).isEqualTo("sts [REDACTED] expired");
        assertThat(redactor.redact("token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW0ifQ.c2lnbmF0dXJlLXBhcnQ ok"))
                .isEqualTo("token [REDACTED] ok");
        assertThat(redactor.redact("Authorization: Bearer abcdefghijklmnop")).doesNotContain("abcdefghijklmnop");
    }

    @Test
    void masksTheValueOfSecretNamedPairsInTextAndJson() {
        assertThat(redactor.redact("AccessKeySecret=abc123def&RegionId=cn-hangzhou"))
                .isEqualTo("AccessKeySecret=[REDACTED]&RegionId=cn-hangzhou");
        assertThat(redactor.redact("db.password: pa55word other")).isEqualTo("db.password: [REDACTED] other");
        assertThat(redactor.redact("{\"client_secret\":\"xyz987\",\"name\":\"a\"}"))
                .isEqualTo("{\"client_secret\":\"[REDACTED]\",\"name\":\"a\"}");
    }

    @Test
    void masksWhateverTheCaseOfTheKeyOrTheSchemeIs() {
        assertThat(redactor.redact("PassWord=x1y2z3 then Api_Key: k9k9k9 and SECURITYTOKEN=\"t0t0t0\""))
                .isEqualTo("PassWord=[REDACTED] then Api_Key: [REDACTED] and SECURITYTOKEN=\"[REDACTED]\"");
        assertThat(redactor.redact("header BEARER abcdefghijklmnop sent")).isEqualTo("header BEARER [REDACTED] sent");
        assertThat(Redactor.containsIgnoreCase("x-AUTHORIZATION", "authorization"))
                .isTrue();
        assertThat(Redactor.containsIgnoreCase("authorisation", "authorization"))
                .isFalse();
    }

    @Test
    void masksTheLongerOfTwoSecretsWholeWhicheverWasRegisteredFirst() {
        redactor.register("key-1").register("key-1-and-more");

        assertThat(redactor.redact("a key-1-and-more b key-1 c")).isEqualTo("a [REDACTED] b [REDACTED] c");
        redactor.forget("key-1-and-more");
        assertThat(redactor.redact("a key-1-and-more")).isEqualTo("a [REDACTED]-and-more");
    }

    @Test
    void leavesOrdinaryTextAndReasonNamesAlone() {
        String text = "MandatorySecretNotFound: secret \"db-creds\" not found; SecretKeyRef team-a/x";

        assertThat(redactor.redact(text)).isEqualTo(text);
        assertThat(redactor.redact(null)).isNull();
    }

    @Test
    void findsSecretsInLogbacksJsonEscaping() {
        String secret = "pa/ss\"wo\\rd+=";
        redactor.register(secret);
        String escaped = JsonEscapeUtil.jsonEscapeString(secret);

        assertThat(Redactor.jsonEscape(secret)).isEqualTo(escaped);
        assertThat(Redactor.jsonEscape("tab\tnl\nctl\u0001"))
                .isEqualTo(JsonEscapeUtil.jsonEscapeString("tab\tnl\nctl\u0001"));
        assertThat(redactor.redactJson("{\"formattedMessage\":\"pw " + escaped + "\"}"))
                .isEqualTo("{\"formattedMessage\":\"pw [REDACTED]\"}");
    }

    @Test
    void boundCutsOnCharacterBoundariesWithinTheByteBudget() {
        String cut = Redactor.bound("ü".repeat(600), 1024);

        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024);
        assertThat(cut).endsWith("…").doesNotContain("\uFFFD");
        assertThat(Redactor.bound("short", 1024)).isEqualTo("short");
    }
}
