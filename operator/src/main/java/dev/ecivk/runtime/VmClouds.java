package dev.ecivk.runtime;

import dev.ecivk.agent.runtime.PodSupervisor;
import dev.ecivk.config.OperatorConfig;
import dev.ecivk.config.ProviderKind;
import dev.ecivk.config.SimulatorOptions;
import dev.ecivk.config.VmOptions;
import dev.ecivk.provider.vm.VmCallListener;
import dev.ecivk.provider.vm.alibaba.AlibabaEcsCloud;
import dev.ecivk.provider.vm.alibaba.AlibabaEcsSettings;
import dev.ecivk.provider.vm.huawei.HuaweiEcsCloud;
import dev.ecivk.provider.vm.huawei.HuaweiEcsSettings;
import dev.ecivk.simulator.ecs.EcsSimulator;
import dev.ecivk.simulator.huawei.HuaweiEcsSimulator;
import dev.ecivk.simulator.huawei.HuaweiSimSettings;
import dev.ecivk.simulator.vm.VmBootHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VM clouds this build has: Alibaba Cloud ECS and Huawei Cloud ECS, each through its official SDK toward
 *
 * <ul>
 *   <li>the real cloud at {@code --vm-endpoint} (HTTPS; credentials from the cloud's own chain, never an option);
 *   <li>an embedded cloud run separately at an {@code http://} {@code --vm-endpoint} ({@code ecivk simulator
 *       --cloud …}), signed with the {@code --sim-access-key-*} pair;
 *   <li>or, without {@code --vm-endpoint}, the embedded cloud started in-process ({@link EmbeddedCloudSettings}), whose
 *       VMs boot the real agent on a simulated runtime. Every embedded VM of this process is paced by one shared
 *       scheduler thread.
 * </ul>
 */
final class VmClouds implements VmBackend.Clouds {
    private static final Logger LOG = LoggerFactory.getLogger(VmClouds.class);

    private final VmCallListener listener;
    private final SimulatedVms simulatedVms = new SimulatedVms();

    /** @param listener told about every call of every cloud opened here (the cloud-call metrics) */
    VmClouds(VmCallListener listener) {
        this.listener = listener;
    }

    @Override
    public VmBackend.Opened open(ProviderKind kind, OperatorConfig config, VmBootHook bootHook) {
        String endpoint = config.vm().endpoint();
        if (endpoint == null) {
            return kind == ProviderKind.ecs ? embeddedEcs(config, bootHook) : embeddedHuawei(config, bootHook);
        }
        if (VmOptions.embeddedEndpoint(endpoint)) {
            LOG.info("Using the embedded {} run separately at {}", kind, endpoint);
            return new VmBackend.Opened(
                    kind == ProviderKind.ecs
                            ? new AlibabaEcsCloud(towardEmbeddedEcs(endpoint, config.eciRegion(), config.simulator()))
                            : new HuaweiEcsCloud(towardEmbeddedHuawei(
                                    endpoint,
                                    config.eciRegion(),
                                    config.simulator(),
                                    config.vm().vpcId())),
                    null);
        }
        return new VmBackend.Opened(kind == ProviderKind.ecs ? alibabaCloud(config) : huaweiCloud(config), null);
    }

    private VmBackend.Opened embeddedEcs(OperatorConfig config, VmBootHook bootHook) {
        EcsSimulator simulator = EcsSimulator.start(EmbeddedCloudSettings.ecs(config, bootHook));
        try {
            String endpoint = "http://" + simulator.endpoint();
            LOG.info("Using the embedded ECS at {} (admin API: {}/_sim/)", endpoint, endpoint);
            return new VmBackend.Opened(
                    new AlibabaEcsCloud(towardEmbeddedEcs(endpoint, config.eciRegion(), config.simulator())),
                    simulator);
        } catch (RuntimeException e) {
            simulator.close();
            throw e;
        }
    }

    private VmBackend.Opened embeddedHuawei(OperatorConfig config, VmBootHook bootHook) {
        HuaweiEcsSimulator simulator = HuaweiEcsSimulator.start(EmbeddedCloudSettings.huawei(config, bootHook));
        try {
            LOG.info(
                    "Using the embedded Huawei Cloud ECS at {} (admin API: {}/_sim/)",
                    simulator.endpoint(),
                    simulator.endpoint());
            return new VmBackend.Opened(
                    new HuaweiEcsCloud(towardEmbeddedHuawei(
                            simulator.endpoint(),
                            config.eciRegion(),
                            config.simulator(),
                            simulator.settings().vpcId())),
                    simulator);
        } catch (RuntimeException e) {
            simulator.close();
            throw e;
        }
    }

    /** The ECS client toward an embedded ECS ({@code http://host:port}): its AccessKey, its quotas. */
    AlibabaEcsSettings towardEmbeddedEcs(String endpoint, String region, SimulatorOptions sim) {
        return AlibabaEcsSettings.builder(region)
                .endpoint(endpoint.substring("http://".length()))
                .protocol("HTTP")
                .accessKey(sim.accessKeyId(), sim.accessKeySecret())
                .rateLimit(sim.quotaScale(), Backend.MAX_RATE_LIMIT_WAIT)
                .listener(listener)
                .build();
    }

    /** The Huawei ECS client toward an embedded one: its AK/SK, its only project, its VPC unless one is named. */
    HuaweiEcsSettings towardEmbeddedHuawei(String endpoint, String region, SimulatorOptions sim, String vpcId) {
        return HuaweiEcsSettings.staticKey(
                        endpoint,
                        region,
                        HuaweiSimSettings.DEFAULT_PROJECT_ID,
                        sim.accessKeyId(),
                        sim.accessKeySecret(),
                        vpcId != null ? vpcId : HuaweiSimSettings.DEFAULT_VPC_ID)
                .withListener(listener);
    }

    /** Alibaba Cloud ECS: HTTPS, the credentials-java default chain, ECS's quotas on the client side. */
    private AlibabaEcsCloud alibabaCloud(OperatorConfig config) {
        String endpoint = config.vm().endpoint().replaceFirst("(?i)^https://", "");
        AlibabaEcsCloud cloud = new AlibabaEcsCloud(AlibabaEcsSettings.builder(config.eciRegion())
                .endpoint(endpoint)
                .rateLimit(1.0, Backend.MAX_RATE_LIMIT_WAIT)
                .listener(listener)
                .build());
        LOG.info("Using Alibaba Cloud ECS in {} at {}", config.eciRegion(), cloud.endpoint());
        return cloud;
    }

    /**
     * Huawei Cloud ECS: HTTPS, the SDK's default chain ({@code HUAWEICLOUD_SDK_AK}/{@code _SK}/{@code _PROJECT_ID},
     * profile, the ECS metadata service).
     */
    private HuaweiEcsCloud huaweiCloud(OperatorConfig config) {
        String endpoint = config.vm().endpoint();
        if (!endpoint.regionMatches(true, 0, "https://", 0, "https://".length())) {
            endpoint = "https://" + endpoint;
        }
        return new HuaweiEcsCloud(HuaweiEcsSettings.huaweiCloud(
                        config.eciRegion(), endpoint, null, config.vm().vpcId())
                .withListener(listener));
    }

    @Override
    public PodSupervisor simulatedRuntime(String podIp) {
        return simulatedVms.runtime(podIp);
    }

    @Override
    public void close() {
        simulatedVms.close();
    }
}
