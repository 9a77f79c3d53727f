package dev.ecivk.testing.cluster;

/** What a kubelet answered through the cluster's node proxy: its HTTP status and body. */
public record KubeletResponse(int code, String body) {}
