package dev.ecivk.provider.eci;

import dev.ecivk.provider.EventFeed;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.StatusFeed;
import dev.ecivk.provider.model.ContainerGroupState.ContainerState;
import dev.ecivk.provider.model.EventBatch;
import dev.ecivk.provider.model.EventQuery;
import dev.ecivk.provider.model.GroupEvents;
import dev.ecivk.provider.model.GroupStatus;
import dev.ecivk.provider.model.StatusPage;
import dev.ecivk.provider.model.StatusQuery;
import java.util.ArrayList;
import java.util.List;

/**
 * The status and event feeds on ECI's DescribeContainerGroupStatus and DescribeContainerGroupEvents: requests from
 * {@link EciQueries}, answers read into {@link StatusResponse}/{@link EventsResponse} and mapped to the provider
 * model.
 */
final class EciFeeds implements StatusFeed, EventFeed {
    static final String STATUS = "DescribeContainerGroupStatus";
    static final String EVENTS = "DescribeContainerGroupEvents";
    /** Where ECI's platform events come from; everything else is the instance's kubelet. */
    static final String PLATFORM_COMPONENT = "EciService";

    private final EciCaller eci;

    EciFeeds(EciCaller eci) {
        this.eci = eci;
    }

    @Override
    public StatusPage statuses(StatusQuery query, String pageToken) throws ProviderException {
        StatusResponse r = EciJson.read(
                eci.call(STATUS, EciQueries.status(eci.regionId(), query, pageToken), false),
                StatusResponse.class,
                STATUS);
        List<GroupStatus> groups = new ArrayList<>();
        for (StatusResponse.Entry e : EciJson.list(r.data())) {
            groups.add(status(e));
        }
        return new StatusPage(groups, r.nextToken(), r.totalCount() == null ? groups.size() : r.totalCount());
    }

    static GroupStatus status(StatusResponse.Entry e) {
        StatusResponse.PodStatus p = e.podStatus() == null
                ? new StatusResponse.PodStatus(null, null, null, null, null, null, null)
                : e.podStatus();
        List<GroupStatus.Condition> conditions = new ArrayList<>();
        for (StatusResponse.Condition c : EciJson.list(p.conditions())) {
            conditions.add(new GroupStatus.Condition(
                    c.type(), c.status(), EciResponses.time(c.lastTransitionTime()), c.reason(), c.message()));
        }
        List<GroupStatus.ContainerStatus> containers = new ArrayList<>();
        for (StatusResponse.ContainerStatus c : EciJson.list(p.containerStatuses())) {
            containers.add(new GroupStatus.ContainerStatus(
                    c.name(),
                    c.image(),
                    c.imageId(),
                    Boolean.TRUE.equals(c.ready()),
                    Boolean.TRUE.equals(c.started()),
                    c.restartCount() == null ? 0 : c.restartCount(),
                    state(c.state()),
                    state(c.lastState()),
                    containerId(c)));
        }
        return GroupStatus.builder()
                .containerGroupId(e.containerGroupId())
                .name(e.name())
                .status(e.status())
                .phase(p.phase())
                .podIp(p.podIp())
                .hostIp(p.hostIp())
                .startTime(EciResponses.time(p.startTime()))
                .qosClass(p.qosClass())
                .conditions(conditions)
                .containers(containers)
                .build();
    }

    /** The state in the model's terms; null when the answer has none (no previous run). */
    static ContainerState state(StatusResponse.State s) {
        if (s == null) {
            return null;
        }
        if (s.terminated() != null) {
            StatusResponse.Terminated t = s.terminated();
            return new ContainerState(
                    ContainerState.TERMINATED,
                    null,
                    t.reason(),
                    t.message(),
                    t.exitCode(),
                    t.signal(),
                    EciResponses.time(t.startedAt()),
                    EciResponses.time(t.finishedAt()));
        }
        if (s.running() != null) {
            return new ContainerState(
                    ContainerState.RUNNING,
                    null,
                    null,
                    null,
                    null,
                    null,
                    EciResponses.time(s.running().startedAt()),
                    null);
        }
        if (s.waiting() != null) {
            return new ContainerState(
                    ContainerState.WAITING,
                    null,
                    s.waiting().reason(),
                    s.waiting().message(),
                    null,
                    null,
                    null,
                    null);
        }
        return null;
    }

    private static String containerId(StatusResponse.ContainerStatus c) {
        for (StatusResponse.State s : new StatusResponse.State[] {c.state(), c.lastState()}) {
            if (s != null && s.terminated() != null && s.terminated().containerId() != null) {
                return s.terminated().containerId();
            }
        }
        return null;
    }

    @Override
    public EventBatch events(EventQuery query) throws ProviderException {
        EventsResponse r = EciJson.read(
                eci.call(EVENTS, EciQueries.events(eci.regionId(), query), false), EventsResponse.class, EVENTS);
        List<GroupEvents> groups = new ArrayList<>();
        int count = 0;
        for (EventsResponse.Entry e : EciJson.list(r.data())) {
            List<GroupEvents.Event> events = new ArrayList<>();
            for (EventsResponse.Event ev : EciJson.list(e.events())) {
                events.add(event(e, ev));
            }
            count += events.size();
            groups.add(new GroupEvents(e.containerGroupId(), e.name(), events));
        }
        return new EventBatch(groups, count, groups.size() >= EciQueries.limit(query.maxGroups()));
    }

    private static GroupEvents.Event event(EventsResponse.Entry group, EventsResponse.Event e) {
        String component = e.source() == null ? null : e.source().component();
        String key = e.metadata() == null ? null : e.metadata().name();
        if (key == null || key.isEmpty()) {
            // ECI names every event; should one come without, key it on what identifies it
            key = group.containerGroupId() + "." + e.type() + "." + e.reason() + "." + e.firstTimestamp();
        }
        return new GroupEvents.Event(
                key,
                e.type(),
                e.reason(),
                e.message(),
                e.count() == null ? 1 : e.count(),
                EciResponses.time(e.firstTimestamp()),
                EciResponses.time(e.lastTimestamp()),
                PLATFORM_COMPONENT.equals(component)
                        ? EventQuery.EventSource.PLATFORM
                        : EventQuery.EventSource.CONTAINER,
                component);
    }
}
