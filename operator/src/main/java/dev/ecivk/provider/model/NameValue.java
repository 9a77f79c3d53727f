package dev.ecivk.provider.model;

/** A name and an optional value (sysctls, DNS options). */
public record NameValue(String name, String value) {}
