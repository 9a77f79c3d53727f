package dev.ecivk.cli;

import dev.ecivk.agent.Agent;
import dev.ecivk.agent.UserDataSource;
import dev.ecivk.agent.protocol.AgentUserData;
import dev.ecivk.agent.runtime.PodSupervisor;
import dev.ecivk.agent.runtime.docker.DockerPodSupervisor;
import dev.ecivk.config.DurationConverter;
import dev.ecivk.kubelet.HostAddress;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ecivk agent}: runs inside a Pod's VM, started by the instance's user data. */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        description = "Run one Pod inside this VM: register with the controller named in the user data, fetch the"
                + " Pod, run its containers, report, and serve logs/exec/stats to the controller.",
        sortOptions = false)
public final class AgentCommand implements Callable<Integer> {

    @Option(
            names = "--user-data-file",
            description = "Read the user data from this file instead of the cloud's metadata service.")
    Path userDataFile;

    @Option(
            names = "--metadata-url",
            split = ",",
            defaultValue = "http://100.100.100.200/latest/user-data,http://169.254.169.254/openstack/latest/user_data",
            description = "Metadata-service URLs of the user data, tried in order (Alibaba Cloud, then OpenStack/Huawei"
                    + " Cloud).")
    List<URI> metadataUrls;

    @Option(names = "--port", defaultValue = "10261", description = "Port the agent serves the controller on (HTTPS).")
    int port;

    @Option(names = "--bind-address", defaultValue = "0.0.0.0", description = "Address the agent listens on.")
    String bindAddress;

    @Option(
            names = "--advertise-address",
            description = "Address the controller reaches this agent at. Default: the VM's first non-loopback address.")
    String advertiseAddress;

    @Option(
            names = "--report-interval",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "How often the Pod's status is reported when nothing changed, until the controller names"
                    + " its own interval at registration (a change is reported within a second).")
    Duration reportInterval;

    @Option(
            names = "--runtime",
            defaultValue = "docker",
            description = "Container runtime: docker (the Docker Engine API at --docker-host).")
    String runtime;

    @Option(
            names = "--docker-host",
            defaultValue = DockerPodSupervisor.DEFAULT_DOCKER_HOST,
            description = "Docker Engine API address: unix:///var/run/docker.sock, or tcp://host:2376 (TLS from"
                    + " DOCKER_CERT_PATH).")
    String dockerHost;

    @Option(
            names = "--pods-dir",
            defaultValue = "/var/lib/ecivk/pods",
            description = "Where the Pod's volumes, /etc/hosts, resolv.conf and termination logs are kept on the VM.")
    Path podsDir;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The container runtime named {@code --runtime}, for a Pod whose IP is the VM's {@code podIp}. */
    Supplier<PodSupervisor> runtime(String podIp) {
        if ("docker".equals(runtime)) {
            return () -> DockerPodSupervisor.connect(dockerHost, podIp, podsDir);
        }
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(), "--runtime " + runtime + ": this build has no such container runtime (docker)");
    }

    @Override
    public Integer call() throws Exception {
        String host = advertiseAddress != null ? advertiseAddress : HostAddress.firstNonLoopback();
        Supplier<PodSupervisor> supervisors = runtime(host);
        AgentUserData boot;
        try {
            boot = AgentUserData.parse(UserDataSource.read(userDataFile, metadataUrls, Duration.ofSeconds(5)));
        } catch (IOException | IllegalArgumentException e) {
            // nothing to register with: one line for cloud-init's log, and the unit's restart policy decides
            spec.commandLine().getErr().println("ecivk agent: cannot start: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
        Agent agent = new Agent(
                        boot,
                        supervisors,
                        new Agent.Settings(bindAddress, port, host, reportInterval),
                        Clock.systemUTC())
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            agent.close();
                            stopped.countDown();
                        },
                        "ecivk-agent-shutdown"));
        stopped.await();
        return 0;
    }
}
