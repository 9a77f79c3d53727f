package dev.ecivk.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.ResolvedControllerConfiguration;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import java.time.Duration;
import java.util.Map;

/**
 * Registers one Pod controller per virtual node. Its informer watches only {@code spec.nodeName=<node>} (a server-side
 * field selector, so memory does not grow with the cluster), as a kubelet's does, into a cache that keeps the Pods
 * without the apiserver's bookkeeping ({@link PodCachePruning}).
 */
public final class PodControllerRegistration {
    /**
     * How a Pod whose reconcile failed (throttling, a 5xx, no stock, an apiserver error) is retried: jittered
     * exponential back-off from 0.5 s, capped at 20 s so a Pod caught in a long throttling storm still starts soon
     * after it ends, never given up.
     */
    static final JitteredRetry POD_RETRY = new JitteredRetry(Duration.ofMillis(500), Duration.ofSeconds(20));

    private PodControllerRegistration() {}

    public static RegisteredController<Pod> register(Operator operator, PodReconciler reconciler, String nodeName) {
        ControllerConfiguration<Pod> base = ControllerConfigurationOverrider.override(
                        operator.getConfigurationService().getConfigurationFor(reconciler))
                .withName("pods-" + nodeName)
                .watchingAllNamespaces()
                .withTriggerReconcilerOnAllEvents(true)
                .withGenerationAware(false)
                .withRetry(POD_RETRY)
                .withGenericFilter(pod ->
                        pod.getSpec() != null && nodeName.equals(pod.getSpec().getNodeName()))
                .build();
        InformerConfiguration<Pod>.Builder informer = InformerConfiguration.builder(base.getInformerConfig());
        informer.withFieldSelector(new FieldSelector(new FieldSelector.Field("spec.nodeName", nodeName)));
        informer.withItemStore(PodCachePruning.itemStore());
        ControllerConfiguration<Pod> configuration = new ResolvedControllerConfiguration<>(
                base.getName(),
                false,
                base.getAssociatedReconcilerClassName(),
                base.getRetry(),
                base.getRateLimiter(),
                base.maxReconciliationInterval().orElse(null),
                null,
                Map.of(),
                base.fieldManager(),
                operator.getConfigurationService(),
                informer.buildForController(),
                true,
                null);
        return operator.register(reconciler, configuration);
    }
}
