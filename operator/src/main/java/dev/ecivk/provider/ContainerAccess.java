package dev.ecivk.provider;

import dev.ecivk.provider.model.GroupMetrics;
import dev.ecivk.provider.model.LogQuery;
import java.net.URI;
import java.util.List;

/** What the kubelet API needs of the backend: logs, exec and metrics of running container groups. */
public interface ContainerAccess {

    /** The log text of one container (DescribeContainerLog); {@code query.previous()} reads the last instance. */
    String logs(String containerGroupId, String containerName, LogQuery query) throws ProviderException;

    /**
     * Opens an exec session (ExecContainerCommand) and returns its WebSocket URI. The session speaks the channel
     * framing of {@code v4.channel.k8s.io}: every binary message starts with a channel byte (0 stdin, 1 stdout,
     * 2 stderr, 3 error/status as a JSON metav1.Status, 4 terminal resize as JSON {@code {"Width":w,"Height":h}}).
     */
    URI exec(String containerGroupId, String containerName, List<String> command, boolean tty, boolean stdin)
            throws ProviderException;

    /** The latest metric sample of each group (DescribeMultiContainerGroupMetric), batched by the implementation. */
    List<GroupMetrics> metrics(List<String> containerGroupIds) throws ProviderException;
}
