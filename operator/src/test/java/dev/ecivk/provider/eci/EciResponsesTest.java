package dev.ecivk.provider.eci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.StockLevels;
import dev.ecivk.provider.model.ContainerGroupState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EciResponsesTest {

    @Test
    void readsTimesInEveryFormEciWritesAsTheFormatterDoes() {
        for (String t : new String[] {
            "2026-12-04T22:46:20Z",
            "2024-02-29T23:59:59Z",
            "1999-12-31T00:00:00Z",
            "2019-03-12T09:00:00.000+08:00",
            "2019-03-12T01:00:05.123Z",
            "2019-03-12T01:00:05+00:00"
        }) {
            assertThat(EciResponses.time(t))
                    .as(t)
                    .isEqualTo(java.time.OffsetDateTime.parse(t).toInstant());
        }
        for (String bad :
                new String[] {"2023-02-29T10:00:00Z", "2026-13-04T22:46:20Z", "2026-12-04T22:60:00Z", "x", ""}) {
            assertThat(EciResponses.time(bad)).as(bad).isNull();
        }
    }

    @Test
    void readsStringlyTypedAnswersLeniently() throws Exception {
        String json = """
                {"RequestId":"r","TotalCount":"1","ContainerGroups":[{
                  "ContainerGroupId":"eci-1","ContainerGroupName":"g","Status":"Running","Cpu":"2.0","Memory":4,
                  "IntranetIP":"10.0.0.5","CreationTime":"2019-03-12T09:00:00.000+08:00","SucceededTime":"",
                  "Tags":{"Tag":[{"Key":"a","Value":"b"}]},
                  "Containers":[{"Name":"c","Image":"i","Ready":"true","RestartCount":"2",
                     "CurrentState":{"State":"Terminated","ExitCode":"3","FinishTime":"2019-03-12T01:00:05Z\\t",
                                     "StartTime":"2019-03-12T01:00:00Z"},
                     "PreviousState":{}}],
                  "InitContainers":[{"Name":"i","Command":["sh"],"CurrentState":{"State":"Running"}}],
                  "Events":[{"Count":"4","Type":"Warning","Reason":"BackOff","FirstTimestamp":"2019-03-12T01:00:00Z"}]
                }]}""";
        ContainerGroupState g =
                EciResponses.containerGroups(new ObjectMapper().readTree(json)).get(0);
        assertThat(g.cpu()).isEqualTo(2.0);
        assertThat(g.memory()).isEqualTo(4.0);
        assertThat(g.intranetIp()).isEqualTo("10.0.0.5");
        assertThat(g.creationTime()).isEqualTo(Instant.parse("2019-03-12T01:00:00Z"));
        assertThat(g.succeededTime()).isNull();
        assertThat(g.tags()).containsEntry("a", "b");
        ContainerGroupState.ContainerStatus c = g.containers().get(0);
        assertThat(c.ready()).isTrue();
        assertThat(c.restartCount()).isEqualTo(2);
        assertThat(c.currentState().exitCode()).isEqualTo(3);
        assertThat(c.currentState().finishTime()).isEqualTo(Instant.parse("2019-03-12T01:00:05Z"));
        assertThat(c.previousState()).isNull();
        assertThat(g.initContainers().get(0).currentState().state()).isEqualTo("Running");
        assertThat(g.events().get(0).count()).isEqualTo(4);
    }

    @Test
    void errorClassification() {
        assertThat(EciErrors.classify(400, "Throttling")).isEqualTo(FailureClass.TRANSIENT);
        assertThat(EciErrors.classify(503, "ServiceUnavailable")).isEqualTo(FailureClass.TRANSIENT);
        assertThat(EciErrors.classify(500, "InternalError")).isEqualTo(FailureClass.TRANSIENT);
        assertThat(EciErrors.classify(403, "LastTokenProcessing")).isEqualTo(FailureClass.TRANSIENT);
        assertThat(EciErrors.classify(400, "IncorrectStatus")).isEqualTo(FailureClass.TRANSIENT);
        assertThat(EciErrors.classify(403, "OperationDenied.NoStock")).isEqualTo(FailureClass.CAPACITY);
        assertThat(EciErrors.classify(403, "InvalidVSwitchId.IpNotEnough")).isEqualTo(FailureClass.CAPACITY);
        assertThat(EciErrors.classify(400, "IdempotentParameterMismatch")).isEqualTo(FailureClass.PERMANENT);
        assertThat(EciErrors.classify(400, "InvalidParameter")).isEqualTo(FailureClass.PERMANENT);
        assertThat(EciErrors.classify(403, "QuotaExceeded")).isEqualTo(FailureClass.CAPACITY);
        assertThat(EciErrors.shortage("QuotaExceeded")).isEqualTo(StockLevels.Shortage.ACCOUNT);
        assertThat(EciErrors.shortage("OperationDenied.NoStock")).isEqualTo(StockLevels.Shortage.ZONE);
        assertThat(EciErrors.shortage("InvalidVSwitchId.IpNotEnough")).isEqualTo(StockLevels.Shortage.VSWITCH);
        assertThat(EciErrors.classify(404, "InvalidParameter.NotFound", true)).isEqualTo(FailureClass.NOT_FOUND);
        assertThat(EciErrors.classify(404, "InvalidParameter.NotFound", false)).isEqualTo(FailureClass.PERMANENT);
        assertThat(EciErrors.classify(404, "InvalidAccessKeyId.NotFound", true)).isEqualTo(FailureClass.PERMANENT);
        assertThat(EciErrors.classify(502, null)).isEqualTo(FailureClass.TRANSIENT);
    }
}
