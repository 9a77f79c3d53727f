package dev.ecivk.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The controller's Kubernetes client, from a kubeconfig file or fabric8's own discovery. */
public final class KubeClients {
    private KubeClients() {}

    /**
     * A client of {@code kubeconfig}; without one, of fabric8's discovery ({@code $KUBECONFIG}, {@code ~/.kube/config},
     * then the in-cluster service account).
     */
    public static KubernetesClient open(Path kubeconfig) throws IOException {
        if (kubeconfig == null) {
            return new KubernetesClientBuilder().build();
        }
        return new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
                .build();
    }

    /** Where the client's configuration came from, as a user would name it. */
    public static String source(Path kubeconfig, KubernetesClient client) {
        if (kubeconfig != null) {
            return "--kubeconfig " + kubeconfig;
        }
        File file = client.getConfiguration().getFile();
        if (file != null) {
            return "the kubeconfig " + file;
        }
        return "the in-cluster service account (no kubeconfig found in $KUBECONFIG or ~/.kube/config)";
    }
}
