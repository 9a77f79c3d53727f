package dev.ecivk.simulator.ecs;

import dev.ecivk.simulator.EciApiException;
import dev.ecivk.simulator.SimCounters;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The embedded ECS's instances, in creation order, with what RunInstances must check before it creates: the
 * ClientToken (same token and parameters: the same instances; other parameters: {@code
 * IdempotentParameterMismatch}), the account's instance quota, the zone's offer and stock, and the vSwitch's free
 * addresses. A token is remembered only when its call succeeded, so a retry after {@code NoStock} may ask for
 * another type.
 */
final class EcsInstanceStore {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private record TokenEntry(Map<String, String> params, List<String> instanceIds) {}

    /** What a RunInstances produced and whether a ClientToken made it a repeat. */
    record Run(List<String> instanceIds, boolean repeated) {}

    private final EcsSimulatorSettings settings;
    private final SimCounters counters;
    private final Map<String, EcsInstance> instances = new LinkedHashMap<>();
    private final Map<String, TokenEntry> tokens = new HashMap<>();
    /** Capacity per zone ({@code zone}) or per zone and type ({@code zone/type}); absent = unlimited. */
    private final Map<String, Integer> stock = new TreeMap<>();

    private final Map<String, Deque<Integer>> freeAddresses = new HashMap<>();
    private final Map<String, Integer> nextAddress = new HashMap<>();

    EcsInstanceStore(EcsSimulatorSettings settings, SimCounters counters) {
        this.settings = settings;
        this.counters = counters;
    }

    /**
     * Creates {@code launches} (already validated), or returns the instances of an earlier call with the same
     * ClientToken and parameters.
     */
    synchronized Run run(Map<String, String> business, List<EcsInstance.Launch> launches, Instant now) {
        String token = business.get("ClientToken");
        if (token != null && !token.isEmpty()) {
            TokenEntry seen = tokens.get(token);
            if (seen != null) {
                if (!seen.params().equals(business)) {
                    throw new EciApiException(
                            400,
                            "IdempotentParameterMismatch",
                            "The specified parameter has changed while using an already used clientToken.");
                }
                counters.duplicateCreatePrevented();
                return new Run(seen.instanceIds(), true);
            }
        }
        int live = instances.size();
        if (live + launches.size() > settings.instanceQuota()) {
            throw new EciApiException(
                    403,
                    "QuotaExceed.ElasticQuota",
                    "The number of instances exceeds the quota of " + settings.instanceQuota() + ".");
        }
        EcsInstance.Launch first = launches.get(0);
        checkStock(first.zoneId(), first.type(), launches.size());
        List<String> ids = new ArrayList<>();
        for (EcsInstance.Launch launch : launches) {
            String id = newId();
            instances.put(id, new EcsInstance(settings, launch, id, allocateAddress(launch.vSwitchId()), now));
            counters.created();
            ids.add(id);
        }
        if (token != null && !token.isEmpty()) {
            tokens.put(token, new TokenEntry(business, List.copyOf(ids)));
        }
        return new Run(List.copyOf(ids), false);
    }

    /** The zone must offer the type and hold {@code count} more of it. */
    synchronized void checkStock(String zoneId, InstanceTypeCatalogue.Type type, int count) {
        if (!type.offeredIn(zoneId)) {
            throw new EciApiException(
                    403,
                    "InvalidInstanceType.ZoneNotSupported",
                    "The specified zone does not support the specified instance type " + type.id() + ".");
        }
        if (stockLeft(zoneId, type) < count) {
            throw new EciApiException(
                    403,
                    "OperationDenied.NoStock",
                    "The requested resource is sold out in the specified zone; try other types of resources or other"
                            + " regions and zones.");
        }
    }

    /** How many more instances of {@code type} the zone holds ({@link Integer#MAX_VALUE}: unlimited). */
    synchronized int stockLeft(String zoneId, InstanceTypeCatalogue.Type type) {
        int left = Integer.MAX_VALUE;
        Integer zoneCap = stock.get(zoneId);
        if (zoneCap != null) {
            left = Math.max(
                    0,
                    zoneCap
                            - (int) instances.values().stream()
                                    .filter(i -> i.zoneId.equals(zoneId))
                                    .count());
        }
        Integer typeCap = stock.get(zoneId + "/" + type.id());
        if (typeCap != null) {
            left = Math.min(
                    left,
                    Math.max(
                            0,
                            typeCap
                                    - (int) instances.values().stream()
                                            .filter(i -> i.zoneId.equals(zoneId) && i.type == type)
                                            .count()));
        }
        return left;
    }

