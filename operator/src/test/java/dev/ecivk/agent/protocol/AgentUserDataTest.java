package dev.ecivk.agent.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class AgentUserDataTest {
    static final String PIN = "sha256/" + "A".repeat(43) + "=";

    @Test
    void rendersAScriptTheAgentParsesBack() {
        AgentUserData data = new AgentUserData(URI.create("https://10.0.0.5:10260"), PIN, "uid-1", "j1.abc.1.def");
        String script = data.render(AgentUserData.DEFAULT_AGENT_COMMAND);

        assertThat(script).startsWith("#!/bin/sh\n").endsWith("exec java -jar /opt/ecivk/ecivk.jar agent\n");
        assertThat(AgentUserData.parse(script)).isEqualTo(data);
        assertThat(AgentUserData.parse(script.replace("\n", "\r\n"))).isEqualTo(data);
        assertThat(data.toString()).doesNotContain("j1.abc.1.def");
    }

    @Test
    void refusesValuesThatCouldBreakOutOfTheScript() {
        assertThatThrownBy(() -> new AgentUserData(URI.create("https://h:1"), PIN, "uid'; rm -rf /", "j"))
                .hasMessageContaining("ECIVK_AGENT_POD_UID");
        assertThatThrownBy(() -> new AgentUserData(URI.create("http://h:1"), PIN, "uid", "j"))
                .hasMessageContaining("https");
        assertThatThrownBy(() -> new AgentUserData(URI.create("https://h:1"), "sha256/short", "uid", "j"))
                .hasMessageContaining("pin");
    }

    @Test
    void namesWhatIsMissing() {
        assertThatThrownBy(() -> AgentUserData.parse("")).hasMessageContaining("not launched by ecivk");
        assertThatThrownBy(() -> AgentUserData.parse("#!/bin/sh\nECIVK_AGENT_GATEWAY='https://h:1'\n"))
                .hasMessageContaining("ECIVK_AGENT_GATEWAY_PIN");
    }
}
