package dev.ecivk.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The controller's Kubernetes client, from a kubeconfig file or fabric8's own discovery. */
public final class KubeClients {
    /** Slots of the table of shared string values: 128 KiB, several times the distinct values a node's Pods repeat. */
    static final int SHARED_STRING_SLOTS = 1 << 15;

    private KubeClients() {}

    /**
     * A client of {@code kubeconfig}; without one, of fabric8's discovery ({@code $KUBECONFIG}, {@code ~/.kube/config},
     * then the in-cluster service account).
     */
    public static KubernetesClient open(Path kubeconfig) throws IOException {
        KubernetesClientBuilder builder = new KubernetesClientBuilder().withKubernetesSerialization(serialization());
        if (TlsCipherOrder.prefersChaCha()) {
            builder.withHttpClientFactory(new ChaChaFirstTls.HttpClientFactory());
        }
        if (kubeconfig != null) {
            builder.withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)));
        }
        return builder.build();
    }

    /**
     * fabric8's JSON mapping with every decoded string value shared ({@link SharedStrings}) and every empty map of
     * unknown fields too ({@link SharedEmptyMaps}): the informers' caches hold one instance of what their objects
     * repeat. A watched Pod is decoded in one pass ({@link WatchEventObjects}).
     */
    static KubernetesSerialization serialization() {
        ObjectMapper mapper = new ObjectMapper()
                .registerModule(SharedStrings.module(new SharedStrings(SHARED_STRING_SLOTS)))
                .registerModule(SharedEmptyMaps.module())
                .registerModule(WatchEventObjects.module());
        return new KubernetesSerialization(mapper, true);
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
