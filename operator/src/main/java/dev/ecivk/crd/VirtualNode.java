package dev.ecivk.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One virtual node backed by ECI: where its Pods run, what it advertises, and its observed state. */
@Group(VirtualNode.GROUP)
@Version(VirtualNode.VERSION)
@Kind("VirtualNode")
@Plural("virtualnodes")
@ShortNames("vn")
@AdditionalPrinterColumn(
        name = "Ready",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = Type.STRING)
@AdditionalPrinterColumn(name = "Node", jsonPath = ".status.nodeName", type = Type.STRING)
@AdditionalPrinterColumn(name = "Pods", jsonPath = ".status.pods.total", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Install", jsonPath = ".metadata.labels.ecivk\\.dev/install", type = Type.STRING)
@AdditionalPrinterColumn(name = "Heartbeat", jsonPath = ".status.servedBy.heartbeatTime", type = Type.DATE)
@AdditionalPrinterColumn(name = "CPU", jsonPath = ".spec.capacity.cpu", type = Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class VirtualNode extends CustomResource<VirtualNodeSpec, VirtualNodeStatus> {
    public static final String GROUP = "ecivk.dev";
    public static final String VERSION = "v1alpha1";

    @Override
    protected VirtualNodeSpec initSpec() {
        return new VirtualNodeSpec();
    }

    @Override
    protected VirtualNodeStatus initStatus() {
        return new VirtualNodeStatus();
    }

    /** The name of the Kubernetes Node this object registers. */
    public String nodeName() {
        String n = getSpec() == null ? null : getSpec().nodeName;
        return n == null || n.isBlank() ? getMetadata().getName() : n;
    }
}
