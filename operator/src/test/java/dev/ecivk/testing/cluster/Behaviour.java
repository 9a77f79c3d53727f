package dev.ecivk.testing.cluster;

/**
 * What the fixture does that the fabric8 mock does not, one switch each; a {@link RealisticCluster} has all of them
 * unless a test turns some off.
 */
public enum Behaviour {
    /**
     * The status subresource splits writes: PUT/PATCH of {@code /status} changes only {@code .status}, a write of the
     * main resource never changes it, and a stale resourceVersion is a 409 on both (the mock accepts a stale PUT of
     * {@code /status} and lets the main resource change the status of Pods and Nodes). Off: the mock's leniency.
     */
    STATUS_SUBRESOURCE,
    /**
     * A Pod's spec is immutable on update but for the fields the apiserver allows (images, activeDeadlineSeconds,
     * added tolerations...): 422 otherwise, and {@code spec.nodeName} is set only through the binding subresource.
     */
    POD_UPDATE_VALIDATION,
    /** Strategic merge patch for Pods and Nodes with Kubernetes' merge keys and directives (off: 415, as the mock). */
    STRATEGIC_MERGE_PATCH,
    /** The TTL controller annotates every new Node with {@code node.alpha.kubernetes.io/ttl: "0"}. */
    NODE_TTL_ANNOTATION,
    /**
     * The node lifecycle controller: conditions to Unknown and {@code unreachable} taints when the Node's Lease is not
     * renewed within the grace period, {@code not-ready} taints while Ready is False, none when it is True.
     */
    NODE_LIFECYCLE,
    /** A node-problem-detector writes its own condition ({@code KernelDeadlock=False}) that a kubelet must keep. */
    NODE_PROBLEM_DETECTOR,
    /**
     * Another controller adds a label, an annotation, an owner reference and a readiness-gate style condition to each
     * Pod shortly after it is bound, so a component that writes back a whole Pod it read earlier is caught.
     */
    FOREIGN_POD_WRITES,
    /** Field selectors honoured for list and watch ({@code spec.nodeName}, {@code involvedObject.name}, ...). */
    FIELD_SELECTORS,
    /**
     * DELETE of a bound Pod sets deletionTimestamp and deletionGracePeriodSeconds and keeps it until a grace-0
     * delete; off: deleted at once, as on the mock.
     */
    GRACEFUL_DELETION,
    /** Objects whose owners are all gone are deleted (a deleted Node's Lease), as the garbage collector does. */
    GARBAGE_COLLECTION,
    /** API defaulting of Pods (schedulerName, terminationGracePeriodSeconds, restartPolicy, requests from limits...). */
    POD_DEFAULTS,
    /** ServiceAccount admission: {@code serviceAccountName: default} and the {@code kube-api-access-*} volume. */
    SERVICE_ACCOUNT_ADMISSION,
    /**
     * The platform's extra CA bundle in every {@code kube-api-access-*} volume (OpenShift's
     * {@code openshift-service-ca.crt} ConfigMap, item {@code service-ca.crt}) and the ConfigMap in every namespace.
     */
    PLATFORM_CA_BUNDLE,
    /** DefaultTolerationSeconds admission: not-ready/unreachable NoExecute tolerations for 300 s. */
    DEFAULT_TOLERATIONS,
    /**
     * Namespaces exist or creates in them are a 404; each new namespace gets the {@code kube-root-ca.crt} ConfigMap
     * and the {@code default} ServiceAccount.
     */
    NAMESPACE_LIFECYCLE,
    /** The scheduler binds Pods without a node, honouring taints, selectors, allocatable resources and pod count. */
    SCHEDULER,
    /**
     * The node proxy ({@code nodes/<n>/proxy}, {@code pods/<p>/log}) reaches the kubelet as the apiserver does: first
     * address in the preferred order, resolved by DNS, loopback refused, daemon endpoint port, client certificate.
     */
    NODE_PROXY,
    /** PodGC: Pods bound to a Node that no longer exists are deleted after a delay. */
    POD_GC,
    /**
     * {@code metadata.managedFields} on every object a client creates, updates or patches: one entry per field
     * manager (the request's {@code fieldManager}, else its User-Agent's product), operation and subresource, with
     * the fields it set, as the apiserver keeps them.
     */
    MANAGED_FIELDS
}
