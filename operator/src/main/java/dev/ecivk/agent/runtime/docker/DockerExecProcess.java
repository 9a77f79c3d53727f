package dev.ecivk.agent.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.ecivk.agent.runtime.PodSupervisor.ExecProcess;
import dev.ecivk.agent.runtime.PodSupervisor.OutputListener;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;

/**
 * A process started with Docker's exec API: output arrives as frames (one stream with a tty, stdout and stderr
 * apart without), stdin goes through a pipe the exec reads, the exit code is read once the stream ends.
 */
final class DockerExecProcess implements ExecProcess {
    private static final int PIPE_BUFFER = 64 * 1024;

    private final DockerClient docker;
    private final String execId;
    private final boolean tty;
    private final PipedOutputStream stdin;
    private final PipedInputStream stdinSource;
    private ResultCallback.Adapter<Frame> stream;

    DockerExecProcess(DockerClient docker, String execId, boolean tty, boolean withStdin) throws IOException {
        this.docker = docker;
        this.execId = execId;
        this.tty = tty;
        if (withStdin) {
            stdinSource = new PipedInputStream(PIPE_BUFFER);
            stdin = new PipedOutputStream(stdinSource);
        } else {
            stdinSource = null;
            stdin = null;
        }
    }

    @Override
    public synchronized void onOutput(OutputListener listener) {
        if (stream != null) {
            throw new IllegalStateException("output already has a listener");
        }
        stream = docker.execStartCmd(execId).withTty(tty).withStdIn(stdinSource).exec(new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                int channel = frame.getStreamType() == StreamType.STDERR ? 2 : 1;
                listener.output(channel, frame.getPayload());
            }

            @Override
            public void onError(Throwable error) {
                listener.exit(126, "exec failed: " + error.getMessage());
            }

            @Override
            public void onComplete() {
                Long code = docker.inspectExecCmd(execId).exec().getExitCodeLong();
                int exit = code == null ? 0 : code.intValue();
                listener.exit(exit, exit == 0 ? "" : "command terminated with non-zero exit code " + exit);
            }
        });
    }

    @Override
    public void stdin(byte[] data) throws IOException {
        if (stdin == null) {
            throw new IOException("the exec was started without stdin");
        }
        stdin.write(data);
        stdin.flush();
    }

    @Override
    public void closeStdin() throws IOException {
        if (stdin != null) {
            stdin.close();
        }
    }

    @Override
    public void resize(int width, int height) {
        if (tty) {
            docker.resizeExecCmd(execId).withSize(height, width).exec();
        }
    }

    @Override
    public synchronized void close() {
        try {
            closeStdin();
            if (stream != null) {
                stream.close();
            }
        } catch (IOException e) {
            // Closing a finished exec's streams can only fail because they are already gone.
        }
    }
}
