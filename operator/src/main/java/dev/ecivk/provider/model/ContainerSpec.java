package dev.ecivk.provider.model;

import java.util.List;

/** One container or init container of a group: a mirror of ECI's {@code Container.N.*} parameters. */
public record ContainerSpec(
        String name,
        String image,
        String imagePullPolicy,
        List<String> commands,
        List<String> args,
        String workingDir,
        List<EnvVar> env,
        List<Port> ports,
        Double cpu,
        Double memory,
        Integer gpu,
        List<VolumeMount> volumeMounts,
        Probe livenessProbe,
        Probe readinessProbe,
        SecurityContext securityContext,
        Boolean stdin,
        Boolean stdinOnce,
        Boolean tty,
        Handler postStart,
        Handler preStop,
        String terminationMessagePath,
        String terminationMessagePolicy) {

    public ContainerSpec {
        commands = commands == null ? List.of() : List.copyOf(commands);
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? List.of() : List.copyOf(env);
        ports = ports == null ? List.of() : List.copyOf(ports);
        volumeMounts = volumeMounts == null ? List.of() : List.copyOf(volumeMounts);
    }

    /** A minimal container: name and image. */
    public static ContainerSpec of(String name, String image) {
        return new ContainerSpec(
                name, image, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null);
    }

    /**
     * An environment variable: a literal {@code value}, or a {@code fieldRefPath} the cloud resolves (only
     * {@code status.podIP} on ECI).
     */
    public record EnvVar(String key, String value, String fieldRefPath) {
        public static EnvVar literal(String key, String value) {
            return new EnvVar(key, value, null);
        }
    }

    public record Port(int port, String protocol) {}

    public record VolumeMount(
            String name, String mountPath, Boolean readOnly, String subPath, String mountPropagation) {}

    /** Exactly one of exec, httpGet or tcpSocket is set. */
    public record Probe(
            List<String> execCommands,
            HttpGet httpGet,
            Integer tcpSocketPort,
            Integer initialDelaySeconds,
            Integer periodSeconds,
            Integer timeoutSeconds,
            Integer successThreshold,
            Integer failureThreshold) {
        public Probe {
            execCommands = execCommands == null ? List.of() : List.copyOf(execCommands);
        }
    }

    public record HttpGet(String path, Integer port, String scheme) {}

    /** A lifecycle hook: exactly one of exec, httpGet or tcpSocket. */
    public record Handler(List<String> execCommands, HttpGet httpGet, Integer tcpSocketPort) {
        public Handler {
            execCommands = execCommands == null ? List.of() : List.copyOf(execCommands);
        }
    }

    public record SecurityContext(Long runAsUser, Boolean readOnlyRootFilesystem, List<String> capabilitiesAdd) {
        public SecurityContext {
            capabilitiesAdd = capabilitiesAdd == null ? List.of() : List.copyOf(capabilitiesAdd);
        }
    }
}
