package dev.ecivk.runtime;

import dev.ecivk.cli.SimulatorCommand;
import dev.ecivk.config.OperatorConfig;
import dev.ecivk.simulator.ecs.EcsSimulatorSettings;
import dev.ecivk.simulator.huawei.HuaweiSimSettings;
import dev.ecivk.simulator.vm.VmBootHook;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * The embedded VM clouds a controller starts in-process, shaped after its own options so that its Pods launch there
 * unchanged: the region, the node's vSwitches (subnets) in the zones {@link VmBackend#settings} gives them, its
 * security group and image are the ones the embedded cloud knows; timings, AccessKey and quotas are the
 * {@code --sim-*} options, as for the embedded ECI.
 */
final class EmbeddedVmClouds {
    private EmbeddedVmClouds() {}

    /** The embedded ECS of {@code config}: vSwitch i gets the addresses of {@code 10.<i+1>.0.0/16}. */
    static EcsSimulatorSettings ecs(OperatorConfig config, VmBootHook bootHook) {
        EcsSimulatorSettings.Builder b = SimulatorCommand.ecsBuilder(config.simulator())
                .region(config.eciRegion())
                .securityGroup(config.eciSecurityGroupId())
                .image(config.vm().imageId())
                .bootHook(bootHook);
        int i = 0;
        for (Map.Entry<String, String> vSwitch : zones(config).entrySet()) {
            b.vSwitch(vSwitch.getKey(), vSwitch.getValue(), network(i++));
        }
        return b.build();
    }

    /** The embedded Huawei ECS of {@code config}: each vSwitch is a subnet of its VPC, with its own /16. */
    static HuaweiSimSettings huawei(OperatorConfig config, VmBootHook bootHook) {
        HuaweiSimSettings.Builder b = SimulatorCommand.huaweiBuilder(config.simulator())
                .region(config.eciRegion())
                .zones(new ArrayList<>(new LinkedHashSet<>(zones(config).values())))
                .securityGroup(config.eciSecurityGroupId())
                .image(config.vm().imageId())
                .bootHook(bootHook);
        if (config.vm().vpcId() != null) {
            b.vpcId(config.vm().vpcId());
        }
        int i = 0;
        for (String subnet : zones(config).keySet()) {
            b.subnet(subnet, network(i++));
        }
        return b.build();
    }

    private static Map<String, String> zones(OperatorConfig config) {
        return VmBackend.settings(config).zoneByVSwitch();
    }

    private static String network(int index) {
        return "10." + (1 + Math.min(index, 254));
    }
}
