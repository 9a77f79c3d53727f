package dev.ecivk.simulator;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * When each group's status last changed, newest last, so that {@code DescribeContainerGroupStatus} with {@code
 * SinceSecond} reads only the groups that changed in its window, however many the store holds. A change is any
 * transition of the lifecycle engine (status, phase, a container starting or ending, a readiness flip) and the
 * creation itself; it is stamped with the store's clock when the engine reports it.
 */
final class StatusChangeIndex {
    private record Mark(long sequence, Instant at) {}

    private final Clock clock;
    private final ConcurrentSkipListMap<Long, SimGroup> bySequence = new ConcurrentSkipListMap<>();
    private final Map<String, Mark> marks = new ConcurrentHashMap<>();
    private long sequence;

    StatusChangeIndex(Clock clock) {
        this.clock = clock;
    }

    /** The group's status changed now. Sequence and time are taken together, so newer entries are never older. */
    synchronized void changed(SimGroup g) {
        Mark old = marks.put(g.id, new Mark(++sequence, clock.instant()));
        if (old != null) {
            bySequence.remove(old.sequence());
        }
        bySequence.put(sequence, g);
    }

    synchronized void forget(SimGroup g) {
        Mark old = marks.remove(g.id);
        if (old != null) {
            bySequence.remove(old.sequence());
        }
    }

    synchronized void clear() {
        marks.clear();
        bySequence.clear();
    }

    /** When the group's status last changed, or null for a group the index does not know. */
    Instant changedAt(SimGroup g) {
        Mark m = marks.get(g.id);
        return m == null ? null : m.at();
    }

    /** The groups whose status changed at or after {@code since}, newest change first. */
    List<SimGroup> changedSince(Instant since) {
        List<SimGroup> out = new ArrayList<>();
        for (Map.Entry<Long, SimGroup> e : bySequence.descendingMap().entrySet()) {
            Mark m = marks.get(e.getValue().id);
            if (m == null || m.sequence() != e.getKey()) {
                continue; // changed again meanwhile: its newer entry counts
            }
            if (m.at().isBefore(since)) {
                break;
            }
            out.add(e.getValue());
        }
        return out;
    }
}
