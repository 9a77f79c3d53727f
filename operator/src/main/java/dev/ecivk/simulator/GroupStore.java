package dev.ecivk.simulator;

import dev.ecivk.kubelet.RestartBackOff;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every container group the embedded ECI knows, in creation order, with ClientToken idempotency, placement into
 * zones and vSwitches (with stock), IP allocation and the retention rules of terminated groups.
 */
final class GroupStore {
    /** Parameters that belong to the signature or the protocol, not to the request's meaning. */
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private record TokenEntry(String groupId, Map<String, String> params) {}

    private final SimulatorSettings settings;
    private final RestartBackOff.Policy restartBackOff;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong sequence = new AtomicLong();
    private final ConcurrentSkipListMap<Long, SimGroup> bySequence = new ConcurrentSkipListMap<>();
    private final Map<String, SimGroup> byId = new ConcurrentHashMap<>();
    private final Map<String, TokenEntry> createTokens = new ConcurrentHashMap<>();
    private final Map<String, Integer> ipCounters = new HashMap<>();
    private final Map<String, Integer> zoneStock;
    private Instant nextRetention = Instant.EPOCH;

    GroupStore(SimulatorSettings settings) {
        this.settings = settings;
        this.restartBackOff = RestartBackOff.Policy.scaledTo(settings.restartBackoff());
        this.zoneStock = new ConcurrentHashMap<>(settings.zoneStock());
    }

    /** The request without protocol parameters: what a ClientToken must repeat exactly. */
    static Map<String, String> business(Map<String, String> params) {
        return FlatParams.business(params);
    }

    /** The zone a create lands in, or the error ECI answers. */
    String placement(Map<String, String> request) {
        String vSwitch = request.get("VSwitchId");
        String zone = settings.vSwitchZones().getOrDefault(vSwitch, settings.defaultZone());
        String askedZone = request.get("ZoneId");
        if (askedZone != null && !askedZone.isEmpty() && !askedZone.equals(zone)) {
            throw new EciApiException(
                    403,
                    "OperationDenied.VswZoneMisMatch",
                    "The specified vSwitch " + vSwitch + " is not in zone " + askedZone + ".");
        }
        return zone;
    }

    /** CreateContainerGroup after validation; returns the group id and whether it already existed. */
    synchronized Created create(Map<String, String> params, Instant now) {
        Map<String, String> request = business(params);
        String token = request.get("ClientToken");
        if (token != null && !token.isEmpty()) {
            TokenEntry seen = createTokens.get(token);
            if (seen != null) {
                if (!seen.params().equals(request)) {
                    throw new EciApiException(
                            400,
                            "IdempotentParameterMismatch",
                            "The request uses the same client" + " token as a previous, but non-identical request.");
                }
                return new Created(seen.groupId(), true);
            }
        }
        String zone = placement(request);
        Integer stock = zoneStock.get(zone);
        if (stock != null && liveIn(zone) >= stock) {
            throw new EciApiException(
                    403,
                    "OperationDenied.NoStock",
                    "The resource is out of stock in the specified"
                            + " zone. Please try other types, or choose other regions and zones.");
        }
        String id = newId();
        long seq = sequence.incrementAndGet();
        SimGroup group = new SimGroup(
                id,
                seq,
                request,
                zone,
                request.get("VSwitchId"),
                nextIp(zone),
                now,
                settings.startDelay(),
                restartBackOff);
        bySequence.put(seq, group);
        byId.put(id, group);
        if (token != null && !token.isEmpty()) {
            createTokens.put(token, new TokenEntry(id, request));
        }
        return new Created(id, false);
    }

    record Created(String id, boolean duplicate) {}

    private long liveIn(String zone) {
        return bySequence.values().stream()
                .filter(g -> g.zoneId.equals(zone) && !g.terminal())
                .count();
    }

    SimGroup get(String id) {
        return byId.get(id);
    }

    /** A group by id, or ECI's 404. */
    SimGroup require(String id) {
        SimGroup g = id == null ? null : byId.get(id);
        if (g == null) {
            throw EciApiException.notFound("The specified container group " + id + " is not found.");
        }
        return g;
    }

    synchronized void delete(SimGroup g, Instant now) {
        g.kill(now);
        byId.remove(g.id);
        bySequence.remove(g.sequence);
    }

    /** Groups in creation order. */
    List<SimGroup> all() {
        return new ArrayList<>(bySequence.values());
    }

    /** Advances every live group and forgets terminated ones per the retention rules. */
    void tick(Instant now) {
        for (SimGroup g : bySequence.values()) {
            if (g.due(now)) {
                g.advance(now);
            }
        }
        if (now.isBefore(nextRetention)) {
            return;
        }
        nextRetention = now.plusMillis(200);
        List<SimGroup> succeeded = new ArrayList<>();
        for (SimGroup g : bySequence.values()) {
            if (g.terminal()) {
                if ("Succeeded".equals(g.status())) {
                    succeeded.add(g);
                } else if (g.failedTime() != null
                        && g.failedTime().plus(settings.failedRetention()).isBefore(now)) {
                    forget(g);
                }
            }
        }
        if (succeeded.size() > settings.succeededRetention()) {
            succeeded.sort(Comparator.comparing(SimGroup::succeededTime).thenComparing(g -> g.sequence));
            for (SimGroup g : succeeded.subList(0, succeeded.size() - settings.succeededRetention())) {
                forget(g);
            }
        }
    }

    private synchronized void forget(SimGroup g) {
        byId.remove(g.id);
        bySequence.remove(g.sequence);
    }

    synchronized void reset() {
        bySequence.clear();
        byId.clear();
        createTokens.clear();
        ipCounters.clear();
        zoneStock.clear();
        zoneStock.putAll(settings.zoneStock());
    }

    void setStock(String zone, Integer stock) {
        if (stock == null) {
            zoneStock.remove(zone);
        } else {
            zoneStock.put(zone, stock);
        }
    }

    Map<String, Object> stockSnapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String zone : new java.util.LinkedHashSet<>(settings.vSwitchZones().values())) {
            out.put(zone, Map.of("stock", zoneStock.getOrDefault(zone, -1), "live", liveIn(zone)));
        }
        return out;
    }

    private String newId() {
        StringBuilder sb = new StringBuilder("eci-");
        for (int i = 0; i < 20; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    private String nextIp(String zone) {
        List<String> zones = new ArrayList<>(
                new java.util.LinkedHashSet<>(settings.vSwitchZones().values()));
        int zoneIndex = Math.max(0, zones.indexOf(zone)) + 1;
        int n = ipCounters.merge(zone, 1, Integer::sum);
        return "10." + zoneIndex + "." + ((n / 250) % 250) + "." + (n % 250 + 2);
    }
}
