package dev.ecivk.pod;

/**
 * A referenced object the Pod needs that could not be read. {@code reason} reuses virtual-kubelet's Event reasons
 * ({@code MandatorySecretNotFound}, {@code OptionalConfigMapKeyNotFound}, …); {@code message} never holds a value.
 */
public record MissingRef(String reason, String message) {}
