package dev.ecivk.agent.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.LogContainerCmd;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Frame;
import dev.ecivk.agent.runtime.ContainerRuntime.Run;
import dev.ecivk.agent.runtime.LogText;
import dev.ecivk.provider.model.LogQuery;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;

/** A run's log from the VM's Docker Engine: read once or followed, stdout and stderr interleaved as Docker keeps them. */
final class DockerLogs {
    private final DockerClient docker;
    private final Clock clock;

    DockerLogs(DockerClient docker, Clock clock) {
        this.docker = docker;
        this.clock = clock;
    }

    /** The run's log as the query selects it (tail, since, timestamps, byte limit). */
    String read(Run run, LogQuery query) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            logCommand(run, query, false)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            out.writeBytes(frame.getPayload());
                        }
                    })
                    .awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading logs");
        } catch (DockerException e) {
            throw new IOException(DockerRuntime.firstLine(e.getMessage()), e);
        }
        return LogText.limit(out.toString(StandardCharsets.UTF_8), query.limitBytes());
    }

    /** Follows the run's log, line by line, until the returned handle is closed. */
    AutoCloseable follow(Run run, LogQuery query, Consumer<String> lines) throws IOException {
        LineSplitter splitter = new LineSplitter(lines);
        try {
            return logCommand(run, query, true).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    splitter.accept(frame.getPayload());
                }

                @Override
                public void onComplete() {
                    splitter.flush();
                }
            });
        } catch (DockerException e) {
            throw new IOException(DockerRuntime.firstLine(e.getMessage()), e);
        }
    }

    private LogContainerCmd logCommand(Run run, LogQuery query, boolean follow) {
        LogContainerCmd cmd = docker.logContainerCmd(run.id())
                .withStdOut(true)
                .withStdErr(true)
                .withTimestamps(query.timestamps())
                .withFollowStream(follow);
        if (query.tail() != null && query.tail() >= 0) {
            cmd.withTail(query.tail());
        } else {
            cmd.withTailAll();
        }
        Instant since = LogText.since(query, clock.instant());
        if (since != null) {
            cmd.withSince((int) since.getEpochSecond());
        }
        return cmd;
    }
}
