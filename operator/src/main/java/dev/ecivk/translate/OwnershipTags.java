package dev.ecivk.translate;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The tags that mark a container group as ours and tie it to one Pod. They are reserved: Pod labels never
 * override or displace them, because listing, adoption and orphan GC depend on them.
 */
public final class OwnershipTags {

    public static final String CLUSTER = "ecivk.dev/cluster";
    public static final String NODE = "ecivk.dev/node";
    public static final String NAMESPACE = "ecivk.dev/namespace";
    public static final String NAME = "ecivk.dev/name";
    public static final String UID = "ecivk.dev/uid";

    /** All reserved keys, in the order they are written. */
    public static final Set<String> KEYS = Set.of(CLUSTER, NODE, NAMESPACE, NAME, UID);

    /** Alibaba Cloud tag values are at most 128 characters. */
    static final int MAX_TAG_VALUE_LENGTH = 128;

    private OwnershipTags() {}

    /** The five ownership tags of {@code pod} on the node of {@code ctx}, in a stable order. */
    public static Map<String, String> of(TranslationContext ctx, Pod pod) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(CLUSTER, value(ctx.clusterId()));
        tags.put(NODE, value(ctx.nodeName()));
        tags.put(NAMESPACE, value(pod.getMetadata().getNamespace()));
        tags.put(NAME, value(pod.getMetadata().getName()));
        tags.put(UID, value(pod.getMetadata().getUid()));
        return tags;
    }

    private static String value(String v) {
        String s = v == null ? "" : v;
        return Names.truncateWithHash(s, s, MAX_TAG_VALUE_LENGTH);
    }
}
