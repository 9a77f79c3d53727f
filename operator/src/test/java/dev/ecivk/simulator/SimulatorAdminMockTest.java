package dev.ecivk.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerSpec;
import dev.ecivk.testing.EmbeddedEci;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The /_sim/ admin API over HTTP, as an out-of-process test or tool uses it. */
class SimulatorAdminMockTest {

    private static ContainerGroupSpec spec(String name) {
        return ContainerGroupSpec.builder()
                .name(name)
                .clientToken("token-" + name)
                .securityGroupId("sg")
                .vSwitchId(EmbeddedEci.VSWITCH_A)
                .containers(List.of(ContainerSpec.of("c", "busybox")))
                .imageRegistryCredentials(
                        List.of(new ContainerGroupSpec.RegistryCredential("reg.example.com", "u", "hunter2")))
                .build();
    }

    @Test
    void countersFaultsDumpAndReset() throws Exception {
        try (EmbeddedEci eci = EmbeddedEci.start()) {
            SimulatorAdminClient admin = new SimulatorAdminClient(eci.endpoint());
            String id = eci.provider().create(spec("admin"));
            assertThat(eci.provider().create(spec("admin"))).isEqualTo(id);

            JsonNode counters = admin.counters();
            assertThat(counters.path("calls").path("CreateContainerGroup").asLong())
                    .isEqualTo(2);
            assertThat(counters.path("creates").asLong()).isEqualTo(1);
            assertThat(counters.path("duplicateCreatesPrevented").asLong()).isEqualTo(1);

            JsonNode groups = admin.containerGroups();
            assertThat(groups).hasSize(1);
            assertThat(groups.get(0).path("ContainerGroupId").asText()).isEqualTo(id);
            assertThat(groups.get(0).path("Request").path("ContainerGroupName").asText())
                    .isEqualTo("admin");
            assertThat(groups.get(0)
                            .path("Request")
                            .path("ImageRegistryCredential.1.Password")
                            .asText())
                    .isEqualTo("******");

            admin.injectFault(
                    Fault.error("DescribeContainerGroups", "Throttling").times(2));
            for (int i = 0; i < 2; i++) {
                try {
                    eci.provider().get(id);
                    throw new AssertionError("expected Throttling");
                } catch (ProviderException e) {
                    assertThat(e.code()).isEqualTo("Throttling");
                    assertThat(e.failureClass()).isEqualTo(FailureClass.TRANSIENT);
                }
            }
            assertThat(eci.provider().get(id)).isPresent();
            assertThat(admin.counters()
                            .path("errors")
                            .path("DescribeContainerGroups")
                            .path("Throttling")
                            .asLong())
                    .isEqualTo(2);

            admin.setStock(EmbeddedEci.ZONE_A, 0);
            try {
                eci.provider().create(spec("nostock"));
                throw new AssertionError("expected NoStock");
            } catch (ProviderException e) {
                assertThat(e.code()).isEqualTo("OperationDenied.NoStock");
                assertThat(e.failureClass()).isEqualTo(FailureClass.CAPACITY);
            }

            admin.reset();
            assertThat(admin.containerGroups()).isEmpty();
            assertThat(admin.counters().path("creates").asLong()).isZero();
            assertThat(eci.provider().create(spec("after-reset"))).startsWith("eci-");
        }
    }
}
