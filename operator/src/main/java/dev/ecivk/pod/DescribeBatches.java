package dev.ecivk.pod;

import dev.ecivk.provider.Provider;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.provider.model.ListQuery;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Describes container groups by id, {@link ContainerGroupSource#BATCH} per call, each batch on its own: a throttled
 * batch keeps its Pods' previous state instead of failing the whole round.
 */
final class DescribeBatches {
    private static final Logger LOG = LoggerFactory.getLogger(DescribeBatches.class);

    private final Provider provider;
    private final GroupIndex index;

    DescribeBatches(Provider provider, GroupIndex index) {
        this.provider = provider;
        this.index = index;
    }

    /** Describes these groups into {@code fresh}; false when a batch failed. */
    boolean into(Map<String, ContainerGroupState> fresh, List<String> ids) {
        boolean complete = true;
        for (int from = 0; from < ids.size(); from += ContainerGroupSource.BATCH) {
            List<String> batch = ids.subList(from, Math.min(from + ContainerGroupSource.BATCH, ids.size()));
            try {
                provider.list(ListQuery.byIds(batch)).forEach(g -> index.put(fresh, g));
            } catch (ProviderException e) {
                complete = false;
                LOG.debug("Describing {} container groups failed: {}", batch.size(), e.code());
            }
        }
        return complete;
    }

    /**
     * Describes every group of {@code uidById} (Pod UID by group id) into {@code fresh}; a group the provider no
     * longer knows leaves it. False when a batch failed.
     */
    boolean refresh(Map<String, ContainerGroupState> fresh, Map<String, String> uidById) {
        List<String> ids = new ArrayList<>(uidById.keySet());
        boolean complete = true;
        for (int from = 0; from < ids.size(); from += ContainerGroupSource.BATCH) {
            List<String> batch = ids.subList(from, Math.min(from + ContainerGroupSource.BATCH, ids.size()));
            List<ContainerGroupState> found;
            try {
                found = provider.list(ListQuery.byIds(batch));
            } catch (ProviderException e) {
                complete = false;
                LOG.debug("Describing {} container groups failed: {}", batch.size(), e.code());
                continue;
            }
            Set<String> seen = new HashSet<>();
            for (ContainerGroupState g : found) {
                seen.add(g.id());
                index.put(fresh, g);
            }
            for (String id : batch) {
                if (!seen.contains(id)) {
                    String uid = uidById.get(id);
                    ContainerGroupState known = fresh.get(uid);
                    if (known != null && known.id().equals(id)) {
                        fresh.remove(uid); // the provider no longer knows it
                    }
                }
            }
        }
        return complete;
    }
}
