package dev.ecivk.provider.eci;

import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.StockLevels;
import java.util.Set;

/** ECI error codes to failure classes (eci-api.md §6): callers branch on the class, never on the text. */
public final class EciErrors {
    /**
     * Codes that mean "no capacity here": retry later or elsewhere. {@code QuotaExceeded} (the account's regional
     * vCPU quota) is one too: eci-api.md §6 calls it permanent "until quota freed or raised", and a Pod must wait
     * for that, Pending, as the scheduler keeps Pods the Node cannot hold, rather than fail.
     */
    static final Set<String> CAPACITY = Set.of(
            "OperationDenied.NoStock",
            "RecommendEmpty.InstanceTypeFamilyNotMatched",
            "Spot.NotMatched",
            "Zone.NotOnSale",
            "InvalidVSwitchId.IpNotEnough",
            "QuotaExceeded");

    /** Capacity codes about the zone of the vSwitch asked for: another zone may have what this one lacks. */
    static final Set<String> ZONE_SHORTAGE = Set.of(
            "OperationDenied.NoStock",
            "RecommendEmpty.InstanceTypeFamilyNotMatched",
            "Spot.NotMatched",
            "Zone.NotOnSale");

    /** Capacity codes about the account: no other vSwitch or zone can help. */
    static final Set<String> ACCOUNT_SHORTAGE = Set.of("QuotaExceeded");

    /** Codes worth retrying unchanged, with backoff. */
    static final Set<String> TRANSIENT = Set.of(
            "Throttling",
            "Throttling.User",
            "Throttling.Api",
            "Throttling.Vcpu.PerDay",
            "InternalError",
            "ServiceUnavailable",
            "ServiceUnavailable.RegionMaintaining",
            "UnknownError",
            "LastTokenProcessing",
            "SignatureNonceUsed",
            "OperationConflict",
            "IncorrectStatus",
            "ImageSnapshot.IncorrectStatus",
            "ImageCache.IncorrectStatus",
            "containerRepositoryAuthorizationFailed",
            "InvalidTimeStamp.Expired");

    /** Codes that mean the addressed resource does not exist (for calls by id). */
    static final Set<String> NOT_FOUND = Set.of("InvalidParameter.NotFound", "InvalidContainerGroupId.NotFound");

    private EciErrors() {}

    /**
     * The class of an ECI error.
     *
     * @param httpStatus the HTTP status (0 if unknown)
     * @param code the error code (may be null)
     * @param byId whether the call addressed one container group by id (describe/delete/logs...), where a 404 means
     *     the group is gone
     */
    public static FailureClass classify(int httpStatus, String code, boolean byId) {
        if (code != null) {
            if (CAPACITY.contains(code)) {
                return FailureClass.CAPACITY;
            }
            if (TRANSIENT.contains(code) || code.startsWith("Throttling") || code.startsWith("ServiceUnavailable")) {
                return FailureClass.TRANSIENT;
            }
            if (NOT_FOUND.contains(code)) {
                return byId ? FailureClass.NOT_FOUND : FailureClass.PERMANENT;
            }
            if (code.equals("IdempotentParameterMismatch")) {
                return FailureClass.PERMANENT;
            }
        }
        if (httpStatus == 404 && byId && (code == null || !code.startsWith("InvalidAccessKeyId"))) {
            return FailureClass.NOT_FOUND;
        }
        if (httpStatus >= 500 || httpStatus == 429 || httpStatus == 408) {
            return FailureClass.TRANSIENT;
        }
        if (httpStatus == 0 && code == null) {
            return FailureClass.TRANSIENT;
        }
        return FailureClass.PERMANENT;
    }

    /** Where a capacity failure's shortage lies, so placement knows whether another vSwitch or zone can help. */
    public static StockLevels.Shortage shortage(String code) {
        if (code != null && ACCOUNT_SHORTAGE.contains(code)) {
            return StockLevels.Shortage.ACCOUNT;
        }
        if (code != null && ZONE_SHORTAGE.contains(code)) {
            return StockLevels.Shortage.ZONE;
        }
        return StockLevels.Shortage.VSWITCH;
    }

    /** {@link #classify(int, String, boolean)} for calls not addressed by id. */
    public static FailureClass classify(int httpStatus, String code) {
        return classify(httpStatus, code, false);
    }
}
