package dev.ecivk.kubeletapi;

import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Authorizes a kubelet API request with a SubjectAccessReview on {@code nodes/<subresource>} of this node, as the
 * kubelet's webhook mode does. Decisions are cached (5 min allowed, 30 s denied: the kubelet's defaults); errors are
 * not cached.
 */
final class CallerAuthorizer {
    static final Duration ALLOWED_TTL = Duration.ofMinutes(5);
    static final Duration DENIED_TTL = Duration.ofSeconds(30);

    private record Key(String user, String uid, List<String> groups, Object extra, RequestAttributes attributes) {}

    private final KubernetesClient client;
    private final String nodeName;
    private final ExpiringCache<Key, Boolean> decisions;

    CallerAuthorizer(KubernetesClient client, String nodeName, Clock clock) {
        this.client = client;
        this.nodeName = nodeName;
        this.decisions = new ExpiringCache<>(1024, clock);
    }

    boolean allowed(UserInfo user, RequestAttributes attributes) {
        if (client == null) {
            return false;
        }
        Key key = new Key(user.name(), user.uid(), user.groups(), user.extra(), attributes);
        Optional<Boolean> cached = decisions.get(key);
        if (cached.isPresent()) {
            return cached.get();
        }
        SubjectAccessReview review = client.authorization()
                .v1()
                .subjectAccessReview()
                .create(new SubjectAccessReviewBuilder()
                        .withNewSpec()
                        .withUser(user.name())
                        .withUid(user.uid())
                        .withGroups(user.groups())
                        .withExtra(user.extra().isEmpty() ? null : user.extra())
                        .withNewResourceAttributes()
                        .withGroup("")
                        .withVersion("v1")
                        .withResource("nodes")
                        .withSubresource(attributes.subresource())
                        .withName(nodeName)
                        .withVerb(attributes.verb())
                        .endResourceAttributes()
                        .endSpec()
                        .build());
        boolean allowed = review != null
                && review.getStatus() != null
                && Boolean.TRUE.equals(review.getStatus().getAllowed());
        decisions.put(key, allowed, allowed ? ALLOWED_TTL : DENIED_TTL);
        return allowed;
    }
}
