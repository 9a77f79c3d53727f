package dev.ecivk.simulator.ecs;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecivk.simulator.EciApiException;
import dev.ecivk.simulator.FlatParams;
import dev.ecivk.simulator.RpcService;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ECS actions the embedded ECS answers, as the official SDK {@code ecs20140526} sends them and parses the
 * answers: RunInstances, DescribeInstances, DescribeInstanceStatus, StartInstance, StopInstance, DeleteInstance,
 * DescribeUserData, DescribeInstanceTypes, DescribeAvailableResource, DescribePrice, DescribeRegions.
 */
final class EcsApi implements RpcService {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> STATUSES = Set.of("Pending", "Starting", "Running", "Stopping", "Stopped");

    private final EcsSimulatorSettings settings;
    private final InstanceTypeCatalogue catalogue;
    private final EcsInstanceStore store;
    private final Clock clock;

    EcsApi(EcsSimulatorSettings settings, InstanceTypeCatalogue catalogue, EcsInstanceStore store) {
        this.settings = settings;
        this.catalogue = catalogue;
        this.store = store;
        this.clock = settings.clock();
    }

    @Override
    public Map<String, Object> handle(String action, String method, Map<String, String> params) {
        Map<String, String> business = FlatParams.business(params);
        return switch (action) {
            case "RunInstances" -> runInstances(business);
            case "DescribeInstances" -> EcsDescribe.instances(business, settings, store, clock.instant());
            case "DescribeInstanceStatus" -> EcsDescribe.statuses(business, settings, store.all(clock.instant()));
            case "StartInstance" -> startInstance(business);
            case "StopInstance" -> stopInstance(business);
            case "DeleteInstance" -> deleteInstance(business);
            case "DescribeUserData" -> describeUserData(business);
            case "DescribeInstanceTypes" -> EcsCatalogueApi.instanceTypes(business, catalogue);
            case "DescribeAvailableResource" -> EcsCatalogueApi.availableResource(business, settings, catalogue, store);
            case "DescribePrice" -> EcsCatalogueApi.price(business, settings, catalogue);
            case "DescribeRegions" -> describeRegions();
            default ->
                throw new EciApiException(
                        404, "InvalidAction.NotFound", "The specified action " + action + " is not valid.");
        };
    }

    @Override
    public Map<String, String> placementOf(String action, Map<String, String> params) {
        if (!action.equals("RunInstances")) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        String vSwitch = params.get("VSwitchId");
        EcsSimulatorSettings.VSwitch sw =
                vSwitch == null ? null : settings.vSwitches().get(vSwitch);
        if (sw != null) {
            out.put("VSwitchId", vSwitch);
            out.put("ZoneId", sw.zoneId());
        }
        return out;
    }

    private Map<String, Object> runInstances(Map<String, String> business) {
        List<EcsInstance.Launch> launches = EcsValidation.runInstances(business, settings, catalogue);
        if ("true".equalsIgnoreCase(business.get("DryRun"))) {
            EcsInstance.Launch first = launches.get(0);
            store.checkStock(first.zoneId(), first.type(), launches.size());
            throw new EciApiException(
                    400, "DryRunOperation", "Request validation has been passed with DryRun flag set.");
        }
        EcsInstanceStore.Run run = store.run(business, launches, clock.instant());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("InstanceIdSets", Map.of("InstanceIdSet", run.instanceIds()));
        out.put("TradePrice", launches.get(0).type().pricePerHour() * launches.size());
        return out;
    }

    private Map<String, Object> stopInstance(Map<String, String> business) {
        EcsInstance i = existing(business);
        requireUnlocked(i);
        if (!i.stop("true".equalsIgnoreCase(business.get("ForceStop")), clock.instant())) {
            throw incorrectStatus(i);
        }
        return Map.of();
    }

    private Map<String, Object> startInstance(Map<String, String> business) {
        EcsInstance i = existing(business);
        requireUnlocked(i);
        if (!i.start(clock.instant())) {
            throw incorrectStatus(i);
        }
        return Map.of();
    }

    /** Only a stopped instance is released, unless {@code Force=true} (then any state but Pending). */
    private Map<String, Object> deleteInstance(Map<String, String> business) {
        EcsInstance i = existing(business);
        EcsInstance.Status status = i.status();
        boolean force = "true".equalsIgnoreCase(business.get("Force"));
        if (status != EcsInstance.Status.Stopped && !(force && status != EcsInstance.Status.Pending)) {
            throw incorrectStatus(i);
        }
        store.release(i.id);
        return Map.of();
    }

    private Map<String, Object> describeUserData(Map<String, String> business) {
        requireRegion(business, settings);
        EcsInstance i = existing(business);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("RegionId", settings.region());
        out.put("InstanceId", i.id);
        out.put("UserData", i.userDataBase64 == null ? "" : i.userDataBase64);
        return out;
    }

    private Map<String, Object> describeRegions() {
        Map<String, Object> region = new LinkedHashMap<>();
        region.put("RegionId", settings.region());
        region.put("LocalName", settings.region());
        region.put("RegionEndpoint", "ecs." + settings.region() + ".aliyuncs.com");
        region.put("Status", "available");
        return Map.of("Regions", Map.of("Region", List.of(region)));
    }

    private EcsInstance existing(Map<String, String> business) {
        String id = business.get("InstanceId");
        if (id == null || id.isEmpty()) {
            throw EciApiException.missing("InstanceId");
        }
        EcsInstance i = store.get(id, clock.instant());
        if (i == null) {
            throw new EciApiException(404, "InvalidInstanceId.NotFound", "The specified InstanceId does not exist.");
        }
        return i;
    }

    private static void requireUnlocked(EcsInstance i) {
        if (i.lockReason() != null) {
            throw new EciApiException(
                    403, "InstanceLockedForSecurity", "The specified operation is denied as your instance is locked.");
        }
    }

    private static EciApiException incorrectStatus(EcsInstance i) {
        return new EciApiException(
                403,
                "IncorrectInstanceStatus",
                "The current status of the resource does not support this operation (" + i.status() + ").");
    }

    static void requireRegion(Map<String, String> business, EcsSimulatorSettings settings) {
        String region = business.get("RegionId");
        if (region == null || region.isEmpty()) {
            throw EciApiException.missing("RegionId");
        }
        if (!region.equals(settings.region())) {
            throw new EciApiException(404, "InvalidRegionId.NotFound", "The specified RegionId does not exist.");
        }
    }

    /** A JSON array of strings as ECS takes id lists ({@code ["i-1","i-2"]}). */
    static List<String> jsonList(String value, String parameter, int max) {
        if (value == null) {
            return null;
        }
        List<String> out;
        try {
            out = JSON.readValue(value, new TypeReference<List<String>>() {});
        } catch (Exception e) {
            throw new EciApiException(400, "InvalidParameter", "The specified " + parameter + " is not a JSON array.");
        }
        if (out.size() > max) {
            throw new EciApiException(
                    400, "InvalidParameter", "The specified " + parameter + " holds more than " + max + " values.");
        }
        return out;
    }

    static boolean validStatus(String status) {
        return STATUSES.contains(status);
    }
}
