package dev.ecivk.e2e.burst;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Counts the Kubernetes API requests of the kubelet under test, and only those: not the benchmark's own creates,
 * watches and deletes. Every count belongs to the phase that was current when the request was seen.
 */
abstract sealed class KubeletRequests implements AutoCloseable {
    /** The bearer token the kubelet under test uses against the mock apiserver, which tells its requests apart. */
    static final String KUBELET_TOKEN = "ecivk-burst-kubelet";

    final ApiRequestTally tally = new ApiRequestTally(Phase.START_UP);

    /** Everything seen so far belongs to the current phase; what follows to {@code next}. */
    void startPhase(String next) {
        tally.phase(next);
    }

    Map<String, Long> counts(String phase) {
        return tally.counts(phase);
    }

    /** How the requests were counted, for the report. */
    abstract String source();

    boolean available() {
        return true;
    }

    @Override
    public void close() {}

    /** The phases of a run. */
    static final class Phase {
        static final String START_UP = "start-up";
        /** The Pods run and deleted before the burst ({@code --warmup}). */
        static final String WARM_UP = "warm-up";

        static final String BURST = "burst";
        /** From all Running to the start of the steady state's window: the report, then the settle time. */
        static final String AFTER_BURST = "after-burst";

        static final String STEADY = "steady";
        static final String PROBE = "status-probe";
        static final String CLEANUP = "cleanup";

        private Phase() {}
    }

    /**
     * At the fixture's apiserver: the mock server queues every request it receives; a background drain classifies
     * those that carry {@link #KUBELET_TOKEN} and drops the rest (which also keeps the queue from growing with the
     * run).
     */
    static final class AtMockApiserver extends KubeletRequests {
        private final KubernetesMockServer server;
        private final ScheduledExecutorService drainer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "burst-apiserver-tap");
            t.setDaemon(true);
            return t;
        });

        AtMockApiserver(KubernetesMockServer server) {
            this.server = server;
            drainer.scheduleWithFixedDelay(this::drain, 200, 200, TimeUnit.MILLISECONDS);
        }

        @Override
        synchronized void startPhase(String next) {
            drain();
            super.startPhase(next);
        }

        private synchronized void drain() {
            try {
                RecordedRequest request;
                while ((request = server.takeRequest(0, TimeUnit.MILLISECONDS)) != null) {
                    if (("Bearer " + KUBELET_TOKEN).equals(request.getHeader("Authorization"))) {
                        tally.record(request.getMethod(), request.getPath());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        Map<String, Long> counts(String phase) {
            drain();
            return super.counts(phase);
        }

        @Override
        String source() {
            return "counted at the mock apiserver";
        }

        @Override
        public void close() {
            drainer.shutdownNow();
        }
    }

    /**
     * In the kubelet's own client: a fabric8 {@link Interceptor} sees every request it sends (retries included, as
     * the apiserver would), for runs against a real cluster, whose apiserver the benchmark cannot tap.
     */
    static final class InClient extends KubeletRequests implements Interceptor {
        static final String NAME = "burst-benchmark-request-count";

        @Override
        public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
            URI uri = request.uri();
            String query = uri.getRawQuery();
            tally.record(request.method(), uri.getRawPath() + (query == null ? "" : "?" + query));
        }

        @Override
        String source() {
            return "counted by the kubelet's own client";
        }
    }

    /** A kubelet in its own JVM against a real cluster: its requests are out of the benchmark's reach. */
    static final class NotCounted extends KubeletRequests {
        @Override
        String source() {
            return "not counted: the controller runs in its own JVM against a real cluster";
        }

        @Override
        boolean available() {
            return false;
        }
    }
}
