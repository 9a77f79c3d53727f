package dev.ecivk;

import dev.ecivk.config.OperatorConfig;
import dev.ecivk.metrics.ControllerMetrics;
import dev.ecivk.provider.ContainerAccess;
import dev.ecivk.provider.Provider;

/** The chosen provider, and whatever must be closed with it (the embedded ECI when it runs in-process). */
record Backend(Provider provider, ContainerAccess access, AutoCloseable resources) implements AutoCloseable {

    static Backend create(OperatorConfig config, ControllerMetrics metrics) throws Exception {
        throw new UnsupportedOperationException("the ECI provider is not wired yet");
    }

    @Override
    public void close() throws Exception {
        provider.close();
        if (resources != null) {
            resources.close();
        }
    }
}
