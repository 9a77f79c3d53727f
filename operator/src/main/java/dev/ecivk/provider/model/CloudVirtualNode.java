package dev.ecivk.provider.model;

import java.util.List;

/**
 * An ECI VirtualNode resource as DescribeVirtualNodes shows it.
 *
 * @param events one line per cloud event: {@code Type Reason: Message}
 */
public record CloudVirtualNode(String id, String name, String status, String intranetIp, List<String> events) {
    public CloudVirtualNode {
        events = events == null ? List.of() : List.copyOf(events);
    }
}
