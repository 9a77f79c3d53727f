package dev.ecivk.provider.eci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.provider.model.GroupStatus;
import dev.ecivk.provider.model.ZoneStock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The typed response records read answers as leniently as Alibaba's SDK, and fail classified when they cannot. */
class EciResponseRecordsTest {

    private static JsonNode json(String text) throws Exception {
        return EciJson.MAPPER.readTree(text.replace('\'', '"'));
    }

    @Test
    void numbersAndBooleansAsStringsAndEmptyObjectsAsStringsAreAccepted() throws Exception {
        JsonNode body = json("{'TotalCount':'1','NextToken':'','Data':[{'ContainerGroupId':'eci-1','Name':'web',"
                + "'Status':'Running','uuid':'eci-1','Annotations':'{}','Unknown':{'x':1},"
                + "'PodStatus':{'Phase':'Running','PodIp':'10.0.0.2','StartTime':'2026-03-01T10:00:00Z',"
                + "'Conditions':[{'type':'Ready','status':'True','lastTransitionTime':'2026-03-01T10:00:05Z\\t'}],"
                + "'ContainerStatuses':[{'Name':'c','Ready':'true','Started':'true','RestartCount':'2',"
                + "'State':{'Running':{'StartedAtstartedAt':'2026-03-01T10:00:04Z'}},'LastState':''}]}}]}");
        StatusResponse r = EciJson.read(body, StatusResponse.class, "DescribeContainerGroupStatus");
        assertThat(r.totalCount()).isEqualTo(1);
        GroupStatus s = EciFeeds.status(r.data().get(0));
        assertThat(s.condition("Ready").lastTransitionTime()).isEqualTo(Instant.parse("2026-03-01T10:00:05Z"));
        GroupStatus.ContainerStatus c = s.containers().get(0);
        assertThat(c.ready()).isTrue();
        assertThat(c.restartCount()).isEqualTo(2);
        assertThat(c.state().state()).isEqualTo(ContainerGroupState.ContainerState.RUNNING);
        assertThat(c.state().startTime()).isEqualTo(Instant.parse("2026-03-01T10:00:04Z"));
        assertThat(c.lastState()).isNull();
        assertThat(c.containerId()).isNull();
    }

    @Test
    void aMisspeltStartedAtIsNotRead() throws Exception {
        // the wire key is StartedAtstartedAt; an answer with the "corrected" key loses the time, as the SDKs do
        JsonNode body = json("{'Data':[{'ContainerGroupId':'eci-1','PodStatus':{'ContainerStatuses':[{'Name':'c',"
                + "'State':{'Running':{'StartedAt':'2026-03-01T10:00:04Z'}}}]}}]}");
        GroupStatus s = EciFeeds.status(EciJson.read(body, StatusResponse.class, "DescribeContainerGroupStatus")
                .data()
                .get(0));
        assertThat(s.containers().get(0).state().startTime()).isNull();
        assertThat(s.phase()).isNull();
    }

    @Test
    void anAnswerOfTheWrongShapeIsATransientInvalidResponse() throws Exception {
        assertThatThrownBy(() -> EciJson.read(
                        json("{'TotalCount':'many','Data':[]}"), StatusResponse.class, "DescribeContainerGroupStatus"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.failureClass()).isEqualTo(FailureClass.TRANSIENT);
                    assertThat(e.code()).isEqualTo("InvalidResponse");
                });
    }

    @Test
    void stockClassesMapToLevels() {
        assertThat(EciAccount.level("WithStock")).isEqualTo(ZoneStock.Level.IN_STOCK);
        assertThat(EciAccount.level("ClosedWithStock")).isEqualTo(ZoneStock.Level.LOW);
        assertThat(EciAccount.level("WithoutStock")).isEqualTo(ZoneStock.Level.OUT_OF_STOCK);
        assertThat(EciAccount.level("ClosedWithoutStock")).isEqualTo(ZoneStock.Level.DISCONTINUED);
        assertThat(EciAccount.level("SomethingNew")).isEqualTo(ZoneStock.Level.LOW);
        assertThat(ZoneStock.Level.LOW.hasStock()).isTrue();
        assertThat(ZoneStock.Level.OUT_OF_STOCK.hasStock()).isFalse();
    }
}
