package dev.ecivk;

import dev.ecivk.config.OperatorConfig;
import dev.ecivk.logging.Logging;
import dev.ecivk.logging.Redactor;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ecivk run}: the controller. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Register the virtual node and run Pods bound to it on ECI (or the embedded ECI).",
        sortOptions = false)
final class RunCommand implements Callable<Integer> {

    @Mixin
    OperatorConfig config;

    @Override
    public Integer call() throws Exception {
        config.validate();
        Logging.configure(config.logFormat());
        Redactor.global().register(config.simulator().accessKeySecret());
        if (config.leaderElection()) {
            KubernetesClient client = Controller.kubernetesClient(config);
            try (ElectedController elected =
                    ElectedController.start(config, client, () -> Controller.start(config, client))) {
                Runtime.getRuntime().addShutdownHook(new Thread(elected::close, "ecivk-shutdown"));
                elected.awaitShutdown();
                return elected.lostLeadership() ? 1 : 0;
            } finally {
                client.close();
            }
        }
        Controller controller = Controller.start(config);
        // SIGTERM: stop new work, let in-flight cloud calls finish, never delete container groups
        Runtime.getRuntime().addShutdownHook(new Thread(controller::close, "ecivk-shutdown"));
        controller.awaitShutdown();
        return 0;
    }
}
