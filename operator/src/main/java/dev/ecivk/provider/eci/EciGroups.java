package dev.ecivk.provider.eci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecivk.eci.contract.EciLimits;
import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.Provider;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.provider.model.ContainerSpec;
import dev.ecivk.provider.model.ListQuery;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Container groups on ECI: CreateContainerGroup, DeleteContainerGroup, UpdateContainerGroup, RestartContainerGroup,
 * and DescribeContainerGroups batched by 20 ids or paged by tags; DescribeRegions as the ping.
 */
final class EciGroups implements Provider {
    private final EciCaller eci;

    EciGroups(EciCaller eci) {
        this.eci = eci;
    }

    @Override
    public String create(ContainerGroupSpec spec) throws ProviderException {
        ContainerGroupSpec inRegion = spec.regionId() == null
                ? spec.toBuilder().regionId(eci.regionId()).build()
                : spec;
        return EciResponses.required(
                eci.call("CreateContainerGroup", EciRequests.createContainerGroup(inRegion), false),
                "ContainerGroupId",
                "CreateContainerGroup");
    }

    @Override
    public void delete(String containerGroupId, String clientToken) throws ProviderException {
        eci.call("DeleteContainerGroup", EciRequests.byId(eci.regionId(), containerGroupId, clientToken), true);
    }

    /** RestartContainerGroup (not in the SPI; useful to tools and tests). */
    void restart(String containerGroupId, String clientToken) throws ProviderException {
        eci.call("RestartContainerGroup", EciRequests.byId(eci.regionId(), containerGroupId, clientToken), true);
    }

    @Override
    public Optional<ContainerGroupState> get(String containerGroupId) throws ProviderException {
        try {
            return describeIds(List.of(containerGroupId), Map.of()).stream()
                    .filter(g -> containerGroupId.equals(g.id()))
                    .findFirst();
        } catch (ProviderException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public List<ContainerGroupState> list(ListQuery query) throws ProviderException {
        List<ContainerGroupState> out = new ArrayList<>();
        if (!query.ids().isEmpty()) {
            int batch = EciLimits.MAX_IDS_PER_CALL;
            for (int i = 0; i < query.ids().size(); i += batch) {
                out.addAll(describeIds(
                        query.ids().subList(i, Math.min(query.ids().size(), i + batch)), query.tags()));
            }
            return out;
        }
        Set<String> seenTokens = new HashSet<>();
        String nextToken = null;
        do {
            JsonNode body = eci.call(
                    "DescribeContainerGroups", EciQueries.groupsPage(eci.regionId(), query.tags(), nextToken), false);
            out.addAll(EciResponses.containerGroups(body));
            nextToken = EciResponses.text(body.path("NextToken"));
            if (nextToken != null && !nextToken.isEmpty() && !seenTokens.add(nextToken)) {
                // a page token that comes back would page forever: never a partial answer, fail classified
                throw new ProviderException(
                        FailureClass.TRANSIENT,
                        "InvalidResponse",
                        "DescribeContainerGroups",
                        "the endpoint repeated a NextToken after " + seenTokens.size() + " pages");
            }
        } while (nextToken != null && !nextToken.isEmpty());
        return out;
    }

    private List<ContainerGroupState> describeIds(List<String> ids, Map<String, String> tags) throws ProviderException {
        return EciResponses.containerGroups(
                eci.call("DescribeContainerGroups", EciQueries.groupsByIds(eci.regionId(), ids, tags), true));
    }

    @Override
    public void update(
            String containerGroupId,
            String clientToken,
            List<ContainerSpec> containers,
            List<ContainerSpec> initContainers)
            throws ProviderException {
        eci.call(
                "UpdateContainerGroup",
                EciRequests.updateContainerGroup(
                        eci.regionId(), containerGroupId, clientToken, containers, initContainers, List.of()),
                true);
    }

    @Override
    public void ping() throws ProviderException {
        eci.call("DescribeRegions", EciQueries.region(eci.regionId()), false);
    }
}
