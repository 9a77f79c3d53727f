package dev.ecivk.provider.eci;

import dev.ecivk.eci.contract.EciLimits;
import dev.ecivk.provider.ContainerAccess;
import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.model.GroupMetrics;
import dev.ecivk.provider.model.LogQuery;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * What the kubelet API needs of running groups: DescribeContainerLog, ExecContainerCommand (a WebSocket URI) and
 * DescribeMultiContainerGroupMetric, 20 groups a call.
 */
final class EciContainerAccess implements ContainerAccess {
    private final EciCaller eci;

    EciContainerAccess(EciCaller eci) {
        this.eci = eci;
    }

    @Override
    public String logs(String containerGroupId, String containerName, LogQuery query) throws ProviderException {
        String content = EciResponses.text(eci.call(
                        "DescribeContainerLog",
                        EciQueries.logs(eci.regionId(), containerGroupId, containerName, query),
                        true)
                .path("Content"));
        return content == null ? "" : content;
    }

    @Override
    public URI exec(String containerGroupId, String containerName, List<String> command, boolean tty, boolean stdin)
            throws ProviderException {
        String uri = EciResponses.required(
                eci.call(
                        "ExecContainerCommand",
                        EciRequests.exec(eci.regionId(), containerGroupId, containerName, command, tty, stdin),
                        true),
                "WebSocketUri",
                "ExecContainerCommand");
        try {
            return URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new ProviderException(
                    FailureClass.TRANSIENT, "InvalidResponse", "ExecContainerCommand", "the WebSocketUri is not a URI");
        }
    }

    @Override
    public List<GroupMetrics> metrics(List<String> containerGroupIds) throws ProviderException {
        List<GroupMetrics> out = new ArrayList<>();
        int batch = EciLimits.MAX_IDS_PER_CALL;
        for (int i = 0; i < containerGroupIds.size(); i += batch) {
            List<String> ids = containerGroupIds.subList(i, Math.min(containerGroupIds.size(), i + batch));
            out.addAll(EciResponses.metrics(
                    eci.call("DescribeMultiContainerGroupMetric", EciQueries.metrics(eci.regionId(), ids), false)));
        }
        return out;
    }
}
