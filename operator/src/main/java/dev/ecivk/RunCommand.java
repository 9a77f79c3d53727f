package dev.ecivk;

import dev.ecivk.config.OperatorConfig;
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
        try (Controller controller = Controller.start(config)) {
            controller.awaitShutdown();
        }
        return 0;
    }
}
