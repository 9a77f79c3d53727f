package dev.ecivk.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.testing.CapturingAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class LogContextTest {
    private static final Logger LOG = LoggerFactory.getLogger(LogContextTest.class);

    @Test
    void linesInsideTheScopeNameThePodAndTheScopeRestoresThePreviousMdc() {
        MDC.put(LogContext.NAMESPACE, "outer");
        try (CapturingAppender logs = CapturingAppender.install()) {
            try (var scope = LogContext.pod("team-a", "web-0", "eci-123")) {
                LOG.info("inside");
            }
            LOG.info("outside");

            assertThat(logs.linesContaining("inside"))
                    .singleElement()
                    .asString()
                    .contains("resource.namespace=team-a", "resource.name=web-0", "eci.cgId=eci-123");
            assertThat(logs.linesContaining("outside"))
                    .singleElement()
                    .asString()
                    .contains("resource.namespace=outer")
                    .doesNotContain("eci.cgId", "resource.name=");
        } finally {
            MDC.clear();
        }
    }

    @Test
    void aContainerGroupScopeLeavesThePodKeysAlone() {
        MDC.put(LogContext.NAME, "web-1");
        try (var scope = LogContext.containerGroup("eci-9")) {
            assertThat(MDC.get(LogContext.CONTAINER_GROUP_ID)).isEqualTo("eci-9");
            assertThat(MDC.get(LogContext.NAME)).isEqualTo("web-1");
        } finally {
            assertThat(MDC.get(LogContext.CONTAINER_GROUP_ID)).isNull();
            MDC.clear();
        }
    }
}
