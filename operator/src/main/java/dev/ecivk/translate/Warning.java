package dev.ecivk.translate;

/**
 * Something of the Pod that ECI carries differently than a kubelet would (folded, ignored or degraded). The
 * reconciler turns each into a Warning Event; {@code reason} is CamelCase and stable.
 */
public record Warning(String reason, String message) {}
