package dev.ecivk.testing.cluster;

/**
 * The apiserver could not reach a Node's kubelet; the message is the one the apiserver reports (and kubectl prints
 * after "Error from server"), e.g. {@code Get "https://vk:10250/healthz": dial tcp: lookup vk: no such host}.
 */
public final class KubeletUnreachableException extends RuntimeException {
    public KubeletUnreachableException(String message) {
        super(message);
    }
}
