package dev.ecivk.provider.vm.alibaba;

import com.aliyun.ecs20140526.models.DeleteInstanceRequest;
import com.aliyun.ecs20140526.models.DescribeInstancesRequest;
import com.aliyun.ecs20140526.models.DescribeInstancesResponseBody;
import com.aliyun.ecs20140526.models.DescribeRegionsRequest;
import com.aliyun.ecs20140526.models.RunInstancesRequest;
import com.aliyun.ecs20140526.models.StopInstanceRequest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecivk.ecs.contract.EcsContract;
import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.vm.InstanceTypeOffer;
import dev.ecivk.provider.vm.LaunchRequest;
import dev.ecivk.provider.vm.VmCloud;
import dev.ecivk.provider.vm.VmInstance;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alibaba Cloud ECS as a {@link VmCloud}, on the official SDK {@code com.aliyun:ecs20140526}. The same code talks to
 * Alibaba Cloud or to the embedded ECS; only {@link AlibabaEcsSettings} differ.
 *
 * <ul>
 *   <li>launch: RunInstances with {@code Amount=1}, {@code ClientToken} = the request's token (the Pod UID), the
 *       ownership tags and Base64 user data (its size checked before the call); on a no-stock or zone answer the
 *       request's next instance type is tried with the same token (ECS binds a token only to a call that
 *       succeeded); {@code IdempotentParameterMismatch} means an earlier call with this token created an instance
 *       with another type: that instance is found by its tags and returned.
 *   <li>describe: DescribeInstances by up to 100 ids per call; by tags page by page.
 *   <li>terminate: force-stop a running instance, wait for {@code Stopped}, delete; one step per call.
 *   <li>catalogue: DescribeInstanceTypes (cached), DescribeAvailableResource for the zone's stock (never cached),
 *       prices from DescribePrice filled in the background ({@link EcsCatalogue}).
 * </ul>
 */
public final class AlibabaEcsCloud implements VmCloud {
    public static final String KIND = "ecs";
    /** Every ECS action this adapter calls. */
    static final Set<String> ACTIONS = Set.of(
            "RunInstances",
            "DescribeInstances",
            "StopInstance",
            "DeleteInstance",
            "DescribeInstanceTypes",
            "DescribeAvailableResource",
            "DescribePrice",
            "DescribeRegions");

