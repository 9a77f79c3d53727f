package dev.ecivk.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.eci.EciProvider;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerSpec;
import dev.ecivk.provider.model.ListQuery;
import dev.ecivk.provider.model.LogQuery;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A hostile or broken cloud endpoint: a loopback HTTP server answers every ECI call with garbage (truncated,
 * wrong-typed, deeply nested JSON, HTML, odd statuses) and the real {@link EciProvider} — Alibaba's client, the
 * production path — talks to it. Every call must return a value or throw a classified {@link ProviderException},
 * within bounded time; no unchecked exception or error may escape.
 */
class MalformedEciResponsesMockTest {
    /** A realistic DescribeContainerGroups answer, mutated by the fuzz cases. */
    static final String DESCRIBE = """
            {"RequestId":"r-1","TotalCount":1,"NextToken":"","ContainerGroups":[{"ContainerGroupId":"eci-1",\
            "ContainerGroupName":"default-web","Status":"Running","RegionId":"cn-hangzhou","ZoneId":"cn-hangzhou-a",\
            "VSwitchId":"vsw-a","IntranetIp":"10.0.0.7","CreationTime":"2026-11-22T10:00:00Z","Cpu":0.5,"Memory":1.0,\
            "RestartPolicy":"Always","Tags":[{"Key":"ecivk.dev/uid","Value":"u-1"}],"Events":[{"Type":"Normal",\
            "Reason":"Started","Message":"ok","Count":1,"FirstTimestamp":"2026-11-22T10:00:01Z",\
            "LastTimestamp":"2026-11-22T10:00:01Z"}],"Containers":[{"Name":"app","Image":"nginx","Ready":true,\
            "RestartCount":0,"CurrentState":{"State":"Running","StartTime":"2026-11-22T10:00:01Z"},\
            "PreviousState":{"State":"Terminated","ExitCode":1,"FinishTime":"2026-11-22T09:59:00Z\\t"}}],\
            "InitContainers":[]}]}""";

    static final String METRICS = """
            {"RequestId":"r","MonitorDatas":[{"ContainerGroupId":"eci-1","Records":[{"Timestamp":\
            "2026-11-22T10:00:00Z","CPU":{"UsageNanoCores":1000,"Load":1,"Limit":2000},"Memory":{"UsageBytes":1,\
            "WorkingSet":1,"Rss":1},"Containers":[{"Name":"app","CPU":{"UsageNanoCores":1},"Memory":{"Rss":1}}]}]}]}""";

    record Answer(int status, String contentType, String body) {}

