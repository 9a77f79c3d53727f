package dev.ecivk.simulator.huawei;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The create-servers body checks of the embedded Huawei ECS and the codes they answer. */
class CreateValidationTest {
    private static final CreateValidation VALIDATION = new CreateValidation(HuaweiSimSettings.builder()
            .flavors(java.util.List.of(
                    SimFlavor.of("s6.large.2", 2, 4, "normal"),
                    SimFlavor.of("s3.large.2", 2, 4, "normal").withStatus("abandon"),
                    SimFlavor.of("c7.large.2", 2, 4, "computingv3").withZoneStatus(Map.of("cn-north-4b", "sellout"))))
            .build());

    private static ObjectNode valid() {
        ObjectNode server = EcsRestApi.JSON.createObjectNode();
        server.put("name", "default.web-0");
        server.put("imageRef", HuaweiSimSettings.DEFAULT_IMAGE_ID);
        server.put("flavorRef", "s6.large.2");
        server.put("vpcid", HuaweiSimSettings.DEFAULT_VPC_ID);
        server.putArray("nics").addObject().put("subnet_id", HuaweiSimSettings.DEFAULT_SUBNET_ID);
        server.putArray("security_groups").addObject().put("id", HuaweiSimSettings.DEFAULT_SECURITY_GROUP_ID);
        server.putObject("root_volume").put("volumetype", "GPSSD").put("size", 40);
        server.put("availability_zone", "cn-north-4a");
        server.putObject("extendparam").put("chargingMode", 0);
        ObjectNode root = EcsRestApi.JSON.createObjectNode();
        root.set("server", server);
        return root;
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                bad("Ecs.0005", s -> s.removeAll()),
                bad("Ecs.0914", s -> s.put("name", "x".repeat(65))),
                bad("Ecs.0915", s -> s.put("name", "web/0")),
                bad("Ecs.0031", s -> s.put("imageRef", "no-such-image")),
                bad("Ecs.0029", s -> s.put("flavorRef", "no.such.flavor")),
                bad("Ecs.0019", s -> s.put("flavorRef", "s3.large.2")),
                bad("Ecs.0018", s -> s.put("flavorRef", "c7.large.2").put("availability_zone", "cn-north-4b")),
                bad("Ecs.0005", s -> s.put("availability_zone", "elsewhere-1a")),
                bad("Ecs.0014", s -> s.put("vpcid", "another-vpc")),
                bad("Ecs.0038", s -> s.withArray("nics").removeAll().addObject().put("subnet_id", "no-subnet")),
                bad("Ecs.0039", s -> ((ObjectNode) s.withArray("nics").get(0)).put("ip_address", "10.9.9.9")),
                bad("Ecs.0014", s -> s.withArray("security_groups").addObject().put("id", "foreign-sg")),
                bad("Ecs.0005", s -> ((ObjectNode) s.get("root_volume")).put("volumetype", "FLOPPY")),
                bad("Ecs.0005", s -> ((ObjectNode) s.get("root_volume")).put("size", 2048)),
                bad("Ecs.0913", s -> s.put("count", 101)),
                bad("Ecs.0041", s -> s.put("description", "d".repeat(86))),
                bad("Ecs.0005", s -> s.put("user_data", "not base64!")),
                bad("Ecs.0005", s -> s.put("user_data", Base64.getEncoder().encodeToString(new byte[32 * 1024 + 1]))),
                bad("Ecs.0005", s -> ((ObjectNode) s.get("extendparam")).put("chargingMode", "prePaid")),
                bad("Ecs.0905", s -> {
                    var tags = s.putArray("server_tags");
                    for (int i = 0; i < 11; i++) {
                        tags.addObject().put("key", "k" + i).put("value", "v");
                    }
                }),
                bad("Ecs.0906", s -> s.putArray("server_tags").addObject().put("key", "ecivk.dev/uid")),
                bad(
                        "Ecs.0906",
                        s -> s.putArray("server_tags")
                                .addObject()
                                .put("key", "k")
                                .put("value", "v".repeat(44))),
                bad("Ecs.0907", s -> {
                    var tags = s.putArray("server_tags");
                    tags.addObject().put("key", "k").put("value", "1");
                    tags.addObject().put("key", "k").put("value", "2");
                }));
    }

    private static Arguments bad(String code, Consumer<ObjectNode> change) {
        return Arguments.of(code, change);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalid")
    void anInvalidBodyIsAnsweredWithHuaweisCode(String code, Consumer<ObjectNode> change) {
        ObjectNode body = valid();
        change.accept((ObjectNode) body.get("server"));
        assertThatThrownBy(() -> VALIDATION.validate(body))
                .isInstanceOfSatisfying(
                        HuaweiApiException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void aBodyWithoutAServerObjectIsMalformed() {
        ObjectNode body = valid();
        body.put("server", "web-0");
        assertThatThrownBy(() -> VALIDATION.validate(body))
                .isInstanceOfSatisfying(
                        HuaweiApiException.class, e -> assertThat(e.code()).isEqualTo("Ecs.0000"));
    }

    @Test
    void aValidBodyKeepsWhatTheServerNeeds() {
        ObjectNode body = valid();
        ObjectNode server = (ObjectNode) body.get("server");
        server.put("user_data", Base64.getEncoder().encodeToString("hello".getBytes()));
        server.putArray("server_tags").addObject().put("key", "ecivk-uid").put("value", "3f1c-0000.x_y");
        server.putObject("extendparam")
                .put("chargingMode", 0)
                .put("marketType", "spot")
                .put("spotPrice", "0.5");
        ServerSpec spec = VALIDATION.validate(body);
        assertThat(spec.userData()).isEqualTo("hello");
        assertThat(spec.tags()).containsExactly(Map.entry("ecivk-uid", "3f1c-0000.x_y"));
        assertThat(spec.spot()).isTrue();
        assertThat(spec.spotPrice()).isEqualTo("0.5");
        assertThat(spec.zone()).isEqualTo("cn-north-4a");
        assertThat(spec.count()).isEqualTo(1);
        server.remove("availability_zone");
        assertThat(VALIDATION.validate(body).zone())
                .as("the first zone by default")
                .isEqualTo("cn-north-4a");
    }
}
