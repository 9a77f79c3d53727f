package dev.ecivk.simulator;

import dev.ecivk.eci.contract.EciLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulated group's events as ECI keeps them: a repeat of the same event bumps its count and last time, and only
 * the newest {@link EciLimits#MAX_EVENTS_PER_GROUP} are kept. Not thread-safe: its {@link SimGroup} guards it.
 */
final class GroupEventLog {

    /** An event with ECI's fields; repeated events are counted. */
    static final class Event {
        final String type;
        final String reason;
        final String message;
        final String name;
        final Instant first;
        Instant last;
        int count = 1;

        Event(String type, String reason, String message, String name, Instant at) {
            this.type = type;
            this.reason = reason;
            this.message = message;
            this.name = name;
            this.first = at;
            this.last = at;
        }
    }

    static final int MAX_EVENTS = EciLimits.MAX_EVENTS_PER_GROUP;

    private final List<Event> events = new ArrayList<>();

    void record(String type, String reason, String message, String objectName, Instant at) {
        for (Event e : events) {
            if (e.type.equals(type)
                    && e.reason.equals(reason)
                    && e.name.equals(objectName)
                    && e.message.equals(message)) {
                e.count++;
                e.last = at;
                return;
            }
        }
        events.add(new Event(type, reason, message, objectName, at));
        if (events.size() > MAX_EVENTS) {
            events.remove(0);
        }
    }

    List<Event> snapshot() {
        return List.copyOf(events);
    }
}
