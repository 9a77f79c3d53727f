package dev.ecivk.runtime;

import dev.ecivk.metrics.CallOutcome;
import dev.ecivk.metrics.ControllerMetrics;
import dev.ecivk.provider.eci.EciCallListener;
import dev.ecivk.provider.vm.VmCallListener;
import java.time.Duration;

/** Every cloud client's calls and rate-limiter waits, counted alike in the cloud-call meters (by API action). */
final class CloudCallMetrics implements EciCallListener, VmCallListener {
    private final ControllerMetrics metrics;

    CloudCallMetrics(ControllerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void onCall(String action, String outcome, String errorCode, long durationNanos) {
        metrics.recordCloudCall(action, CallOutcome.of(outcome, errorCode), errorCode, Duration.ofNanos(durationNanos));
    }

    @Override
    public void onThrottleWait(String action, long waitNanos) {
        metrics.recordThrottleWait(action, Duration.ofNanos(waitNanos));
    }

    @Override
    public void onCall(String cloud, String action, String outcome, String errorCode, long durationNanos) {
        onCall(action, outcome, errorCode, durationNanos);
    }

    @Override
    public void onThrottleWait(String cloud, String action, long waitNanos) {
        onThrottleWait(action, waitNanos);
    }
}
