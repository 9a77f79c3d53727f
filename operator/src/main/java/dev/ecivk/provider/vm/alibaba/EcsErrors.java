package dev.ecivk.provider.vm.alibaba;

import dev.ecivk.provider.FailureClass;
import java.util.Map;
import java.util.Set;

/**
 * ECS error codes to failure classes, from the documented codes grouped in vm-apis.md §2.11. Callers branch on the
 * class, never on the text. Account-wide quotas (instances, vCPUs, IPs, disk capacity) are {@link
 * FailureClass#CAPACITY}: they free up as instances go, so the caller retries later with backoff; a request that
 * can never fit (too many tags or disks in one call) is {@link FailureClass#PERMANENT}.
 */
public final class EcsErrors {

    /** No capacity for this type/zone: try the next type or zone, or later. */
    static final Set<String> CAPACITY = Set.of(
            "OperationDenied.NoStock",
            "ResourceNotAvailable",
            "Zone.NotOnSale",
            "Zone.NotOpen",
            "InvalidResourceType.NotSupported",
            "InstanceType.Offline",
            "InvalidInstanceType.ZoneNotSupported",
            "InvalidOperation.PublicIpAddressNoStock",
            "LackResource",
            "Invalid.PrivatePoolOptions.NoStock",
            "NoAvaliableDedicatedHost",
            // account-wide quotas: they free up as instances are released
            "QuotaExceed.AfterpayInstance",
            "QuotaExceed.ElasticQuota",
            "QuotaExceeded",
            "QuotaExceeded.PrivateIpAddress",
            "SecurityGroupInstanceLimitExceed",
            "QuotaExceed.PostPaidDisk",
            "QuotaExceed.DiskCapacity",
            "QuotaExceeded.PostpaidDataDiskCapacity",
            "QuotaExceeded.PrepayDataDiskCapacity",
            "QuotaExceeded.InternetBandwidth",
            "QuotaExceed.DeploymentSetInstanceQuotaFull",
            "QuotaExceed.PortableCloudDisk");

    /** Codes after which the launch moves to the next instance type of the request. */
    static final Set<String> TRY_NEXT_TYPE = Set.of(
            "OperationDenied.NoStock",
            "InvalidInstanceType.ZoneNotSupported",
            "Zone.NotOnSale",
            "InstanceType.Offline",
            "InvalidResourceType.NotSupported",
            "ResourceNotAvailable",
            "LackResource");

    /** Retry unchanged with backoff (the same ClientToken): throttling, concurrency, server trouble, clock skew. */
    static final Set<String> TRANSIENT = Set.of(
            "Throttling",
            "Throttling.Resource",
            "Throttling.User",
            "Throttling.Api",
            "OperationConflict",
            "LastTokenProcessing",
            "InternalError",
            "InternalServerError",
            "ServiceUnavailable",
            "ServiceUnavailable.RegionMaintaining",
            "Mayi.InternalError",
            "InternalError.AllocateUnderlayIp",
            "NodeControllerUnavailable",
            "InnerServiceFailed",
            "UnknownError",
            "SignatureNonceUsed",
            "IllegalTimestamp",
            "InvalidTimeStamp.Expired",
            // lifecycle states: re-read the instance, then decide
            "IncorrectInstanceStatus",
            "IncorrectInstanceState",
            "InstanceNotReady",
            "DependencyViolation.SLBConfiguring");

    /** The addressed instance does not exist (on calls by instance id). */
    static final Set<String> NOT_FOUND = Set.of("InvalidInstanceId.NotFound");

    /**
     * {@code OperationDenied} means three things on ECS; its message tells which (the only place a message is read,
     * and only here).
     */
    static final Map<String, FailureClass> OPERATION_DENIED_BY_MESSAGE = Map.of(
            "being created", FailureClass.TRANSIENT,
            "has been creating", FailureClass.TRANSIENT,
            "out of usage", FailureClass.CAPACITY);

    private EcsErrors() {}

    /**
     * The class of an ECS error.
     *
     * @param httpStatus the HTTP status (0 if unknown)
     * @param code the error code (may be null)
     * @param message the error message (read only to tell the kinds of {@code OperationDenied} apart)
     * @param byId whether the call addressed one instance by id, where {@code InvalidInstanceId.NotFound} means gone
     */
    public static FailureClass classify(int httpStatus, String code, String message, boolean byId) {
        if (code != null && !code.isEmpty()) {
            if (CAPACITY.contains(code)) {
                return FailureClass.CAPACITY;
            }
            if (TRANSIENT.contains(code) || code.startsWith("Throttling") || code.startsWith("ServiceUnavailable")) {
                return FailureClass.TRANSIENT;
            }
            if (NOT_FOUND.contains(code)) {
                return byId ? FailureClass.NOT_FOUND : FailureClass.PERMANENT;
            }
            if (code.equals("OperationDenied")) {
                String text = message == null ? "" : message;
                for (Map.Entry<String, FailureClass> e : OPERATION_DENIED_BY_MESSAGE.entrySet()) {
                    if (text.contains(e.getKey())) {
                        return e.getValue();
                    }
                }
                return FailureClass.PERMANENT;
            }
        }
        if (httpStatus >= 500 || httpStatus == 429 || httpStatus == 408) {
            return FailureClass.TRANSIENT;
        }
        if ((code == null || code.isEmpty()) && httpStatus == 0) {
            return FailureClass.TRANSIENT;
        }
        // idempotency misuse, invalid spec, missing references, account, permission, signature: never retried
        return FailureClass.PERMANENT;
    }

    /** Whether the launch may try the request's next instance type after this code. */
    public static boolean triesNextType(String code) {
        return code != null && TRY_NEXT_TYPE.contains(code);
    }
}
