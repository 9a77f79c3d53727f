package dev.ecivk.provider.vm.huawei;

import dev.ecivk.provider.FailureClass;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Huawei Cloud ECS error codes to failure classes (vm-apis.md §3.7): callers branch on the class, never on the text.
 * Codes arrive in an HTTP answer ({@code {"error":{"code","message"}}}, or the API gateway's {@code error_code}) or
 * in a failed job ({@code error_code} of the job or sub-job).
 */
public final class HuaweiEcsErrors {

    /** Sold out, withdrawn or short of capacity for this flavor: another flavor (or zone) may work. */
    static final Set<String> FLAVOR_STOCK = Set.of("Ecs.0018", "Ecs.0019", "Ecs.0319", "Ecs.0044");

    /** The cloud refusing a call for its rate quota: the gateway's throttling and ECS's flow control. */
    static final Set<String> THROTTLING = Set.of("APIGW.0308", "Common.0024");

    private static final Map<String, FailureClass> TABLE = new HashMap<>();

    static {
        // ranges first: single codes below override them (Ecs.0319, capacity, sits among the query failures)
        range(FailureClass.TRANSIENT, 201, 219); // creating a NIC, disk or server failed
        range(FailureClass.TRANSIENT, 301, 323); // a query failed
        range(FailureClass.TRANSIENT, 401, 405); // a rollback failed
        range(FailureClass.PERMANENT, 701, 707); // orders, prices, spot
        FLAVOR_STOCK.forEach(c -> TABLE.put(c, FailureClass.CAPACITY));
        // tenant quotas and exhausted network resources: retry later, with backoff
        put(FailureClass.CAPACITY, "Ecs.0001", "Ecs.0012", "Ecs.0013", "Ecs.0021", "Ecs.0022");
        // flow control (Common.0024 arrives as HTTP 202), the gateway's throttling, a command still running,
        // a state that forbids the call for now, internal and dependency errors, query failures, async task errors
        put(
                FailureClass.TRANSIENT,
                "Common.0024",
                "Common.1503",
                "APIGW.0308",
                "Common.0001",
                "Common.0020",
                "Common.0021",
                "Common.0022",
                "Common.0025",
                "Common.0999",
                "Ecs.0002",
                "Ecs.0100",
                "Ecs.0603",
                "Ecs.0615",
                "Ecs.0226",
                "Ecs.0227",
                "Ecs.0501",
                "Ecs.0507",
                "Ecs.0611",
                "Ecs.1000",
                "Ecs.1001",
                "Ecs.1002",
                "Ecs.1100",
                "Ecs.1200",
                "Ecs.1201",
                "Ecs.1300");
        // the addressed server (or job) does not exist
        put(FailureClass.NOT_FOUND, "Ecs.0114", "Ecs.0614", "Common.0011");
        // everything else of §3.7 can never succeed unchanged: invalid requests, idempotency misuse, billing and
        // account states, authentication and authorization, locked or frozen servers
        put(
                FailureClass.PERMANENT,
                "Ecs.0000",
                "Ecs.0005",
                "Ecs.0011",
                "Ecs.0014",
                "Ecs.0015",
                "Ecs.0029",
                "Ecs.0031",
                "Ecs.0032",
                "Ecs.0038",
                "Ecs.0039",
                "Ecs.0041",
                "Ecs.0064",
                "Ecs.0082",
                "Ecs.0089",
                "Ecs.0905",
                "Ecs.0906",
                "Ecs.0907",
                "Ecs.0908",
                "Ecs.0913",
                "Ecs.0914",
                "Ecs.0915",
                "Ecs.0118",
                "Ecs.0122",
                "Ecs.0123",
                "Ecs.0124",
                "Ecs.0003",
                "Ecs.0066",
                "Ecs.0067",
                "Ecs.0068",
                "Ecs.0069",
                "Ecs.0070",
                "Ecs.0071",
                "Ecs.0513",
                "Ecs.7000",
                "Ecs.0023",
                "Common.0018",
                "Common.0013",
                "Ecs.0110",
                "Pdp.0001",
                "APIGW.0301",
                "APIGW.0101",
                "Ecs.0605",
                "Ecs.0030");
    }

    private HuaweiEcsErrors() {}

    private static void put(FailureClass c, String... codes) {
        for (String code : codes) {
            TABLE.put(code, c);
        }
    }

    private static void range(FailureClass c, int from, int to) {
        for (int n = from; n <= to; n++) {
            TABLE.put(String.format("Ecs.%04d", n), c);
        }
    }

    /**
     * The class of an ECS error.
     *
     * @param httpStatus the HTTP status (0 when no answer arrived)
     * @param code the error code (null when none was readable)
     * @param byId whether the call addressed one server or job by id, where a 404 means it is gone
     */
    public static FailureClass classify(int httpStatus, String code, boolean byId) {
        FailureClass known = code == null ? null : TABLE.get(code);
        if (known == FailureClass.NOT_FOUND) {
            return byId ? FailureClass.NOT_FOUND : FailureClass.PERMANENT;
        }
        if (known != null) {
            return known;
        }
        if (httpStatus == 404 && byId && (code == null || !code.startsWith("APIGW"))) {
            return FailureClass.NOT_FOUND;
        }
        if (httpStatus >= 500 || httpStatus == 429 || httpStatus == 408 || httpStatus == 0) {
            return FailureClass.TRANSIENT;
        }
        return FailureClass.PERMANENT;
    }

    /** Whether another flavor may succeed where this code failed. */
    public static boolean isFlavorStock(String code) {
        return code != null && FLAVOR_STOCK.contains(code);
    }
}
