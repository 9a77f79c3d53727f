package dev.ecivk.runtime;

import dev.ecivk.config.OperatorConfig;
import dev.ecivk.config.SimulatorOptions;
import dev.ecivk.simulator.SimulatorSettings;
import dev.ecivk.simulator.ecs.EcsSimulatorSettings;
import dev.ecivk.simulator.huawei.HuaweiSimSettings;
import dev.ecivk.simulator.vm.VmBootHook;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The embedded clouds' settings from the options (the embedded clouds themselves know nothing of picocli): alone, as
 * {@code ecivk simulator} runs them, from the {@code --sim-*} options; or started in-process by a controller, shaped
 * after its own options so that its Pods launch there unchanged: the region, the node's vSwitches (subnets) in the
 * zones {@link VmBackend#settings} gives them, its security group and image are the ones the embedded cloud knows.
 */
public final class EmbeddedCloudSettings {
    private EmbeddedCloudSettings() {}

    /** The embedded ECI alone, in the region of {@code --sim-region}, with its own vSwitches. */
    public static SimulatorSettings eci(SimulatorOptions options) {
        return eciBuilder(options).build();
    }

    /** The embedded ECI of a controller: its region, and each of its vSwitches in a zone of its own. */
    static SimulatorSettings eci(OperatorConfig config) {
        return eciBuilder(config.simulator())
                .region(config.eciRegion())
                .vSwitchZones(zones(config.eciRegion(), config.eciVSwitchIds()))
                .build();
    }

    private static SimulatorSettings.Builder eciBuilder(SimulatorOptions options) {
        return SimulatorSettings.builder()
                .bindAddress(options.bindAddress())
                .port(options.port())
                .accessKey(options.accessKeyId(), options.accessKeySecret())
                .region(options.region())
                .startDelay(options.startDelay())
                .quotaScale(options.quotaScale())
                .maxCpu(options.maxCpu());
    }

    /**
     * The embedded ECS alone, still open for the network resources and the boot hook: {@code --sim-start-delay} is an
     * instance's whole way to {@code Running}, half in {@code Pending} and half in {@code Starting}; a graceful stop
     * takes half of it, a forced one a quarter.
     */
    public static EcsSimulatorSettings.Builder ecs(SimulatorOptions options) {
        Duration half = options.startDelay().dividedBy(2);
        return EcsSimulatorSettings.builder()
                .bindAddress(options.bindAddress())
                .port(options.port())
                .accessKey(options.accessKeyId(), options.accessKeySecret())
                .region(options.region())
                .pendingDelay(half)
                .startingDelay(half)
                .stoppingDelay(half)
                .forceStoppingDelay(options.startDelay().dividedBy(4))
                .quotaScale(options.quotaScale());
    }

    /** The embedded ECS of a controller: vSwitch i gets the addresses of {@code 10.<i+1>.0.0/16}. */
    static EcsSimulatorSettings ecs(OperatorConfig config, VmBootHook bootHook) {
        EcsSimulatorSettings.Builder b = ecs(config.simulator())
                .region(config.eciRegion())
                .securityGroup(config.eciSecurityGroupId())
                .image(config.vm().imageId())
                .bootHook(bootHook);
        int i = 0;
        for (Map.Entry<String, String> vSwitch : vmZones(config).entrySet()) {
            b.vSwitch(vSwitch.getKey(), vSwitch.getValue(), network(i++));
        }
        return b.build();
    }

    /**
     * The embedded Huawei ECS alone, still open for the network resources and the boot hook: a server is placed after
     * a second (at most half the start delay) and becomes ACTIVE after {@code --sim-start-delay} in all.
     */
    public static HuaweiSimSettings.Builder huawei(SimulatorOptions options) {
        Duration total = options.startDelay();
        Duration schedule =
                total.dividedBy(2).compareTo(Duration.ofSeconds(1)) < 0 ? total.dividedBy(2) : Duration.ofSeconds(1);
        return HuaweiSimSettings.builder()
                .bindAddress(options.bindAddress())
                .port(options.port())
                .accessKey(options.accessKeyId(), options.accessKeySecret())
                .region(options.region())
                .scheduleDelay(schedule)
                .buildTime(total.minus(schedule));
    }

    /** The embedded Huawei ECS of a controller: each vSwitch is a subnet of its VPC, with its own /16. */
    static HuaweiSimSettings huawei(OperatorConfig config, VmBootHook bootHook) {
        HuaweiSimSettings.Builder b = huawei(config.simulator())
                .region(config.eciRegion())
                .zones(new ArrayList<>(new LinkedHashSet<>(vmZones(config).values())))
                .securityGroup(config.eciSecurityGroupId())
                .image(config.vm().imageId())
                .bootHook(bootHook);
        if (config.vm().vpcId() != null) {
            b.vpcId(config.vm().vpcId());
        }
        int i = 0;
        for (String subnet : vmZones(config).keySet()) {
            b.subnet(subnet, network(i++));
        }
        return b.build();
    }

    /** The embedded clouds' zones: one per vSwitch, {@code <region>-a}, {@code -b}, … */
    static Map<String, String> zones(String region, List<String> vSwitchIds) {
        Map<String, String> zones = new LinkedHashMap<>();
        for (int i = 0; i < vSwitchIds.size(); i++) {
            zones.put(vSwitchIds.get(i), region + "-" + (char) ('a' + Math.min(i, 25)));
        }
        return zones;
    }

    private static Map<String, String> vmZones(OperatorConfig config) {
        return VmBackend.settings(config).zoneByVSwitch();
    }

    private static String network(int index) {
        return "10." + (1 + Math.min(index, 254));
    }
}