    private static final Logger LOG = LoggerFactory.getLogger(AlibabaEcsCloud.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlibabaEcsSettings settings;
    private final EcsCalls calls;
    private final EcsCatalogue catalogue;

    public AlibabaEcsCloud(AlibabaEcsSettings settings) {
        this.settings = settings;
        this.calls = new EcsCalls(settings);
        this.catalogue = new EcsCatalogue(settings, calls);
    }

    public AlibabaEcsSettings settings() {
        return settings;
    }

    /** The endpoint the SDK talks to. */
    public String endpoint() {
        return calls.endpoint();
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<InstanceTypeOffer> instanceTypes(String zoneId) throws ProviderException {
        return catalogue.offers(zoneId);
    }

    @Override
    public String launch(LaunchRequest request) throws ProviderException {
        byte[] userData =
                request.userData() == null ? new byte[0] : request.userData().getBytes(StandardCharsets.UTF_8);
        if (userData.length > EcsContract.USER_DATA_MAX_BYTES) {
            throw new ProviderException(
                    FailureClass.PERMANENT,
                    "InvalidUserData.SizeExceeded",
                    "RunInstances",
                    "user data of " + userData.length + " bytes exceeds ECS's " + EcsContract.USER_DATA_MAX_BYTES);
        }
        if (request.tags().size() > EcsContract.MAX_TAGS) {
            throw new ProviderException(
                    FailureClass.PERMANENT,
                    "QuotaExceed.Tags",
                    "RunInstances",
                    request.tags().size() + " tags");
        }
        if (request.instanceTypes().isEmpty()) {
            throw new ProviderException(
                    FailureClass.PERMANENT, "MissingParameter", "RunInstances", "no instance type to launch");
        }
        ProviderException last = null;
        for (String type : request.instanceTypes()) {
            try {
                return runInstance(request, type, userData);
            } catch (ProviderException e) {
                if (e.code().equals("IdempotentParameterMismatch")) {
                    Optional<VmInstance> earlier = launchedEarlier(request);
                    if (earlier.isPresent()) {
                        return earlier.get().id();
                    }
                    throw e;
                }
                if (!EcsErrors.triesNextType(e.code())) {
                    throw e;
                }
                LOG.info("ECS has no {} for {} ({}); trying the next type", type, request.name(), e.code());
                last = e;
            }
        }
        throw last;
    }

    private String runInstance(LaunchRequest request, String type, byte[] userData) throws ProviderException {
        RunInstancesRequest run = new RunInstancesRequest()
                .setRegionId(settings.regionId())
                .setZoneId(request.zoneId())
                .setVSwitchId(request.vSwitchId())
                .setSecurityGroupId(request.securityGroupId())
                .setImageId(request.imageId())
                .setInstanceType(type)
                .setInstanceName(request.name())
                .setHostName(request.hostName())
                .setClientToken(request.clientToken())
                .setAmount(1)
                .setInstanceChargeType("PostPaid")
                .setInternetMaxBandwidthOut(0)
                .setDeletionProtection(false)
                .setSpotStrategy(request.spotStrategy())
                .setSpotPriceLimit(
                        request.spotPriceLimit() == null
                                ? null
                                : request.spotPriceLimit().floatValue());
        if (userData.length > 0) {
            run.setUserData(Base64.getEncoder().encodeToString(userData));
        }
        if (request.systemDiskGiB() > 0) {
            run.setSystemDisk(new RunInstancesRequest.RunInstancesRequestSystemDisk()
                    .setSize(String.valueOf(request.systemDiskGiB())));
        }
        List<RunInstancesRequest.RunInstancesRequestTag> tags = new ArrayList<>();
        request.tags()
                .forEach((k, v) -> tags.add(new RunInstancesRequest.RunInstancesRequestTag()
                        .setKey(k)
                        .setValue(v)));
        run.setTag(tags);
        List<String> ids = calls.call("RunInstances", false, (c, rt) -> {
            var body = c.runInstancesWithOptions(run, rt).getBody();
            return body == null || body.getInstanceIdSets() == null
                    ? List.<String>of()
                    : body.getInstanceIdSets().getInstanceIdSet();
        });
        if (ids == null || ids.isEmpty()) {
            throw new ProviderException(
                    FailureClass.TRANSIENT, "EmptyAnswer", "RunInstances", "ECS answered without an instance id");
        }
        return ids.get(0);
    }

    /** The instance an earlier RunInstances with the request's token made: the one carrying all its tags. */
    private Optional<VmInstance> launchedEarlier(LaunchRequest request) throws ProviderException {
        return request.tags().isEmpty()
                ? Optional.empty()
                : listByTags(request.tags()).stream().findFirst();
    }

    @Override
    public List<VmInstance> describe(List<String> instanceIds) throws ProviderException {
        List<VmInstance> out = new ArrayList<>();
        for (int from = 0; from < instanceIds.size(); from += EcsContract.MAX_IDS_PER_DESCRIBE) {
            List<String> chunk =
                    instanceIds.subList(from, Math.min(instanceIds.size(), from + EcsContract.MAX_IDS_PER_DESCRIBE));
            DescribeInstancesRequest req = new DescribeInstancesRequest()
                    .setRegionId(settings.regionId())
                    .setInstanceIds(json(chunk))
                    .setPageSize(EcsContract.DESCRIBE_INSTANCES_MAX_PAGE_SIZE);
            out.addAll(instances(calls.call(
                    "DescribeInstances",
                    false,
                    (c, rt) -> c.describeInstancesWithOptions(req, rt).getBody())));
        }
        return out;
    }

    @Override
    public List<VmInstance> listByTags(Map<String, String> tags) throws ProviderException {
        if (tags.size() > EcsContract.MAX_TAGS) {
            throw new ProviderException(
                    FailureClass.PERMANENT, "InvalidTagCount", "DescribeInstances", tags.size() + " tag filters");
        }
        List<DescribeInstancesRequest.DescribeInstancesRequestTag> filters = new ArrayList<>();
        tags.forEach((k, v) -> filters.add(new DescribeInstancesRequest.DescribeInstancesRequestTag()
                .setKey(k)
                .setValue(v)));
        // page numbers rather than NextToken: Apsara Stack's ECS knows only these; an instance that moves between
        // pages while paging is caught by the id map and the next listing
        Map<String, VmInstance> out = new LinkedHashMap<>();
        for (int page = 1; ; page++) {
            DescribeInstancesRequest req = new DescribeInstancesRequest()
                    .setRegionId(settings.regionId())
                    .setTag(filters)
                    .setPageNumber(page)
                    .setPageSize(EcsContract.DESCRIBE_INSTANCES_MAX_PAGE_SIZE);
            DescribeInstancesResponseBody body = calls.call(
                    "DescribeInstances",
                    false,
                    (c, rt) -> c.describeInstancesWithOptions(req, rt).getBody());
            List<VmInstance> found = instances(body);
            found.forEach(i -> out.put(i.id(), i));
            int total = body == null || body.getTotalCount() == null ? 0 : body.getTotalCount();
            if (found.size() < EcsContract.DESCRIBE_INSTANCES_MAX_PAGE_SIZE
                    || (long) page * EcsContract.DESCRIBE_INSTANCES_MAX_PAGE_SIZE >= total) {
                return new ArrayList<>(out.values());
            }
        }
    }

    private static List<VmInstance> instances(DescribeInstancesResponseBody body) {
        if (body == null || body.getInstances() == null || body.getInstances().getInstance() == null) {
            return List.of();
        }
        return body.getInstances().getInstance().stream().map(EcsInstances::of).toList();
    }

    /**
     * One step of ECS's teardown: a running instance is force-stopped, a stopped one deleted; in between the call
     * only waits. A security-locked instance cannot be stopped, so it is deleted by force. {@code
     * IncorrectInstanceStatus} (a state that moved under us) means: re-read on the next call.
     */
    @Override
    public boolean terminate(String instanceId) throws ProviderException {
        VmInstance vm = get(instanceId)
                .orElseThrow(() -> new ProviderException(
                        FailureClass.NOT_FOUND,
                        "InvalidInstanceId.NotFound",
                        "DescribeInstances",
                        instanceId + " is gone"));
        try {
            if (vm.locked() || vm.state() == VmInstance.State.ERROR) {
                delete(instanceId, true);
                return true;
            }
            switch (vm.state()) {
                case RUNNING -> {
                    StopInstanceRequest stop =
                            new StopInstanceRequest().setInstanceId(instanceId).setForceStop(true);
                    calls.call("StopInstance", true, (c, rt) -> c.stopInstanceWithOptions(stop, rt));
                    return false;
                }
                case STOPPED -> {
                    delete(instanceId, false);
                    return true;
                }
                case DELETED -> {
                    return true;
                }
                default -> {
                    return false;
                }
            }
        } catch (ProviderException e) {
            if (e.code().equals("IncorrectInstanceStatus") || e.code().equals("IncorrectInstanceState")) {
                return false;
            }
            throw e;
        }
    }

    private void delete(String instanceId, boolean force) throws ProviderException {
        DeleteInstanceRequest delete =
                new DeleteInstanceRequest().setInstanceId(instanceId).setForce(force ? Boolean.TRUE : null);
        calls.call("DeleteInstance", true, (c, rt) -> c.deleteInstanceWithOptions(delete, rt));
    }

    @Override
    public Set<String> knownActions() {
        return ACTIONS;
    }

    @Override
    public void ping() throws ProviderException {
        DescribeRegionsRequest req = new DescribeRegionsRequest().setResourceType("instance");
        calls.call("DescribeRegions", false, (c, rt) -> c.describeRegionsWithOptions(req, rt));
    }

    private static String json(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        catalogue.close();
    }
}
