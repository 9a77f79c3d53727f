package dev.ecivk.events;

/** Every reason this project puts on an Event, a Pod status or a Condition. */
public enum EventReason {
    ProviderCreateSuccess(Type.Normal),
    ProviderCreateFailed(Type.Warning),
    ProviderUpdateSuccess(Type.Normal),
    ProviderUpdateFailed(Type.Warning),
    ProviderDeleteSuccess(Type.Normal),
    ProviderDeleteFailed(Type.Warning),
    ProviderFailed(Type.Warning),
    NotFound(Type.Warning),
    MandatoryConfigMapNotFound(Type.Warning),
    MandatorySecretNotFound(Type.Warning),
    OptionalConfigMapNotFound(Type.Warning),
    OptionalSecretNotFound(Type.Warning),
    MandatoryConfigMapKeyNotFound(Type.Warning),
    MandatorySecretKeyNotFound(Type.Warning),
    OptionalConfigMapKeyNotFound(Type.Warning),
    OptionalSecretKeyNotFound(Type.Warning),
    FailedToReadConfigMap(Type.Warning),
    FailedToReadSecret(Type.Warning),
    InvalidEnvironmentVariableNames(Type.Warning),
    UnsupportedPodSpec(Type.Warning),
    StartupProbeFolded(Type.Warning),
    DaemonSetPodRejected(Type.Warning),
    CapacityRetry(Type.Warning),
    VSwitchFailover(Type.Warning),
    Throttled(Type.Warning),
    OrphanCollected(Type.Normal),
    NodeRecreated(Type.Normal),
    ContainerGroupVanished(Type.Warning);

    /** Event type. */
    public enum Type {
        Normal,
        Warning
    }

    private final Type type;

    EventReason(Type type) {
        this.type = type;
    }

    public Type type() {
        return type;
    }
}
