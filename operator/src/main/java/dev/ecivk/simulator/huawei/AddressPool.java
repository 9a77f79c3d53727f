package dev.ecivk.simulator.huawei;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Private addresses of each subnet (a /16 per subnet): handed out in order, reused after release. */
final class AddressPool {
    private static final int SIZE = 254 * 256 - 1;

    private final Map<String, String> prefixes;
    private final Map<String, Integer> next = new HashMap<>();
    private final Map<String, Deque<String>> released = new HashMap<>();
    private final Set<String> used = new HashSet<>();

    AddressPool(Map<String, String> prefixes) {
        this.prefixes = prefixes;
    }

    /** A free address of {@code subnet} ({@code wanted} if given and free); null when the subnet is full. */
    String take(String subnet, String wanted) {
        if (wanted != null) {
            return used.add(wanted) ? wanted : null;
        }
        Deque<String> free = released.get(subnet);
        while (free != null && !free.isEmpty()) {
            String ip = free.poll();
            if (used.add(ip)) {
                return ip;
            }
        }
        int n = next.getOrDefault(subnet, 0);
        while (n < SIZE) {
            String ip = prefixes.get(subnet) + "." + (n / 254) + "." + (n % 254 + 2);
            n++;
            if (used.add(ip)) {
                next.put(subnet, n);
                return ip;
            }
        }
        next.put(subnet, n);
        return null;
    }

    void release(String subnet, String ip) {
        if (ip != null && used.remove(ip)) {
            released.computeIfAbsent(subnet, k -> new ArrayDeque<>()).add(ip);
        }
    }

    void reset() {
        next.clear();
        released.clear();
        used.clear();
    }
}
