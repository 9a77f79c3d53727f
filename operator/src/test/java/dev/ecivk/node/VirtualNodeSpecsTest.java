package dev.ecivk.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.crd.VirtualNode;
import dev.ecivk.crd.VirtualNodeSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** VirtualNode spec → NodePlan: defaults from the options, and the problems the schema cannot catch. */
class VirtualNodeSpecsTest {
    static final VirtualNodeSpecs.Defaults DEFAULTS = new VirtualNodeSpecs.Defaults(
            "simulator", "cn-hangzhou", List.of("vsw-a", "vsw-b"), false, "sg-1", Map.of("cpu", new Quantity("1000")));

    static VirtualNode vn(String name) {
        VirtualNode vn = new VirtualNode();
        vn.getMetadata().setName(name);
        return vn;
    }

    @Test
    void anEmptySpecTakesTheControllersOptionsAndTheProviderTaint() {
        NodePlan plan = VirtualNodeSpecs.plan(vn("vk-1"), DEFAULTS).plan();
        assertThat(plan.nodeName()).isEqualTo("vk-1");
        assertThat(plan.vSwitchIds()).containsExactly("vsw-a", "vsw-b");
        assertThat(plan.securityGroupId()).isEqualTo("sg-1");
        assertThat(plan.capacity()).containsEntry("cpu", new Quantity("1000"));
        assertThat(plan.taints())
                .singleElement()
                .satisfies(t -> assertThat(t.getKey()).isEqualTo("virtual-kubelet.io/provider"));
        assertThat(plan.labels())
                .containsEntry("ecivk.dev/virtual-node", "vk-1")
                .containsEntry("topology.kubernetes.io/region", "cn-hangzhou");
        assertThat(plan.podAnnotationDefaults()).isEmpty();
    }

    @Test
    void podDefaultsBecomeTheAckAnnotations() {
        VirtualNode v = vn("spot");
        v.getSpec().podDefaults = new VirtualNodeSpec.PodDefaults();
        v.getSpec().podDefaults.useSpecs = "2-4Gi,ecs.c6.large";
        v.getSpec().podDefaults.spotStrategy = VirtualNodeSpec.PodDefaults.SpotStrategy.SpotWithPriceLimit;
        v.getSpec().podDefaults.spotPriceLimit = 0.25;
        v.getSpec().podDefaults.autoMatchImageCache = true;
        assertThat(VirtualNodeSpecs.plan(v, DEFAULTS).plan().podAnnotationDefaults())
                .containsEntry("k8s.aliyun.com/eci-use-specs", "2-4Gi,ecs.c6.large")
                .containsEntry("k8s.aliyun.com/eci-spot-strategy", "SpotWithPriceLimit")
                .containsEntry("k8s.aliyun.com/eci-spot-price-limit", "0.25")
                .containsEntry("k8s.aliyun.com/eci-auto-imc", "true");
    }

    @Test
    void whatTheSchemaCannotCatchIsReportedByField() {
        VirtualNode v = vn("bad");
        v.getSpec().region = "cn-shanghai";
        v.getSpec().vSwitchIds = List.of("vsw-a", "vsw-a");
        v.getSpec().labels = Map.of("type", "x", "ok/key", "fine");
        VirtualNodeSpec.TaintSpec t = new VirtualNodeSpec.TaintSpec();
        t.key = "dup";
        t.effect = VirtualNodeSpec.TaintSpec.Effect.NoSchedule;
        v.getSpec().taints = List.of(t, t);
        v.getSpec().capacity = new VirtualNodeSpec.Capacity();
        v.getSpec().capacity.memory = "lots";
        v.getSpec().podDefaults = new VirtualNodeSpec.PodDefaults();
        v.getSpec().podDefaults.spotStrategy = VirtualNodeSpec.PodDefaults.SpotStrategy.SpotWithPriceLimit;

        VirtualNodeSpecs.Result r = VirtualNodeSpecs.plan(v, DEFAULTS);
        assertThat(r.ok()).isFalse();
        assertThat(r.plan()).isNull();
        assertThat(r.problems())
                .anyMatch(p -> p.startsWith("spec.region:"))
                .anyMatch(p -> p.equals("spec.vSwitchIds: vsw-a is listed twice"))
                .anyMatch(p -> p.equals("spec.labels: type is set by the controller"))
                .anyMatch(p -> p.equals("spec.taints: dup:NoSchedule is listed twice"))
                .anyMatch(p -> p.startsWith("spec.capacity.memory:"))
                .anyMatch(p -> p.startsWith("spec.podDefaults.spotPriceLimit: required"));
    }

    @Test
    void anEmptyVSwitchListIsRejected() {
        VirtualNode v = vn("none");
        v.getSpec().vSwitchIds = List.of();
        assertThat(VirtualNodeSpecs.plan(v, DEFAULTS).problems())
                .containsExactly("spec.vSwitchIds: must name at least one vSwitch when set");
    }

    @Test
    void onlyNodeLevelEditsKeepThePlacement() {
        NodePlan a = VirtualNodeSpecs.plan(vn("p"), DEFAULTS).plan();
        VirtualNode capacity = vn("p");
        capacity.getSpec().capacity = new VirtualNodeSpec.Capacity();
        capacity.getSpec().capacity.cpu = "5";
        assertThat(a.samePlacement(VirtualNodeSpecs.plan(capacity, DEFAULTS).plan()))
                .isTrue();
        VirtualNode vsw = vn("p");
        vsw.getSpec().vSwitchIds = List.of("vsw-b");
        assertThat(a.samePlacement(VirtualNodeSpecs.plan(vsw, DEFAULTS).plan())).isFalse();
        VirtualNode vm = vn("p");
        vm.getSpec().provider = "huawei-ecs";
        NodePlan onVms = VirtualNodeSpecs.plan(vm, DEFAULTS).plan();
        assertThat(onVms.provider()).isEqualTo("huawei-ecs");
        assertThat(a.provider()).isEqualTo("simulator");
        assertThat(a.samePlacement(onVms))
                .as("another backend is another placement")
                .isFalse();
    }
}
