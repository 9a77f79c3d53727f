package dev.ecivk.kubeletapi;

import dev.ecivk.provider.ContainerAccess;
import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.model.GroupMetrics;
import dev.ecivk.provider.model.LogQuery;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * An in-test backend behind the provider SPI: keeps log lines with their times and answers like DescribeContainerLog
 * (tail, since, start time, previous; timestamps only when {@code honourTimestamps}), serves metrics, and opens exec
 * sessions on a {@link FakeExecBackend}.
 */
final class FakeContainerAccess implements ContainerAccess {
    record Entry(Instant time, String line) {}

    private final Map<String, List<Entry>> logs = new ConcurrentHashMap<>();
    private final Map<String, List<Entry>> previousLogs = new ConcurrentHashMap<>();
    private final Map<String, GroupMetrics> metrics = new ConcurrentHashMap<>();
    private final Clock clock;
    private final FakeExecBackend execBackend;
    volatile boolean honourTimestamps = true;
    volatile boolean failMetrics;
    volatile boolean failExec;
    final AtomicInteger logCalls = new AtomicInteger();
    final AtomicInteger metricsCalls = new AtomicInteger();
    final List<List<String>> execCommands = new CopyOnWriteArrayList<>();

    FakeContainerAccess(Clock clock, FakeExecBackend execBackend) {
        this.clock = clock;
        this.execBackend = execBackend;
    }

    void append(String groupId, String container, Instant time, String line) {
        logs.computeIfAbsent(groupId + "/" + container, k -> new CopyOnWriteArrayList<>())
                .add(new Entry(time, line));
    }

    void appendPrevious(String groupId, String container, Instant time, String line) {
        previousLogs
                .computeIfAbsent(groupId + "/" + container, k -> new CopyOnWriteArrayList<>())
                .add(new Entry(time, line));
    }

    void putMetrics(GroupMetrics sample) {
        metrics.put(sample.containerGroupId(), sample);
    }

    @Override
    public String logs(String containerGroupId, String containerName, LogQuery query) throws ProviderException {
        logCalls.incrementAndGet();
        Map<String, List<Entry>> source = query.previous() ? previousLogs : logs;
        List<Entry> entries = source.get(containerGroupId + "/" + containerName);
        if (entries == null) {
            throw new ProviderException(FailureClass.NOT_FOUND, "ContainerNotFound", "DescribeContainerLog", "none");
        }
        List<Entry> selected = new ArrayList<>(entries);
        Instant start = query.startTime();
        if (query.sinceSeconds() != null) {
            start = clock.instant().minusSeconds(query.sinceSeconds());
        }
        if (start != null) {
            Instant from = start;
            selected.removeIf(entry -> entry.time().isBefore(from));
        }
        if (query.tail() != null && selected.size() > query.tail()) {
            selected = selected.subList(selected.size() - query.tail(), selected.size());
        }
        return selected.stream()
                .map(entry -> (query.timestamps() && honourTimestamps ? entry.time() + " " : "") + entry.line() + "\n")
                .collect(Collectors.joining());
    }

    @Override
    public URI exec(String containerGroupId, String containerName, List<String> command, boolean tty, boolean stdin)
            throws ProviderException {
        execCommands.add(command);
        if (failExec) {
            throw new ProviderException(
                    FailureClass.NOT_FOUND, "ContainerGroupNotFound", "ExecContainerCommand", "gone");
        }
        String encoded = command.stream()
                .map(part -> "cmd=" + URLEncoder.encode(part, StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return URI.create("ws://127.0.0.1:" + execBackend.port() + "/exec?" + encoded + "&tty=" + tty);
    }

    @Override
    public List<GroupMetrics> metrics(List<String> containerGroupIds) throws ProviderException {
        metricsCalls.incrementAndGet();
        if (failMetrics) {
            throw new ProviderException(FailureClass.TRANSIENT, "Throttling", "DescribeMultiContainerGroupMetric", "x");
        }
        return containerGroupIds.stream()
                .map(metrics::get)
                .filter(java.util.Objects::nonNull)
                .toList();
    }
}
