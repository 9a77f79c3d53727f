package dev.ecivk.translate;

/**
 * Every reason a translation {@link Warning} carries, in one place (virtual-kubelet's names where they exist). The
 * reconciler forwards each as a Warning Event with this reason.
 */
public enum WarningReason {
    /** More than 10 args with a command: appended to the command, same process. */
    ArgsFoldedIntoCommand,
    /** dnsPolicy ClusterFirst without a configured cluster DNS address: the VPC resolver is used. */
    ClusterDNSUnavailable,
    /** Nameservers or search domains beyond resolv.conf's limits were dropped (the kubelet's reason). */
    DNSConfigForming,
    /** No container declares cpu or memory: ECI's default size is used. */
    DefaultResources,
    /** An imagePullSecret does not exist; images are pulled without it (the kubelet's reason). */
    FailedToRetrieveImagePullSecret,
    /** A generic ephemeral volume became an emptyDir on the group's ephemeral storage. */
    EphemeralVolumeAsEmptyDir,
    /** nvidia.com/gpu without a GPU instance type in k8s.aliyun.com/eci-use-specs. */
    GpuWithoutInstanceType,
    /** hostPort has no meaning for a container group with its own IP. */
    HostPortIgnored,
    /** envFrom keys that are not valid ECI variable names were skipped (virtual-kubelet's reason). */
    InvalidEnvironmentVariableNames,
    /** An imagePullSecret of the wrong type, without valid JSON or without a login. */
    InvalidImagePullSecret,
    /** Labels that could not become tags (limit of 20, reserved or too long keys). */
    LabelsNotTagged,
    /** A lifecycle handler field ECI does not take (httpGet host or headers). */
    LifecycleFieldIgnored,
    /** A lifecycle sleep action became exec sleep. */
    LifecycleSleepAsExec,
    /** A probe field ECI does not take, or a value ECI forces (readiness successThreshold). */
    ProbeFieldIgnored,
    /** command/args refer to a variable only ECI knows at run time (the Pod IP). */
    RuntimeVariableNotExpanded,
    /** Service-link variables of some Services did not fit in 100 variables. */
    ServiceLinksTruncated,
    /** The startup probe became a delay of the liveness probe (or was dropped without one). */
    StartupProbeFolded,
    /** spec.subdomain has no effect inside the container group. */
    SubdomainNotApplied,
    /** Fields unknown to this controller's Kubernetes model. */
    UnknownField,
    /** A k8s.aliyun.com/eci-* annotation that is not implemented, or one that is inert as written. */
    UnsupportedAnnotation,
    /** A container field ECI does not take (stdin on init containers, recursiveReadOnly, stopSignal). */
    UnsupportedContainerField,
    /** A pod field ECI does not take (runtimeClassName, hostUsers, setHostnameAsFQDN, pod-level resources, …). */
    UnsupportedPodField,
    /** An extended resource with no ECI equivalent. */
    UnsupportedResource,
    /** Security-context fields ECI does not enforce. */
    UnsupportedSecurityContext,
    /** Several vSwitches were listed: the one used for this create is named. */
    VSwitchSelected
}
