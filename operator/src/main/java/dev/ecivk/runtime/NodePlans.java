package dev.ecivk.runtime;

import dev.ecivk.config.OperatorConfig;
import dev.ecivk.config.VSwitchStrategy;
import dev.ecivk.node.NodeCapacity;
import dev.ecivk.node.NodePlan;
import dev.ecivk.node.NodeSettings;
import dev.ecivk.node.VirtualNodeSpecs;
import dev.ecivk.provider.model.AccountUsage;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The nodes the options describe: the one of {@code --node-name}, and what VirtualNodes inherit and select. */
final class NodePlans {
    private NodePlans() {}

    /** The node of {@code run --node-name}, from the options. */
    static NodePlan fromOptions(OperatorConfig config, Optional<AccountUsage> usage) {
        return new NodePlan(
                config.provider().cliName(),
                config.nodeName(),
                config.eciRegion(),
                config.eciVSwitchIds(),
                config.eciVSwitchStrategy() == VSwitchStrategy.random,
                config.eciSecurityGroupId(),
                capacity(config, usage),
                Map.of("topology.kubernetes.io/region", config.eciRegion()),
                List.of(NodeSettings.providerTaint()),
                Map.of());
    }

    /** What a VirtualNode's spec leaves out: the options' placement and capacity. */
    static VirtualNodeSpecs.Defaults virtualNodeDefaults(OperatorConfig config, Optional<AccountUsage> usage) {
        return new VirtualNodeSpecs.Defaults(
                config.provider().cliName(),
                config.eciRegion(),
                config.eciVSwitchIds(),
                config.eciVSwitchStrategy() == VSwitchStrategy.random,
                config.eciSecurityGroupId(),
                capacity(config, usage));
    }

    /**
     * The VirtualNodes this install serves: those labelled with its name (never another install's), narrowed by
     * {@code --virtual-node-selector}.
     */
    static String virtualNodeSelector(OperatorConfig config) {
        String own = VirtualNodeSpecs.INSTALL_LABEL + "=" + config.installName();
        String extra = config.virtualNodeSelector();
        return extra == null || extra.isBlank() ? own : own + "," + extra;
    }

    private static Map<String, Quantity> capacity(OperatorConfig config, Optional<AccountUsage> usage) {
        return NodeCapacity.resolve(config.nodeCpu(), config.nodeMemory(), config.nodePods(), config.nodeGpu(), usage);
    }
}
