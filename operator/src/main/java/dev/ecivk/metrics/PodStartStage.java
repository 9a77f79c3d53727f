package dev.ecivk.metrics;

import java.util.Locale;

/** The milestones of a Pod start, each measured from the moment the Pod was bound to the virtual node. */
public enum PodStartStage {
    /** The cloud accepted the container group (CreateContainerGroup returned an id). */
    CONTAINER_GROUP,
    /** The Pod was first observed Running. */
    RUNNING;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
