package dev.ecivk.runtime;

import dev.ecivk.agent.InProcessAgentBootHook;
import dev.ecivk.agent.gateway.AgentGateway;
import dev.ecivk.agent.gateway.GatewayKeys;
import dev.ecivk.agent.gateway.secrets.AgentGatewaySecret;
import dev.ecivk.agent.gateway.secrets.SecretSpecStore;
import dev.ecivk.agent.protocol.AgentUserData;
import dev.ecivk.agent.runtime.PodSupervisor;
import dev.ecivk.config.OperatorConfig;
import dev.ecivk.config.ProviderKind;
import dev.ecivk.config.VmOptions;
import dev.ecivk.kubelet.HostAddress;
import dev.ecivk.provider.vm.VmCloud;
import dev.ecivk.provider.vm.VmProvider;
import dev.ecivk.provider.vm.VmSettings;
import dev.ecivk.provider.vm.VmStatusMapper;
import dev.ecivk.simulator.vm.VmBootHook;
import dev.ecivk.translate.OwnershipTags;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VM-per-Pod backend of {@code --provider ecs|huawei-ecs}: the agent gateway (keys from its Secret), the cloud
 * (a real one at {@code --vm-endpoint}, else the embedded one in-process, whose VMs boot the real agent on a
 * simulated runtime) and the generic provider over both. Wiring only.
 */
final class VmBackend {
    private static final Logger LOG = LoggerFactory.getLogger(VmBackend.class);
    /** The instance types a launch may fall back through on no-stock answers. */
    static final int TYPE_CANDIDATES = 3;

    /** What each cloud contributes: its adapter and, for the embedded cloud, the runtime its VMs simulate. */
    interface Clouds extends AutoCloseable {
        /**
         * The cloud of {@code kind}: the official SDK toward {@code --vm-endpoint}, or the embedded cloud started
         * in-process whose VMs run {@code bootHook} when they boot.
         */
        Opened open(ProviderKind kind, OperatorConfig config, VmBootHook bootHook);

        /** The container runtime of one of the embedded clouds' VMs, whose Pod has the VM's {@code podIp}. */
        PodSupervisor simulatedRuntime(String podIp);

        /** Stops what the clouds share (the embedded VMs' scheduler), after every backend closed. */
        @Override
        default void close() {}
    }

    /**
     * An opened cloud.
     *
     * @param cloud the adapter, closed with the provider
     * @param embedded the embedded cloud this process runs for it (closed after the adapter), or null
     */
    record Opened(VmCloud cloud, AutoCloseable embedded) {}

    private VmBackend() {}

    /**
     * Makes the VM backends of one controller. They share one agent gateway (one port, one key): it starts with the
     * first VM backend and stops with the factory.
     */
    static final class Factory implements AutoCloseable {
        private final OperatorConfig config;
        private final KubernetesClient client;
        private final Clock clock;
        private final Clouds clouds;
        private AgentGateway gateway;

        Factory(OperatorConfig config, KubernetesClient client, Clock clock, Clouds clouds) {
            this.config = config;
            this.client = client;
            this.clock = clock;
            this.clouds = clouds;
        }

        /** Thread-safe: backends of two kinds may start at once; they wait only for the shared gateway. */
        Backend create(ProviderKind kind) {
            VmOptions vm = config.vm();
            AgentGateway agents = gateway();
            VmBootHook boot = new InProcessAgentBootHook(clouds::simulatedRuntime, vm.reportInterval(), clock);
            Opened opened = clouds.open(kind, config, boot);
            VmProvider provider;
            try {
                provider = new VmProvider(opened.cloud(), agents, settings(config), clock);
            } catch (RuntimeException e) {
                closeQuietly(opened.cloud());
                closeQuietly(opened.embedded());
                throw e;
            }
            LOG.info(
                    "Using {} ({}), one VM per Pod; agents register at {}",
                    kind,
                    vm.endpoint() == null ? "embedded, in-process" : vm.endpoint(),
                    agents.url());
            return new Backend(provider, provider, opened.embedded());
        }

        /** The shared gateway, started by the first VM backend (its Secret read or created under this lock). */
        private synchronized AgentGateway gateway() {
            if (gateway != null) {
                return gateway;
            }
            VmOptions vm = config.vm();
            boolean embedded = vm.endpoint() == null;
            GatewayKeys keys =
                    AgentGatewaySecret.loadOrCreate(client, vm.gatewaySecretNamespace(), vm.gatewaySecretName(), clock);
            // in-process agents of the embedded cloud reach the gateway on loopback; real VMs at the node's address
            String host =
                    embedded ? "127.0.0.1" : config.nodeIp() != null ? config.nodeIp() : HostAddress.firstNonLoopback();
            AgentGateway started = new AgentGateway(
                    new AgentGateway.Settings(
                            embedded ? "127.0.0.1" : "0.0.0.0",
                            vm.agentPort(),
                            host,
                            vm.joinTtl(),
                            vm.reportInterval(),
                            AgentUserData.DEFAULT_AGENT_COMMAND),
                    keys,
                    new SecretSpecStore(client, vm.gatewaySecretNamespace()),
                    clock);
            try {
                started.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot serve the agent gateway on port " + vm.agentPort(), e);
            }
            gateway = started;
            return gateway;
        }

        @Override
        public synchronized void close() {
            if (gateway != null) {
                gateway.close();
                gateway = null;
            }
            clouds.close();
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            LOG.warn("Closing {} failed: {}", resource.getClass().getSimpleName(), e.getMessage());
        }
    }

    static VmSettings settings(OperatorConfig config) {
        VmOptions vm = config.vm();
        Map<String, String> zones = vm.vSwitchZones();
        if (zones.isEmpty()) {
            zones = EmbeddedCloudSettings.zones(config.eciRegion(), config.eciVSwitchIds());
        }
        return new VmSettings(
                vm.imageId(),
                config.eciSecurityGroupId(),
                zones,
                vm.systemDiskGiB(),
                TYPE_CANDIDATES,
                Duration.ofHours(1),
                new VmStatusMapper.Timing(vm.agentSilence(), vm.agentLost()),
                Duration.ofSeconds(2),
                OwnershipTags.UID);
    }
}
