package dev.ecivk.kubeletapi;

import dev.ecivk.provider.ContainerAccess;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.model.LogQuery;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emulates {@code kubectl logs -f} over a provider without follow: reads the log every poll interval from where the
 * previous read ended (see {@link LogCursor}), writes only new lines, and ends when the client goes away, the byte
 * limit is reached or the container has terminated (after one last read, so its final lines are delivered).
 */
final class LogFollower {
    private static final Logger LOG = LoggerFactory.getLogger(LogFollower.class);

    /** Quiet logs and failed reads stretch the poll interval up to this multiple (ECI allows 500 log reads/min). */
    static final int MAX_BACKOFF = 4;

    /** Plain (unstamped) logs are re-read this far before the previous read, so nothing written meanwhile is lost. */
    static final Duration PLAIN_OVERLAP = Duration.ofSeconds(2);

    /** Where the lines go: the chunked HTTP response. */
    interface Sink {
        boolean isOpen();

        boolean isWritable();

        void write(String text);

        void end();
    }

    private final ContainerAccess access;
    private final String containerGroupId;
    private final String container;
    private final LogOptions options;
    private final BooleanSupplier containerRunning;
    private final Clock clock;
    private final LogCursor cursor = new LogCursor();
    private final String podRef;
    private Instant previousReadStart;
    private long bytesSent;
    private int consecutiveFailures;
    private int backoff = 1;

    LogFollower(
            ContainerAccess access,
            String containerGroupId,
            String container,
            LogOptions options,
            BooleanSupplier containerRunning,
            Clock clock,
            String podRef) {
        this.access = access;
        this.containerGroupId = containerGroupId;
        this.container = container;
        this.options = options;
        this.containerRunning = containerRunning;
        this.clock = clock;
        this.podRef = podRef;
    }

    /** The first read, with the caller's tail and since options; the caller turns a failure into an HTTP error. */
    String firstRead() throws ProviderException {
        previousReadStart = clock.instant();
        LogQuery query =
                new LogQuery(options.tailLines(), options.sinceSeconds(), options.sinceTime(), null, false, true);
        return render(cursor.advance(access.logs(containerGroupId, container, query)));
    }

    /** Writes {@code firstText} and keeps polling on {@code scheduler} until the stream ends. */
    void stream(String firstText, Sink sink, ScheduledExecutorService scheduler, Duration interval) {
        if (!write(sink, firstText)) {
            sink.end();
            return;
        }
        schedule(sink, scheduler, interval);
    }

    private void schedule(Sink sink, ScheduledExecutorService scheduler, Duration interval) {
        try {
            scheduler.schedule(
                    () -> poll(sink, scheduler, interval), interval.toMillis() * backoff, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            sink.end();
        }
    }

    private void poll(Sink sink, ScheduledExecutorService scheduler, Duration interval) {
        if (!sink.isOpen()) {
            return;
        }
        if (!sink.isWritable()) {
            // a slow client: read later from the same position rather than buffer without bound
            schedule(sink, scheduler, interval);
            return;
        }
        // observed before the read, so that a read after termination holds the container's last lines
        boolean running = containerRunning.getAsBoolean();
        String text;
        try {
            Instant readStart = clock.instant();
            text = render(cursor.advance(access.logs(containerGroupId, container, nextQuery())));
            previousReadStart = readStart;
            consecutiveFailures = 0;
        } catch (ProviderException e) {
            if (e.isNotFound() || ++consecutiveFailures >= 5) {
                LOG.info("Log follow of {} container {} ends: {}", podRef, container, e.getMessage());
                sink.end();
                return;
            }
            backoff = MAX_BACKOFF;
            schedule(sink, scheduler, interval);
            return;
        } catch (RuntimeException e) {
            LOG.warn("Log follow of {} container {} failed", podRef, container, e);
            sink.end();
            return;
        }
        if (!write(sink, text) || !running) {
            sink.end();
            return;
        }
        // a chatty container is read every interval, a quiet one less and less often
        backoff = text.isEmpty() ? Math.min(MAX_BACKOFF, backoff * 2) : 1;
        schedule(sink, scheduler, interval);
    }

    private LogQuery nextQuery() {
        Instant since = cursor.lastTimestamp();
        if (since == null) {
            since = previousReadStart.minus(PLAIN_OVERLAP);
            Instant windowStart = options.sinceTime();
            if (windowStart != null && windowStart.isAfter(since)) {
                since = windowStart;
            }
        }
        return new LogQuery(null, null, since, null, false, true);
    }

    /** Writes within the byte limit; false when the stream must end (client gone or limit reached). */
    private boolean write(Sink sink, String text) {
        if (!sink.isOpen()) {
            return false;
        }
        if (text.isEmpty()) {
            return true;
        }
        if (options.limitBytes() != null) {
            long room = options.limitBytes() - bytesSent;
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            if (bytes.length >= room) {
                sink.write(Utf8.truncate(text, (int) room));
                bytesSent = options.limitBytes();
                return false;
            }
        }
        sink.write(text);
        bytesSent += text.getBytes(StandardCharsets.UTF_8).length;
        return true;
    }

    private String render(List<LogCursor.Line> lines) {
        StringBuilder text = new StringBuilder();
        for (LogCursor.Line line : lines) {
            text.append(options.timestamps() ? line.text() : line.withoutTimestamp())
                    .append('\n');
        }
        return text.toString();
    }
}
