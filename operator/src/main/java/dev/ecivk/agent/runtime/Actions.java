package dev.ecivk.agent.runtime;

import dev.ecivk.agent.runtime.ContainerRuntime.ActionResult;
import dev.ecivk.agent.runtime.ContainerRuntime.Run;
import dev.ecivk.provider.model.ContainerSpec.Handler;
import dev.ecivk.provider.model.ContainerSpec.Probe;
import java.time.Duration;

/** Runs a probe or a lifecycle hook (exec, httpGet or tcpSocket) through the runtime, and judges its result. */
final class Actions {
    private Actions() {}

    static ActionResult probe(ContainerRuntime runtime, Run run, Probe probe, Duration timeout) {
        if (!probe.execCommands().isEmpty()) {
            return runtime.execAction(run, probe.execCommands(), timeout);
        }
        if (probe.httpGet() != null) {
            return runtime.httpGet(
                    probe.httpGet().scheme(),
                    probe.httpGet().port(),
                    probe.httpGet().path(),
                    timeout);
        }
        if (probe.tcpSocketPort() != null) {
            return runtime.tcpConnect(probe.tcpSocketPort(), timeout);
        }
        return ActionResult.ok(Duration.ZERO);
    }

    static ActionResult run(ContainerRuntime runtime, Run run, Handler h, Duration timeout) {
        return probe(
                runtime,
                run,
                new Probe(h.execCommands(), h.httpGet(), h.tcpSocketPort(), null, null, null, null, null),
                timeout);
    }

    /** A result counts only if it came within the timeout (the simulated runtime reports how long it would take). */
    static boolean succeeded(ActionResult r, Duration timeout) {
        return r.success() && r.took() != null && r.took().compareTo(timeout) <= 0;
    }

    static String hookMessage(String hook, ActionResult r) {
        String why = r.success() ? "it did not finish within the grace period" : r.message();
        return hook + " failed: " + why;
    }
}
