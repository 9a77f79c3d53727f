package dev.ecivk.runtime;

import dev.ecivk.config.OperatorConfig;
import dev.ecivk.simulator.EciSimulator;
import dev.ecivk.simulator.Fault;
import dev.ecivk.simulator.SimCounters;
import dev.ecivk.simulator.ecs.EcsSimulator;
import dev.ecivk.simulator.huawei.HuaweiEcsSimulator;
import dev.ecivk.simulator.huawei.HuaweiFault;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backends of {@link BackendScenariosMockTest} and how a test looks into each one's embedded cloud: the
 * {@code --provider} name, its launch and delete actions, the instances it still has, and how to run it apart from
 * a controller (as {@code ecivk simulator} would) with its launches slowed down.
 */
enum ScenarioCloud {
    ECI("simulator", "CreateContainerGroup", "DeleteContainerGroup") {
        @Override
        Map<String, String> liveAddresses(AutoCloseable embedded) {
            Map<String, String> out = new LinkedHashMap<>();
            for (Object o : ((EciSimulator) embedded).dumpGroups()) {
                Map<?, ?> g = (Map<?, ?>) o;
                out.put((String) g.get("ContainerGroupId"), (String) g.get("IntranetIp"));
            }
            return out;
        }

        @Override
        AutoCloseable startSeparately(OperatorConfig config, SimulatedVms vms) {
            EciSimulator sim = EciSimulator.start(EmbeddedCloudSettings.eci(config));
            sim.injectFault(Fault.latency(launchAction, SLOW_LAUNCH).always());
            return sim;
        }

        @Override
        List<String> endpointOption(AutoCloseable sim) {
            return List.of("--eci-endpoint", ((EciSimulator) sim).endpoint());
        }
    },
    ECS("ecs", "RunInstances", "DeleteInstance") {
        @Override
        Map<String, String> liveAddresses(AutoCloseable embedded) {
            Map<String, String> out = new LinkedHashMap<>();
            for (Map<String, Object> i : ((EcsSimulator) embedded).instances()) {
                Map<?, ?> vpc = (Map<?, ?>) i.get("VpcAttributes");
                List<?> ips = (List<?>) ((Map<?, ?>) vpc.get("PrivateIpAddress")).get("IpAddress");
                out.put((String) i.get("InstanceId"), (String) ips.get(0));
            }
            return out;
        }

        @Override
        AutoCloseable startSeparately(OperatorConfig config, SimulatedVms vms) {
            EcsSimulator sim = EcsSimulator.start(
                    EmbeddedCloudSettings.ecs(config, vms.bootHook(REPORT_EVERY, Clock.systemUTC())));
            sim.injectFault(Fault.latency(launchAction, SLOW_LAUNCH).always());
            return sim;
        }

        @Override
        List<String> endpointOption(AutoCloseable sim) {
            return List.of("--vm-endpoint", "http://" + ((EcsSimulator) sim).endpoint());
        }
    },
    HUAWEI_ECS("huawei-ecs", "CreatePostPaidServers", "DeleteServers") {
        @Override
        Map<String, String> liveAddresses(AutoCloseable embedded) {
            Map<String, String> out = new LinkedHashMap<>();
            for (Map<String, Object> s : ((HuaweiEcsSimulator) embedded).dumpServers()) {
                if (!"DELETED".equals(s.get("status"))) {
                    out.put((String) s.get("id"), (String) s.get("ip"));
                }
            }
            return out;
        }

        @Override
        AutoCloseable startSeparately(OperatorConfig config, SimulatedVms vms) {
            HuaweiEcsSimulator sim = HuaweiEcsSimulator.start(
                    EmbeddedCloudSettings.huawei(config, vms.bootHook(REPORT_EVERY, Clock.systemUTC())));
            sim.injectFault(HuaweiFault.latency(launchAction, SLOW_LAUNCH).always());
            return sim;
        }

        @Override
        List<String> endpointOption(AutoCloseable sim) {
            return List.of("--vm-endpoint", ((HuaweiEcsSimulator) sim).endpoint());
        }
    };

    static final Duration REPORT_EVERY = Duration.ofMillis(200);
    /** Launches slowed down so that a restart lands in the middle of a burst. */
    static final Duration SLOW_LAUNCH = Duration.ofMillis(150);

    final String provider;
    final String launchAction;
    final String deleteAction;

    ScenarioCloud(String provider, String launchAction, String deleteAction) {
        this.provider = provider;
        this.launchAction = launchAction;
        this.deleteAction = deleteAction;
    }

    boolean vm() {
        return this != ECI;
    }

    /** Every instance (container group, server) the embedded cloud still has: id → private IP. */
    abstract Map<String, String> liveAddresses(AutoCloseable embedded);

    /** The embedded cloud started apart from any controller, as {@code ecivk simulator} would run it. */
    abstract AutoCloseable startSeparately(OperatorConfig config, SimulatedVms vms);

    /** The options that point a controller at {@link #startSeparately}'s cloud. */
    abstract List<String> endpointOption(AutoCloseable sim);

    SimCounters counters(AutoCloseable embedded) {
        if (embedded instanceof EciSimulator eci) {
            return eci.counters();
        }
        return embedded instanceof EcsSimulator ecs ? ecs.counters() : ((HuaweiEcsSimulator) embedded).counters();
    }

    @Override
    public String toString() {
        return provider;
    }
}
