package dev.ecivk.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;

/** A Pod's cpu request as the scheduler counts it. Pure. */
final class PodRequests {
    private PodRequests() {}

    /**
     * The scheduler's figure: the sum over the containers, or the largest init container when that is more (init
     * containers run one at a time, before the others), plus the Pod's overhead.
     */
    static double cpu(Pod pod) {
        if (pod.getSpec() == null) {
            return 0;
        }
        double containers = 0;
        for (Container c : list(pod.getSpec().getContainers())) {
            containers += request(c);
        }
        double init = 0;
        for (Container c : list(pod.getSpec().getInitContainers())) {
            init = Math.max(init, request(c));
        }
        return Math.max(containers, init) + cores(pod.getSpec().getOverhead());
    }

    private static double request(Container c) {
        return c.getResources() == null ? 0 : cores(c.getResources().getRequests());
    }

    private static double cores(Map<String, Quantity> resources) {
        if (resources == null || resources.get("cpu") == null) {
            return 0;
        }
        try {
            return Quantity.getAmountInBytes(resources.get("cpu")).doubleValue();
        } catch (IllegalArgumentException | ArithmeticException e) {
            return 0; // an apiserver never stores an unparsable quantity; nothing to count
        }
    }

    private static <T> List<T> list(List<T> items) {
        return items == null ? List.of() : items;
    }
}
