package dev.ecivk.pod;

/** A ConfigMap, Secret or key a Pod references that does not exist; {@code reason} is an EventReason name. */
public record MissingRef(String reason, String message) {}
