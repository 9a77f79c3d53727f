package dev.ecivk.simulator;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CreateContainerGroup, DeleteContainerGroup, UpdateContainerGroup and RestartContainerGroup: validation with ECI's
 * codes ({@link EciValidation}), then the store and the lifecycle engine.
 */
final class GroupLifecycleActions {
    private final String region;
    private final GroupStore store;
    private final SimCounters counters;

    GroupLifecycleActions(String region, GroupStore store, SimCounters counters) {
        this.region = region;
        this.store = store;
        this.counters = counters;
    }

    Map<String, Object> create(ApiCall call) {
        failOnFirst(EciValidation.validateCreate(GroupStore.business(call.params())));
        call.requireRegion(region);
        GroupStore.Created created = store.create(call.params(), call.now());
        if (created.duplicate()) {
            counters.duplicateCreatePrevented();
        } else {
            counters.created();
        }
        return Map.of("ContainerGroupId", created.id());
    }

    Map<String, Object> delete(ApiCall call) {
        call.requireRegion(region);
        store.delete(store.require(call.required("ContainerGroupId")), call.now());
        return Map.of();
    }

    Map<String, Object> update(ApiCall call) {
        call.requireRegion(region);
        SimGroup g = store.require(call.required("ContainerGroupId"));
        Set<String> volumeNames = new HashSet<>();
        for (FlatParams.Node v : g.spec.nodes("Volume")) {
            volumeNames.add(v.str("Name"));
        }
        Map<String, String> business = GroupStore.business(call.params());
        failOnFirst(EciValidation.validateUpdate(business, volumeNames));
        FlatParams.Node updated = FlatParams.tree(business);
        if (updated.nodes("Container").isEmpty()
                && updated.nodes("InitContainer").isEmpty()
                && updated.nodes("ImageRegistryCredential").isEmpty()) {
            throw new EciApiException(400, "NoNeedUpdate", "Nothing to update.");
        }
        g.advance(call.now());
        g.update(updated, call.now());
        return Map.of();
    }

    Map<String, Object> restart(ApiCall call) {
        call.requireRegion(region);
        SimGroup g = store.require(call.required("ContainerGroupId"));
        g.advance(call.now());
        g.restart(call.now());
        return Map.of();
    }

    private static void failOnFirst(List<EciValidation.Violation> problems) {
        if (!problems.isEmpty()) {
            EciValidation.Violation first = problems.get(0);
            throw new EciApiException(EciApiException.statusOf(first.code()), first.code(), first.message());
        }
    }
}
