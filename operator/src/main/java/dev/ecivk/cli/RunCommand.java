package dev.ecivk.cli;

import dev.ecivk.config.OperatorConfig;
import dev.ecivk.kube.ClusterPreflight;
import dev.ecivk.kube.Failures;
import dev.ecivk.kube.KubeClients;
import dev.ecivk.logging.Logging;
import dev.ecivk.logging.Redactor;
import dev.ecivk.runtime.Controller;
import dev.ecivk.runtime.ElectedController;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ecivk run}: the controller. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Register the virtual node and run Pods bound to it on ECI (or the embedded ECI).",
        sortOptions = false)
public final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    OperatorConfig config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        config.validate();
        Logging.configure(config.logFormat());
        Redactor.global().register(config.simulator().accessKeySecret());
        try {
            return run();
        } catch (ClusterPreflight.StartupException e) {
            return cannotStart(e.getMessage(), e);
        } catch (RuntimeException e) {
            return cannotStart(Failures.brief(e), e);
        }
    }

    /** Start-up failed: one line on stderr (and in the log), exit code 1; the stack trace only at debug level. */
    private int cannotStart(String why, Exception e) {
        String line = "ecivk: cannot start: " + Redactor.global().redact(why);
        spec.commandLine().getErr().println(line);
        spec.commandLine().getErr().flush();
        LOG.debug("Start-up failed", e);
        return 1;
    }

    private int run() throws Exception {
        try (KubernetesClient client = KubeClients.open(config.kubeconfig())) {
            ClusterPreflight.check(
                    client, KubeClients.source(config.kubeconfig(), client), ClusterPreflight.NODE_PERMISSIONS);
            if (config.leaderElection()) {
                try (ElectedController elected =
                        ElectedController.start(config, client, () -> Controller.start(config, client))) {
                    Runtime.getRuntime().addShutdownHook(new Thread(elected::close, "ecivk-shutdown"));
                    elected.awaitShutdown();
                    return elected.lostLeadership() ? 1 : 0;
                }
            }
            Controller controller = Controller.start(config, client);
            // SIGTERM: stop new work, let in-flight cloud calls finish, never delete container groups
            Runtime.getRuntime().addShutdownHook(new Thread(controller::close, "ecivk-shutdown"));
            controller.awaitShutdown();
            return 0;
        }
    }
}
