package dev.ecivk.provider.vm.huawei;

import com.huaweicloud.sdk.ecs.v2.model.DeleteServersRequest;
import com.huaweicloud.sdk.ecs.v2.model.DeleteServersRequestBody;
import com.huaweicloud.sdk.ecs.v2.model.Flavor;
import com.huaweicloud.sdk.ecs.v2.model.ListFlavorsRequest;
import com.huaweicloud.sdk.ecs.v2.model.ListServersDetailsRequest;
import com.huaweicloud.sdk.ecs.v2.model.ListServersDetailsResponse;
import com.huaweicloud.sdk.ecs.v2.model.ServerDetail;
import com.huaweicloud.sdk.ecs.v2.model.ServerId;
import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.vm.InstanceTypeOffer;
import dev.ecivk.provider.vm.LaunchRequest;
import dev.ecivk.provider.vm.VmCloud;
import dev.ecivk.provider.vm.VmInstance;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Huawei Cloud ECS as a {@link VmCloud}, on the official SDK ({@code huaweicloud-sdk-ecs}, AK/SK signing, project
 * scoped). The same code talks to Huawei Cloud or to the embedded Huawei ECS; only {@link HuaweiEcsSettings} differ.
 *
 * <ul>
 *   <li>catalogue: ListFlavors of the zone, sellable flavors only ({@link FlavorCatalogue});
 *   <li>launch: the create job, idempotent on the Pod UID ({@link ServerLaunch});
 *   <li>describe: ListServersDetails with up to 100 {@code server_id}s per call; a launched server not yet placed is
 *       reported from its job (pending, or failed with the job's code);
 *   <li>list by tags: ListServersDetails filtered by one tag server-side, the rest here, paged by {@code marker};
 *   <li>terminate: DeleteServers (with its EIP and disks) once, then report progress until {@code DELETED}.
 * </ul>
 */
public final class HuaweiEcsCloud implements VmCloud {
    private static final Logger LOG = LoggerFactory.getLogger(HuaweiEcsCloud.class);
    public static final String KIND = "huawei-ecs";
    /** Every ECS action this adapter calls, by the API reference's names. */
    static final Set<String> ACTIONS =
            Set.of("CreatePostPaidServers", "ShowJob", "ListServersDetails", "DeleteServers", "ListFlavors");
    /** ListServersDetails answers at most 1000 servers a page. */
    static final int MAX_PAGE = 1000;

    private final HuaweiEcsSettings settings;
    private final EcsApi api;
    private final ServerLaunch launches;
    private final int pageSize;

    public HuaweiEcsCloud(HuaweiEcsSettings settings) {
        this(settings, MAX_PAGE);
    }

    /** With smaller pages, so that tests page through a few servers. */
    HuaweiEcsCloud(HuaweiEcsSettings settings, int pageSize) {
        this.settings = settings;
        this.pageSize = pageSize;
        this.api = new EcsApi(settings);
        this.launches = new ServerLaunch(api, settings);
        LOG.info(
                "Huawei Cloud ECS in {} at {} (project {})",
                settings.regionId(),
                settings.endpoint(),
                settings.projectId());
    }

    public HuaweiEcsSettings settings() {
        return settings;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<InstanceTypeOffer> instanceTypes(String zoneId) throws ProviderException {
        List<Flavor> flavors = api.call(
                        "ListFlavors",
                        false,
                        () -> api.ecs().listFlavors(new ListFlavorsRequest().withAvailabilityZone(zoneId)))
                .getFlavors();
        List<InstanceTypeOffer> out = new ArrayList<>();
        for (Flavor f : flavors == null ? List.<Flavor>of() : flavors) {
            if (FlavorCatalogue.sellable(f, zoneId)) {
                out.add(FlavorCatalogue.offer(f));
            }
        }
        return out;
    }

    @Override
    public String launch(LaunchRequest request) throws ProviderException {
        return launches.launch(request);
    }

    @Override
    public List<VmInstance> describe(List<String> instanceIds) throws ProviderException {
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(instanceIds));
        List<VmInstance> out = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += EcsApi.MAX_IDS_PER_QUERY) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + EcsApi.MAX_IDS_PER_QUERY));
            ListServersDetailsResponse r = api.call("ListServersDetails", false, () -> api.listByIds(batch));
            for (ServerDetail s : r.getServers() == null ? List.<ServerDetail>of() : r.getServers()) {
                if (s.getStatus() != null) {
                    launches.forget(s.getId());
                    out.add(ServerMapping.toInstance(s));
                } else {
                    VmInstance unplaced = unplaced(s.getId());
                    if (unplaced != null) {
                        out.add(unplaced);
                    }
                }
            }
        }
        return out;
    }

    /** A launched server the batch query does not know yet: pending while its job runs, failed if the job failed. */
    private VmInstance unplaced(String id) throws ProviderException {
        String jobId = launches.pendingJob(id);
        if (jobId == null) {
            return null;
        }
        ServerLaunch.JobView job;
        try {
            job = launches.job(jobId);
        } catch (ProviderException e) {
            if (e.isNotFound()) {
                launches.forget(id);
                return null;
            }
            throw e;
        }
        if (job.failed()) {
            String reason = (job.errorCode() == null ? "" : job.errorCode() + ": ") + job.failReason();
            return new VmInstance(
                    id, null, VmInstance.State.ERROR, "ERROR", null, null, null, null, null, Map.of(), false, reason);
        }
        return new VmInstance(
                id, null, VmInstance.State.PENDING, "BUILD", null, null, null, null, null, Map.of(), false, null);
    }

    @Override
    public List<VmInstance> listByTags(Map<String, String> tags) throws ProviderException {
        Map<String, String> wanted = new TreeMap<>(tags);
        String filter = wanted.isEmpty()
                ? null
                : ServerTags.filter(
                        wanted.keySet().iterator().next(),
                        wanted.values().iterator().next());
        Map<String, String> wire = new TreeMap<>();
        wanted.forEach((k, v) -> wire.put(k, ServerTags.encodeValue(v)));
        List<VmInstance> out = new ArrayList<>();
        String marker = null;
        while (true) {
            ListServersDetailsRequest q = new ListServersDetailsRequest()
                    .withTags(filter)
                    .withLimit(pageSize)
                    .withMarker(marker);
            List<ServerDetail> page = api.call(
                            "ListServersDetails", false, () -> api.ecs().listServersDetails(q))
                    .getServers();
            if (page == null || page.isEmpty()) {
                return out;
            }
            for (ServerDetail s : page) {
                VmInstance vm = ServerMapping.toInstance(s);
                if (vm.tags().entrySet().containsAll(wire.entrySet())) {
                    out.add(vm);
                }
            }
            if (page.size() < pageSize) {
                return out;
            }
            marker = page.get(page.size() - 1).getId();
        }
    }

    @Override
    public boolean terminate(String instanceId) throws ProviderException {
        ListServersDetailsResponse r = api.call("ListServersDetails", true, () -> api.listByIds(List.of(instanceId)));
        ServerDetail s = r.getServers() == null || r.getServers().isEmpty()
                ? null
                : r.getServers().get(0);
        if (s == null || s.getStatus() == null) {
            return unplacedGone(instanceId);
        }
        VmInstance.State state = ServerMapping.state(s.getStatus(), s.getOsEXTSTSTaskState());
        if (state == VmInstance.State.DELETED) {
            return true;
        }
        if ("deleting".equalsIgnoreCase(s.getOsEXTSTSTaskState())) {
            return false;
        }
        DeleteServersRequest delete = new DeleteServersRequest()
                .withBody(new DeleteServersRequestBody()
                        .withServers(List.of(new ServerId().withId(instanceId)))
                        .withDeletePublicip(true)
                        .withDeleteVolume(true));
        String jobId = api.call("DeleteServers", true, () -> api.ecs().deleteServers(delete))
                .getJobId();
        LOG.debug("deleting server {} (job {})", instanceId, jobId);
        return false;
    }

    /** Terminating a server that is not there: done if its create job failed, wait if it runs, else not found. */
    private boolean unplacedGone(String instanceId) throws ProviderException {
        VmInstance unplaced = unplaced(instanceId);
        if (unplaced == null) {
            throw new ProviderException(
                    FailureClass.NOT_FOUND, "Ecs.0114", "DeleteServers", "server " + instanceId + " does not exist");
        }
        if (unplaced.state() == VmInstance.State.ERROR) {
            launches.forget(instanceId);
            return true;
        }
        return false;
    }

    @Override
    public Set<String> knownActions() {
        return ACTIONS;
    }

    @Override
    public void ping() throws ProviderException {
        api.call(
                "ListServersDetails",
                false,
                () -> api.ecs().listServersDetails(new ListServersDetailsRequest().withLimit(1)));
    }
}
