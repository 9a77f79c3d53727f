package dev.ecivk.kubeletapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The stream protocol chosen among those a client offers, as a kubelet's handshake chooses it. */
class ExecProtocolsTest {

    @Test
    void takesTheClientsFirstChoiceThatThisNodeSpeaks() {
        assertThat(ExecProtocols.negotiate(List.of("v5.channel.k8s.io", "v4.channel.k8s.io")))
                .hasValue("v5.channel.k8s.io");
        assertThat(ExecProtocols.negotiate(List.of("v4.channel.k8s.io", "v5.channel.k8s.io")))
                .as("the client's order wins, not the server's")
                .hasValue("v4.channel.k8s.io");
    }

    @Test
    void readsCommaSeparatedOffersInOneHeaderValue() {
        assertThat(ExecProtocols.negotiate(List.of("v3.channel.k8s.io, v4.channel.k8s.io")))
                .hasValue("v4.channel.k8s.io");
        assertThat(ExecProtocols.negotiate(List.of(" v5.channel.k8s.io ,v4.channel.k8s.io")))
                .hasValue("v5.channel.k8s.io");
    }

    @Test
    void findsNothingWhenTheClientOffersOnlyOlderProtocols() {
        assertThat(ExecProtocols.negotiate(List.of("v3.channel.k8s.io", "channel.k8s.io")))
                .isEmpty();
        assertThat(ExecProtocols.negotiate(List.of(""))).isEmpty();
        assertThat(ExecProtocols.negotiate(List.of())).isEmpty();
    }
}
