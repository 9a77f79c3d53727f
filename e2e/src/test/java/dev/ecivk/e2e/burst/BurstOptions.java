package dev.ecivk.e2e.burst;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The options of one burst, as {@code dev.ecivk.e2e.BurstBenchmark} parsed them.
 *
 * @param kubeconfig a real cluster's kubeconfig; null runs on the realistic-cluster fixture (mock)
 * @param statusInterval the controller's {@code --status-sync-interval}; null leaves its default
 * @param settle how long to wait, once every Pod runs, before the steady state's window
 * @param steadyWindow how long to count ECI calls once every Pod runs and the run settled; zero skips it
 * @param latencySample how many groups the status probe restarts; zero skips it
 * @param controllerJvm run ecivk as its own JVM from {@code controllerJar} with {@code controllerJvmOptions}
 * @param eciJvm with {@code controllerJvm}: the embedded ECI in a JVM of its own, which the controller reaches by
 *     {@code --eci-endpoint}
 * @param eciJvmOptions JVM options of the embedded ECI's own JVM, with {@code eciJvm}
 * @param controllerOptions further {@code ecivk run} options, which win over the benchmark's
 * @param warmup Pods run and deleted on the kubelet before the measured burst (0: none), as on a node that has
 *     served Pods before: the JIT has compiled the hot paths
 */
public record BurstOptions(
        Path kubeconfig,
        int pods,
        String namespace,
        String nodeName,
        PodShape podShape,
        String simStartDelay,
        String simQuotaScale,
        String statusInterval,
        String workers,
        int createThreads,
        Duration timeout,
        Duration cleanupTimeout,
        Duration settle,
        Duration steadyWindow,
        int latencySample,
        Duration latencyTimeout,
        boolean controllerJvm,
        boolean eciJvm,
        Path controllerJar,
        String controllerJvmOptions,
        String eciJvmOptions,
        List<String> controllerOptions,
        int warmup) {

    public BurstOptions {
        controllerOptions = List.copyOf(controllerOptions);
    }

    boolean mock() {
        return kubeconfig == null;
    }

    /** The value of an {@code ecivk run} option given after {@code --}, or {@code otherwise}. */
    String controllerOption(String name, String otherwise) {
        for (int i = 0; i < controllerOptions.size(); i++) {
            String o = controllerOptions.get(i);
            if (o.startsWith(name + "=")) {
                return o.substring(name.length() + 1);
            }
            if (o.equals(name) && i + 1 < controllerOptions.size()) {
                return controllerOptions.get(i + 1);
            }
        }
        return otherwise;
    }
}
