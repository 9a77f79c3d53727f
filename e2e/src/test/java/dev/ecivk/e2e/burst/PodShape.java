package dev.ecivk.e2e.burst;

/** What the benchmark's Pods ask of the kubelet besides running. */
public enum PodShape {
    /**
     * As most Pods are: the service-account token mounted (a TokenRequest, and the {@code kube-root-ca.crt}
     * ConfigMap, through the projected volume admission adds), service links on (the namespace's Services), and one
     * environment variable from a ConfigMap.
     */
    REALISTIC,
    /** Nothing to resolve: no token, no service links, no references. */
    MINIMAL
}
