package dev.ecivk.provider;

import dev.ecivk.provider.model.GroupStatus;
import dev.ecivk.provider.model.StatusPage;
import dev.ecivk.provider.model.StatusQuery;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Container-group status in proportion to change: the groups whose status changed in the last N seconds, a page at
 * a time (ECI's DescribeContainerGroupStatus).
 *
 * <p><b>Cost.</b> One call per page of up to 200 groups; ECI allows 10,000 calls a minute for it (five times
 * DescribeContainerGroups' 2,000, ten times its page size). A poll every T seconds with a window of a minute costs
 * ⌈changes in the last minute / 200⌉ calls: in steady state one call per poll, however many groups run. A full sweep
 * ({@link StatusQuery#all}) costs ⌈N / 200⌉ calls.
 *
 * <p><b>Window semantics.</b> A window covers the groups whose status was updated at most that long before the
 * call: any change of the group's status, a container starting, ending or restarting, or a readiness flip. ECI's
 * windows are 60 s to 1 h (a shorter one is widened to 60 s, a longer one refused with {@link
 * IllegalArgumentException}); filters take at most 20 ids and 10 tags. Poll with a window of at least the poll
 * interval plus a margin, so consecutive windows overlap, and apply what comes back idempotently (compare with what
 * was last applied). What the window does not promise:
 *
 * <ul>
 *   <li>A deleted group is not reported as changed: it just stops appearing.
 *   <li>A terminated group stays visible for an hour, then only the region's newest 100 terminated groups are kept.
 *   <li>After a gap longer than the window (a restart, an outage over an hour), a change may have been missed.
 * </ul>
 *
 * So sweep every group at start, after any gap longer than the window, and at a slow cadence (minutes) to catch
 * deletions; poll the window in between.
 *
 * <p>Each group carries a Kubernetes-shaped status (phase, Pod conditions, one state per container), not the tags,
 * events or init-container states {@link Provider#list} returns. Failures are classified as everywhere; a page
 * failing fails the whole walk in {@link #allStatuses}.
 */
public interface StatusFeed {

    /**
     * One page of groups matching {@code query}, in creation order.
     *
     * @param pageToken null for the first page, else {@link StatusPage#nextPageToken()} of the previous page
     */
    StatusPage statuses(StatusQuery query, String pageToken) throws ProviderException;

    /**
     * Every page of {@code query}, walked to the end. Never a partial answer: a failure on any page fails the whole
     * walk, and an endpoint that repeats a page token fails it as {@link FailureClass#TRANSIENT}.
     */
    default List<GroupStatus> allStatuses(StatusQuery query) throws ProviderException {
        List<GroupStatus> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String token = null;
        do {
            StatusPage page = statuses(query, token);
            out.addAll(page.groups());
            token = page.nextPageToken();
            if (token != null && !seen.add(token)) {
                throw new ProviderException(
                        FailureClass.TRANSIENT,
                        "InvalidResponse",
                        "StatusFeed",
                        "the endpoint repeated a page token after " + seen.size() + " pages");
            }
        } while (token != null);
        return out;
    }
}
