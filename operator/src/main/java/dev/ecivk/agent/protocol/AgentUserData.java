package dev.ecivk.agent.protocol;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an instance boots with: a shell script (run once by cloud-init) that names the controller's agent gateway,
 * the pin of its certificate, the Pod UID and a one-time join credential, then starts the agent. The agent reads the
 * same text back from the metadata service (or a file) and parses the four assignments. Nothing else is in it: the
 * cloud shows user data in the clear ({@code DescribeUserData}), so the Pod's spec and Secrets are fetched over TLS
 * after registration, and no cloud credential is ever here.
 */
public record AgentUserData(URI gateway, String gatewayPin, String podUid, String joinToken) {
    static final String GATEWAY = "ECIVK_AGENT_GATEWAY";
    static final String PIN = "ECIVK_AGENT_GATEWAY_PIN";
    static final String POD_UID = "ECIVK_AGENT_POD_UID";
    static final String JOIN_TOKEN = "ECIVK_AGENT_JOIN_TOKEN";
    /** How the script starts the agent on an image built as the README describes. */
    public static final String DEFAULT_AGENT_COMMAND = "exec java -jar /opt/ecivk/ecivk.jar agent";

    private static final Pattern ASSIGNMENT =
            Pattern.compile("^(ECIVK_AGENT_[A-Z_]+)='([^'\\n]*)'$", Pattern.MULTILINE);
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._~:/+=\\[\\]-]+");

    public AgentUserData {
        require(GATEWAY, gateway == null ? null : gateway.toString());
        require(PIN, gatewayPin);
        require(POD_UID, podUid);
        require(JOIN_TOKEN, joinToken);
        if (!"https".equals(gateway.getScheme()) || gateway.getHost() == null) {
            throw new IllegalArgumentException(GATEWAY + " must be an https URL with a host");
        }
        if (!CertificatePins.wellFormed(gatewayPin)) {
            throw new IllegalArgumentException(PIN + " is not a certificate pin");
        }
    }

    private static void require(String name, String value) {
        if (value == null || !SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " is missing or has characters user data cannot carry");
        }
    }

    /** The script, starting the agent with {@code agentCommand}. */
    public String render(String agentCommand) {
        return "#!/bin/sh\n"
                + "# ecivk: boots the agent of one Pod; it registers with the controller's agent gateway below.\n"
                + GATEWAY + "='" + gateway + "'\n"
                + PIN + "='" + gatewayPin + "'\n"
                + POD_UID + "='" + podUid + "'\n"
                + JOIN_TOKEN + "='" + joinToken + "'\n"
                + "export " + GATEWAY + " " + PIN + " " + POD_UID + " " + JOIN_TOKEN + "\n"
                + agentCommand + "\n";
    }

    /** Reads the four assignments back; a clear error names what is missing or malformed. */
    public static AgentUserData parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the user data is empty: this instance was not launched by ecivk");
        }
        Map<String, String> values = new LinkedHashMap<>();
        Matcher m = ASSIGNMENT.matcher(text.replace("\r\n", "\n"));
        while (m.find()) {
            values.putIfAbsent(m.group(1), m.group(2));
        }
        for (String name : new String[] {GATEWAY, PIN, POD_UID, JOIN_TOKEN}) {
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("the user data has no " + name + "='…' line");
            }
        }
        URI gateway;
        try {
            gateway = URI.create(values.get(GATEWAY));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(GATEWAY + " is not a URL");
        }
        return new AgentUserData(gateway, values.get(PIN), values.get(POD_UID), values.get(JOIN_TOKEN));
    }

    @Override
    public String toString() {
        return "AgentUserData[gateway=" + gateway + ", podUid=" + podUid + ", joinToken=<redacted>]";
    }
}
