package dev.ecivk.translate;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.Map;

/** The inputs of one translation, with null-safe accessors for the parts every step reads. */
record PodView(Pod pod, ResolvedRefs refs, TranslationContext ctx) {

    String namespace() {
        return pod.getMetadata().getNamespace();
    }

    String name() {
        return pod.getMetadata().getName();
    }

    String uid() {
        return pod.getMetadata().getUid();
    }

    PodSpec spec() {
        return pod.getSpec();
    }

    Map<String, String> labels() {
        Map<String, String> l = pod.getMetadata().getLabels();
        return l == null ? Map.of() : l;
    }

    Map<String, String> annotations() {
        Map<String, String> a = pod.getMetadata().getAnnotations();
        return a == null ? Map.of() : a;
    }

    String nodeName() {
        return spec().getNodeName() != null ? spec().getNodeName() : ctx.nodeName();
    }

    /** The service account; admission sets "default" when the Pod names none. */
    String serviceAccountName() {
        String sa = spec().getServiceAccountName();
        if (sa == null || sa.isEmpty()) {
            sa = spec().getServiceAccount();
        }
        return sa == null || sa.isEmpty() ? "default" : sa;
    }
}
