package dev.ecivk.runtime;

import dev.ecivk.provider.ContainerAccess;
import dev.ecivk.provider.Provider;
import dev.ecivk.provider.eci.EciProvider;
import dev.ecivk.provider.vm.VmProvider;
import java.time.Duration;
import java.util.Set;

/** A provider, its container access, and whatever must be closed with it (an embedded cloud run in-process). */
record Backend(Provider provider, ContainerAccess access, AutoCloseable resources) implements AutoCloseable {
    /**
     * How long a call may wait for the client-side rate limiter. Short, so a create burst cannot hold every
     * reconcile worker (status writes of running Pods would wait behind it): a call that would wait longer fails as
     * throttled and its Pod is rescheduled with jittered backoff.
     */
    static final Duration MAX_RATE_LIMIT_WAIT = Duration.ofSeconds(2);

    /** The cloud API actions the provider calls (metrics exist for each before its first call). */
    Set<String> cloudActions() {
        if (provider instanceof EciProvider) {
            return EciProvider.knownActions();
        }
        return provider instanceof VmProvider vm ? vm.cloud().knownActions() : Set.of();
    }

    @Override
    public void close() throws Exception {
        provider.close();
        if (resources != null) {
            resources.close();
        }
    }
}
