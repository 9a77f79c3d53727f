package dev.ecivk.simulator.huawei;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.exception.ServiceResponseException;
import com.huaweicloud.sdk.ecs.v2.EcsClient;
import com.huaweicloud.sdk.ecs.v2.model.CreatePostPaidServersRequest;
import com.huaweicloud.sdk.ecs.v2.model.CreatePostPaidServersRequestBody;
import com.huaweicloud.sdk.ecs.v2.model.CreatePostPaidServersResponse;
import com.huaweicloud.sdk.ecs.v2.model.ListServersDetailsRequest;
import com.huaweicloud.sdk.ecs.v2.model.PostPaidServer;
import com.huaweicloud.sdk.ecs.v2.model.PostPaidServerNic;
import com.huaweicloud.sdk.ecs.v2.model.PostPaidServerRootVolume;
import com.huaweicloud.sdk.ecs.v2.model.ShowJobRequest;
import com.huaweicloud.sdk.ecs.v2.model.ShowServerRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The embedded Huawei ECS over HTTP: the official SDK's calls and errors as the gateway and ECS answer them, and
 * the admin API.
 */
class HuaweiSimulatorMockTest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final HuaweiEcsSimulator sim = HuaweiEcsSimulator.start(HuaweiSimSettings.builder()
            .timings(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(50))
            .tick(Duration.ofMillis(10))
            .build());

    @AfterEach
    void close() {
        sim.close();
    }

    private EcsClient client(String projectId, String sk) {
        return EcsClient.newBuilder()
                .withCredential(new BasicCredentials()
                        .withAk(HuaweiSimSettings.DEFAULT_ACCESS_KEY_ID)
                        .withSk(sk)
                        .withProjectId(projectId))
                .withEndpoints(List.of(sim.endpoint()))
                .build();
    }

    private EcsClient client() {
        return client(HuaweiSimSettings.DEFAULT_PROJECT_ID, HuaweiSimSettings.DEFAULT_SECRET_ACCESS_KEY);
    }

    private static CreatePostPaidServersRequest create(boolean dryRun) {
        PostPaidServer server = new PostPaidServer()
                .withName("sdk-made")
                .withImageRef(HuaweiSimSettings.DEFAULT_IMAGE_ID)
                .withFlavorRef("s6.small.1")
                .withVpcid(HuaweiSimSettings.DEFAULT_VPC_ID)
                .withNics(List.of(new PostPaidServerNic().withSubnetId(HuaweiSimSettings.DEFAULT_SUBNET_ID)))
                .withRootVolume(
                        new PostPaidServerRootVolume().withVolumetype(PostPaidServerRootVolume.VolumetypeEnum.SSD));
        return new CreatePostPaidServersRequest()
                .withBody(new CreatePostPaidServersRequestBody()
                        .withServer(server)
                        .withDryRun(dryRun));
    }

    private JsonNode admin(String method, String path, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(sim.endpoint() + path))
                        .method(method, HttpRequest.BodyPublishers.ofString(body == null ? "" : body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return EcsRestApi.JSON.readTree(r.body());
    }

    @Test
    void theSdkCreatesReadsAndFollowsAServerThroughItsJob() throws Exception {
        EcsClient ecs = client();
        CreatePostPaidServersResponse created = ecs.createPostPaidServers(create(false));
        assertThat(created.getJobId()).isNotBlank();
        String id = created.getServerIds().get(0);

        org.awaitility.Awaitility.await()
                .until(() -> "SUCCESS"
                        .equals(ecs.showJob(new ShowJobRequest().withJobId(created.getJobId()))
                                .getStatus()
                                .getValue()));
        var server = ecs.showServer(new ShowServerRequest().withServerId(id)).getServer();
        assertThat(server.getStatus()).isEqualTo("ACTIVE");
        assertThat(server.getFlavor().getVcpus()).isEqualTo("1");
        assertThat(server.getFlavor().getRam()).isEqualTo("1024");
        assertThat(server.getMetadata()).containsEntry("vpc_id", HuaweiSimSettings.DEFAULT_VPC_ID);
        assertThat(ecs.listServersDetails(new ListServersDetailsRequest()).getCount())
                .isEqualTo(1);
        assertThatThrownBy(() -> ecs.showServer(new ShowServerRequest().withServerId("nope")))
                .isInstanceOfSatisfying(ServiceResponseException.class, e -> {
                    assertThat(e.getHttpStatusCode()).isEqualTo(404);
                    assertThat(e.getErrorCode()).isEqualTo("Ecs.0114");
                });
    }

    @Test
    void aDryRunValidatesAndCreatesNothing() {
        EcsClient ecs = client();
        CreatePostPaidServersResponse dry = ecs.createPostPaidServers(create(true));
        assertThat(dry.getHttpStatusCode()).isEqualTo(202);
        assertThat(dry.getJobId()).isNull();
        assertThat(sim.liveServers()).isZero();
    }

    @Test
    void theGatewayRefusesAWrongSecretAForeignProjectAnUnsignedCallAndAnUnknownApi() throws Exception {
        assertThatThrownBy(() -> client(HuaweiSimSettings.DEFAULT_PROJECT_ID, "wrong")
                        .listServersDetails(new ListServersDetailsRequest()))
                .isInstanceOfSatisfying(ServiceResponseException.class, e -> {
                    assertThat(e.getHttpStatusCode()).isEqualTo(401);
                    assertThat(e.getErrorCode()).isEqualTo("APIGW.0301");
                });
        assertThatThrownBy(() -> client("ffffffffffffffffffffffffffffffff", HuaweiSimSettings.DEFAULT_SECRET_ACCESS_KEY)
                        .listServersDetails(new ListServersDetailsRequest()))
                .isInstanceOfSatisfying(
                        ServiceResponseException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo("APIGW.0301"));
        HttpResponse<String> unsigned = HTTP.send(
                HttpRequest.newBuilder(URI.create(sim.endpoint() + "/v1/" + HuaweiSimSettings.DEFAULT_PROJECT_ID
                                + "/cloudservers/detail"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(EcsRestApi.JSON.readTree(unsigned.body()).path("error_code").asText())
                .isEqualTo("APIGW.0301");
        HttpResponse<String> unknown = HTTP.send(
                HttpRequest.newBuilder(URI.create(sim.endpoint() + "/v2/servers"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(EcsRestApi.JSON.readTree(unknown.body()).path("error_code").asText())
                .isEqualTo("APIGW.0101");
    }

    @Test
    void theAdminApiInjectsFaultsSetsStockAndQuotasActsOnServersAndResets() throws Exception {
        EcsClient ecs = client();
        admin("POST", "/_sim/faults", "{\"operation\":\"ListServersDetails\",\"code\":\"Common.1503\",\"count\":1}");
        assertThatThrownBy(() -> ecs.listServersDetails(new ListServersDetailsRequest()))
                .isInstanceOfSatisfying(ServiceResponseException.class, e -> {
                    assertThat(e.getHttpStatusCode()).isEqualTo(503);
                    assertThat(e.getErrorCode()).isEqualTo("Common.1503");
                });
        assertThat(admin("GET", "/_sim/counters", null)
                        .at("/errors/ListServersDetails/Common.1503")
                        .asInt())
                .isEqualTo(1);

        admin("POST", "/_sim/quotas", "{\"instances\":0}");
        assertThatThrownBy(() -> ecs.createPostPaidServers(create(false)))
                .isInstanceOfSatisfying(
                        ServiceResponseException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo("Ecs.0001"));
        admin("POST", "/_sim/quotas", "{\"instances\":10}");
        admin("POST", "/_sim/stock", "{\"zone\":\"cn-north-4a\",\"stock\":0}");
        assertThat(admin("GET", "/_sim/stock", null).path("cn-north-4a").asInt())
                .isZero();
        admin("POST", "/_sim/stock", "{\"zone\":\"cn-north-4a\",\"stock\":null}");

        String id = ecs.createPostPaidServers(create(false)).getServerIds().get(0);
        org.awaitility.Awaitility.await()
                .until(() -> admin("GET", "/_sim/servers", null)
                        .at("/servers/0/status")
                        .asText()
                        .equals("ACTIVE"));
        admin("POST", "/_sim/servers/" + id + "/stop", "");
        assertThat(ecs.showServer(new ShowServerRequest().withServerId(id))
                        .getServer()
                        .getStatus())
                .isEqualTo("SHUTOFF");
        admin("POST", "/_sim/servers/" + id + "/error", "{\"code\":503,\"message\":\"host down\"}");
        Object fault = ecs.showServer(new ShowServerRequest().withServerId(id))
                .getServer()
                .getFault();
        assertThat(fault)
                .isInstanceOfSatisfying(
                        java.util.Map.class,
                        f -> assertThat(f).containsEntry("code", 503).containsEntry("message", "host down"));
        admin("POST", "/_sim/reset", "");
        assertThat(admin("GET", "/_sim/servers", null).path("servers")).isEmpty();
    }
}
