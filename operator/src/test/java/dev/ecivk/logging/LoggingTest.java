package dev.ecivk.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecivk.config.LogFormat;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoggingTest {
    private static final Map<String, String> POD_MDC =
            Map.of("resource.namespace", "team-a", "resource.name", "web-0", "eci.cgId", "eci-2ze1abc");

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger logger = context.getLogger("dev.ecivk.pod.PodReconciler");
    private Encoder<ILoggingEvent> original;
    private String xmlPattern;

    @BeforeEach
    void rememberTheConfiguredEncoder() {
        original = console().getEncoder();
        assertThat(original).isExactlyInstanceOf(PatternLayoutEncoder.class);
        xmlPattern = ((PatternLayoutEncoder) original).getPattern();
    }

    @AfterEach
    void restoreIt() {
        ConsoleAppender<ILoggingEvent> console = console();
        console.stop();
        console.setEncoder(original);
        console.start();
    }

    @Test
    void theHumanFormatNamesThePodAndItsContainerGroup() {
        String line = encode(consoleEncoder(), event("created container group", POD_MDC));

        assertThat(line).contains("INFO").contains("[team-a/web-0] cg=eci-2ze1abc - created container group");
    }

    @Test
    void theHumanFormatOmitsEmptyPodFields() {
        String line = encode(consoleEncoder(), event("lease renewed", Map.of()));

        assertThat(line).doesNotContain("[/]").doesNotContain("cg=").contains(" - lease renewed");
    }

    @Test
    void jsonLinesCarryTheMdcAndTheFormattedMessageOnly() throws Exception {
        String line = encode(Logging.jsonEncoder(context), event("created container group", POD_MDC));

        assertThat(line).endsWith("\n").doesNotContain("\n{");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("level").asText()).isEqualTo("INFO");
        assertThat(json.get("loggerName").asText()).isEqualTo("dev.ecivk.pod.PodReconciler");
        assertThat(json.get("formattedMessage").asText()).isEqualTo("created container group");
        assertThat(json.get("mdc").get("resource.namespace").asText()).isEqualTo("team-a");
        assertThat(json.get("mdc").get("resource.name").asText()).isEqualTo("web-0");
        assertThat(json.get("mdc").get("eci.cgId").asText()).isEqualTo("eci-2ze1abc");
        assertThat(json.has("arguments")).isFalse();
    }

    @Test
    void bothFormatsMaskRegisteredSecretsAndAccessKeys() throws Exception {
        String secret = "global/test\"secret-7f3a9c";
        Redactor.global().register(secret);
        try {
            ILoggingEvent event = event("signing with " + secret + " for LTAI5tRk8WQmZp3nXy7Vb2Lc", POD_MDC);

            String text = encode(consoleEncoder(), event);
            String json = encode(Logging.jsonEncoder(context), event);

            assertThat(text)
                    .doesNotContain(secret)
                    .doesNotContain("LTAI5tRk8WQmZp3nXy7Vb2Lc")
                    .contains("[REDACTED]");
            assertThat(json).doesNotContain(secret).doesNotContain("LTAI5tRk8WQmZp3nXy7Vb2Lc");
            assertThat(new ObjectMapper().readTree(json).get("formattedMessage").asText())
                    .isEqualTo("signing with [REDACTED] for [REDACTED]");
        } finally {
            Redactor.global().forget(secret);
        }
    }

    @Test
    void configureSwapsInTheRedactingEncoderOfTheChosenFormat() {
        ConsoleAppender<ILoggingEvent> console = console();

        Logging.configure(LogFormat.json);
        assertThat(console.getEncoder()).isInstanceOf(RedactingJsonEncoder.class);
        assertThat(console.isStarted()).isTrue();

        Logging.configure(LogFormat.text);
        assertThat(console.getEncoder()).isInstanceOf(RedactingPatternLayoutEncoder.class);
        assertThat(((PatternLayoutEncoder) console.getEncoder()).getPattern()).isEqualTo(xmlPattern);
    }

    @Test
    void theFallbackPatternIsTheOneOfLogbackXml() {
        assertThat(Logging.DEFAULT_PATTERN).isEqualTo(xmlPattern);
    }

    @Test
    void noisyLibrariesAreQuietedToWarn() {
        assertThat(context.getLogger("okhttp3").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.fabric8.kubernetes.client.informers.impl.DefaultSharedIndexInformer")
                        .getEffectiveLevel())
                .isEqualTo(Level.WARN);
        assertThat(context.getLogger("dev.ecivk.pod").getEffectiveLevel()).isEqualTo(Level.INFO);
    }

    @SuppressWarnings("unchecked")
    private ConsoleAppender<ILoggingEvent> console() {
        return (ConsoleAppender<ILoggingEvent>)
                context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(Logging.CONSOLE);
    }

    /** The console encoder after {@code Logging.configure(text)}, as {@code ecivk run} leaves it. */
    private Encoder<ILoggingEvent> consoleEncoder() {
        Logging.configure(LogFormat.text);
        Encoder<ILoggingEvent> encoder = console().getEncoder();
        assertThat(encoder).isInstanceOf(RedactingPatternLayoutEncoder.class);
        return encoder;
    }

    private ILoggingEvent event(String message, Map<String, String> mdc) {
        LoggingEvent event = new LoggingEvent(Logger.FQCN, logger, Level.INFO, message, null, null);
        event.setMDCPropertyMap(mdc);
        return event;
    }

    private static String encode(Encoder<ILoggingEvent> encoder, ILoggingEvent event) {
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }
}