    HttpServer server;
    volatile Answer answer = new Answer(200, "application/json", "{}");
    EciProvider provider;
    ExecutorService calls;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Answer a = answer;
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", a.contentType());
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        provider = new EciProvider(EciProvider.Settings.staticKey(
                        "127.0.0.1:" + server.getAddress().getPort(), "cn-hangzhou", "hostile-id", "hostile-secret")
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2))
                .withRateLimit(0, Duration.ofSeconds(1)));
        calls = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void stop() {
        calls.shutdownNow();
        provider.close();
        server.stop(0);
    }

    interface Call {
        Object run() throws ProviderException;
    }

    private static ContainerGroupSpec spec() {
        return ContainerGroupSpec.builder()
                .name("default-web")
                .clientToken("u-1")
                .regionId("cn-hangzhou")
                .securityGroupId("sg-a")
                .vSwitchId("vsw-a")
                .cpu(0.5)
                .memory(1.0)
                .containers(List.of(ContainerSpec.of("app", "nginx")))
                .build();
    }

    private Map<String, Call> everyCall() {
        return Map.of(
                "create", () -> provider.create(spec()),
                "delete",
                        () -> {
                            provider.delete("eci-1", "t");
                            return null;
                        },
                "get", () -> provider.get("eci-1"),
                "listByIds", () -> provider.list(ListQuery.byIds(List.of("eci-1", "eci-2"))),
                "listByTags", () -> provider.list(ListQuery.byTags(Map.of("ecivk.dev/node", "vk"))),
                "logs", () -> provider.logs("eci-1", "app", LogQuery.all()),
                "exec", () -> provider.exec("eci-1", "app", List.of("sh"), false, false),
                "metrics", () -> provider.metrics(List.of("eci-1")),
                "ping",
                        () -> {
                            provider.ping();
                            return null;
                        });
    }

    /** Runs every call against {@code a}; answers the contract violations. */
    private List<String> violations(String label, Answer a) {
        answer = a;
        List<String> out = new ArrayList<>();
        everyCall().forEach((name, call) -> {
            Future<Object> f = calls.submit(call::run);
            try {
                f.get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof ProviderException)) {
                    out.add(label + " / " + name + ": " + e.getCause());
                }
            } catch (TimeoutException e) {
                f.cancel(true);
                out.add(label + " / " + name + ": no answer within 10 s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        });
        return out;
    }

    private static List<Answer> handWrittenGarbage() {
        List<Answer> out = new ArrayList<>();
        String[] bodies = {
            "",
            "not json",
            "{",
            "[]",
            "null",
            "42",
            "\"a string\"",
            "<html><body>502 Bad Gateway</body></html>",
            "{\"ContainerGroups\":\"x\",\"ContainerGroupId\":{},\"Content\":[],\"WebSocketUri\":42}",
            "{\"ContainerGroups\":[null,1,\"a\",[],{\"Containers\":\"x\",\"Tags\":{\"Tag\":\"no\"},\"Events\":[null]}]}",
            "{\"ContainerGroups\":[{\"CreationTime\":123,\"Cpu\":\"abc\",\"Memory\":{},\"Containers\":[{\"RestartCount\":"
                    + "\"1e999\",\"Ready\":\"maybe\",\"CurrentState\":{\"State\":{},\"ExitCode\":99999999999999999999}}]}]}",
            "{\"ContainerGroups\":{\"ContainerGroup\":[{\"ContainerGroupId\":\"eci-1\",\"Tags\":[{\"Key\":null}]}]}}",
            "{\"ContainerGroupId\":\"\",\"WebSocketUri\":\"\",\"Content\":null}",
            "{\"MonitorDatas\":[{\"Records\":[null,{\"CPU\":\"x\",\"Memory\":[1],\"Containers\":[{\"CPU\":1}]}]}]}",
            "{\"MonitorDatas\":\"none\"}",
            "{\"Code\":123,\"Message\":{}}",
            "{\"Code\":null,\"Message\":null,\"RequestId\":[]}",
            "[".repeat(100_000),
            "{\"a\":".repeat(50_000),
            "{\"ContainerGroups\":[" + "{\"ContainerGroupId\":\"eci-x\"},".repeat(20_000) + "{}]}",
        };
        int[] errorStatuses = {400, 403, 404, 429, 500, 503};
        for (int i = 0; i < bodies.length; i++) {
            out.add(new Answer(200, "application/json", bodies[i]));
            // error statuses with short bodies: the client reads Code/Message from them
            if (bodies[i].length() < 200) {
                out.add(new Answer(errorStatuses[i % errorStatuses.length], "application/json", bodies[i]));
            }
        }
        out.add(new Answer(200, "text/html", "<html>login</html>"));
        out.add(new Answer(302, "text/html", ""));
        out.add(new Answer(204, "application/json", ""));
        return out;
    }

    @Test
    void handWrittenGarbageIsClassifiedOrTolerated() {
        List<String> failures = new ArrayList<>();
        List<Answer> answers = handWrittenGarbage();
        for (int i = 0; i < answers.size(); i++) {
            Answer a = answers.get(i);
            failures.addAll(violations(
                    "#" + i + " HTTP " + a.status() + " "
                            + a.body().substring(0, Math.min(40, a.body().length())),
                    a));
        }
        assertThat(failures)
                .as("calls that escaped the ProviderException contract")
                .isEmpty();
    }

    @Test
    void truncatedAndMutatedDescribeAnswersAreClassifiedOrTolerated() {
        long seed = HostilePods.seedFromSystemProperty();
        System.out.println("MalformedEciResponsesMockTest seed=" + seed);
        Random random = new Random(seed);
        List<String> failures = new ArrayList<>();
        String[] valid = {DESCRIBE, METRICS};
        String[] junk = {"null", "[]", "{}", "\"\"", "-1", "1e309", "true", "\"\\u0000\"", "[[[]]]", "\"2026-13-45T99\""
        };
        for (int i = 0; i < 30; i++) {
            String base = valid[i % valid.length];
            String body;
            switch (i % 3) {
                case 0 -> body = base.substring(0, random.nextInt(base.length())); // truncated
                case 1 -> { // a value replaced by a wrong-typed one
                    int colon = base.indexOf(':', random.nextInt(base.length()));
                    int end = colon < 0 ? -1 : indexOfAny(base, colon + 1);
                    body = colon < 0 || end < 0
                            ? base
                            : base.substring(0, colon + 1) + junk[random.nextInt(junk.length)] + base.substring(end);
                }
                default -> { // random bytes flipped
                    char[] chars = base.toCharArray();
                    for (int k = 0; k < 5; k++) {
                        chars[random.nextInt(chars.length)] = (char) (33 + random.nextInt(90));
                    }
                    body = new String(chars);
                }
            }
            failures.addAll(
                    violations("fuzz #" + i + " (seed " + seed + ")", new Answer(200, "application/json", body)));
        }
        assertThat(failures)
                .as("calls that escaped the ProviderException contract")
                .isEmpty();
    }

    private static int indexOfAny(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == '}' || c == ']') {
                return i;
            }
        }
        return -1;
    }

    /** An unparsable WebSocketUri fails as a classified ProviderException, not an IllegalArgumentException. */
    @Test
    void anUnparsableExecUriIsClassified() {
        answer = new Answer(200, "application/json", "{\"WebSocketUri\":\"ws://[bad\"}");
        assertThat(violations("bad uri", answer)).isEmpty();
    }

    /**
     * An endpoint repeating the same NextToken must not keep the status poll in an endless loop: the client stops
     * (failing classified) long before the 300 repeats the server would send.
     */
    @Test
    void aRepeatedNextTokenDoesNotLoopForever() throws Exception {
        java.util.concurrent.atomic.AtomicInteger pages = new java.util.concurrent.atomic.AtomicInteger();
        server.removeContext("/");
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String body = pages.incrementAndGet() < 300
                    ? "{\"ContainerGroups\":[],\"NextToken\":\"again\"}"
                    : "{\"ContainerGroups\":[],\"NextToken\":\"\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        try {
            provider.list(ListQuery.byTags(Map.of("ecivk.dev/node", "vk")));
        } catch (ProviderException expected) {
            // failing classified is fine
        }
        assertThat(pages.get()).as("pages fetched for one list").isLessThan(100);
    }

    @Test
    void aValidAnswerStillReadsAfterTheGarbage() throws Exception {
        answer = new Answer(200, "application/json", DESCRIBE);
        assertThat(provider.get("eci-1")).hasValueSatisfying(g -> {
            assertThat(g.status()).isEqualTo("Running");
            assertThat(g.containers())
                    .singleElement()
                    .satisfies(c -> assertThat(c.ready()).isTrue());
            assertThat(g.containers().get(0).previousState().finishTime()).isNotNull();
        });
    }
}
