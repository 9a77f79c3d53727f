package dev.ecivk.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;

/** Where a virtual node's Pods run and what the node advertises. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VirtualNodeSpec {

    @JsonPropertyDescription("Name of the Kubernetes Node; default: metadata.name.")
    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    @Size(max = 253)
    public String nodeName;

    @JsonPropertyDescription("Backend of this node's Pods: simulator, eci, ecs (one Alibaba Cloud ECS instance per Pod)"
            + " or huawei-ecs (one Huawei Cloud ECS server per Pod); default: the controller's --provider.")
    @Pattern("^(simulator|eci|ecs|huawei-ecs)$")
    public String provider;

    @JsonPropertyDescription("ECI region, e.g. cn-hangzhou; default: the controller's --eci-region.")
    @Pattern("^[a-z]{2,}-[a-z0-9-]+$")
    public String region;

    @JsonPropertyDescription("vSwitches container groups are created in (Huawei Cloud: subnet ids); the next is tried"
            + " when one has no stock.")
    @Size(max = 10)
    public List<@Pattern("^(vsw-[a-z0-9-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$") String>
            vSwitchIds;

    @JsonPropertyDescription("Order in which vSwitches are tried: ordered (default) or random.")
    public VSwitchStrategy vSwitchStrategy;

    @JsonPropertyDescription(
            "Security group of the container groups (Huawei Cloud: its id); default: the controller's" + " option.")
    @Pattern("^(sg-[a-z0-9-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")
    public String securityGroupId;

    @JsonPropertyDescription("Capacity the Node advertises.")
    public Capacity capacity;

    @JsonPropertyDescription("Extra labels on the Node.")
    public Map<String, String> labels;

    @JsonPropertyDescription("Taints of the Node; default: virtual-kubelet.io/provider=alibabacloud:NoSchedule.")
    public List<TaintSpec> taints;

    @JsonPropertyDescription("Defaults applied to every Pod of this node unless the Pod's annotations say otherwise.")
    public PodDefaults podDefaults;

    @JsonPropertyDescription("Id of the ECI VirtualNode resource (vnd-...) whose status and events are reported.")
    @Pattern("^vnd-[a-z0-9]+$")
    public String virtualNodeId;

    /** The vSwitch order on no-stock errors. */
    public enum VSwitchStrategy {
        ordered,
        random
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Capacity {
        @Pattern("^[0-9]+(\\.[0-9]+)?m?$")
        public String cpu;

        @Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$")
        public String memory;

        @Pattern("^[0-9]+$")
        public String pods;

        @Pattern("^[0-9]+$")
        public String gpu;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class TaintSpec {
        @io.fabric8.generator.annotation.Required
        public String key;

        public String value;

        @io.fabric8.generator.annotation.Required
        public Effect effect;

        public enum Effect {
            NoSchedule,
            PreferNoSchedule,
            NoExecute
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class PodDefaults {
        @JsonPropertyDescription("ECS instance types or cpu-memory specs, as k8s.aliyun.com/eci-use-specs.")
        public String useSpecs;

        @JsonPropertyDescription("NoSpot, SpotAsPriceGo or SpotWithPriceLimit.")
        public SpotStrategy spotStrategy;

        @JsonPropertyDescription("Maximum hourly price with SpotWithPriceLimit.")
        public Double spotPriceLimit;

        @JsonPropertyDescription("Let ECI pick a matching image cache for every Pod.")
        public Boolean autoMatchImageCache;

        public enum SpotStrategy {
            NoSpot,
            SpotAsPriceGo,
            SpotWithPriceLimit
        }
    }
}
