package dev.ecivk.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.testing.cluster.RealisticCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A status patch is computed against the informer's copy of the Pod, which lags our own writes: the same patch is not
 * sent again from a copy that does not show the last one yet, and is sent as soon as the copy moved on; the watch
 * event of our own patch is recognised while neither the Pod nor its group moved on.
 */
class PodWriterMockTest {
    @RegisterExtension
    final RealisticCluster cluster = RealisticCluster.create();

    KubernetesMockServer server;
    KubernetesClient client;

    @BeforeEach
    void connect() {
        server = cluster.server();
        client = cluster.client();
    }

    private Pod created() {
        return client.pods()
                .inNamespace("default")
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName("web")
                        .withNamespace("default")
                        .endMetadata()
                        .withNewSpec()
                        .withNodeName("vk")
                        .addNewContainer()
                        .withName("app")
                        .withImage("nginx")
                        .endContainer()
                        .endSpec()
                        .build())
                .create();
    }

    private static PodStatus phase(String phase) {
        return new PodStatusBuilder().withPhase(phase).withPodIP("10.0.0.7").build();
    }

    private int statusPatches() throws InterruptedException {
        int n = 0;
        RecordedRequest r;
        while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            if ("PATCH".equals(r.getMethod()) && r.getPath().endsWith("/status")) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aStaleCopyDoesNotRepeatThePatchAFreshOneIsWrittenFrom() throws Exception {
        PodWriter writer = new PodWriter(client);
        Pod stale = created();
        statusPatches();

        assertThat(writer.writeStatus(stale, phase("Running"))).isTrue();
        assertThat(writer.writeStatus(stale, phase("Running")))
                .as("the same copy, before our patch shows in it")
                .isFalse();
        assertThat(statusPatches()).isEqualTo(1);

        Pod fresh = client.pods().inNamespace("default").withName("web").get();
        assertThat(fresh.getStatus().getPhase()).isEqualTo("Running");
        assertThat(writer.writeStatus(fresh, phase("Running")))
                .as("nothing to change")
                .isFalse();
        assertThat(writer.writeStatus(fresh, phase("Succeeded")))
                .as("a change, from the fresh copy")
                .isTrue();
        assertThat(statusPatches()).isEqualTo(1);
        assertThat(client.pods()
                        .inNamespace("default")
                        .withName("web")
                        .get()
                        .getStatus()
                        .getPhase())
                .isEqualTo("Succeeded");
    }

    @Test
    void anotherWritersChangeMovesTheCopyOnAndThePatchGoesOut() throws Exception {
        PodWriter writer = new PodWriter(client);
        Pod first = created();
        assertThat(writer.writeStatus(first, phase("Running"))).isTrue();
        // someone else writes the Pod's status back (a stale controller): the copy we now see differs from the one
        // our patch was computed from, so the patch is computed and sent again
        Pod overwritten = client.pods()
                .inNamespace("default")
                .withName("web")
                .editStatus(p -> new PodBuilder(p)
                        .editStatus()
                        .withPhase("Pending")
                        .endStatus()
                        .build());
        statusPatches();

        assertThat(writer.writeStatus(overwritten, phase("Running"))).isTrue();
        assertThat(statusPatches()).isEqualTo(1);
    }

    @Test
    void thePodAsOurPatchLeftItShowsWhatThePatchShowedUntilEitherSideMoves() throws Exception {
        PodWriter writer = new PodWriter(client);
        Pod before = created();
        String group = "group state 1";
        assertThat(writer.showsOurLastPatchOf(before, group))
                .as("nothing written yet")
                .isFalse();
        assertThat(writer.writeStatus(before, phase("Running"), group)).isTrue();

        Pod echo = client.pods().inNamespace("default").withName("web").get();
        assertThat(writer.showsOurLastPatchOf(echo, group))
                .as("our own patch coming back")
                .isTrue();
        assertThat(writer.showsOurLastPatchOf(echo, "group state 2"))
                .as("the group changed since")
                .isFalse();
        assertThat(writer.showsOurLastPatchOf(before, group))
                .as("a copy from before the patch")
                .isFalse();
        Pod labelled = client.pods()
                .inNamespace("default")
                .withName("web")
                .edit(p -> new PodBuilder(p)
                        .editMetadata()
                        .addToLabels("edited", "yes")
                        .endMetadata()
                        .build());
        assertThat(writer.showsOurLastPatchOf(labelled, group))
                .as("someone else changed the Pod since")
                .isFalse();
    }
}
