package dev.ecivk.events;

/**
 * Every reason the controller puts on an Event (and on a Pod's status reason or a Condition), CamelCase, reusing
 * virtual-kubelet's names so existing tooling and runbooks recognise them.
 */
public enum EventReason {
    // Provider lifecycle (virtual-kubelet core names).
    ProviderCreateSuccess(Type.NORMAL),
    ProviderCreateFailed(Type.WARNING),
    ProviderUpdateSuccess(Type.NORMAL),
    ProviderUpdateFailed(Type.WARNING),
    ProviderDeleteSuccess(Type.NORMAL),
    ProviderDeleteFailed(Type.WARNING),
    /** Also a Pod status reason: the provider failed the Pod. */
    ProviderFailed(Type.WARNING),
    /** Also a Pod status reason: the container group no longer exists at the provider. */
    NotFound(Type.WARNING),

    // Reference resolution (virtual-kubelet core names).
    MandatoryConfigMapNotFound(Type.WARNING),
    MandatorySecretNotFound(Type.WARNING),
    OptionalConfigMapNotFound(Type.WARNING),
    OptionalSecretNotFound(Type.WARNING),
    MandatoryConfigMapKeyNotFound(Type.WARNING),
    MandatorySecretKeyNotFound(Type.WARNING),
    OptionalConfigMapKeyNotFound(Type.WARNING),
    OptionalSecretKeyNotFound(Type.WARNING),
    FailedToReadConfigMap(Type.WARNING),
    FailedToReadSecret(Type.WARNING),
    InvalidEnvironmentVariableNames(Type.WARNING),

    // Our own.
    /** The Pod asks for something ECI cannot run; the message names the field. */
    UnsupportedPodSpec(Type.WARNING),
    /** A startup probe was folded into the liveness probe's initial delay (ECI has no startup probe). */
    StartupProbeFolded(Type.WARNING),
    /** DaemonSet Pods cannot run on a virtual node. */
    DaemonSetPodRejected(Type.WARNING),
    /** No stock or IPs where asked; the create will be retried. */
    CapacityRetry(Type.WARNING),
    /** The create moved on to the next vSwitch (zone) after a capacity failure. */
    VSwitchFailover(Type.NORMAL),
    /** The cloud throttled a call for this object; it will be retried. */
    Throttled(Type.WARNING),
    /** A container group without a Pod was deleted (on the Node object). */
    OrphanCollected(Type.NORMAL),
    /** The virtual Node object was deleted by someone else and registered again. */
    NodeRecreated(Type.WARNING),
    /** The container group disappeared at the provider while its Pod still ran. */
    // translation warnings (translate.WarningReason) and reference resolution
    ArgsFoldedIntoCommand(Type.WARNING),
    ClusterDNSUnavailable(Type.WARNING),
    DNSConfigForming(Type.WARNING),
    DefaultResources(Type.WARNING),
    FailedToRetrieveImagePullSecret(Type.WARNING),
    EphemeralVolumeAsEmptyDir(Type.WARNING),
    GpuWithoutInstanceType(Type.WARNING),
    HostPortIgnored(Type.WARNING),
    InvalidImagePullSecret(Type.WARNING),
    LabelsNotTagged(Type.WARNING),
    LifecycleFieldIgnored(Type.WARNING),
    LifecycleSleepAsExec(Type.WARNING),
    ProbeFieldIgnored(Type.WARNING),
    RuntimeVariableNotExpanded(Type.WARNING),
    ServiceLinksTruncated(Type.WARNING),
    SubdomainNotApplied(Type.WARNING),
    UnknownField(Type.WARNING),
    UnsupportedAnnotation(Type.WARNING),
    UnsupportedContainerField(Type.WARNING),
    UnsupportedPodField(Type.WARNING),
    UnsupportedResource(Type.WARNING),
    UnsupportedSecurityContext(Type.WARNING),
    FailedToRequestServiceAccountToken(Type.WARNING),
    MandatoryServiceAccountNotFound(Type.WARNING),
    FailedToListServices(Type.WARNING),
    VSwitchSelected(Type.NORMAL),
    ContainerGroupVanished(Type.WARNING),
    /** A Pod names an ImageCache that does not exist or is not Ready; the Pod waits. */
    ImageCacheNotReady(Type.WARNING),
    /** A VirtualNode or ImageCache spec the controller rejects; the message names the field. */
    InvalidSpec(Type.WARNING),
    /** A VirtualNode's Node is registered and served. */
    VirtualNodeStarted(Type.NORMAL),
    /** A VirtualNode was deleted: its Pods, then its Node were deleted. */
    VirtualNodeStopped(Type.NORMAL),
    /** CreateImageCache was called for an ImageCache. */
    ImageCacheCreating(Type.NORMAL),
    /** The image cache is Ready. */
    ImageCacheReady(Type.NORMAL),
    /** The cloud failed to build the image cache. */
    ImageCacheFailed(Type.WARNING),
    /** The cloud image cache was deleted with its ImageCache. */
    ImageCacheDeleted(Type.NORMAL),
    /** Also a Pod status reason: the cloud took the Pod's spot instance back; its controller replaces the Pod. */
    SpotReclaimed(Type.WARNING),
    /** What a Pod's container group costs, when it starts (on the Pod). */
    ContainerGroupPriced(Type.NORMAL),
    /** The account's free vCPUs fell under the warning share of its quota (on the Node). */
    QuotaHeadroomLow(Type.WARNING);

    /** The Event type. */
    public enum Type {
        NORMAL("Normal"),
        WARNING("Warning");

        private final String value;

        Type(String value) {
            this.value = value;
        }

        /** The value of {@code Event.type}. */
        public String value() {
            return value;
        }
    }

    private final Type type;

    EventReason(Type type) {
        this.type = type;
    }

    public Type type() {
        return type;
    }
}
