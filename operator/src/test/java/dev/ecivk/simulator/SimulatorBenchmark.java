package dev.ecivk.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Not a test: hammers an embedded ECI with V3-signed requests from N threads over keep-alive connections for a
 * bounded time, quotas off, then prints requests/s and p50/p99 latency. Two mixes:
 *
 * <pre>
 * java -cp ... dev.ecivk.simulator.SimulatorBenchmark [threads=8] [seconds=10] [createPercent=20]
 * java -cp ... dev.ecivk.simulator.SimulatorBenchmark status [threads=4] [seconds=10] [groups=10000] [changedPercent=1]
 * </pre>
 *
 * The first mixes DescribeContainerGroups (by 20 ids) and CreateContainerGroup. The second creates {@code groups}
 * running groups on a clock it then moves ten minutes on, restarts {@code changedPercent} of them, and polls
 * DescribeContainerGroupStatus with {@code SinceSecond=60} (and the node's tag, 200 a page), as a virtual node
 * does in steady state; for comparison it then sweeps every group with DescribeContainerGroupStatus and with
 * DescribeContainerGroups.
 */
public final class SimulatorBenchmark {
    private SimulatorBenchmark() {}

    /** One request of a mix; true when it was answered 200. */
    @FunctionalInterface
    interface Call {
        boolean send(Connection http, String endpoint, int n) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("status")) {
            status(args);
            return;
        }
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int createPercent = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        try (EciSimulator sim =
                EciSimulator.start(SimulatorSettings.builder().quotaScale(0).build())) {
            String endpoint = sim.endpoint();
            Connection http = new Connection(endpoint);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ids.add(create(http, endpoint, "seed-" + i));
            }
            http.close();
            String idJson = ids.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(",", "[", "]"));
            Call mix = (c, e, n) -> (n % 100) < createPercent
                    ? send(c, e, "CreateContainerGroup", createParams("bench-" + n)) == 200
                    : send(
                                    c,
                                    e,
                                    "DescribeContainerGroups",
                                    Map.of("RegionId", "cn-hangzhou", "ContainerGroupIds", idJson))
                            == 200;
            measure(endpoint, threads, seconds, mix, "createPercent=" + createPercent);
        }
    }

    private static void status(String[] args) throws Exception {
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int groups = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
        double changedPercent = args.length > 4 ? Double.parseDouble(args[4]) : 1;
        dev.ecivk.testing.MutableClock clock = new dev.ecivk.testing.MutableClock(Instant.now());
        try (EciSimulator sim = EciSimulator.start(SimulatorSettings.builder()
                .quotaScale(0)
                .clock(clock)
                .startDelay(Duration.ZERO)
                .build())) {
            String endpoint = sim.endpoint();
            List<String> ids = new ArrayList<>();
            try (Connection http = new Connection(endpoint)) {
                for (int i = 0; i < groups; i++) {
                    ids.add(create(http, endpoint, "g-" + i));
                }
                clock.advance(Duration.ofSeconds(1));
                sim.advance();
                // ten minutes of quiet (the embedded ECI accepts request times up to 15 minutes off its clock)
                clock.advance(Duration.ofMinutes(10));
                sim.advance();
                int changed = (int) Math.round(groups * changedPercent / 100);
                for (int i = 0; i < changed; i++) {
                    Map<String, String> p =
                            Map.of("RegionId", "cn-hangzhou", "ContainerGroupId", ids.get(i * groups / changed));
                    if (send(http, endpoint, "RestartContainerGroup", p) != 200) {
                        throw new IllegalStateException("restart failed");
                    }
                }
                sim.advance();
                Connection.Response probe = exchange(http, endpoint, "DescribeContainerGroupStatus", windowParams());
                System.out.printf(
                        "groups=%d changed=%d window answer: %d groups, %d bytes%n",
                        groups,
                        changed,
                        probe.body().split("\"ContainerGroupId\"", -1).length - 1,
                        probe.body().length());
            }
            Call window = (c, e, n) -> send(c, e, "DescribeContainerGroupStatus", windowParams()) == 200;
            measure(endpoint, threads, seconds, window, "DescribeContainerGroupStatus SinceSecond=60");
            sweep(endpoint, "DescribeContainerGroupStatus", 200);
            sweep(endpoint, "DescribeContainerGroups", 20);
        }
    }

    private static Map<String, String> windowParams() {
        return Map.of(
                "RegionId",
                "cn-hangzhou",
                "SinceSecond",
                "60",
                "Limit",
                "200",
                "Tag.1.Key",
                "bench",
                "Tag.1.Value",
                "1");
    }

    /** Walks every page of {@code action} once and prints calls and time: what a full sweep costs. */
    private static void sweep(String endpoint, String action, int pageSize) throws Exception {
        try (Connection http = new Connection(endpoint)) {
            long start = System.nanoTime();
            int calls = 0;
            String token = "";
            do {
                Map<String, String> p = new TreeMap<>(Map.of(
                        "RegionId",
                        "cn-hangzhou",
                        "Limit",
                        Integer.toString(pageSize),
                        "Tag.1.Key",
                        "bench",
                        "Tag.1.Value",
                        "1"));
                if (!token.isEmpty()) {
                    p.put("NextToken", token);
                }
                String body = exchange(http, endpoint, action, p).body();
                calls++;
                int i = body.indexOf("\"NextToken\":\"");
                token = i < 0 ? "" : body.substring(i + 13, body.indexOf('"', i + 13));
            } while (!token.isEmpty());
            System.out.printf(
                    "full sweep with %s: %d calls in %.0f ms%n", action, calls, (System.nanoTime() - start) / 1e6);
        }
    }

    private static void measure(String endpoint, int threads, int seconds, Call call, String label)
            throws InterruptedException {
        // warm-up
        runFor(endpoint, threads, Duration.ofSeconds(2), call, new long[1 << 20]);
        long[] latencies = new long[4 << 20];
        AtomicLong[] result = runFor(endpoint, threads, Duration.ofSeconds(seconds), call, latencies);
        long count = result[0].get();
        long errors = result[1].get();
        long elapsedNanos = result[2].get();
        long[] sorted = Arrays.copyOf(latencies, (int) Math.min(count, latencies.length));
        Arrays.sort(sorted);
        System.out.printf(
                "%s threads=%d duration=%ds requests=%d errors=%d throughput=%.0f req/s p50=%.2fms p99=%.2fms"
                        + " cores=%d%n",
                label,
                threads,
                seconds,
                count,
                errors,
                count / (elapsedNanos / 1e9),
                sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.99)] / 1e6,
                Runtime.getRuntime().availableProcessors());
    }

    private static AtomicLong[] runFor(String endpoint, int threads, Duration duration, Call call, long[] latencies)
            throws InterruptedException {
        AtomicLong count = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long deadline = System.nanoTime() + duration.toNanos();
        CountDownLatch done = new CountDownLatch(threads);
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            Thread th = new Thread(() -> {
                int n = seed;
                try (Connection http = new Connection(endpoint)) {
                    while (System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        boolean ok = call.send(http, endpoint, n++);
                        long i = count.getAndIncrement();
                        if (i < latencies.length) {
                            latencies[(int) i] = System.nanoTime() - t0;
                        }
                        if (!ok) {
                            errors.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                } finally {
                    done.countDown();
                }
            });
            th.start();
        }
        done.await();
        return new AtomicLong[] {count, errors, new AtomicLong(System.nanoTime() - start)};
    }

    private static Map<String, String> createParams(String name) {
        Map<String, String> p = new TreeMap<>();
        p.put("RegionId", "cn-hangzhou");
        p.put("ContainerGroupName", name);
        p.put("SecurityGroupId", "sg-bench");
        p.put("VSwitchId", "vsw-sim-a");
        p.put("Container.1.Name", "c");
        p.put("Container.1.Image", "busybox");
        p.put("Container.1.Command.1", "sleep");
        p.put("Container.1.Command.2", "3600");
        p.put("Tag.1.Key", "bench");
        p.put("Tag.1.Value", "1");
        return p;
    }

    private static String create(Connection http, String endpoint, String name) throws Exception {
        String body = exchange(http, endpoint, "CreateContainerGroup", createParams(name))
                .body();
        int i = body.indexOf("eci-");
        return body.substring(i, body.indexOf('"', i));
    }

    private static int send(Connection http, String endpoint, String action, Map<String, String> query)
            throws Exception {
        return exchange(http, endpoint, action, query).status();
    }

    /** A V3-signed POST with the parameters in the query string, as Alibaba's client sends it. */
    private static Connection.Response exchange(
            Connection http, String endpoint, String action, Map<String, String> query) throws Exception {
        String payloadHash = Signatures.sha256Hex(new byte[0]);
        Map<String, String> headers = new TreeMap<>();
        headers.put("host", endpoint);
        headers.put("x-acs-action", action);
        headers.put("x-acs-version", "2018-08-08");
        headers.put(
                "x-acs-date",
                Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        headers.put("x-acs-signature-nonce", UUID.randomUUID().toString());
        headers.put("x-acs-content-sha256", payloadHash);
        String signature = Signatures.v3(
                Signatures.v3CanonicalRequest("POST", "/", query, headers, payloadHash),
                SimulatorSettings.DEFAULT_ACCESS_KEY_SECRET);
        String queryString = query.entrySet().stream()
                .map(e -> Signatures.percentEncode(e.getKey()) + "=" + Signatures.percentEncode(e.getValue()))
                .collect(Collectors.joining("&"));
        StringBuilder req = new StringBuilder();
        req.append("POST /?").append(queryString).append(" HTTP/1.1\r\n");
        req.append("Authorization: ")
                .append(Signatures.V3_ALGORITHM)
                .append(" Credential=")
                .append(SimulatorSettings.DEFAULT_ACCESS_KEY_ID)
                .append(",SignedHeaders=")
                .append(String.join(";", headers.keySet()))
                .append(",Signature=")
                .append(signature)
                .append("\r\n");
        headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        req.append("content-length: 0\r\n\r\n");
        return http.send(req.toString());
    }

    /** A minimal HTTP/1.1 keep-alive connection: the load generator must cost less CPU than the server. */
    static final class Connection implements AutoCloseable {
        record Response(int status, String body) {}

        private final java.net.Socket socket;
        private final java.io.OutputStream out;
        private final java.io.DataInputStream in;

        Connection(String endpoint) throws java.io.IOException {
            int colon = endpoint.lastIndexOf(':');
            socket = new java.net.Socket(endpoint.substring(0, colon), Integer.parseInt(endpoint.substring(colon + 1)));
            socket.setTcpNoDelay(true);
            out = new java.io.BufferedOutputStream(socket.getOutputStream());
            in = new java.io.DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
        }

        Response send(String request) throws java.io.IOException {
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            int length = 0;
            for (String h = line(); !h.isEmpty(); h = line()) {
                int c = h.indexOf(':');
                if (h.substring(0, c).equalsIgnoreCase("content-length")) {
                    length = Integer.parseInt(h.substring(c + 1).trim());
                }
            }
            byte[] body = new byte[length];
            in.readFully(body);
            return new Response(status, new String(body, StandardCharsets.UTF_8));
        }

        private String line() throws java.io.IOException {
            StringBuilder sb = new StringBuilder();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (b != '\r') {
                    sb.append((char) b);
                }
            }
            return sb.toString();
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
        }
    }
}
