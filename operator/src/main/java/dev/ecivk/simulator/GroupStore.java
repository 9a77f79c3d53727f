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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every container group the embedded ECI knows, in creation order, with ClientToken idempotency, placement into
 * zones and vSwitches (with stock), the account's vCPU quota, IP allocation, when each group's status last changed
 * and the retention rules of terminated groups.
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
    private final StatusChangeIndex changes;
    /** Groups that count against the vCPU quota (not terminated), and their vCPUs in thousandths. */
    private final Set<String> live = ConcurrentHashMap.newKeySet();

    private final AtomicLong liveMilliCpu = new AtomicLong();
    private volatile double maxCpu;
    private Instant nextRetention = Instant.EPOCH;

    GroupStore(SimulatorSettings settings) {
        this.settings = settings;
        this.restartBackOff = RestartBackOff.Policy.scaledTo(settings.restartBackoff());
        this.zoneStock = new ConcurrentHashMap<>(settings.zoneStock());
        this.changes = new StatusChangeIndex(settings.clock());
        this.maxCpu = settings.maxCpu();
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
        long milliCpu = milliCpu(group);
        if (liveMilliCpu.get() + milliCpu > Math.round(maxCpu * 1000)) {
            throw new EciApiException(
                    403,
                    "QuotaExceeded",
                    "vCPU quota exceeded. The account may run "
                            + java.math.BigDecimal.valueOf(maxCpu)
                                    .stripTrailingZeros()
                                    .toPlainString()
                            + " vCPUs in this region.");
        }
        bySequence.put(seq, group);
        byId.put(id, group);
        live.add(id);
        liveMilliCpu.addAndGet(milliCpu);
        group.onChange(() -> changed(group));
        changes.changed(group);
        if (token != null && !token.isEmpty()) {
            createTokens.put(token, new TokenEntry(id, request));
        }
        return new Created(id, false);
    }

    record Created(String id, boolean duplicate) {}

    /** The engine reports a change of {@code g}; runs under the group's lock. */
    private void changed(SimGroup g) {
        changes.changed(g);
        if (g.terminal()) {
            release(g);
        }
    }

    private void release(SimGroup g) {
        if (live.remove(g.id)) {
            liveMilliCpu.addAndGet(-milliCpu(g));
        }
    }

    private static long milliCpu(SimGroup g) {
        return Math.round(g.cpu() * 1000);
    }

    /** vCPUs of the groups that have not terminated. */
    double usedCpu() {
        return liveMilliCpu.get() / 1000.0;
    }

    double maxCpu() {
        return maxCpu;
    }

    /** Sets the account's regional vCPU quota (ListUsage {@code MaxCpu}); creates over it fail. */
    void setMaxCpu(double value) {
        this.maxCpu = value;
    }

    /** When the group's status last changed (creation included). */
    Instant statusChangedAt(SimGroup g) {
        return changes.changedAt(g);
    }

    /** Groups whose status changed at or after {@code since}, in creation order. */
    List<SimGroup> changedSince(Instant since) {
        List<SimGroup> out = changes.changedSince(since);
        out.sort(Comparator.comparingLong(g -> g.sequence));
        return out;
    }

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
        forget(g);
    }

    /** Groups in creation order. */
    List<SimGroup> all() {
        return new ArrayList<>(bySequence.values());
    }

    /**
     * Advances every live group and forgets terminated ones per ECI's retention rule (eci-api-newer.md §4): a group
     * that ended (Succeeded or Failed) stays fully visible for the terminal retention (1 h); after that only the
     * newest {@code retainedTerminalGroups} (100) ended groups of the region are kept.
     */
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
        List<SimGroup> ended = new ArrayList<>();
        for (SimGroup g : bySequence.values()) {
            if (g.terminal() && endedAt(g) != null) {
                ended.add(g);
            }
        }
        int keep = settings.retainedTerminalGroups();
        if (ended.size() <= keep) {
            return;
        }
        ended.sort(Comparator.comparing(GroupStore::endedAt)
                .thenComparingLong(g -> g.sequence)
                .reversed());
        for (SimGroup g : ended.subList(keep, ended.size())) {
            if (endedAt(g).plus(settings.terminalRetention()).isBefore(now)) {
                forget(g);
            }
        }
    }

    private static Instant endedAt(SimGroup g) {
        return g.succeededTime() != null ? g.succeededTime() : g.failedTime();
    }

    private synchronized void forget(SimGroup g) {
        byId.remove(g.id);
        bySequence.remove(g.sequence);
        changes.forget(g);
        release(g);
    }

    synchronized void reset() {
        bySequence.clear();
        byId.clear();
        createTokens.clear();
        ipCounters.clear();
        zoneStock.clear();
        zoneStock.putAll(settings.zoneStock());
        changes.clear();
        live.clear();
        liveMilliCpu.set(0);
        maxCpu = settings.maxCpu();
    }

    void setStock(String zone, Integer stock) {
        if (stock == null) {
            zoneStock.remove(zone);
        } else {
            zoneStock.put(zone, stock);
        }
    }

    /**
     * How much a zone has left, as DescribeAvailableResource classifies it: {@code WithStock} while unlimited or
     * more than a tenth of its stock is free, {@code ClosedWithStock} (weak supply) at a tenth or less, {@code
     * WithoutStock} when full.
     */
    String stockCategory(String zone) {
        Integer stock = zoneStock.get(zone);
        if (stock == null) {
            return "WithStock";
        }
        long free = stock - liveIn(zone);
        if (free <= 0) {
            return "WithoutStock";
        }
        return free * 10 <= stock ? "ClosedWithStock" : "WithStock";
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
