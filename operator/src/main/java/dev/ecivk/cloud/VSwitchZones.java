package dev.ecivk.cloud;

import dev.ecivk.provider.model.ContainerGroupState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The zone of each vSwitch, which ECI's API does not answer for a vSwitch alone: the configured ones, and those the
 * cloud reports for the node's own groups (each group names its vSwitch and zone), learned as they appear.
 */
public final class VSwitchZones {
    /** A vSwitch nobody named is looked for in the node's groups at most this often. */
    static final Duration LEARN_EVERY = Duration.ofSeconds(10);

    private final Map<String, String> known = new ConcurrentHashMap<>();
    private final Supplier<? extends Collection<ContainerGroupState>> groups;
    private final Clock clock;
    private volatile Instant nextLearning = Instant.EPOCH;

    /**
     * @param configured vSwitch → zone as the operator gave it
     * @param groups the node's groups as last described, to learn from
     */
    public VSwitchZones(
            Map<String, String> configured, Supplier<? extends Collection<ContainerGroupState>> groups, Clock clock) {
        this.known.putAll(configured);
        this.groups = groups;
        this.clock = clock;
    }

    /** The zone of {@code vSwitch}, when configured or seen on a group. */
    public Optional<String> zoneOf(String vSwitch) {
        String zone = known.get(vSwitch);
        if (zone == null) {
            learn();
            zone = known.get(vSwitch);
        }
        return Optional.ofNullable(zone);
    }

    /** The zones known so far (for metrics registered at zero). */
    public Collection<String> zones() {
        return known.values().stream().distinct().toList();
    }

    private void learn() {
        Instant now = clock.instant();
        if (now.isBefore(nextLearning)) {
            return;
        }
        nextLearning = now.plus(LEARN_EVERY);
        for (ContainerGroupState g : groups.get()) {
            if (g.vSwitchId() != null
                    && !g.vSwitchId().isEmpty()
                    && g.zoneId() != null
                    && !g.zoneId().isEmpty()
                    && !g.vSwitchId().contains(",")) {
                known.putIfAbsent(g.vSwitchId(), g.zoneId());
            }
        }
    }
}
