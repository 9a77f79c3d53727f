package dev.ecivk.translate;

/** ACK-compatible Pod annotations (read once, at creation). */
final class Annotations {

    static final String PREFIX = "k8s.aliyun.com/";

    private Annotations() {}
}
