package dev.ecivk.simulator;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The ECI actions the embedded ECI speaks, as a dispatch table from action name to handler: flattened parameters
 * in, a JSON-ready answer out (without {@code RequestId}). An unknown action answers ECI's {@code
 * InvalidAction.NotFound}; actions ECI serves over POST only refuse other methods.
 */
final class EciApi {
    /** Actions that answer only POST (eci-api-newer.md §2). */
    static final Set<String> POST_ONLY = Set.of("DescribeContainerGroupStatus", "DescribeContainerGroupEvents");

    private final SimulatorSettings settings;
    private final ContainerActions containers;
    private final UsageAction usage;
    private final Map<String, ActionHandler> handlers;

    EciApi(SimulatorSettings settings, GroupStore store, SimCounters counters, ExecSessions execSessions) {
        String region = settings.region();
        this.settings = settings;
        GroupLifecycleActions lifecycle = new GroupLifecycleActions(region, store, counters);
        MetricActions metrics = new MetricActions(region, store);
        ImageCacheActions imageCaches = new ImageCacheActions(settings);
        RegionActions regions = new RegionActions(settings);
        this.containers = new ContainerActions(region, store, execSessions);
        this.usage = new UsageAction(store, imageCaches::count);
        this.handlers = Map.ofEntries(
                Map.entry("CreateContainerGroup", lifecycle::create),
                Map.entry("DeleteContainerGroup", lifecycle::delete),
                Map.entry("UpdateContainerGroup", lifecycle::update),
                Map.entry("RestartContainerGroup", lifecycle::restart),
                Map.entry("DescribeContainerGroups", new DescribeGroupsAction(region, store)),
                Map.entry("DescribeContainerGroupStatus", new DescribeStatusAction(region, store)),
                Map.entry("DescribeContainerGroupEvents", new DescribeEventsAction(region, store)),
                Map.entry("DescribeContainerLog", containers::logs),
                Map.entry("ExecContainerCommand", containers::exec),
                Map.entry("DescribeContainerGroupMetric", metrics::metric),
                Map.entry("DescribeMultiContainerGroupMetric", metrics::multiMetric),
                Map.entry("CreateImageCache", imageCaches::create),
                Map.entry("DescribeImageCaches", imageCaches::describe),
                Map.entry("DeleteImageCache", imageCaches::delete),
                Map.entry("DescribeRegions", regions::regions),
                Map.entry("DescribeVirtualNodes", regions::virtualNodes),
                Map.entry("DescribeAvailableResource", new AvailableResourceAction(settings, store)),
                Map.entry("DescribeContainerGroupPrice", new PriceAction(settings)),
                Map.entry("ListUsage", usage));
    }

    /** The actions answered, for documentation and tests. */
    Set<String> actions() {
        return handlers.keySet();
    }

    /** ListUsage's attributes, for the admin API. */
    Map<String, Object> usage() {
        return usage.attributes();
    }

    /** host:port the exec URIs name, known once the server is bound. */
    void publicEndpoint(String endpoint) {
        containers.publicEndpoint(endpoint);
    }

    Map<String, Object> handle(String action, String method, Map<String, String> params) {
        ActionHandler handler = handlers.get(action);
        if (handler == null) {
            throw new EciApiException(
                    404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.");
        }
        if (POST_ONLY.contains(action) && !"POST".equals(method)) {
            throw new EciApiException(
                    403, "UnsupportedHTTPMethod", "The action " + action + " accepts POST requests only.");
        }
        Instant now = settings.clock().instant();
        return handler.handle(new ApiCall(action, method, params, now));
    }
}
