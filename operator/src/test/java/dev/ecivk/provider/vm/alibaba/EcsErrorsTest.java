package dev.ecivk.provider.vm.alibaba;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.provider.FailureClass;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One row per class of vm-apis.md §2.11, with the HTTP status ECS documents for the code. */
class EcsErrorsTest {

    static Stream<Arguments> table() {
        return Stream.of(
                // out of capacity / stock
                row(403, "OperationDenied.NoStock", null, false, FailureClass.CAPACITY),
                row(403, "InvalidInstanceType.ZoneNotSupported", null, false, FailureClass.CAPACITY),
                row(400, "Zone.NotOnSale", null, false, FailureClass.CAPACITY),
                row(403, "InstanceType.Offline", null, false, FailureClass.CAPACITY),
                row(400, "LackResource", null, false, FailureClass.CAPACITY),
                // account-wide quotas free up: capacity, retried later
                row(403, "QuotaExceed.ElasticQuota", null, false, FailureClass.CAPACITY),
                row(400, "QuotaExceed.AfterpayInstance", null, false, FailureClass.CAPACITY),
                row(400, "QuotaExceeded.PrivateIpAddress", null, false, FailureClass.CAPACITY),
                row(403, "SecurityGroupInstanceLimitExceed", null, false, FailureClass.CAPACITY),
                // a request that can never fit
                row(403, "QuotaExceed.Tags", null, false, FailureClass.PERMANENT),
                row(403, "InstanceDiskNumLimitExceed", null, false, FailureClass.PERMANENT),
                // account / billing
                row(400, "Account.Arrearage", null, false, FailureClass.PERMANENT),
                row(403, "InvalidAccountStatus.NotEnoughBalance", null, false, FailureClass.PERMANENT),
                // throttling and concurrency
                row(429, "Throttling.Resource", null, false, FailureClass.TRANSIENT),
                row(400, "Throttling", null, false, FailureClass.TRANSIENT),
                row(409, "OperationConflict", null, false, FailureClass.TRANSIENT),
                row(403, "LastTokenProcessing", null, false, FailureClass.TRANSIENT),
                row(404, "OperationDenied", "Another Instance is being created", false, FailureClass.TRANSIENT),
                row(403, "OperationDenied", "Another Instance has been creating", false, FailureClass.TRANSIENT),
                row(403, "OperationDenied", "The resource is out of usage", false, FailureClass.CAPACITY),
                row(403, "OperationDenied", "The specified image is disabled", false, FailureClass.PERMANENT),
                // server trouble
                row(500, "InternalError", null, false, FailureClass.TRANSIENT),
                row(503, "ServiceUnavailable.RegionMaintaining", null, false, FailureClass.TRANSIENT),
                row(403, "InnerServiceFailed", null, false, FailureClass.TRANSIENT),
                row(502, "SomethingNew", null, false, FailureClass.TRANSIENT),
                // idempotency misuse: a bug, never retried
                row(400, "IdempotentParameterMismatch", null, false, FailureClass.PERMANENT),
                row(400, "InvalidClientToken.ValueNotSupported", null, false, FailureClass.PERMANENT),
                // invalid spec and missing references
                row(400, "MissingParameter", null, false, FailureClass.PERMANENT),
                row(400, "InvalidInstanceName.Malformed", null, false, FailureClass.PERMANENT),
                row(400, "InvalidUserData.SizeExceeded", null, false, FailureClass.PERMANENT),
                row(404, "InvalidSystemDiskSize.ValueNotSupported", null, false, FailureClass.PERMANENT),
                row(404, "InvalidImageId.NotFound", null, false, FailureClass.PERMANENT),
                row(404, "InvalidVSwitchId.NotFound", null, false, FailureClass.PERMANENT),
                // permission and signature
                row(403, "Forbidden.RAM", null, false, FailureClass.PERMANENT),
                row(404, "InvalidAccessKeyId.NotFound", null, true, FailureClass.PERMANENT),
                row(400, "SignatureDoesNotMatch", null, false, FailureClass.PERMANENT),
                row(400, "SignatureNonceUsed", null, false, FailureClass.TRANSIENT),
                // lifecycle state: re-read
                row(403, "IncorrectInstanceStatus", null, true, FailureClass.TRANSIENT),
                row(403, "IncorrectInstanceState", null, true, FailureClass.TRANSIENT),
                row(403, "InstanceNotReady", null, true, FailureClass.TRANSIENT),
                row(403, "InstanceLockedForSecurity", null, true, FailureClass.PERMANENT),
                // gone: only on calls by id
                row(404, "InvalidInstanceId.NotFound", null, true, FailureClass.NOT_FOUND),
                row(404, "InvalidInstanceId.NotFound", null, false, FailureClass.PERMANENT),
                // no code at all
                row(0, null, null, false, FailureClass.TRANSIENT),
                row(400, null, null, false, FailureClass.PERMANENT));
    }

    private static Arguments row(int status, String code, String message, boolean byId, FailureClass expected) {
        return Arguments.of(status, code, message, byId, expected);
    }

    @ParameterizedTest(name = "{1} (HTTP {0}, byId={3}, \"{2}\") → {4}")
    @MethodSource("table")
    void classifiesDocumentedCodes(int status, String code, String message, boolean byId, FailureClass expected) {
        assertThat(EcsErrors.classify(status, code, message, byId)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} → next type: {1}")
    @MethodSource("fallbacks")
    void fallsBackToTheNextTypeOnlyOnStockAndZoneAnswers(String code, boolean next) {
        assertThat(EcsErrors.triesNextType(code)).isEqualTo(next);
    }

    static Stream<Arguments> fallbacks() {
        return Stream.of(
                Arguments.of("OperationDenied.NoStock", true),
                Arguments.of("InvalidInstanceType.ZoneNotSupported", true),
                Arguments.of("Zone.NotOnSale", true),
                Arguments.of("QuotaExceed.ElasticQuota", false),
                Arguments.of("Throttling", false),
                Arguments.of("InvalidImageId.NotFound", false),
                Arguments.of(null, false));
    }
}
