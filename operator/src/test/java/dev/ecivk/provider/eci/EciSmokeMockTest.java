package dev.ecivk.provider.eci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerSpec;
import dev.ecivk.testing.EmbeddedEci;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EciSmokeMockTest {
    @Test
    void createDescribeDelete() throws Exception {
        try (EmbeddedEci eci = EmbeddedEci.start()) {
            ContainerGroupSpec spec = ContainerGroupSpec.builder()
                    .name("smoke")
                    .securityGroupId("sg-1")
                    .vSwitchId(EmbeddedEci.VSWITCH_A)
                    .restartPolicy("Never")
                    .containers(List.of(new ContainerSpec(
                            "main",
                            "busybox",
                            null,
                            List.of("sh", "-c"),
                            List.of("echo hi; sleep 0.2; exit 3"),
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null)))
                    .build();
            String id = eci.provider().create(spec);
            assertThat(id).startsWith("eci-");
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(
                                    eci.provider().get(id).orElseThrow().status())
                            .isEqualTo("Failed"));
            eci.provider().delete(id, null);
            assertThat(eci.provider().get(id)).isEmpty();
        }
    }
}