    /** Sets how many instances a zone (or one type in it, when {@code instanceType} is given) holds; null: unlimited. */
    synchronized void setStock(String zoneId, String instanceType, Integer capacity) {
        String key = instanceType == null || instanceType.isEmpty() ? zoneId : zoneId + "/" + instanceType;
        if (capacity == null) {
            stock.remove(key);
        } else {
            stock.put(key, capacity);
        }
    }

    synchronized Map<String, Integer> stock() {
        return new TreeMap<>(stock);
    }

    /** One instance, advanced to {@code now}; null when unknown or released. */
    EcsInstance get(String id, Instant now) {
        EcsInstance i;
        synchronized (this) {
            i = instances.get(id);
        }
        if (i != null) {
            i.advance(now);
        }
        return i;
    }

    /** The instances with these ids that exist, in creation order, advanced to {@code now}. */
    List<EcsInstance> get(List<String> ids, Instant now) {
        Set<String> wanted = new HashSet<>(ids);
        List<EcsInstance> out = new ArrayList<>();
        synchronized (this) {
            if (wanted.size() * 4 < instances.size()) {
                for (String id : wanted) {
                    EcsInstance i = instances.get(id);
                    if (i != null) {
                        out.add(i);
                    }
                }
                out.sort(Comparator.comparing((EcsInstance i) -> i.creationTime).thenComparing(i -> i.id));
            } else {
                instances.values().stream().filter(i -> wanted.contains(i.id)).forEach(out::add);
            }
        }
        out.forEach(i -> i.advance(now));
        return out;
    }

    /** Every instance, in creation order, advanced to {@code now}. */
    List<EcsInstance> all(Instant now) {
        List<EcsInstance> out;
        synchronized (this) {
            out = new ArrayList<>(instances.values());
        }
        out.forEach(i -> i.advance(now));
        return out;
    }

    /** Releases an instance; false when it was unknown. */
    boolean release(String id) {
        EcsInstance i;
        synchronized (this) {
            i = instances.remove(id);
            if (i == null) {
                return false;
            }
            String network = settings.vSwitches().get(i.vSwitchId).network();
            freeAddresses.computeIfAbsent(i.vSwitchId, k -> new ArrayDeque<>()).add(hostPart(network, i.privateIp));
        }
        i.release();
        return true;
    }

    void tick(Instant now) {
        all(now);
    }

    /** Releases every instance and forgets tokens and stock. */
    void reset() {
        List<EcsInstance> released;
        synchronized (this) {
            released = new ArrayList<>(instances.values());
            instances.clear();
            tokens.clear();
            stock.clear();
            freeAddresses.clear();
            nextAddress.clear();
        }
        released.forEach(EcsInstance::release);
    }

    private String allocateAddress(String vSwitchId) {
        String network = settings.vSwitches().get(vSwitchId).network();
        Deque<Integer> free = freeAddresses.get(vSwitchId);
        int host;
        if (free != null && !free.isEmpty()) {
            host = free.poll();
        } else {
            host = nextAddress.getOrDefault(vSwitchId, 2);
            if (host > 65_534 - 1) {
                throw new EciApiException(
                        403,
                        "QuotaExceeded.PrivateIpAddress",
                        "The vSwitch " + vSwitchId + " has no free private IP address.");
            }
            nextAddress.put(vSwitchId, host + 1);
        }
        return network + "." + (host / 256) + "." + (host % 256);
    }

    private static int hostPart(String network, String ip) {
        String[] octets = ip.substring(network.length() + 1).split("\\.");
        return Integer.parseInt(octets[0]) * 256 + Integer.parseInt(octets[1]);
    }

    private String newId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        while (true) {
            StringBuilder sb = new StringBuilder("i-");
            for (int i = 0; i < 20; i++) {
                sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
            }
            String id = sb.toString();
            if (!instances.containsKey(id)) {
                return id;
            }
        }
    }
}
