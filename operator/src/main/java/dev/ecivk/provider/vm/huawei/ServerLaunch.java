package dev.ecivk.provider.vm.huawei;

import com.huaweicloud.sdk.ecs.v2.model.CreatePostPaidServersRequest;
import com.huaweicloud.sdk.ecs.v2.model.CreatePostPaidServersRequestBody;
import com.huaweicloud.sdk.ecs.v2.model.CreatePostPaidServersResponse;
import com.huaweicloud.sdk.ecs.v2.model.ListServersDetailsRequest;
import com.huaweicloud.sdk.ecs.v2.model.PostPaidServer;
import com.huaweicloud.sdk.ecs.v2.model.PostPaidServerExtendParam;
import com.huaweicloud.sdk.ecs.v2.model.PostPaidServerNic;
import com.huaweicloud.sdk.ecs.v2.model.PostPaidServerRootVolume;
import com.huaweicloud.sdk.ecs.v2.model.PostPaidServerSecurityGroup;
import com.huaweicloud.sdk.ecs.v2.model.PostPaidServerTag;
import com.huaweicloud.sdk.ecs.v2.model.ServerDetail;
import com.huaweicloud.sdk.ecs.v2.model.ShowJobRequest;
import com.huaweicloud.sdk.ecs.v2.model.ShowJobResponse;
import com.huaweicloud.sdk.ecs.v2.model.SubJob;
import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.vm.LaunchRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Launches one pay-per-use server the Huawei way: submit a create job ({@code POST /v1/{project_id}/cloudservers},
 * {@code X-Client-Token} idempotent), then poll the job ({@code GET /v1/{project_id}/jobs/{job_id}}).
 *
 * <p>Idempotency. Huawei Cloud replays the first answer (same {@code job_id}) to a repeated create with the same
 * token and body for 8 hours; the token must be a UUID. The token of a launch is a name-based UUID of the launch's
 * client token (the Pod UID), the flavor and an attempt number, so a retry after a timeout or a controller restart
 * gets the same job and never a second server. A job that failed stays failed under its token; the next attempt of
 * the same flavor uses the next number (kept in memory; after a restart the first retry sees the old failure again
 * and moves on). Every server also carries the tag {@code ecivk.dev/launch-token}: a launch first looks for a
 * server with it, which covers an expired token ({@code Ecs.0124}) and a retry whose body changed ({@code
 * Ecs.0122}).
 *
 * <p>The job. A create answers {@code job_id} and {@code serverIds} at once; the server exists only once the job
 * places it. A launch waits up to {@code launchWait} for the job to name the server, so that fast failures (no
 * stock or capacity for the flavor) are seen here and the next flavor of the request is tried. If the job is still
 * queued then, the launch returns the id from {@code serverIds} and remembers the job: {@link #pendingJob} lets
 * describe report the server as pending, or as failed with the job's code, until it appears.
 */
final class ServerLaunch {
    static final String LAUNCH_TOKEN_TAG = "ecivk.dev/launch-token";
    private static final int MAX_ATTEMPTS_PER_CALL = 8;

    private final EcsApi api;
    private final HuaweiEcsSettings settings;
    private final Map<String, Integer> nextAttempt = new ConcurrentHashMap<>();
    private final Map<String, String> pendingJobs = new ConcurrentHashMap<>();

    ServerLaunch(EcsApi api, HuaweiEcsSettings settings) {
        this.api = api;
        this.settings = settings;
    }

    /** The create job of a launched server that was not yet placed, or null. */
    String pendingJob(String serverId) {
        return pendingJobs.get(serverId);
    }

    void forget(String serverId) {
        pendingJobs.remove(serverId);
    }

    String launch(LaunchRequest request) throws ProviderException {
        if (request.instanceTypes().isEmpty()) {
            throw new ProviderException(
                    FailureClass.PERMANENT,
                    "NoInstanceType",
                    "CreatePostPaidServers",
                    "no flavor to launch " + request.name());
        }
        String existing = findByLaunchToken(request.clientToken());
        if (existing != null) {
            return existing;
        }
        ProviderException noStock = null;
        for (String flavor : request.instanceTypes()) {
            try {
                return launch(request, flavor);
            } catch (ProviderException e) {
                if (!HuaweiEcsErrors.isFlavorStock(e.code())) {
                    throw e;
                }
                noStock = e;
            }
        }
        throw noStock;
    }

    private String launch(LaunchRequest request, String flavor) throws ProviderException {
        String key = request.clientToken() + "/" + flavor;
        int first = nextAttempt.getOrDefault(key, 0);
        for (int attempt = first; attempt < first + MAX_ATTEMPTS_PER_CALL; attempt++) {
            CreatePostPaidServersRequest create = new CreatePostPaidServersRequest()
                    .withXClientToken(token(key, attempt))
                    .withBody(new CreatePostPaidServersRequestBody().withServer(server(request, flavor)));
            CreatePostPaidServersResponse answer;
            try {
                answer =
                        api.call("CreatePostPaidServers", false, () -> api.ecs().createPostPaidServers(create));
            } catch (ProviderException e) {
                if (e.code().equals("Ecs.0124")) {
                    continue; // this attempt's token expired: the next attempt gets a fresh one
                }
                if (e.code().equals("Ecs.0122")) {
                    return placedOrRetryLater(request.clientToken(), e);
                }
                throw e;
            }
            if (answer.getJobId() == null) {
                // flow control is answered as 202 with Common.0024 and no job
                throw new ProviderException(
                        FailureClass.TRANSIENT,
                        "Common.0024",
                        "CreatePostPaidServers",
                        "the create was not accepted, retry");
            }
            String announced =
                    answer.getServerIds() == null || answer.getServerIds().isEmpty()
                            ? null
                            : answer.getServerIds().get(0);
            JobView job = await(answer.getJobId());
            if (job.failed()) {
                nextAttempt.put(key, attempt + 1);
                throw new ProviderException(
                        HuaweiEcsErrors.classify(0, job.errorCode(), false),
                        job.errorCode() == null ? "Common.0021" : job.errorCode(),
                        "CreatePostPaidServers",
                        "job " + answer.getJobId() + " failed: " + job.failReason());
            }
            String id = job.serverId() != null ? job.serverId() : announced;
            if (id == null) {
                throw new ProviderException(
                        FailureClass.TRANSIENT,
                        "JobPending",
                        "CreatePostPaidServers",
                        "job " + answer.getJobId() + " has not placed the server yet");
            }
            nextAttempt.remove(key);
            if (!job.succeededOrRunning()) {
                pendingJobs.put(id, answer.getJobId());
            }
            return id;
        }
        throw new ProviderException(
                FailureClass.TRANSIENT,
                "Ecs.0124",
                "CreatePostPaidServers",
                "every launch token of this attempt expired");
    }

    private String placedOrRetryLater(String clientToken, ProviderException mismatch) throws ProviderException {
        String id = findByLaunchToken(clientToken);
        if (id != null) {
            return id;
        }
        throw new ProviderException(
                FailureClass.TRANSIENT,
                "Ecs.0122",
                "CreatePostPaidServers",
                "a create with this launch token is already under way: " + mismatch.getMessage());
    }

    /** The id of a live server this client token launched, or null. */
    String findByLaunchToken(String clientToken) throws ProviderException {
        ListServersDetailsRequest q = new ListServersDetailsRequest()
                .withTags(ServerTags.filter(LAUNCH_TOKEN_TAG, clientToken))
                .withLimit(100);
        List<ServerDetail> servers = api.call(
                        "ListServersDetails", false, () -> api.ecs().listServersDetails(q))
                .getServers();
        if (servers == null) {
            return null;
        }
        String wire = ServerTags.encodeValue(clientToken);
        return servers.stream()
                .filter(s -> ServerMapping.state(s.getStatus(), s.getOsEXTSTSTaskState())
                        != dev.ecivk.provider.vm.VmInstance.State.DELETED)
                .filter(s -> wire.equals(ServerTags.decode(s.getTags()).get(LAUNCH_TOKEN_TAG)))
                .map(ServerDetail::getId)
                .findFirst()
                .orElse(null);
    }

    /** A job's state as a launch needs it. */
    record JobView(String status, String serverId, String errorCode, String failReason) {
        boolean failed() {
            return "FAIL".equals(status);
        }

        boolean succeededOrRunning() {
            return "SUCCESS".equals(status) || "RUNNING".equals(status);
        }
    }

    JobView job(String jobId) throws ProviderException {
        ShowJobResponse r = api.call("ShowJob", true, () -> api.ecs().showJob(new ShowJobRequest().withJobId(jobId)));
        String serverId = null;
        String code = r.getErrorCode();
        String reason = r.getFailReason();
        if (r.getEntities() != null && r.getEntities().getSubJobs() != null) {
            for (SubJob sub : r.getEntities().getSubJobs()) {
                if (serverId == null && sub.getEntities() != null) {
                    serverId = sub.getEntities().getServerId();
                }
                if (code == null && sub.getErrorCode() != null) {
                    code = sub.getErrorCode();
                    reason = sub.getFailReason();
                }
            }
        }
        return new JobView(r.getStatus() == null ? null : r.getStatus().getValue(), serverId, code, reason);
    }

    private JobView await(String jobId) throws ProviderException {
        Instant deadline = Instant.now().plus(settings.launchWait());
        while (true) {
            JobView job = job(jobId);
            if (job.failed()
                    || (job.serverId() != null && job.succeededOrRunning())
                    || "SUCCESS".equals(job.status())) {
                return job;
            }
            if (!Instant.now().plus(settings.jobPollInterval()).isBefore(deadline)) {
                return job;
            }
            try {
                Thread.sleep(settings.jobPollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException(
                        FailureClass.TRANSIENT, "Interrupted", "ShowJob", "interrupted while waiting for job " + jobId);
            }
        }
    }

    private PostPaidServer server(LaunchRequest r, String flavor) {
        Map<String, String> tags = new LinkedHashMap<>(r.tags());
        tags.put(LAUNCH_TOKEN_TAG, r.clientToken());
        List<PostPaidServerTag> serverTags = new ArrayList<>();
        ServerTags.encode(tags)
                .forEach((k, v) ->
                        serverTags.add(new PostPaidServerTag().withKey(k).withValue(v)));
        PostPaidServerExtendParam extend = new PostPaidServerExtendParam().withChargingMode(0); // 0: pay per use
        if (r.spotStrategy() != null && !r.spotStrategy().equalsIgnoreCase("NoSpot")) {
            extend.withMarketType("spot");
            if (r.spotPriceLimit() != null) {
                extend.withSpotPrice(String.valueOf(r.spotPriceLimit()));
            }
        }
        PostPaidServer s = new PostPaidServer()
                .withName(serverName(r.name()))
                .withIsAutoRename(false)
                .withCount(1)
                .withImageRef(r.imageId())
                .withFlavorRef(flavor)
                .withVpcid(settings.vpcId())
                .withNics(List.of(new PostPaidServerNic().withSubnetId(r.vSwitchId())))
                .withAvailabilityZone(r.zoneId())
                .withRootVolume(new PostPaidServerRootVolume()
                        .withVolumetype(PostPaidServerRootVolume.VolumetypeEnum.fromValue(settings.rootVolumeType()))
                        .withSize(r.systemDiskGiB() > 0 ? r.systemDiskGiB() : 40))
                .withServerTags(serverTags)
                .withExtendparam(extend);
        if (r.securityGroupId() != null) {
            s.withSecurityGroups(List.of(new PostPaidServerSecurityGroup().withId(r.securityGroupId())));
        }
        if (r.userData() != null) {
            s.withUserData(Base64.getEncoder().encodeToString(r.userData().getBytes(StandardCharsets.UTF_8)));
        }
        return s;
    }

    /** Server names are 1-64 of {@code A-Z a-z 0-9 _ - .}. */
    static String serverName(String name) {
        String n = name == null || name.isEmpty() ? "ecivk" : name.replaceAll("[^A-Za-z0-9_.-]", "-");
        return n.length() > 64 ? n.substring(0, 64) : n;
    }

    static String token(String key, int attempt) {
        return UUID.nameUUIDFromBytes((key + "/" + attempt).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
